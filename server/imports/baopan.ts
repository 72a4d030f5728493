import { Problem } from '../problem.ts'
import { propertiesFromAttributes } from './attributes.ts'
import { validHeaderZone, type ZoneHint } from './gk.ts'
import { surveyFeatures, type SurveyParcel } from './survey.ts'
import { lines } from './text.ts'
import { importLimits, type ImportWarning, type ParseResult } from './types.ts'

/** The fields of a 报盘 parcel header line, in order (the 13-field variant adds the last five). */
export const baopanFields = [
  '界址点数', '地块面积', '地块编号', '地块名称', '记录图形属性', '图幅号', '地块用途', '地类编码',
  '图斑类型', '地类', '改造前质量等别', '改造后质量等别', '备注',
] as const

const section = /^[[【]\s*(.+?)\s*[\]】]$/
const decimal = /^[+-]?\d+(\.\d+)?$/

function syntax(line: number, zh: string, en: string): Problem {
  return new Problem('IMPORT_SYNTAX_ERROR', { line, why: { 'zh-CN': zh, en } })
}

/** True when the text looks like a 报盘 file (it has the [属性描述] or [地块坐标] section). */
export function looksLikeBaopan(text: string): boolean {
  return /[[【]\s*(属性描述|地块坐标)\s*[\]】]/.test(text.slice(0, 64 * 1024))
}

/**
 * A 报盘 TXT (the 国土资源部 coordinate exchange format that South CASS and the 建设用地报盘 tools write):
 * `[属性描述]` with key=value lines (坐标系, 几度分带, 投影类型, 计量单位, 带号, 精度, …), then `[地块坐标]` with
 * one header line per parcel (`界址点数,地块面积(公顷),地块编号,地块名称,记录图形属性,图幅号,地块用途,地类编码,@`)
 * followed by its `点号,圈号,X,Y` lines. Rings inside rings are holes, other rings further parts. The stated
 * 公顷 is kept for comparison with the computed Gauss-Krüger area, and offered as the claimed area in mu with its
 * area claim (GK planar, the mu digits it amounts to, m_j from 精度). 地块名称 fills both the name and the owner
 * default (征地 surveys name each parcel after its owner collective, and our export writes it so).
 */
export function parseBaopan(text: string, opts: { zone?: number }): ParseResult {
  const warnings: ImportWarning[] = []
  const all = lines(text)
  if (all.length > importLimits.maxLines) throw new Problem('IMPORT_TOO_LARGE', { why: `${all.length} lines` })
  const header: Record<string, string> = {}
  let where: 'none' | 'header' | 'coords' | 'other' = 'none'
  const parcels: (SurveyParcel & { statedPoints: number; read: number; line: number })[] = []
  let skipped = 0
  let skipping = false
  let lastRing: string | null = null
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!.trim()
    if (!line) continue
    const s = section.exec(line)
    if (s) {
      where = s[1] === '属性描述' ? 'header' : s[1] === '地块坐标' ? 'coords' : 'other'
      continue
    }
    if (where === 'header') {
      const m = /^([^=＝]+)[=＝](.*)$/.exec(line)
      if (m) header[m[1]!.trim()] = m[2]!.trim()
      continue
    }
    if (where !== 'coords') continue
    // ASCII commas separate; a line typed with full-width commas only is read with those.
    const cells = line.split(line.includes(',') ? ',' : '，').map((c) => c.trim())
    if (cells[cells.length - 1] === '@') {
      const values = cells.slice(0, -1)
      const attributes: Record<string, string | number | null> = {}
      values.forEach((v, k) => {
        attributes[baopanFields[k] ?? `字段${k + 1}`] = v === '' ? null : v
      })
      if (!/^\d+$/.test(values[0] ?? '')) throw syntax(i + 1, '界址点数须为整数。', 'the number of boundary points must be an integer.')
      const kind = values[4] ?? ''
      skipping = kind !== '' && kind !== '面'
      if (skipping) {
        skipped++
        continue
      }
      const areaText = values[1] ?? ''
      let stated: SurveyParcel['stated']
      if (areaText !== '') {
        if (!decimal.test(areaText)) throw syntax(i + 1, `地块面积须为数字：“${areaText.slice(0, 30)}”。`, `the parcel area must be a number: "${areaText.slice(0, 30)}".`)
        const places = areaText.split('.')[1]?.length ?? 0
        stated = { area_m2: Number(areaText) * 10000, rounding_m2: 5000 / 10 ** places }
        attributes['地块面积'] = Number(areaText)
      }
      const name = values[3] || undefined
      const props = propertiesFromAttributes({ 地块编号: values[2] ?? null, 地块名称: name ?? null, 地类编码: values[7] ?? null })
      if (props.name) props.owner = props.name
      // The stated 公顷 is the claimed area (a 勘测定界 area: GK planar), offered in mu as the claim's default.
      const mu = stated ? hectaresToMu(areaText) : undefined
      if (mu !== undefined) props.claimed_area_mu = mu
      const claim: SurveyParcel['claim'] = stated
        ? { basis: 'gk3', decimals: muDecimalsOfHectares(areaText.split('.')[1]?.length ?? 0), point_error_m: pointError(header, warnings) }
        : undefined
      parcels.push({
        rings: [], attributes, properties: props, ...(stated ? { stated } : {}), ...(claim ? { claim } : {}),
        statedPoints: Number(values[0]), read: 0, line: i + 1,
      })
      lastRing = null
      continue
    }
    if (skipping) continue
    const parcel = parcels[parcels.length - 1]
    if (!parcel) throw syntax(i + 1, '坐标行之前缺少地块信息行（以 @ 结尾）。', 'a coordinate line comes before any parcel line (ending in @).')
    if (cells.length < 4) throw syntax(i + 1, '坐标行应为“点号,圈号,X,Y”。', 'a coordinate line must be "point,ring,X,Y".')
    const [, ring, xs, ys] = cells as [string, string, string, string]
    if (!decimal.test(xs) || !decimal.test(ys)) {
      throw syntax(i + 1, `X、Y 须为十进制数：“${xs.slice(0, 30)}”, “${ys.slice(0, 30)}”。`, `X and Y must be decimal numbers: "${xs.slice(0, 30)}", "${ys.slice(0, 30)}".`)
    }
    if (ring !== lastRing) parcel.rings.push([])
    lastRing = ring
    parcel.rings[parcel.rings.length - 1]!.push([Number(xs), Number(ys)])
    parcel.read++
  }
  if (skipped) warnings.push({ code: 'FEATURES_SKIPPED', params: { count: skipped, types: '线/点' } })
  const kept = parcels.filter((p) => p.rings.length > 0)
  if (!kept.length) throw new Problem('IMPORT_EMPTY')
  for (const p of kept) {
    if (p.statedPoints !== p.read) {
      warnings.push({ code: 'POINT_COUNT_DIFFERS', params: { code: p.properties.code ?? '', stated: p.statedPoints, found: p.read } })
    }
  }
  const features = surveyFeatures(kept, zoneHint(header, opts.zone), warnings)
  return { format: 'baopan', encoding: null, warnings, features }
}

