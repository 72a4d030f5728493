import { Problem } from '../problem.ts'
import { surveyFeatures, type SurveyParcel } from './survey.ts'
import { lines } from './text.ts'
import { importLimits, type ImportWarning, type ParseResult } from './types.ts'

type Column = 'point' | 'ring' | 'x' | 'y' | 'code' | 'zone' | 'ignore'

/** A header cell's meaning, or undefined when the cell is not a known column name. */
function columnOf(cell: string): Column | undefined {
  const c = cell.trim().toLowerCase().replace(/\s+/g, '')
  if (!c) return undefined
  if (/^(地块编号|地块号|宗地号|code|dkbh|parcel)/.test(c)) return 'code'
  if (/圈|^ring|^环/.test(c)) return 'ring'
  if (/点号|点名|^点$|^point|^pt$|^no\.?$|^jzd/.test(c)) return 'point'
  if (/带号|^zone$/.test(c)) return 'zone'
  if (/经度|纬度|^lon|^lat/.test(c)) return 'ignore'
  if (/^x|北|^north/.test(c)) return 'x'
  if (/^y|东|^east/.test(c)) return 'y'
  return undefined
}

const number = /^[+-]?\d+(\.\d+)?$/

/** CSV cells of a line with ASCII commas (double quotes escape commas and quotes). */
function csvCells(line: string): string[] {
  const cells: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"'
        i++
      } else if (c === '"') quoted = false
      else cur += c
    } else if (c === '"' && cur.trim() === '') {
      quoted = true
      cur = ''
    } else if (c === ',') {
      cells.push(cur.trim())
      cur = ''
    } else cur += c
  }
  cells.push(cur.trim())
  return cells
}

/** A line's cells: CSV when it has ASCII commas, else tabs, else full-width commas or semicolons, else spaces. */
function cellsOf(line: string): string[] {
  if (line.includes(',')) return csvCells(line)
  if (line.includes('\t')) return line.split('\t').map((c) => c.trim())
  if (/[，;；]/.test(line)) return line.split(/[，;；]/).map((c) => c.trim())
  return line.trim().split(/\s+/)
}

/** Columns by count when there is no header: X Y; 点号 X Y; 点号 圈号 X Y. */
function defaultColumns(count: number): Column[] | undefined {
  if (count === 2) return ['x', 'y']
  if (count === 3) return ['point', 'x', 'y']
  if (count === 4) return ['point', 'ring', 'x', 'y']
  return undefined
}

/**
 * A boundary-point table (界址点坐标表) as surveyors type or paste it: lines of `点号, X, Y` or
 * `点号, 圈号, X, Y` (separators comma, space, tab or semicolon; an optional header line naming the columns,
 * which may add 地块编号 and 带号 columns, as our CSV export writes). X is the northing and Y the easting in
 * CGCS2000 3° Gauss-Krüger, with or without the zone prefix. A ring ends at a repeated first point number, a
 * blank line or a change of 圈号; rings inside rings are holes. Each 地块编号 is a feature, else the table is one.
 */
export function parsePoints(text: string, opts: { zone?: number }): ParseResult {
  const warnings: ImportWarning[] = []
  const all = lines(text)
  if (all.length > importLimits.maxLines) throw new Problem('IMPORT_TOO_LARGE', { why: `${all.length} lines` })
  let columns: Column[] | undefined
  const parcels = new Map<string, { rings: [number, number][][]; names: (string | null)[][]; zone?: number }>()
  let current: { code: string; ring: string | null } | undefined
  let breakRing = false
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!.trim()
    if (!line || line.startsWith('#')) {
      if (!line) breakRing = true
      continue
    }
    const cells = cellsOf(line)
    if (!columns) {
      const named = cells.map(columnOf)
      if (named.every((c) => c !== undefined) && named.includes('x') && named.includes('y')) {
        columns = named as Column[]
        continue
      }
      columns = defaultColumns(cells.length)
      if (!columns) {
        throw new Problem('IMPORT_SYNTAX_ERROR', {
          line: i + 1,
          why: { 'zh-CN': '应为“点号, X, Y”或“点号, 圈号, X, Y”。', en: 'expected "point, X, Y" or "point, ring, X, Y".' },
        })
      }
    }
    if (cells.length !== columns.length) {
      throw new Problem('IMPORT_SYNTAX_ERROR', {
        line: i + 1,
        why: { 'zh-CN': `应有 ${columns.length} 列，实有 ${cells.length} 列。`, en: `expected ${columns.length} columns, found ${cells.length}.` },
      })
    }
    const cell = (c: Column) => {
      const k = columns!.indexOf(c)
      return k === -1 ? undefined : cells[k]
    }
    const xs = cell('x')!
    const ys = cell('y')!
    if (!number.test(xs) || !number.test(ys)) {
      throw new Problem('IMPORT_SYNTAX_ERROR', {
        line: i + 1,
        why: { 'zh-CN': `X、Y 须为十进制数：“${xs.slice(0, 30)}”, “${ys.slice(0, 30)}”。`, en: `X and Y must be decimal numbers: "${xs.slice(0, 30)}", "${ys.slice(0, 30)}".` },
      })
    }
    const code = cell('code') ?? ''
    const ringKey = cell('ring') ?? null
    const point = cell('point') ?? null
    const zoneCell = cell('zone')
    let parcel = parcels.get(code)
    if (!parcel) {
      parcel = { rings: [], names: [] }
      parcels.set(code, parcel)
    }
    if (zoneCell && /^\d{2}$/.test(zoneCell)) parcel.zone = Number(zoneCell)
    const sameParcel = current?.code === code
    const ring = parcel.rings[parcel.rings.length - 1]
    const names = parcel.names[parcel.names.length - 1]
    const closedByName = ring !== undefined && names !== undefined && ring.length > 2 && names[0] !== null &&
      names.length > 1 && names[names.length - 1] === names[0]
    const closedByCoords = ring !== undefined && ring.length > 3 && point === null &&
      ring[ring.length - 1]![0] === ring[0]![0] && ring[ring.length - 1]![1] === ring[0]![1]
    const newRing = !sameParcel || !ring || breakRing || (ringKey !== null && ringKey !== current?.ring) || closedByName || closedByCoords
    if (newRing) {
      parcel.rings.push([])
      parcel.names.push([])
    }
    parcel.rings[parcel.rings.length - 1]!.push([Number(xs), Number(ys)])
    parcel.names[parcel.names.length - 1]!.push(point)
    current = { code, ring: ringKey }
    breakRing = false
  }
  const input: SurveyParcel[] = [...parcels.entries()].map(([code, p]): SurveyParcel => ({
    rings: p.rings.filter((r) => r.length > 0),
    attributes: code ? { 地块编号: code } : {},
    properties: code ? { code } : {},
    ...(p.zone !== undefined ? { zone: p.zone } : {}),
  }))
  if (!input.length) throw new Problem('IMPORT_EMPTY')
  const features = surveyFeatures(input, { param: opts.zone }, warnings)
  return { format: 'points', encoding: null, warnings, features }
}
