import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.ts'
import { validateGeometry } from '../../client/edit/validations/index.ts'
import { validationFixtures } from '../helpers/edit-fixtures.ts'
import { testDb } from '../helpers/test-db.ts'

// The live hint and the server must name a fault the same way: every validation fixture goes through
// zd_geometry_issues (after zd_geometry_from_geojson, as a save does) and the client's validateGeometry, and the
// first code must be the fixture folder's on both sides.
let db: Database
beforeAll(async () => {
  db = await testDb()
})

describe('client hints and zd_geometry_issues agree', () => {
  for (const f of validationFixtures()) {
    it(`${f.name}: ${f.code ?? 'no issue'} on the server and in the client`, async () => {
      const rows = await db.query<{ code: string; lon: number | null; lat: number | null }>(
        'SELECT code, lon, lat FROM zd_geometry_issues(zd_geometry_from_geojson($1))', [JSON.stringify(f.geometry)])
      expect(rows[0]?.code ?? null).toBe(f.code)
      expect(validateGeometry(f.geometry)[0]?.code ?? null).toBe(f.code)
      if (f.at && rows[0]?.lon != null) {
        // The server marks the same place the client does.
        expect(rows[0].lon).toBeCloseTo(f.at[0], 9)
        expect(rows[0].lat).toBeCloseTo(f.at[1], 9)
      }
    })
  }
})
