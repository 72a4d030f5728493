import { parcelStatuses } from '../schemas/parcel-feature.ts'
import type { ImportProperties } from './types.ts'

/**
 * Attribute names that carry a parcel property, compared case-insensitively: the API's own names, the field
 * names of our Shapefile export, and the usual Chinese cadastral names and their pinyin abbreviations
 * (DKBH 地块编号, DKMC 地块名称, DLBM 地类编码, QSDWMC 权属单位名称).
 */
const aliases: Record<keyof ImportProperties, string[]> = {
  code: ['code', 'dkbh', '地块编号', '编号', 'parcel_code', 'zddm', '宗地代码'],
  name: ['name', 'dkmc', '地块名称', '名称'],
  land_class: ['land_class', 'landclass', 'dlbm', '地类编码', '地类代码', 'dldm'],
  owner: ['owner', 'qsdwmc', '权属单位名称', '权属单位', 'qlr', '权利人'],
  claimed_area_mu: ['claimed_area_mu', 'claim_mu'],
  survey_zone: ['survey_zone', 'surv_zone'],
  status: ['status'],
}

const lookup = new Map<string, keyof ImportProperties>()
for (const [prop, names] of Object.entries(aliases) as [keyof ImportProperties, string[]][]) {
  for (const n of names) lookup.set(n.toLowerCase(), prop)
}

type Value = string | number | boolean | null | undefined

function textOf(v: Value, max: number): string | undefined {
  if (v === null || v === undefined || typeof v === 'boolean') return undefined
  const s = String(v).normalize('NFC').trim()
  return s && [...s].length <= max ? s : undefined
}

const convert: { [K in keyof ImportProperties]-?: (v: Value) => ImportProperties[K] | undefined } = {
  code: (v) => textOf(v, 64),
  name: (v) => textOf(v, 200),
  owner: (v) => textOf(v, 200),
  land_class: (v) => {
    // A numeric DBF field loses the leading zero of 0101.
    const s = typeof v === 'number' && Number.isInteger(v) && v >= 100 && v <= 9999 ? String(v).padStart(4, '0') : textOf(v, 4)
    return s && /^\d{4}$/.test(s) ? s : undefined
  },
  claimed_area_mu: (v) => {
    const s = typeof v === 'number' ? String(v) : textOf(v, 20)
    return s && /^\d{1,10}(\.\d{1,4})?$/.test(s) ? s : undefined
  },
  survey_zone: (v) => {
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{2}$/.test(v.trim()) ? Number(v) : NaN
    return Number.isInteger(n) && n >= 25 && n <= 45 ? n : undefined
  },
  status: (v) => {
    const s = textOf(v, 20)
    return s && (parcelStatuses as readonly string[]).includes(s) ? s : undefined
  },
}

/** The parcel properties recognised among a feature's attributes; values that would not pass the API are left out. */
export function propertiesFromAttributes(attributes: Record<string, Value>): ImportProperties {
  const out: ImportProperties = {}
  for (const [key, value] of Object.entries(attributes)) {
    const prop = lookup.get(key.trim().toLowerCase())
    if (!prop || out[prop] !== undefined) continue
    const v = convert[prop](value)
    if (v !== undefined) (out as Record<string, unknown>)[prop] = v
  }
  return out
}
