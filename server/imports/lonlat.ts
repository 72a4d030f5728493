import { hints } from '../domain/issue-codes.ts'
import { Problem } from '../problem.ts'
import { assembleRings, closeRing, isClosed } from './rings.ts'
import { lines } from './text.ts'
import { importLimits, type ImportWarning, type ParseResult, type Ring } from './types.ts'

const decimal = /^[+-]?\d+(\.\d+)?$/
const inChina = (lon: number, lat: number) => lon >= 73 && lon <= 136 && lat >= 3 && lat <= 54

export const metresHint = {
  'zh-CN': '数值像是平面坐标（米）：界址点坐标请选择“界址点表”格式，或检查文件的坐标系。',
  en: ' The values look like plane coordinates in metres: choose the boundary-point table format for 界址点, or check the file\'s coordinate system.',
}

/**
 * Longitude/latitude pairs in CGCS2000 degrees, one pair per line or several on a line (separated by spaces,
 * commas or semicolons). A blank line or the return to a ring's first pair ends a ring; rings inside rings are
 * holes, other rings further parts of one parcel. Pairs that all read as (latitude, longitude) at Chinese
 * latitudes are swapped, with a warning.
 */
export function parseLonLat(text: string): ParseResult {
  const warnings: ImportWarning[] = []
  const all = lines(text)
  if (all.length > importLimits.maxLines) throw new Problem('IMPORT_TOO_LARGE', { why: `${all.length} lines` })
  const rings: [number, number][][] = [[]]
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!.trim()
    if (!line) {
      if (rings[rings.length - 1]!.length) rings.push([])
      continue
    }
    const cells = line.split(/[\s,;，；]+/).filter(Boolean)
    if (cells.length % 2 !== 0 || cells.some((c) => !decimal.test(c))) {
      throw new Problem('IMPORT_SYNTAX_ERROR', {
        line: i + 1,
        why: { 'zh-CN': '应为成对的十进制经度、纬度。', en: 'expected pairs of decimal longitude, latitude.' },
      })
    }
    for (let k = 0; k < cells.length; k += 2) {
      const ring = rings[rings.length - 1]!
      const pair: [number, number] = [Number(cells[k]), Number(cells[k + 1])]
      ring.push(pair)
      if (ring.length > 3 && pair[0] === ring[0]![0] && pair[1] === ring[0]![1]) rings.push([])
    }
  }
  const found = rings.filter((r) => r.length > 0)
  if (!found.length) throw new Problem('IMPORT_EMPTY')
  const pairs = found.flat()
  if (pairs.some(([a, b]) => Math.abs(a) > 180 || Math.abs(b) > 180)) {
    throw new Problem('GEOM_COORD_OUT_OF_RANGE', { hint: metresHint })
  }
  const swapped = !pairs.some(([a, b]) => inChina(a, b)) && pairs.every(([a, b]) => inChina(b, a))
  if (swapped) warnings.push({ code: 'LONLAT_SWAPPED' })
  if (!swapped && pairs.some(([a, b]) => Math.abs(b) > 90 || Math.abs(a) > 180)) {
    throw new Problem('GEOM_COORD_OUT_OF_RANGE', { hint: hints.axisOrder })
  }
  let closed = 0
  const oriented: Ring[] = found.map((r) => {
    const ring: Ring = r.map(([a, b]) => (swapped ? [b, a] : [a, b]))
    if (!isClosed(ring)) closed++
    return closeRing(ring)
  })
  if (closed) warnings.push({ code: 'RINGS_CLOSED', params: { count: closed } })
  const issues = oriented.flatMap((r, k) => (r.length < 4 ? [{ path: `rings[${k}]`, code: 'GEOM_TOO_FEW_POINTS' as const }] : []))
  return {
    format: 'lonlat', encoding: null, warnings,
    features: [{ parts: assembleRings(oriented), crs: { srid: 4490, zone: null }, attributes: {}, properties: {}, issues }],
  }
}
