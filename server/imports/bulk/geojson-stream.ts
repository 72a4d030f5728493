import { Problem } from '../../problem.ts'

/** The two streamed GeoJSON forms a bulk import reads. */
export const bulkFormats = ['geojson', 'geojsonseq'] as const
export type BulkFormat = (typeof bulkFormats)[number]

/** Chunks of a file as they arrive (a Node stream is an AsyncIterable of Buffers). */
export type Chunks = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>

/** What a streamed file yields, in file order: its `crs` member (before any feature), then each feature as parsed JSON. */
export type StreamedItem = { kind: 'crs'; value: unknown } | { kind: 'feature'; value: unknown }

/** Deeper nesting than this is no parcel (a MultiPolygon feature needs 7 levels); refused before JSON.parse sees it. */
const maxDepth = 32
/** One feature's text beyond this is refused (the vertex cap allows about 1 MB of coordinates). */
const maxFeatureChars = 16 * 1024 * 1024

const malformed = (why: string) => new Problem('IMPORT_MALFORMED', { why })

/** UTF-8 text of a byte stream, chunk by chunk (characters split between chunks are joined), without a BOM. */
async function* textOf(source: Chunks): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
  try {
    for await (const chunk of source) {
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
      if (text) yield text
    }
    const rest = decoder.decode()
    if (rest) yield rest
  } catch (err) {
    if (err instanceof TypeError && /decode|encoded/i.test(err.message)) throw malformed('not UTF-8 text')
    throw err
  }
}

function memberName(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string
  } catch {
    throw malformed('a member name is not a JSON string')
  }
}

/**
 * The features of a GeoJSON FeatureCollection read as it streams: memory holds one feature at a time, whatever
 * the file's size. Members other than `features` are read whole (they are small); `crs` must come before the
 * features (QGIS writes it there). Refuses (IMPORT_MALFORMED) anything but one FeatureCollection object, a file
 * that ends before its last bracket, and nesting beyond 32 levels.
 */
