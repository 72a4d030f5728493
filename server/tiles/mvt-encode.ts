/**
 * A Mapbox Vector Tile 2.1 encoder (https://github.com/mapbox/vector-tile-spec/tree/master/2.1) for polygon and
 * point layers, written for the embedded database, whose PostGIS has no ST_AsMVT. Input geometry is already in tile
 * coordinates (0…extent, y down, integers: sql/functions/zd_tile_coords.sql brings it there); the encoder
 * rounds, drops repeated points and degenerate rings, and writes every exterior ring with a positive surveyor's
 * area in tile coordinates (clockwise on screen) and every hole with a negative one, as the spec requires.
 */

/** A property value of a feature: strings, booleans, integers (int64/sint64) and other numbers (double). */
export type MvtValue = string | number | boolean

/** Rings of one polygon in tile coordinates: the first is the exterior, the rest are holes. */
export type TilePolygon = [number, number][][]

export interface MvtFeature {
  /** The feature id (a non-negative integer); omitted when undefined. */
  id?: number
  properties: Record<string, MvtValue>
  /** A GeoJSON Polygon, MultiPolygon, Point or MultiPoint whose positions are tile coordinates. */
  geometry:
    | { type: 'Polygon'; coordinates: TilePolygon }
    | { type: 'MultiPolygon'; coordinates: TilePolygon[] }
    | { type: 'Point'; coordinates: [number, number] }
    | { type: 'MultiPoint'; coordinates: [number, number][] }
}

export interface MvtLayer {
  name: string
  /** Tile coordinates run 0…extent; default 4096. */
  extent?: number
  features: MvtFeature[]
}

/** A growable protobuf writer: varints, zigzag, fixed64 doubles and length-delimited fields. */
class ProtoWriter {
  private buf = new Uint8Array(256)
  length = 0

  private reserve(n: number) {
    if (this.length + n <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.length + n) size *= 2
    const next = new Uint8Array(size)
    next.set(this.buf.subarray(0, this.length))
    this.buf = next
  }

  varint(n: number) {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`varint out of range: ${n}`)
    this.reserve(10)
    while (n >= 0x80) {
      this.buf[this.length++] = (n % 0x80) | 0x80
      n = Math.floor(n / 0x80)
    }
    this.buf[this.length++] = n
  }

  tag(field: number, wireType: 0 | 1 | 2) {
    this.varint(field * 8 + wireType)
  }

  bytes(b: Uint8Array) {
    this.varint(b.length)
    this.reserve(b.length)
    this.buf.set(b, this.length)
    this.length += b.length
  }

  string(field: number, s: string) {
    this.tag(field, 2)
    this.bytes(new TextEncoder().encode(s))
  }

  double(field: number, x: number) {
    this.tag(field, 1)
    this.reserve(8)
    new DataView(this.buf.buffer).setFloat64(this.length, x, true)
    this.length += 8
  }

  message(field: number, w: ProtoWriter) {
    this.tag(field, 2)
    this.bytes(w.finish())
  }

  packed(field: number, values: number[]) {
    if (!values.length) return
    const inner = new ProtoWriter()
    for (const v of values) inner.varint(v)
    this.message(field, inner)
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length)
  }
}

/** Zigzag encoding of a signed integer (geometry parameters, sint64 values). */
export function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1
}

const command = (id: 1 | 2 | 7, count: number) => (id & 0x7) | (count << 3)

/** The surveyor's (shoelace) sum of a closed-or-open ring: twice its signed area, positive clockwise on screen. */
export function ringArea2(ring: [number, number][]): number {
  let sum = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1]
  return sum
}

/** A ring rounded to integers, without its closing point or repeated points; undefined when it has no area. */
function cleanRing(ring: [number, number][]): [number, number][] | undefined {
  const out: [number, number][] = []
  for (const [x, y] of ring) {
    const p: [number, number] = [Math.round(x), Math.round(y)]
    const last = out[out.length - 1]
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p)
  }
  while (out.length > 1 && out[0]![0] === out[out.length - 1]![0] && out[0]![1] === out[out.length - 1]![1]) out.pop()
  if (out.length < 3 || ringArea2(out) === 0) return undefined
  return out
}

