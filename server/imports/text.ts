import { Problem } from '../problem.ts'

/** Encodings a caller may name (the `encoding` parameter, a .cpg file), in WHATWG labels. */
export const encodings = ['utf-8', 'gbk', 'gb18030', 'utf-16le', 'utf-16be'] as const
export type Encoding = (typeof encodings)[number]

/**
 * The WHATWG label for an encoding name as files and users write it: `UTF-8`, `utf8`, `65001`; `GBK`, `936`,
 * `CP936`, `GB2312`, `ANSI 936`; `GB18030`; `UTF-16LE`. Undefined for anything else.
 */
export function encodingLabel(name: string): Encoding | undefined {
  const n = name.trim().toLowerCase().replace(/[\s_]/g, '')
  if (/^(utf-?8|65001|cp65001)$/.test(n)) return 'utf-8'
  if (/^(gbk|936|cp936|ansi936|gb2312|gb-2312|euc-cn|windows-936|ms936)$/.test(n)) return 'gbk'
  if (/^(gb18030|54936|cp54936)$/.test(n)) return 'gb18030'
  if (/^(utf-?16(le)?|unicode|1200)$/.test(n)) return 'utf-16le'
  if (/^(utf-?16be|1201)$/.test(n)) return 'utf-16be'
  return undefined
}

/** Decodes with one encoding; undefined when the bytes are not valid in it. */
export function tryDecode(bytes: Uint8Array, encoding: Encoding): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    return undefined
  }
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) return false
  return true
}

export interface Decoded {
  text: string
  encoding: Encoding
  /** True when nothing declared the encoding and the text is not plain ASCII, so the choice was a guess. */
  guessed: boolean
  /** The declared encoding when the bytes did not fit it. */
  declaredWrong?: string
}

/**
 * Text from bytes. A byte-order mark decides; else a declared encoding when the bytes are valid in it; else
 * UTF-8 when valid, else GBK (what Chinese Windows software writes). A declaration from the file itself (a .cpg)
 * is doubted when it says GBK but the bytes are valid, non-ASCII UTF-8, which GBK text practically never is; the
 * caller's own `encoding` parameter (`override`) is not. 422 ENCODING_UNKNOWN when nothing fits.
 */
export function decodeText(bytes: Uint8Array, declared?: string, { override = false } = {}): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = tryDecode(bytes.subarray(3), 'utf-8')
    if (text !== undefined) return { text, encoding: 'utf-8', guessed: false }
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', guessed: false }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', guessed: false }
  const ascii = isAscii(bytes)
  const utf8 = tryDecode(bytes, 'utf-8')
  const label = declared === undefined ? undefined : encodingLabel(declared)
  if (label) {
    const doubtful = !override && label !== 'utf-8' && !label.startsWith('utf-16') && !ascii && utf8 !== undefined
    const text = doubtful ? undefined : tryDecode(bytes, label)
    if (text !== undefined) return { text, encoding: label, guessed: false }
  }
  const wrong = declared !== undefined && !ascii ? { declaredWrong: declared } : {}
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8', guessed: !ascii && declared === undefined, ...wrong }
  const gbk = tryDecode(bytes, 'gbk')
  if (gbk !== undefined) return { text: gbk, encoding: 'gbk', guessed: declared === undefined, ...wrong }
  throw new Problem('ENCODING_UNKNOWN')
}

/** C0 control characters other than tab, line feed and carriage return (never valid in a text import). */
export const controlChars = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/

/** A file name as metadata only: no folders, no control characters, NFC, at most 255 code points. */
export function sanitiseFilename(name: string | undefined): string | null {
  if (name === undefined) return null
  const base = name.split(/[\\/]/).pop() ?? ''
  const clean = [...base.normalize('NFC').replace(/[\u0000-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g, '').trim()]
    .slice(0, 255)
    .join('')
  return clean || null
}

/** Splits text into lines (CRLF, LF or CR). */
export function lines(text: string): string[] {
  return text.split(/\r\n|\n|\r/)
}
