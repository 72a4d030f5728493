/**
 * Formats a decimal value from the server to exactly `decimals` fraction digits, rounding half away from zero,
 * with groups of three integer digits separated by `groupSeparator` (a space, as in "219 947.01").
 *
 * Works on the decimal text, never on binary floating point, so a server value such as "329.92055" rounds as
 * written. A JSON number is first turned into its shortest round-trip decimal text. Returns null for null,
 * undefined, an empty string or anything that is not a finite decimal number.
 */
export function formatDecimal(
  value: number | string | null | undefined,
  decimals: number,
  groupSeparator = ' ',
): string | null {
  if (value === null || value === undefined) return null
  const text = typeof value === 'number' ? numberToPlainDecimal(value) : value.trim()
  if (text === null) return null
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text)
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null
  const negative = m[1] === '-'
  const intDigits = (m[2] || '0').replace(/^0+(?=\d)/, '')
  const fracDigits = m[3] ?? ''

  // Round half away from zero on the digit string.
  let digits = intDigits + fracDigits.padEnd(decimals, '0').slice(0, decimals)
  const next = fracDigits.charAt(decimals)
  if (next !== '' && next >= '5') digits = incrementDigits(digits)
  const intLen = digits.length - decimals
  const intPart = digits.slice(0, intLen) || '0'
  const fracPart = digits.slice(intLen)
  const isZero = /^0*$/.test(digits)

  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, groupSeparator)
  return (negative && !isZero ? '-' : '') + grouped + (decimals > 0 ? '.' + fracPart : '')
}

function incrementDigits(digits: string): string {
  const chars = digits.split('')
  let i = chars.length - 1
  while (i >= 0) {
    if (chars[i] === '9') {
      chars[i] = '0'
      i--
    } else {
      chars[i] = String(Number(chars[i]) + 1)
      return chars.join('')
    }
  }
  return '1' + chars.join('')
}

/** The shortest round-trip decimal text of a finite number, without exponent notation; null if not finite. */
function numberToPlainDecimal(n: number): string | null {
  if (!Number.isFinite(n)) return null
  const s = String(n)
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s)
  if (!m) return s
  const [, sign, lead, rest = '', expText] = m
  const exp = Number(expText)
  const mantissa = lead! + rest
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${mantissa}`
  return sign + mantissa.padEnd(exp + 1, '0')
}

/**
 * A timestamp as Beijing date and time, e.g. "2024-05-01 14:03" (the same digits in both languages). The office's
 * dates are Beijing dates whatever the viewer's clock says, as in the server's reports and PDFs.
 */
export function formatDateTime(iso: string | null | undefined): string | null {
  if (!iso) return null
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const parts = Object.fromEntries(beijing.formatToParts(d).map((p) => [p.type, p.value]))
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`
}
const beijing = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
})

/** Yuan from the server's decimal string ("1234567.8" → "1 234 567.80"), exact, never through a float. */
export function formatYuan(value: string | null | undefined): string | null {
  return formatDecimal(value, 2)
}

/**
 * Yuan as 万元 the way reports write them: the decimal point moved four places on the digit string, trailing zeros
 * dropped but at least two decimals kept ("21963300.00" → "2 196.33", "103582995.10" → "10 358.29951").
 */
export function formatWanYuan(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null
  const m = /^([+-]?)(\d+)(?:\.(\d*))?$/.exec(value.trim())
  if (!m) return null
  const digits = (m[2]! + (m[3] ?? '').padEnd(2, '0').slice(0, 2)).padStart(7, '0')
  const wan = `${m[1]}${digits.slice(0, -6)}.${digits.slice(-6)}`.replace(/(\.\d\d\d*?)0+$/, '$1')
  return formatDecimal(wan, wan.split('.')[1]!.length)
}

/** Mu with the three decimals reports use ("33.288049" → "33.288"). */
export function formatMu(value: number | string | null | undefined): string | null {
  return formatDecimal(value, 3)
}
