import { Inflate } from 'fflate'
import { Problem } from '../problem.ts'
import { tryDecode } from './text.ts'

/** Caps on what one archive may unpack to; counted on the bytes actually inflated, never on header sizes. */
export const zipLimits = {
  maxEntries: 1000,
  maxEntryBytes: 100 * 1024 * 1024,
  maxTotalBytes: 200 * 1024 * 1024,
}

const nestedArchive = /\.(zip|kmz|7z|rar|gz|tgz|tar|bz2|xz|zst|cab|jar)$/i

export interface ZipEntry {
  /** The entry's path inside the archive, checked safe (no `..`, no absolute path, no backslash). */
  name: string
  /** The bytes the header says the entry holds (a claim: read() counts the real ones). */
  declaredSize: number
  /** Inflates the entry, counting real bytes against the caps; 413 ARCHIVE_TOO_LARGE past them. */
  read(): Uint8Array
}

const crcTable = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`

/** True when the bytes start as a zip archive (a local file header, or the end record of an empty archive). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b &&
    ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6))
}

function corrupt(why: string): Problem {
  return new Problem('ARCHIVE_CORRUPT', { why })
}

/** An entry name from its bytes: UTF-8 when flagged or valid, else GBK (Chinese Windows zips flag nothing). */
function entryName(raw: Uint8Array, utf8Flag: boolean): string {
  return (utf8Flag ? tryDecode(raw, 'utf-8') : undefined) ?? tryDecode(raw, 'utf-8') ?? tryDecode(raw, 'gbk') ?? new TextDecoder('latin1').decode(raw)
}

/** Refuses names that could leave a folder if anyone ever extracted them: Zip Slip, absolute, drive, backslash. */
function checkName(name: string) {
  const unsafe =
    name.includes('\\') || name.startsWith('/') || /^[A-Za-z]:/.test(name) || /[\u0000-\u001F]/.test(name) ||
    name.split('/').some((seg) => seg === '..')
  if (unsafe) throw new Problem('ARCHIVE_UNSAFE_PATH', { name: JSON.stringify(name.slice(0, 120)) })
}

/**
 * Reads a zip archive's central directory with every offset and length checked against the buffer, and refuses
 * what an import must never follow: more than maxEntries entries, unsafe paths (F02), symbolic links (F03),
 * nested archives (F04), encryption, Zip64 and methods other than stored and deflate. Nothing is written to disk;
 * entries are inflated only when read(), counting the real output against the per-entry and total caps.
 */
export function readZip(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const len = bytes.length
  if (len < 22) throw corrupt('too short for a zip archive')
  // The end of central directory record: 22 bytes plus a comment of up to 65 535 bytes at the end.
  let eocd = -1
  for (let i = len - 22; i >= Math.max(0, len - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw corrupt('no end of central directory record')
  const count = view.getUint16(eocd + 10, true)
  const cdSize = view.getUint32(eocd + 12, true)
  const cdOffset = view.getUint32(eocd + 16, true)
  if (view.getUint16(eocd + 4, true) !== 0 || view.getUint16(eocd + 6, true) !== 0) throw new Problem('ARCHIVE_UNSUPPORTED', { why: 'multi-disk archive' })
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) throw new Problem('ARCHIVE_UNSUPPORTED', { why: 'Zip64' })
  if (count > zipLimits.maxEntries) throw new Problem('ARCHIVE_TOO_MANY_ENTRIES', { max: zipLimits.maxEntries })
  if (cdOffset + cdSize > eocd) throw corrupt('central directory outside the file')
  const budget = { total: 0 }
  const entries: ZipEntry[] = []
  let p = cdOffset
  for (let k = 0; k < count; k++) {
    if (p + 46 > cdOffset + cdSize || view.getUint32(p, true) !== 0x02014b50) throw corrupt(`central directory entry ${k + 1} is damaged`)
    const madeBy = view.getUint16(p + 4, true) >>> 8
    const flags = view.getUint16(p + 8, true)
    const method = view.getUint16(p + 10, true)
    const crc = view.getUint32(p + 16, true)
    const compSize = view.getUint32(p + 20, true)
    const size = view.getUint32(p + 24, true)
    const nameLen = view.getUint16(p + 28, true)
    const extraLen = view.getUint16(p + 30, true)
    const commentLen = view.getUint16(p + 32, true)
    const external = view.getUint32(p + 38, true)
    const localOffset = view.getUint32(p + 42, true)
    const next = p + 46 + nameLen + extraLen + commentLen
    if (next > cdOffset + cdSize) throw corrupt(`central directory entry ${k + 1} runs past its end`)
    const name = entryName(bytes.subarray(p + 46, p + 46 + nameLen), (flags & 0x800) !== 0)
    p = next
    checkName(name)
    if (madeBy === 3 && ((external >>> 16) & 0o170000) === 0o120000) throw new Problem('ARCHIVE_SYMLINK', { name: JSON.stringify(name.slice(0, 120)) })
    if (name.endsWith('/')) continue
    if (nestedArchive.test(name)) throw new Problem('ARCHIVE_NESTED', { name: JSON.stringify(name.slice(0, 120)) })
    if (flags & 1) throw new Problem('ARCHIVE_UNSUPPORTED', { why: `${name.slice(0, 60)} is encrypted` })
    if (method !== 0 && method !== 8) throw new Problem('ARCHIVE_UNSUPPORTED', { why: `compression method ${method}` })
    if (compSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) throw new Problem('ARCHIVE_UNSUPPORTED', { why: 'Zip64' })
    if (localOffset + 30 > len || view.getUint32(localOffset, true) !== 0x04034b50) throw corrupt(`${name.slice(0, 60)}: no local header`)
    const dataStart = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true)
    if (dataStart + compSize > len) throw corrupt(`${name.slice(0, 60)}: data runs past the end of the file`)
    entries.push({
      name,
      declaredSize: size,
      read: () => inflateEntry(bytes.subarray(dataStart, dataStart + compSize), method, crc, name, budget),
    })
  }
  return entries
}

function inflateEntry(data: Uint8Array, method: number, crc: number, name: string, budget: { total: number }): Uint8Array {
  const chunks: Uint8Array[] = []
  let size = 0
  const take = (chunk: Uint8Array) => {
    size += chunk.length
    budget.total += chunk.length
    if (size > zipLimits.maxEntryBytes) throw new Problem('ARCHIVE_TOO_LARGE', { max: `${mb(zipLimits.maxEntryBytes)} per file` })
    if (budget.total > zipLimits.maxTotalBytes) throw new Problem('ARCHIVE_TOO_LARGE', { max: mb(zipLimits.maxTotalBytes) })
    chunks.push(chunk)
  }
  if (method === 0) take(data)
  else {
    const inflater = new Inflate((chunk) => take(chunk))
    // Small slices bound what one push can inflate (deflate expands at most about 1032:1), so a bomb is
    // stopped within a few MB of the cap rather than after allocating all of it.
    const slice = 4096
    try {
      for (let off = 0; off < data.length || off === 0; off += slice) {
        inflater.push(data.subarray(off, off + slice), off + slice >= data.length)
        if (data.length === 0) break
      }
    } catch (err) {
      if (err instanceof Problem) throw err
      throw corrupt(`${name.slice(0, 60)}: ${String((err as Error).message ?? err).slice(0, 80)}`)
    }
  }
  const out = chunks.length === 1 ? chunks[0]! : concat(chunks, size)
  if (crc32(out) !== crc) throw corrupt(`${name.slice(0, 60)}: checksum mismatch`)
  return out
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size)
  let o = 0
  for (const c of chunks) {
    out.set(c, o)
    o += c.length
  }
  return out
}
