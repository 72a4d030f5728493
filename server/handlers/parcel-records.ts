import type { Queryable } from '../db/database.ts'
import { loadQueries } from '../db/queries.ts'
import { recordFeatureText } from './record-crud.ts'

const buildings = loadQueries('buildings', ['list'])
const graves = loadQueries('graves', ['list'])
const attachments = loadQueries('attachments', ['list'])
const resettlements = loadQueries('resettlements', ['list'])
const agreements = loadQueries('agreements', ['list'])
const items = loadQueries('compensation-items', ['of_parcel'])
const claims = loadQueries('area-claims', ['list'])

const all = 100000
const noBbox = [null, null, null, null]

/**
 * The records of GET /api/parcels/:id/records besides its households: buildings and graves on the parcel (GeoJSON
 * Features), its attachments, the compensation items on it or of its households, and the resettlements and
 * agreements of its households, and its area claim (申报面积口径, null without one). No personal data: households
 * appear by id only.
 */
export async function recordsOfParcel(db: Queryable, parcelId: number) {
  const [b, g, a, c, r, ag, claim] = await Promise.all([
    db.query<Record<string, unknown>>(buildings.list, [null, parcelId, null, all, ...noBbox]),
    db.query<Record<string, unknown>>(graves.list, [null, parcelId, null, all, ...noBbox]),
    db.query(attachments.list, [null, parcelId, null, all]),
    db.query(items.of_parcel, [parcelId]),
    db.query(resettlements.list, [null, parcelId, null, all]),
    db.query(agreements.list, [null, parcelId, null, all]),
    db.query(claims.list, [null, parcelId, null, 1]),
  ])
  return {
    buildings: b.map((row) => JSON.parse(recordFeatureText(row)) as unknown),
    compensation: c,
    resettlement: r,
    graves: g.map((row) => JSON.parse(recordFeatureText(row)) as unknown),
    attachments: a,
    agreements: ag,
    area_claim: claim[0] ?? null,
  }
}
