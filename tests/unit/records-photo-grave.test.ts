import { describe, expect, it } from 'vitest'
import type { MultiPolygon, Polygon } from 'geojson'
import { pointInGeometry, ringSide } from '../../client/edit/point-in-parcel.ts'
import { checkPhotoFile, formatBytes, maxPhotoBytes, photoTypeOf } from '../../client/panels/records/photo-file.ts'
import { maxPhotoBytes as serverMaxPhotoBytes, photoContentType } from '../../server/schemas/attachment.ts'
import { S, square } from '../helpers/fixtures.ts'

// The grave form's hint (is the point in the parcel?) and the attachment form's photo checks before upload: both
// must agree with what the server decides (ST_Covers; server/schemas/attachment.ts), or the hint would mislead.

const poly = (...rings: [number, number][][]): Polygon => ({ type: 'Polygon', coordinates: rings })

describe('pointInGeometry: the live hint of a grave outside its parcel', () => {
  it('counts the inside and the boundary (edges and corners) as covered, as ST_Covers does', () => {
    const g = poly(S)
    expect(pointInGeometry([110.0005, 27.5005], g)).toBe(true)
    expect(pointInGeometry([110.001, 27.5005], g)).toBe(true)
    expect(pointInGeometry([110.0005, 27.5], g)).toBe(true)
    expect(pointInGeometry([110.0, 27.5], g)).toBe(true)
    expect(ringSide([110.001, 27.501], S)).toBe('on')
  })

  it('refuses a point beside the parcel, in a hole, or off every part of a MultiPolygon', () => {
    expect(pointInGeometry([110.0015, 27.5005], poly(S))).toBe(false)
    const holed = poly(S, square(110.0004, 27.5004, 0.0002))
    expect(pointInGeometry([110.0005, 27.5005], holed)).toBe(false)
    // On the hole's edge: still the parcel's boundary.
    expect(pointInGeometry([110.0004, 27.5005], holed)).toBe(true)
    const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: [[S], [square(110.002, 27.5)]] }
    expect(pointInGeometry([110.0025, 27.5005], multi)).toBe(true)
    expect(pointInGeometry([110.0015, 27.5005], multi)).toBe(false)
  })
})

const bytes = (...b: number[]) => new Uint8Array(b)
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0))
const png = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13)
const jpeg = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16, ...ascii('JFIF'), 0, 1)
const webp = bytes(...ascii('RIFF'), 1, 2, 3, 4, ...ascii('WEBP'))
const gif = bytes(...ascii('GIF89a'), 1, 0, 1, 0, 0, 0)
const svg = bytes(...ascii('<svg xmlns="'))
const pdf = bytes(...ascii('%PDF-1.7\n%âã'))

describe('checkPhotoFile: the photo checks before upload', () => {
  it('names the type by the first bytes exactly as the server does', () => {
    for (const head of [png, jpeg, webp, gif, svg, pdf, bytes(0xff, 0xd8), bytes()]) {
      expect(photoTypeOf(head)).toBe(photoContentType(head) ?? null)
    }
    expect([photoTypeOf(png), photoTypeOf(jpeg), photoTypeOf(webp)]).toEqual(['image/png', 'image/jpeg', 'image/webp'])
  })

  it('takes a JPEG, PNG or WebP up to 5 MB inclusive, the server’s own limit', () => {
    expect(maxPhotoBytes).toBe(serverMaxPhotoBytes)
    expect(checkPhotoFile(png, 120)).toEqual({ ok: true, type: 'image/png' })
    expect(checkPhotoFile(jpeg, maxPhotoBytes)).toEqual({ ok: true, type: 'image/jpeg' })
  })

  it('refuses a file one byte over 5 MB, an empty one, and a GIF, SVG or PDF whatever its name', () => {
    expect(checkPhotoFile(jpeg, maxPhotoBytes + 1)).toEqual({ ok: false, code: 'PHOTO_TOO_LARGE' })
    expect(checkPhotoFile(bytes(), 0)).toEqual({ ok: false, code: 'PHOTO_EMPTY' })
    for (const head of [gif, svg, pdf]) expect(checkPhotoFile(head, 2000)).toEqual({ ok: false, code: 'PHOTO_TYPE_UNSUPPORTED' })
  })

  it('states sizes in B, KB and MB of 1024', () => {
    expect([formatBytes(812), formatBytes(35328), formatBytes(maxPhotoBytes), formatBytes(5033165)]).toEqual(['812 B', '34.5 KB', '5.00 MB', '4.80 MB'])
  })
})
