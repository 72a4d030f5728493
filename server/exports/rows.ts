/** One parcel as sql/queries/exports.sql `parcels` returns it. */
export interface ExportRow {
  id: number
  project_id: number
  project_code: string
  project_name: string
  code: string
  land_class: string
  land_class_zh: string
  land_class_en: string
  owner: string
  /** numeric(14,4) as text, exact. */
  claimed_area_mu: string | null
  status: string
  survey_zone: number | null
  area: { ellipsoidal_m2: number; ellipsoidal_mu: number; planar_m2: number; planar_mu: number; planar_crs: string; planar_zone: number }
  /** EPSG:4490 MultiPolygon, exterior rings counter-clockwise, 15 decimals. */
  geometry_json: string
  /** The same with exterior rings clockwise (Shapefile order). */
  geometry_cw_json: string
  /** The 3° zone of gk_json: survey_zone, else the centroid's zone. */
  gk_zone: number
  /** The clockwise geometry in GK zone gk_zone with the zone prefix, [easting, northing] metres. */
  gk_json: string
}

export type MultiPolygonCoords = [number, number][][][]

export function coordinatesOf(json: string): MultiPolygonCoords {
  return (JSON.parse(json) as { coordinates: MultiPolygonCoords }).coordinates
}

/**
 * The attributes every export keeps, in order: the API's property name, the Shapefile field (ASCII, at most 10
 * characters), the dBASE type, and the zh-CN and en names written to the Shapefile's fields.csv sidecar.
 */
export const exportFields = [
  { key: 'id', dbf: 'ID', type: 'N', decimals: 0, zh: '地块ID', en: 'Parcel id' },
  { key: 'code', dbf: 'CODE', type: 'C', decimals: 0, zh: '地块编号', en: 'Parcel code' },
  { key: 'land_class', dbf: 'LAND_CLASS', type: 'C', decimals: 0, zh: '地类编码', en: 'Land class code (GB/T 21010-2017)' },
  { key: 'land_class_zh', dbf: 'LC_ZH', type: 'C', decimals: 0, zh: '地类名称', en: 'Land class (Chinese)' },
  { key: 'land_class_en', dbf: 'LC_EN', type: 'C', decimals: 0, zh: '地类名称（英文）', en: 'Land class (English)' },
  { key: 'owner', dbf: 'OWNER', type: 'C', decimals: 0, zh: '权属单位', en: 'Owner collective' },
  { key: 'claimed_area_mu', dbf: 'CLAIM_MU', type: 'N', decimals: 4, zh: '申报面积（亩）', en: 'Claimed area (mu)' },
  { key: 'status', dbf: 'STATUS', type: 'C', decimals: 0, zh: '状态', en: 'Status' },
  { key: 'survey_zone', dbf: 'SURV_ZONE', type: 'N', decimals: 0, zh: '勘测带号', en: 'Survey zone (3° GK)' },
  { key: 'project_code', dbf: 'PROJECT', type: 'C', decimals: 0, zh: '项目编号', en: 'Project code' },
  { key: 'ellipsoidal_m2', dbf: 'ELL_M2', type: 'N', decimals: 4, zh: '核定面积（平方米，CGCS2000 椭球面）', en: 'Authoritative area (m², CGCS2000 ellipsoid)' },
  { key: 'ellipsoidal_mu', dbf: 'ELL_MU', type: 'N', decimals: 6, zh: '核定面积（亩）', en: 'Authoritative area (mu)' },
  { key: 'planar_m2', dbf: 'PLN_M2', type: 'N', decimals: 4, zh: '勘测定界面积（平方米，高斯平面）', en: 'Survey area (m², Gauss-Krüger plane)' },
  { key: 'planar_mu', dbf: 'PLN_MU', type: 'N', decimals: 6, zh: '勘测定界面积（亩）', en: 'Survey area (mu)' },
  { key: 'planar_zone', dbf: 'PLN_ZONE', type: 'N', decimals: 0, zh: '平面面积所用带号', en: 'Zone of the planar area' },
] as const

export type ExportKey = (typeof exportFields)[number]['key']

/** The exported attribute values of a parcel, keyed as the API names them. */
export function attributesOf(row: ExportRow): Record<ExportKey, string | number | null> {
  return {
    id: row.id,
    code: row.code,
    land_class: row.land_class,
    land_class_zh: row.land_class_zh,
    land_class_en: row.land_class_en,
    owner: row.owner,
    claimed_area_mu: row.claimed_area_mu,
    status: row.status,
    survey_zone: row.survey_zone,
    project_code: row.project_code,
    ellipsoidal_m2: row.area.ellipsoidal_m2,
    ellipsoidal_mu: row.area.ellipsoidal_mu,
    planar_m2: row.area.planar_m2,
    planar_mu: row.area.planar_mu,
    planar_zone: row.area.planar_zone,
  }
}
