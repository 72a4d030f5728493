import { Problem } from '../problem.ts'
import type { ImportWarning, Parts, SourceCrs } from './types.ts'

/**
 * CGCS2000 Gauss-Krüger EPSG codes. 3° zone z (25…45, central meridian 3z°E): 4488 + z with the zone prefix in
 * the easting (zone 37 = EPSG:4525), 4509 + z without it (CM 111°E = EPSG:4546). 6° zone n (13…23, CM 6n − 3):
 * 4478 + n with the prefix, 4489 + n without; it shares its central meridian, and so its plane, with 3° zone 2n − 1.
 */
export const gk = {
  prefixed3: (zone: number) => 4488 + zone,
  plain3: (zone: number) => 4509 + zone,
  prefixed6: (zone6: number) => 4478 + zone6,
  plain6: (zone6: number) => 4489 + zone6,
  threeOfSix: (zone6: number) => 2 * zone6 - 1,
}

/** The CRS an EPSG code names, when it is one of the CGCS2000 GK codes above: its 3° zone and prefix. */
export function gkOfSrid(srid: number): { zone: number; prefixed: boolean; zone6?: number } | undefined {
  if (srid >= 4513 && srid <= 4533) return { zone: srid - 4488, prefixed: true }
  if (srid >= 4534 && srid <= 4554) return { zone: srid - 4509, prefixed: false }
  if (srid >= 4491 && srid <= 4501) return { zone: gk.threeOfSix(srid - 4478), prefixed: true, zone6: srid - 4478 }
  if (srid >= 4502 && srid <= 4512) return { zone: gk.threeOfSix(srid - 4489), prefixed: false, zone6: srid - 4489 }
  return undefined
}

type Kind = 'north' | 'east' | 'east-prefixed' | 'other'

/**
 * What a plane coordinate in metres looks like in China: a northing is 1 000 000…9 999 999 (18°N ≈ 2.0e6,
 * 53°N ≈ 5.9e6); an easting without prefix is under 1 000 000; with the prefix it is zone·10⁶ + easting for a
 * 3° zone 25…45 or a 6° zone 13…23.
 */
function kind(v: number): Kind {
  if (!Number.isFinite(v) || v <= 0) return 'other'
  if (v < 1e6) return 'east'
  if (v < 1e7) return 'north'
  const prefix = Math.floor(v / 1e6)
  return (prefix >= 25 && prefix <= 45) || (prefix >= 13 && prefix <= 23) ? 'east-prefixed' : 'other'
}

const isEast = (k: Kind) => k === 'east' || k === 'east-prefixed'

const notGkHints = {
  mixed: { 'zh-CN': '有的点是“X 北, Y 东”，有的点顺序相反。', en: ' Some points are (X north, Y east) and others the other way round.' },
  degrees: { 'zh-CN': '这些数值像是经纬度，请选择“经纬度”格式。', en: ' These values look like degrees; choose the lon/lat format.' },
}

/**
 * Decides the axis order of survey pairs given as (first, second) = (X northing, Y easting) as surveyors write
 * them. `swapped` when every pair reads as (easting, northing) instead. 422 COORDS_NOT_GK when the pairs fit
 * neither order (local grids, degrees, a mix).
 */
export function surveyAxisOrder(pairs: Iterable<[number, number]>): { swapped: boolean } {
  let normal = 0
  let swapped = 0
  let other = 0
  let degrees = true
  for (const [first, second] of pairs) {
    if (Math.abs(first) > 180 || Math.abs(second) > 180) degrees = false
    const a = kind(first)
    const b = kind(second)
    if (a === 'north' && isEast(b)) normal++
    else if (isEast(a) && b === 'north') swapped++
    else other++
  }
  if (normal && swapped) throw new Problem('COORDS_NOT_GK', { hint: notGkHints.mixed })
  if (other || !(normal || swapped)) throw new Problem('COORDS_NOT_GK', { hint: degrees ? notGkHints.degrees : undefined })
  return { swapped: swapped > 0 }
}

