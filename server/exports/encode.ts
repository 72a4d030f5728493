import { Problem } from '../problem.ts'

export const exportEncodings = ['utf-8', 'gbk'] as const
export type ExportEncoding = (typeof exportEncodings)[number]

let gbkTable: Map<string, number> | undefined

/** Character → GBK double-byte code, built once from the platform's own GBK decoder (about 22 000 entries). */
function gbk(): Map<string, number> {
  if (gbkTable) return gbkTable
  const table = new Map<string, number>()
  const decoder = new TextDecoder('gbk')
  const pair = new Uint8Array(2)
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue
      pair[0] = lead
      pair[1] = trail
      const ch = decoder.decode(pair)
      if (ch.length === 1 && ch !== '\uFFFD' && !table.has(ch)) table.set(ch, (lead << 8) | trail)
    }
  }
  gbkTable = table
  return table
}

/**
 * Text as GBK bytes, what Chinese Windows software reads by default. A character GBK cannot hold (rare CJK
 * extensions, emoji) is 422 EXPORT_NOT_ENCODABLE rather than a silent question mark: export in UTF-8 instead.
 */
export function encodeGbk(text: string): Uint8Array {
  const table = gbk()
  const out = new Uint8Array(text.length * 2)
  let o = 0
  for (const ch of text) {
    const c = ch.codePointAt(0)!
    if (c < 0x80) out[o++] = c
    else {
      const code = table.get(ch)
      if (code === undefined) throw new Problem('EXPORT_NOT_ENCODABLE', { char: ch, encoding: 'GBK' })
      out[o++] = code >> 8
      out[o++] = code & 0xff
    }
  }
  return out.subarray(0, o)
}

/** Text in the export encoding; UTF-8 gets a byte-order mark when `bom`, so that Excel and Notepad read it right. */
export function encodeText(text: string, encoding: ExportEncoding, { bom = false } = {}): Uint8Array {
  if (encoding === 'gbk') return encodeGbk(text)
  const body = new TextEncoder().encode(text)
  if (!bom) return body
  const out = new Uint8Array(body.length + 3)
  out.set([0xef, 0xbb, 0xbf])
  out.set(body, 3)
  return out
}