/** The geometry commands of polygons: each ring MoveTo, LineTo…, ClosePath, the cursor carried across rings. */
export function polygonCommands(polygons: TilePolygon[]): number[] {
  const cmds: number[] = []
  let cx = 0
  let cy = 0
  for (const polygon of polygons) {
    const [shell, ...holes] = polygon.map((r) => cleanRing(r))
    if (!shell) continue
    const rings = [{ ring: shell, exterior: true }, ...holes.filter((h) => h !== undefined).map((ring) => ({ ring, exterior: false }))]
    for (const { ring, exterior } of rings) {
      const positive = ringArea2(ring) > 0
      const pts = positive === exterior ? ring : [...ring].reverse()
      cmds.push(command(1, 1), zigzag(pts[0]![0] - cx), zigzag(pts[0]![1] - cy))
      cx = pts[0]![0]
      cy = pts[0]![1]
      cmds.push(command(2, pts.length - 1))
      for (const [x, y] of pts.slice(1)) {
        cmds.push(zigzag(x - cx), zigzag(y - cy))
        cx = x
        cy = y
      }
      cmds.push(command(7, 1))
    }
  }
  return cmds
}

/** The geometry commands of points: one MoveTo with every point (rounded), as deltas. */
export function pointCommands(points: [number, number][]): number[] {
  if (!points.length) return []
  const cmds = [command(1, points.length)]
  let cx = 0
  let cy = 0
  for (const [px, py] of points) {
    const [x, y] = [Math.round(px), Math.round(py)]
    cmds.push(zigzag(x - cx), zigzag(y - cy))
    cx = x
    cy = y
  }
  return cmds
}

function valueKey(v: MvtValue): string {
  return `${typeof v}:${String(v)}`
}

function writeValue(v: MvtValue): ProtoWriter {
  const w = new ProtoWriter()
  if (typeof v === 'string') w.string(1, v)
  else if (typeof v === 'boolean') {
    w.tag(7, 0)
    w.varint(v ? 1 : 0)
  } else if (Number.isSafeInteger(v) && v >= 0) {
    w.tag(5, 0) // uint_value
    w.varint(v)
  } else if (Number.isSafeInteger(v)) {
    w.tag(6, 0) // sint_value
    w.varint(zigzag(v))
  } else w.double(3, v)
  return w
}

/** One layer: its features (polygons with at least one ring left after cleaning) and its key and value tables. */
function writeLayer(layer: MvtLayer): ProtoWriter | undefined {
  const keys: string[] = []
  const keyIndex = new Map<string, number>()
  const values: MvtValue[] = []
  const valueIndex = new Map<string, number>()
  const features: ProtoWriter[] = []
  for (const f of layer.features) {
    const g = f.geometry
    const isPoint = g.type === 'Point' || g.type === 'MultiPoint'
    const geometry = g.type === 'Point' ? pointCommands([g.coordinates])
      : g.type === 'MultiPoint' ? pointCommands(g.coordinates)
        : polygonCommands(g.type === 'Polygon' ? [g.coordinates] : g.coordinates)
    if (!geometry.length) continue
    const tags: number[] = []
    for (const [k, v] of Object.entries(f.properties)) {
      if (v === undefined || v === null) continue
      let ki = keyIndex.get(k)
      if (ki === undefined) keyIndex.set(k, (ki = keys.push(k) - 1))
      const vk = valueKey(v)
      let vi = valueIndex.get(vk)
      if (vi === undefined) valueIndex.set(vk, (vi = values.push(v) - 1))
      tags.push(ki, vi)
    }
    const fw = new ProtoWriter()
    if (f.id !== undefined) {
      fw.tag(1, 0)
      fw.varint(f.id)
    }
    fw.packed(2, tags)
    fw.tag(3, 0)
    fw.varint(isPoint ? 1 : 3) // POINT or POLYGON
    fw.packed(4, geometry)
    features.push(fw)
  }
  if (!features.length) return undefined
  const w = new ProtoWriter()
  w.tag(15, 0)
  w.varint(2) // version 2
  w.string(1, layer.name)
  for (const fw of features) w.message(2, fw)
  for (const k of keys) w.string(3, k)
  for (const v of values) w.message(4, writeValue(v))
  w.tag(5, 0)
  w.varint(layer.extent ?? 4096)
  return w
}

/** Encodes layers into one tile; layers without any drawable feature are left out, so no features → 0 bytes. */
export function encodeMvt(layers: MvtLayer[]): Uint8Array {
  const tile = new ProtoWriter()
  for (const layer of layers) {
    const lw = writeLayer(layer)
    if (lw) tile.message(3, lw)
  }
  return tile.finish()
}