/** Where the zone of unprefixed coordinates came from when the file or caller says it. */
export interface ZoneHint {
  /** From the file's header (报盘 带号 with 几度分带). */
  header?: { zone: number; degrees: 3 | 6 }
  /** The caller's `zone` parameter, a 3° zone. */
  param?: number
}

/**
 * The CRS of each feature whose coordinates are [easting, northing] in metres, and the warnings that say how it
 * was decided: the zone prefix wins; else the header's zone; else the `zone` parameter; else the zone stays
 * open (srid null) for the caller to decide against the jurisdiction.
 */
export function resolveGkZones(
  features: { parts: Parts; code?: string }[],
  hint: ZoneHint,
  warnings: ImportWarning[],
): SourceCrs[] {
  const crs: SourceCrs[] = []
  const seen = new Set<string>()
  const warnOnce = (w: ImportWarning) => {
    const key = `${w.code}:${JSON.stringify(w.params ?? {})}`
    if (!seen.has(key)) {
      seen.add(key)
      warnings.push(w)
    }
  }
  for (const f of features) {
    const prefixes = new Set<number>()
    for (const part of f.parts) for (const ring of part) for (const [e] of ring) prefixes.add(e >= 1e7 ? Math.floor(e / 1e6) : 0)
    if (prefixes.size > 1) {
      throw new Problem('COORDS_NOT_GK', {
        hint: { 'zh-CN': `地块 ${f.code ?? ''} 的 Y 坐标带号前缀不一致。`, en: ` The Y coordinates of parcel ${f.code ?? ''} carry different zone prefixes.` },
      })
    }
    const prefix = [...prefixes][0] ?? 0
    if (prefix >= 25) {
      crs.push({ srid: gk.prefixed3(prefix), zone: prefix })
      warnOnce({ code: 'ZONE_FROM_PREFIX', params: { zone: prefix } })
      if (hint.header && !(hint.header.degrees === 3 && hint.header.zone === prefix)) {
        warnings.push({ code: 'ZONE_HEADER_DIFFERS', params: { header: hint.header.zone, zone: prefix, code: f.code ?? '' } })
      }
      if (hint.param !== undefined && hint.param !== prefix) warnOnce({ code: 'ZONE_PARAMETER_IGNORED', params: { zone: prefix, given: hint.param } })
    } else if (prefix >= 13) {
      const zone = gk.threeOfSix(prefix)
      crs.push({ srid: gk.prefixed6(prefix), zone })
      warnOnce({ code: 'ZONE_FROM_PREFIX', params: { zone: prefix } })
      warnOnce({ code: 'SIX_DEGREE_ZONE', params: { zone6: prefix, zone, cm: 6 * prefix - 3 } })
      if (hint.header && !(hint.header.degrees === 6 && hint.header.zone === prefix)) {
        warnings.push({ code: 'ZONE_HEADER_DIFFERS', params: { header: hint.header.zone, zone: prefix, code: f.code ?? '' } })
      }
    } else if (hint.header) {
      const { zone, degrees } = hint.header
      if (degrees === 6) {
        crs.push({ srid: gk.plain6(zone), zone: gk.threeOfSix(zone) })
        warnOnce({ code: 'SIX_DEGREE_ZONE', params: { zone6: zone, zone: gk.threeOfSix(zone), cm: 6 * zone - 3 } })
      } else crs.push({ srid: gk.plain3(zone), zone })
      warnOnce({ code: 'ZONE_FROM_HEADER', params: { zone } })
    } else if (hint.param !== undefined) {
      crs.push({ srid: gk.plain3(hint.param), zone: hint.param })
      warnOnce({ code: 'ZONE_FROM_PARAMETER', params: { zone: hint.param } })
    } else {
      crs.push({ srid: null, zone: null })
    }
  }
  return crs
}

/** Checks a header's zone: a 3° zone 25…45 or a 6° zone 13…23. */
export function validHeaderZone(zone: number, degrees: 3 | 6): boolean {
  return Number.isInteger(zone) && (degrees === 3 ? zone >= 25 && zone <= 45 : zone >= 13 && zone <= 23)
}
