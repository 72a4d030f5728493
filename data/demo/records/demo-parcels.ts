// The demo parcels the records stand on, as generate.ts wrote them to parcels.geojson (read, never changed).

import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** [lon, lat], RFC 7946 order. */
export type Position = [number, number]
export interface ParcelFeature {
  properties: { project_code: string; code: string; land_class: string; owner: string; status: string }
  geometry: { type: 'Polygon'; coordinates: Position[][] }
}

const DEMO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..')
export const parcels = (JSON.parse(readFileSync(join(DEMO_DIR, 'parcels.geojson'), 'utf8')) as { features: ParcelFeature[] }).features
export const parcelByCode = new Map(parcels.map((p) => [p.properties.code, p]))

export const parcelsOf = (project: string) => parcels.filter((p) => p.properties.project_code === project)
/** Roads (10) and water (11) carry no buildings. */
export const buildable = (p: ParcelFeature) => !/^1[01]/.test(p.properties.land_class)
export const villageOf = (owner: string) => owner.slice(0, owner.lastIndexOf('村') + 1)
