import { hints } from '../domain/issue-codes.ts'
import { Problem } from '../problem.ts'
import { gkOfSrid, resolveGkZones, surveyAxisOrder } from './gk.ts'
import { metresHint } from './lonlat.ts'
import { importLimits, type ImportWarning, type ParsedFeature, type ParseResult, type Parts, type Ring } from './types.ts'

type Token = { t: 'word' | 'num' | '(' | ')' | ',' | ';' | '='; v: string; line: number }

function tokenize(text: string): Token[] {
  const out: Token[] = []
  const re = /\s+|([A-Za-z]+)|([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|([(),;=])|(.)/gy
  let line = 1
  let m: RegExpExecArray | null
  while ((m = re.exec(text))) {
    if (m[1]) out.push({ t: 'word', v: m[1].toUpperCase(), line })
    else if (m[2]) out.push({ t: 'num', v: m[2], line })
    else if (m[3]) out.push({ t: m[3] as Token['t'], v: m[3], line })
    else if (m[4]) throw syntax(line, `意外的字符“${m[4]}”。`, `unexpected character "${m[4]}".`)
    else line += (m[0].match(/\n/g) ?? []).length
    if (out.length > importLimits.maxVerticesTotal * 4) throw new Problem('IMPORT_TOO_LARGE', { why: 'WKT' })
  }
  return out
}

function syntax(line: number, zh: string, en: string) {
  return new Problem('IMPORT_SYNTAX_ERROR', { line, why: { 'zh-CN': zh, en } })
}

/** A recursive-descent reader over the tokens; nesting is fixed by the grammar (at most 3 levels), never by input. */
class Reader {
  i = 0
  dims = 2
  dropped = false
  constructor(readonly tokens: Token[]) {}
  peek() {
    return this.tokens[this.i]
  }
  line() {
    return (this.tokens[this.i] ?? this.tokens[this.tokens.length - 1])?.line ?? 1
  }
  expect(t: Token['t']) {
    const tok = this.tokens[this.i]
    if (!tok || tok.t !== t) throw syntax(this.line(), `此处应为“${t}”。`, `expected "${t}" here.`)
    this.i++
    return tok
  }
  position(): [number, number] {
    const values: number[] = []
    while (this.peek()?.t === 'num') values.push(Number(this.tokens[this.i++]!.v))
    if (values.length < 2 || values.length > 4) throw syntax(this.line(), '坐标应有 2 至 4 个数。', 'a position needs 2 to 4 numbers.')
    if (values.length > 2) this.dropped = true
    if (!values.every(Number.isFinite)) throw new Problem('GEOM_COORD_NOT_FINITE')
    return [values[0]!, values[1]!]
  }
  ring(): Ring {
    this.expect('(')
    const ring: Ring = [this.position()]
    while (this.peek()?.t === ',') {
      this.i++
      ring.push(this.position())
    }
    this.expect(')')
    return ring
  }
  polygon(): Ring[] {
    this.expect('(')
    const rings = [this.ring()]
    while (this.peek()?.t === ',') {
      this.i++
      rings.push(this.ring())
    }
    this.expect(')')
    return rings
  }
  multipolygon(): Parts {
    this.expect('(')
    const parts = [this.polygon()]
    while (this.peek()?.t === ',') {
      this.i++
      parts.push(this.polygon())
    }
    this.expect(')')
    return parts
  }
}

/**
 * Well-known text: one or more POLYGON or MULTIPOLYGON (Z and M values are dropped with a warning), each an
 * optional `SRID=…;` first (4490 or 4326, or a CGCS2000 GK code), separated by new lines or semicolons. Without
 * an SRID, degrees are CGCS2000 longitude/latitude and metres are GK [easting, northing] with the zone decided
 * as for a boundary-point table. Each geometry is a feature.
 */
export function parseWkt(text: string, opts: { zone?: number }): ParseResult {
  const warnings: ImportWarning[] = []
  const r = new Reader(tokenize(text))
  const found: { parts: Parts; srid: number | null }[] = []
  while (r.i < r.tokens.length) {
    if (r.peek()?.t === ';') {
      r.i++
      continue
    }
    let srid: number | null = null
    if (r.peek()?.v === 'SRID') {
      r.i++
      r.expect('=')
      const n = r.expect('num')
      srid = Number(n.v)
      r.expect(';')
    }
    const word = r.expect('word').v
    let tag = r.peek()?.t === 'word' ? r.peek()!.v : ''
    if (tag === 'Z' || tag === 'M' || tag === 'ZM') {
      r.i++
      r.dropped = true
    } else tag = ''
    if (r.peek()?.v === 'EMPTY') {
      r.i++
      continue
    }
    if (word === 'POLYGON') found.push({ parts: [r.polygon()], srid })
    else if (word === 'MULTIPOLYGON') found.push({ parts: r.multipolygon(), srid })
    else throw new Problem('GEOM_TYPE_NOT_ALLOWED', { type: word.slice(0, 30) })
    if (found.length > importLimits.maxFeatures) throw new Problem('IMPORT_TOO_LARGE', { why: `> ${importLimits.maxFeatures} geometries` })
  }
  if (!found.length) throw new Problem('IMPORT_EMPTY')
  if (r.dropped) warnings.push({ code: 'Z_DROPPED' })
  const features: ParsedFeature[] = []
  for (const f of found) {
    const values = f.parts.flat(2)
    if (f.srid !== null && f.srid !== 4490 && f.srid !== 4326 && !gkOfSrid(f.srid)) {
      throw new Problem('CRS_UNSUPPORTED', { name: `EPSG:${f.srid}` })
    }
    if (f.srid === 4326) warnings.push({ code: 'WGS84_AS_CGCS2000' })
    const degrees = f.srid === null ? values.every(([x, y]) => Math.abs(x) <= 180 && Math.abs(y) <= 180) : f.srid === 4490 || f.srid === 4326
    if (degrees) {
      if (values.some(([x, y]) => Math.abs(x) > 180 || Math.abs(y) > 90)) {
        throw new Problem('GEOM_COORD_OUT_OF_RANGE', { hint: values.some(([x]) => Math.abs(x) > 180) ? metresHint : hints.axisOrder })
      }
      features.push({ parts: f.parts, crs: { srid: 4490, zone: null }, attributes: {}, properties: {}, issues: [] })
      continue
    }
    if (f.srid !== null) {
      const z = gkOfSrid(f.srid)!
      features.push({ parts: f.parts, crs: { srid: f.srid, zone: z.zone }, attributes: {}, properties: { survey_zone: z.zone }, issues: [] })
      continue
    }
    // Metres without an SRID: WKT order is (x = easting, y = northing); a survey pair is (northing, easting).
    const { swapped } = surveyAxisOrder(values.map(([x, y]) => [y, x] as [number, number]))
    const parts: Parts = swapped ? f.parts.map((p) => p.map((ring) => ring.map(([x, y]) => [y, x]))) : f.parts
    if (swapped) warnings.push({ code: 'COORDS_SWAPPED' })
    const crs = resolveGkZones([{ parts }], { param: opts.zone }, warnings)
    features.push({ parts, crs: crs[0]!, attributes: {}, properties: crs[0]!.zone !== null ? { survey_zone: crs[0]!.zone } : {}, issues: [] })
  }
  return { format: 'wkt', encoding: null, warnings, features }
}
