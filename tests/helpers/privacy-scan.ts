import { idCheckChar, maskIdNumber, maskName, maskPhone } from '../../server/domain/personal-data.ts'
import type { Reply } from './api.ts'

// What the public privacy tests look for in everything a public address answers: the canary's values (a household,
// its member, phone, ID numbers, compensation amount, hearing reason and village, which the crawl plants next to
// the demo data) in every form, and any ID-number or mainland mobile-number pattern.

/** The canary: invented values that appear nowhere else (ID region 4300xx: a prefecture code no county has). */
export const canary = {
  name: '金丝雀测试户甲',
  member: '金丝雀测试户乙',
  idNumber: ((f) => f + idCheckChar(f))('43009919640229387'),
  memberId: ((f) => f + idCheckChar(f))('43009819720815296'),
  phone: '19945872613',
  amount: '987654.32',
  reason: '金丝雀测试理由：补偿标准偏低，申请听证。',
  village: '金丝雀村一组',
}

/** Every string the crawl must never find, with what it is. */
function forbiddenStrings(): [string, string][] {
  const runs = (id: string) => Array.from({ length: id.length - 5 }, (_, i) => id.slice(i, i + 6))
  const amountFen = canary.amount.replace('.', '')
  return [
    ['金丝雀', 'canary name part'], ['测试户甲', 'canary name part'], ['测试户乙', 'canary member name part'],
    [canary.name, 'household name'], [canary.member, 'member name'], [maskName(canary.name), 'masked household name'],
    [maskName(canary.member), 'masked member name'], [canary.village, 'village group'],
    [canary.phone, 'phone'], [maskPhone(canary.phone), 'masked phone'], ['199 4587 2613', 'phone, spaced'], ['199-4587-2613', 'phone, hyphenated'],
    [canary.amount, 'compensation amount'], ['987,654.32', 'compensation amount, grouped'], [amountFen, 'compensation amount in fen'],
    [maskIdNumber(canary.idNumber), 'masked ID number'],
    ...runs(canary.idNumber).map((r): [string, string] => [r, `6-digit run of the ID number ${canary.idNumber}`]),
    ...runs(canary.memberId).map((r): [string, string] => [r, `6-digit run of the member ID number ${canary.memberId}`]),
  ]
}
const forbidden = forbiddenStrings()

/** ID-number and mainland mobile patterns, anywhere in a text. */
const patterns: [RegExp, string][] = [[/\d{17}[\dXx]/, 'ID-number pattern'], [/1[3-9]\d{9}/, 'mobile-number pattern']]
/** The same in minified JavaScript: only whole numbers, not a run inside a longer number or a decimal fraction. */
const scriptPatterns: [RegExp, string][] = [
  [/(?<![\d.\w])\d{17}[\dXx](?![\d\w])/, 'ID-number pattern'], [/(?<![\d.\w])1[3-9]\d{9}(?![\d\w])/, 'mobile-number pattern'],
]
const allDigits = /^[\d.,]+$/
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * How a text is searched. `all`: every forbidden string and pattern. `script` (minified JavaScript): forbidden
 * strings of digits, and the patterns, only as whole numbers, since long numeric constants are not personal data and
 * a bundle holds enough digits for a 6-digit run to occur by chance. `no-digits`: only the strings holding more than
 * digits, for a PDF's raw bytes, whose cross-reference table is a column of 10-digit byte offsets that change with the
 * file's length (its text is searched through pdftotext instead).
 */
export type ScanMode = 'all' | 'script' | 'no-digits'

export interface Finding { url: string; what: string; excerpt: string }

/**
 * A scanner for one test file: what it found (`findings`), the status of every reply it scanned (`statuses`), and
 * the scans of a text and of a whole reply. Each file makes its own: the api test files share one module registry.
 */
export function privacyScanner() {
  const findings: Finding[] = []
  const statuses: { url: string; status: number }[] = []

  /** Records every forbidden string and pattern in `text` (what a response, header, tile or PDF said). */
  function scan(url: string, text: string, mode: ScanMode = 'all') {
    const found = (what: string, at: number, length: number) =>
      findings.push({ url, what, excerpt: text.slice(Math.max(0, at - 40), at + length + 40) })
    for (const [s, what] of forbidden) {
      if (allDigits.test(s) && mode !== 'all') {
        if (mode === 'no-digits') continue
        const m = new RegExp(`(?<![\\d.])${escapeRe(s)}(?!\\d)`).exec(text)
        if (m) found(what, m.index, s.length)
        continue
      }
      const at = text.indexOf(s)
      if (at >= 0) found(what, at, s.length)
    }
    if (mode === 'no-digits') return
    for (const [re, what] of mode === 'script' ? scriptPatterns : patterns) {
      const m = re.exec(text)
      if (m) found(what, m.index, m[0].length)
    }
  }

  /**
   * A response: its status line, headers and body, as UTF-8 and as Latin-1 (digits of binary bodies). The request
   * target the crawler itself sent (`sent`: path and query, which a problem's `instance` repeats, cut at 200
   * characters) is taken out first: it tells the caller only what the caller typed. Bodies sent are never taken out.
   */
  function scanReply(url: string, r: Reply, mode: ScanMode = 'all', sent?: string) {
    statuses.push({ url, status: r.status })
    const unreflect = (text: string) => (sent ? text.split(sent).join('').split(sent.slice(0, 200)).join('') : text)
    const body = (r.headers.get('content-type') ?? '').includes('application/pdf') ? 'no-digits' : mode
    scan(url, unreflect([...r.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n')))
    scan(url, unreflect(r.text), body)
    scan(url, unreflect(Buffer.from(r.bytes).toString('latin1')), body)
  }

  return { findings, statuses, scan, scanReply }
}