/**
 * The mu digits a 公顷 figure stated with `places` decimals amounts to, for its area claim. Its unit, 10^-places ha =
 * 15·10^-places mu, is no power of ten in mu, so the claim records the finest mu digits not finer than it:
 * 10^-d ≥ 15·10^-places ⇔ d ≤ places − 2 (4 decimals of 公顷 = 0.0015 mu → 2 mu decimals, a rounding of 0.005 mu
 * rather than the file's 0.00075 mu: never a tolerance tighter than the file's). Clamped to the column's 0–4; with
 * fewer than 2 公顷 decimals (a unit of 1.5 mu or more) no mu digits are coarse enough and 0 is recorded.
 */
export function muDecimalsOfHectares(places: number): number {
  return Math.min(4, Math.max(0, places - 2))
}

/** A 公顷 text × 15 as exact mu text with 4 decimals, or undefined when that needs more decimals or digits. */
export function hectaresToMu(text: string): string | undefined {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text)
  if (!m) return undefined
  const frac = m[2] ?? ''
  const scaled = BigInt(m[1]! + frac) * 15n
  // scaled is mu × 10^frac.length; bring it to 4 decimals exactly or give up.
  const shift = frac.length - 4
  let units: bigint
  if (shift <= 0) units = scaled * 10n ** BigInt(-shift)
  else {
    const div = 10n ** BigInt(shift)
    if (scaled % div !== 0n) return undefined
    units = scaled / div
  }
  const whole = (units / 10000n).toString()
  if (whole.length > 10) return undefined
  return `${whole}.${(units % 10000n).toString().padStart(4, '0')}`
}

const seenPrecision = new WeakMap<Record<string, string>, string>()

/**
 * m_j for the area claims, from the header's 精度 (metres, as 计量单位=米 says): rounded up to the column's 3
 * decimals. A 精度 below 1 mm (e.g. 0.0001, a coordinate resolution no boundary survey reaches) or above 10 m is no
 * boundary-point error: the default 0.05 m, with one PRECISION_IGNORED warning. No 精度: the default.
 */
function pointError(header: Record<string, string>, warnings: ImportWarning[]): string {
  const known = seenPrecision.get(header)
  if (known !== undefined) return known
  const raw = (header['精度'] ?? '').trim()
  let out = '0.050'
  const m = /^(\d+)(?:\.(\d+))?$/.exec(raw)
  if (raw !== '') {
    let milli = -1n
    if (m) {
      const frac = m[2] ?? ''
      const scale = Math.max(3, frac.length)
      const units = BigInt(m[1]! + frac.padEnd(scale, '0'))
      const per = 10n ** BigInt(scale - 3)
      if (units >= per) milli = units / per + (units % per === 0n ? 0n : 1n)
    }
    if (milli >= 1n && milli <= 10000n) out = `${milli / 1000n}.${(milli % 1000n).toString().padStart(3, '0')}`
    else warnings.push({ code: 'PRECISION_IGNORED', params: { value: raw.slice(0, 30) } })
  }
  seenPrecision.set(header, out)
  return out
}

/** The zone and CRS the [属性描述] section states; 422 for a datum or projection other than CGCS2000 GK. */
function zoneHint(header: Record<string, string>, param: number | undefined): ZoneHint {
  const crs = header['坐标系'] ?? ''
  if (crs && !/2000|cgcs/i.test(crs)) throw new Problem('CRS_UNSUPPORTED', { name: crs.slice(0, 60) })
  const projection = header['投影类型'] ?? ''
  if (projection && !/高斯|gauss|横轴墨卡托|transverse/i.test(projection)) throw new Problem('CRS_UNSUPPORTED', { name: projection.slice(0, 60) })
  const unit = header['计量单位'] ?? ''
  if (unit && !/^(米|m|metre|meter)$/i.test(unit)) throw new Problem('CRS_UNSUPPORTED', { name: `${crs} (${unit.slice(0, 20)})` })
  const degrees = (header['几度分带'] ?? '3').trim() === '6' ? 6 : 3
  const zoneText = (header['带号'] ?? '').trim()
  const zone = /^\d{1,2}$/.test(zoneText) ? Number(zoneText) : undefined
  return {
    ...(zone !== undefined && validHeaderZone(zone, degrees) ? { header: { zone, degrees } } : {}),
    ...(param !== undefined ? { param } : {}),
  }
}
