import { describe, expect, it } from 'vitest'
import { featureCollectionItems, featureSequenceItems, type StreamedItem } from '../../server/imports/bulk/geojson-stream.ts'

// The streaming readers of the bulk import: the same items whatever the chunk boundaries (inside a string, an
// escape, a multi-byte character, a member name), and refusals with the stable codes.

const features = [
  { type: 'Feature', properties: { code: 'A-1', owner: '盈口乡"炉天冲"村 {组}', note: 'a \\ b ] [' }, geometry: { type: 'Polygon', coordinates: [[[110, 27.5], [110.001, 27.5], [110, 27.501], [110, 27.5]]] } },
  { type: 'Feature', properties: null, geometry: { type: 'MultiPolygon', coordinates: [[[[110, 27.5], [110.001, 27.5], [110, 27.501], [110, 27.5]]]] } },
]
const crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4546' } }
const text = `\uFEFF{ "type" : "FeatureCollection", "name": "地块, {x}", "crs": ${JSON.stringify(crs)}, "features": ${JSON.stringify(features, null, 1)}, "bbox": [1, 2, 3, 4] }\n`

/** The text as UTF-8 bytes cut into chunks of `size` bytes (so characters and escapes are split too). */
function* chunks(s: string, size: number): Generator<Uint8Array> {
  const bytes = new TextEncoder().encode(s)
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

async function collect(items: AsyncIterable<StreamedItem>): Promise<StreamedItem[]> {
  const out: StreamedItem[] = []
  for await (const item of items) out.push(item)
  return out
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (err) {
    return (err as { code: string }).code
  }
  return 'none'
}

describe('featureCollectionItems', () => {
  it('yields the crs, then each feature as JSON.parse reads it, for every chunk size', async () => {
    const expected: StreamedItem[] = [{ kind: 'crs', value: crs }, ...features.map((value) => ({ kind: 'feature' as const, value }))]
    for (const size of [1, 2, 3, 5, 7, 13, 64, 4096]) {
      expect(await collect(featureCollectionItems(chunks(text, size))), `chunks of ${size}`).toEqual(expected)
    }
  })

  it('refuses a file cut off before its end, text after it, another type, a crs after the features and deep nesting', async () => {
    const read = (s: string) => collect(featureCollectionItems([s]))
    expect(await codeOf(read(text.slice(0, text.length - 10)))).toBe('IMPORT_MALFORMED')
    expect(await codeOf(read(`${text} {}`))).toBe('IMPORT_MALFORMED')
    expect(await codeOf(read(JSON.stringify(features[0])))).toBe('IMPORT_MALFORMED')
    expect(await codeOf(read(JSON.stringify({ type: 'FeatureCollection', features, crs })))).toBe('IMPORT_MALFORMED')
    expect(await codeOf(read(`{"type":"FeatureCollection","features":[{"a":${'['.repeat(100)}${']'.repeat(100)}}]}`))).toBe('NESTING_TOO_DEEP')
    expect(await codeOf(read(''))).toBe('IMPORT_MALFORMED')
  })
})

describe('featureSequenceItems', () => {
  it('reads one feature per line, with or without RS characters, whatever the chunks', async () => {
    const seq = features.map((f) => `\u001e${JSON.stringify(f)}\n`).join('') + '\n' + JSON.stringify(features[0])
    for (const size of [1, 3, 17, 4096]) {
      const got = await collect(featureSequenceItems(chunks(seq, size)))
      expect(got.map((i) => i.value)).toEqual([...features, features[0]])
    }
  })

  it('names the line that is not JSON (a file cut in the middle of a line)', async () => {
    const seq = `${JSON.stringify(features[0])}\n${JSON.stringify(features[1]).slice(0, 40)}`
    const err = await collect(featureSequenceItems([seq])).catch((e) => e)
    expect(err).toMatchObject({ code: 'IMPORT_SYNTAX_ERROR', params: { line: 2 } })
  })
})