export async function* featureCollectionItems(source: Chunks): AsyncGenerator<StreamedItem> {
  let depth = 0
  let inString = false
  let escaped = false
  let started = false
  let closed = false
  let featuresSeen = 0
  let type: unknown
  // Depth 1: the member whose name was read last, and whether its value is being captured.
  let key: string | undefined
  let keyParts: string[] | undefined
  let afterColon = false
  let inFeatures = false
  // Text being captured (a feature, or a top-level member's value) across chunks.
  let parts: string[] | undefined
  let partsChars = 0
  let captureStart = -1

  const finishValue = (text: string) => {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      throw malformed(`the value of "${key}"`)
    }
    return value
  }

  for await (const chunk of textOf(source)) {
    const items: StreamedItem[] = []
    captureStart = parts || keyParts ? 0 : -1
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i)
      if (closed) {
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue
        throw malformed('text after the end of the FeatureCollection')
      }
      if (inString) {
        if (escaped) escaped = false
        else if (c === 0x5c) escaped = true
        else if (c === 0x22) {
          inString = false
          if (keyParts) {
            keyParts.push(chunk.slice(captureStart, i))
            key = memberName(keyParts.join(''))
            keyParts = undefined
            captureStart = -1
          }
        }
        continue
      }
      if (!started) {
        if (c === 0xfeff || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue
        if (c !== 0x7b) throw malformed('a bulk import takes one GeoJSON FeatureCollection object')
        started = true
        depth = 1
        continue
      }
      switch (c) {
        case 0x22: // "
          inString = true
          // A member name at depth 1: captured without its quotes.
          if (depth === 1 && !afterColon) {
            keyParts = []
            captureStart = i + 1
          }
          break
        case 0x3a: // :
          if (depth === 1) {
            afterColon = true
            if (key !== 'features') {
              parts = []
              partsChars = 0
              captureStart = i + 1
            }
          }
          break
        case 0x7b: // {
        case 0x5b: // [
          depth++
          if (depth > maxDepth) throw new Problem('NESTING_TOO_DEEP', { max: maxDepth })
          if (depth === 2 && afterColon && key === 'features') {
            if (c !== 0x5b) throw malformed('"features" is not an array')
            inFeatures = true
          } else if (depth === 3 && inFeatures && c === 0x7b) {
            parts = []
            partsChars = 0
            captureStart = i
          }
          break
        case 0x7d: // }
        case 0x5d: // ]
          depth--
          if (depth === 2 && inFeatures && parts && c === 0x7d) {
            parts.push(chunk.slice(captureStart, i + 1))
            const text = parts.join('')
            parts = undefined
            captureStart = -1
            let value: unknown
            try {
              value = JSON.parse(text)
            } catch {
              throw malformed(`feature ${featuresSeen + 1} is not valid JSON`)
            }
            featuresSeen++
            items.push({ kind: 'feature', value })
          } else if (depth === 1 && inFeatures) {
            inFeatures = false
          } else if (depth === 0) {
            if (parts) {
              parts.push(chunk.slice(captureStart, i))
              const value = finishValue(parts.join(''))
              parts = undefined
              if (key === 'type') type = value
              if (key === 'crs') {
                if (featuresSeen > 0) throw malformed('"crs" must come before "features"')
                items.push({ kind: 'crs', value })
              }
            }
            closed = true
          }
          break
        case 0x2c: // ,
          if (depth === 1) {
            if (parts) {
              parts.push(chunk.slice(captureStart, i))
              const value = finishValue(parts.join(''))
              parts = undefined
              captureStart = -1
              if (key === 'type') type = value
              if (key === 'crs') {
                if (featuresSeen > 0) throw malformed('"crs" must come before "features"')
                items.push({ kind: 'crs', value })
              }
            }
            afterColon = false
            key = undefined
          }
          break
      }
    }
    if (parts) {
      const piece = chunk.slice(Math.max(captureStart, 0))
      partsChars += piece.length
      if (partsChars > maxFeatureChars) throw new Problem('IMPORT_TOO_LARGE', { why: `one feature over ${maxFeatureChars / 1024 / 1024} MB of text` })
      parts.push(piece)
    }
    if (keyParts) keyParts.push(chunk.slice(Math.max(captureStart, 0)))
    yield* items
  }
  if (!closed) throw malformed(started ? 'the file ends before the FeatureCollection is closed' : 'the file is empty')
  if (type !== 'FeatureCollection') throw malformed('a bulk import takes a GeoJSON FeatureCollection (type "FeatureCollection")')
}

/**
 * The features of GeoJSON text sequences (RFC 8142: each text after a RS character) or newline-delimited GeoJSON,
 * one Feature per line. A line that is not JSON (a file cut in the middle of a line) is IMPORT_SYNTAX_ERROR.
 */
export async function* featureSequenceItems(source: Chunks): AsyncGenerator<StreamedItem> {
  let pending = ''
  let line = 0
  const parse = (text: string): StreamedItem | undefined => {
    line++
    const t = text.replace(/^[\u001e\ufeff\s]+/, '').trimEnd()
    if (!t) return undefined
    try {
      return { kind: 'feature', value: JSON.parse(t) }
    } catch (err) {
      throw new Problem('IMPORT_SYNTAX_ERROR', { line, why: (err as Error).message.slice(0, 120) })
    }
  }
  for await (const chunk of textOf(source)) {
    pending += chunk
    let start = 0
    let nl: number
    while ((nl = pending.indexOf('\n', start)) >= 0) {
      const item = parse(pending.slice(start, nl))
      start = nl + 1
      if (item) yield item
    }
    pending = pending.slice(start)
    if (pending.length > maxFeatureChars) throw new Problem('IMPORT_TOO_LARGE', { why: `one line over ${maxFeatureChars / 1024 / 1024} MB of text` })
  }
  const last = parse(pending)
  if (last) yield last
}

/** The items of a streamed file of either form. */
export function streamedItems(source: Chunks, format: BulkFormat): AsyncGenerator<StreamedItem> {
  return format === 'geojson' ? featureCollectionItems(source) : featureSequenceItems(source)
}
