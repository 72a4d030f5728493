import { z } from 'zod'
import type { FieldIssue } from '../problem.ts'
import { parseFeatureEnvelope } from './feature-envelope.ts'
import { checkParcelGeometry, type ParcelGeometry } from './geojson-intake.ts'
import { text } from './parcel-feature.ts'
import { decimalField, id, optionalDate, optionalId, optionalText, reason, recordProperties } from './record-fields.ts'

/** 砖混 brick_concrete, 砖木 brick_wood, 框架 frame, 简易 simple. */
export const buildingStructures = ['brick_concrete', 'brick_wood', 'frame', 'simple'] as const
export const buildingUses = ['residential', 'commercial', 'industrial', 'public', 'other'] as const
/** 合法 licensed, 认定合法 recognised, 临时建筑 temporary, 违法建筑 unlicensed. */
export const legalStatuses = ['licensed', 'recognised', 'temporary', 'unlicensed'] as const

const properties = z.strictObject({
  project_id: id,
  parcel_id: id,
  household_id: optionalId,
  code: text(64),
  structure: z.enum(buildingStructures),
  floors: z.number().int().min(1).max(60),
  floor_area_m2: z.unknown().optional(),
  use: z.enum(buildingUses).optional().transform((u) => u ?? 'residential'),
  legal_status: z.enum(legalStatuses),
  demolished_on: optionalDate('1949-10-01'),
  notes: optionalText(2000),
  reason,
})

export interface BuildingInput {
  projectId: number
  parcelId: number
  householdId: number | null
  code: string
  geometry: ParcelGeometry
  /** The geometry as checked, as GeoJSON text for zd_geometry_from_geojson. */
  geojson: string
  structure: (typeof buildingStructures)[number]
  floors: number
  /** Exact decimal text with 2 decimals. */
  floorAreaM2: string
  use: (typeof buildingUses)[number]
  legalStatus: (typeof legalStatuses)[number]
  demolishedOn: string | null
  notes: string | null
  reason: string | null
}

/**
 * Checks a building Feature (POST/PUT /api/buildings): `{ type: 'Feature', geometry: Polygon|MultiPolygon (the
 * footprint), properties: { project_id, parcel_id, household_id?, code, structure, floors (1–60), floor_area_m2
 * ("123.45", > 0, < 1000000), use?, legal_status, demolished_on?, notes?, reason? } }`; `reason` may also stand
 * beside `properties` as in a parcel Feature. The footprint passes the parcel geometry intake (geojson-intake.ts).
 */
export function parseBuildingFeature(body: unknown): { value?: BuildingInput; issues: FieldIssue[] } {
  const { envelope, issues } = parseFeatureEnvelope(body)
  if (!envelope) return { issues }
  const props = envelope.properties
  const parsed = recordProperties(props, properties, issues)
  const floorArea = props && decimalField(props.floor_area_m2, 'properties.floor_area_m2', { scale: 2, max: 1000000 }, issues)
  const geo = checkParcelGeometry(envelope.geometry)
  issues.push(...geo.issues)
  if (issues.length || !parsed || !geo.geometry || floorArea === undefined) return { issues }
  return {
    value: {
      projectId: parsed.project_id, parcelId: parsed.parcel_id, householdId: parsed.household_id, code: parsed.code,
      geometry: geo.geometry, geojson: JSON.stringify(geo.geometry), structure: parsed.structure, floors: parsed.floors,
      floorAreaM2: floorArea, use: parsed.use, legalStatus: parsed.legal_status, demolishedOn: parsed.demolished_on,
      notes: parsed.notes, reason: parsed.reason ?? envelope.reason,
    },
    issues: [],
  }
}
