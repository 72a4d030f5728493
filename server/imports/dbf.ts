import { Problem } from '../problem.ts'
import { decodeText, type Decoded } from './text.ts'

export interface DbfField {
  name: string
  type: string
  length: number
  decimals: number
  offset: number
}

export type DbfValue = string | number | boolean | null

function corrupt(why: string): Problem {
  return new Problem('SHAPEFILE_CORRUPT', { why: `.dbf: ${why}` })
}

/** Code pages a dBASE header's language driver byte names for Chinese (used only when there is no .cpg). */
const languageDrivers: Record<number, string> = { 0x4d: 'gbk', 0x7a: 'gbk' }

/**
 * A dBASE III/IV table (the .dbf of a Shapefile) with every length checked against the buffer. Text is decoded
 * in one encoding for the whole table: the caller's override, else the .cpg, else the header's language driver,
 * else UTF-8 when every text byte is valid UTF-8, else GBK (reported as a guess). Numbers become numbers,
 * logicals booleans, dates YYYY-MM-DD; memo fields, which live in another file, are null.
 */
export function readDbf(
  bytes: Uint8Array,
  declared: { encoding?: string; override: boolean },
): { fields: DbfField[]; records: Record<string, DbfValue>[]; decoded: Omit<Decoded, 'text'> } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes.length < 33) throw corrupt('shorter than its header')
  const count = view.getUint32(4, true)
  const headerLen = view.getUint16(8, true)
  const recordLen = view.getUint16(10, true)
  if (headerLen < 33 || headerLen > bytes.length) throw corrupt('header length outside the file')
  const raw: { name: Uint8Array; type: string; length: number; decimals: number; offset: number }[] = []
  let offset = 1
  for (let p = 32; p + 32 <= headerLen && bytes[p] !== 0x0d; p += 32) {
    const nameBytes = bytes.subarray(p, p + 11)
    const end = nameBytes.indexOf(0)
    const field = {
      name: nameBytes.subarray(0, end === -1 ? 11 : end),
      type: String.fromCharCode(bytes[p + 11]!),
      length: bytes[p + 16]!,
      decimals: bytes[p + 17]!,
      offset,
    }
    offset += field.length
    raw.push(field)
  }
  if (offset !== recordLen) throw corrupt(`fields add up to ${offset} bytes, records are ${recordLen}`)
  if (headerLen + count * recordLen > bytes.length) throw corrupt(`${count} records do not fit in the file`)
  // Decide the encoding once, over every text value. Field names are left out: writers cut them at 10 bytes,
  // often inside a character.
  const sample: Uint8Array[] = []
  const textFields = raw.filter((f) => f.type === 'C')
  for (let r = 0; r < count; r++) {
    const base = headerLen + r * recordLen
    for (const f of textFields) sample.push(bytes.subarray(base + f.offset, base + f.offset + f.length), new Uint8Array([0x20]))
  }
  const joined = new Uint8Array(sample.reduce((n, s) => n + s.length, 0))
  let o = 0
  for (const s of sample) {
    joined.set(s, o)
    o += s.length
  }
  const driver = languageDrivers[bytes[29]!]
  const { text: _text, ...decoded } = decodeText(joined, declared.encoding ?? driver, { override: declared.override })
  const decoder = new TextDecoder(decoded.encoding)
  const fields: DbfField[] = raw.map((f) => ({
    name: decoder.decode(f.name).replace(/\uFFFD+$/, '').trim() || `FIELD${f.offset}`, type: f.type, length: f.length, decimals: f.decimals, offset: f.offset,
  }))
  const records: Record<string, DbfValue>[] = []
  for (let r = 0; r < count; r++) {
    const base = headerLen + r * recordLen
    const record: Record<string, DbfValue> = {}
    for (const f of fields) {
      const cell = bytes.subarray(base + f.offset, base + f.offset + f.length)
      record[f.name] = value(f, cell, decoder)
    }
    records.push(record)
  }
  return { fields, records, decoded }
}

function value(f: DbfField, cell: Uint8Array, decoder: TextDecoder): DbfValue {
  const ascii = () => String.fromCharCode(...cell).replace(/\0/g, '').trim()
  switch (f.type) {
    case 'C': {
      const s = decoder.decode(cell).replace(/\0+$/g, '').trim()
      return s === '' ? null : s
    }
    case 'N':
    case 'F': {
      const s = ascii()
      if (s === '' || /^\*+$/.test(s)) return null
      const n = Number(s)
      return Number.isFinite(n) ? n : null
    }
    case 'L': {
      const s = ascii().toUpperCase()
      return s === 'T' || s === 'Y' ? true : s === 'F' || s === 'N' ? false : null
    }
    case 'D': {
      const s = ascii()
      return /^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` : null
    }
    case 'M':
    case 'B':
    case 'G':
      return null
    default:
      return ascii() || null
  }
}
