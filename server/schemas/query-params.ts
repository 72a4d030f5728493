import { Problem } from '../problem.ts'

/** A query parameter that must appear at most once, as text (Express gives arrays for repeats). */
export function singleParam(query: Record<string, unknown>, name: string): string | undefined {
  const v = query[name]
  if (v === undefined) return undefined
  if (typeof v !== 'string') throw new Problem('INVALID_PARAMETER_TYPE', { name })
  return v
}

const decimal = /^-?\d+(\.\d+)?$/

/** bbox=minLon,minLat,maxLon,maxLat in plain decimals within ±180/±90 and min < max; else 400 INVALID_BBOX. */
export function parseBbox(raw: string | undefined): [number, number, number, number] | undefined {
  if (raw === undefined) return undefined
  const parts = raw.split(',')
  if (parts.length !== 4 || !parts.every((p) => decimal.test(p.trim()))) throw new Problem('INVALID_BBOX')
  const [minLon, minLat, maxLon, maxLat] = parts.map(Number) as [number, number, number, number]
  const inRange = [minLon, maxLon].every((x) => x >= -180 && x <= 180) && [minLat, maxLat].every((y) => y >= -90 && y <= 90)
  if (!inRange || minLon >= maxLon || minLat >= maxLat) throw new Problem('INVALID_BBOX')
  return [minLon, minLat, maxLon, maxLat]
}

/** A positive integer id (path or query); anything else is 404 for paths, 400 for queries. */
export function parseId(raw: string | undefined, where: 'path' | 'query', name = 'id'): number {
  const n = raw !== undefined && /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : NaN
  if (!Number.isSafeInteger(n) || n > 2147483647) {
    throw where === 'path' ? new Problem('NOT_FOUND') : new Problem('INVALID_PARAMETER', { name, why: 'a positive integer' })
  }
  return n
}

/** limit=1…max, default def. */
export function parseLimit(raw: string | undefined, def: number, max: number): number {
  if (raw === undefined) return def
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) throw new Problem('INVALID_PARAMETER', { name: 'limit', why: `1…${max}` })
  return Math.min(Number(raw), max)
}
