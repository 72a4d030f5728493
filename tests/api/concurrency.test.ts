import { describe, expect, it } from 'vitest'
import { parcelFeature, polygon, S, square } from '../helpers/fixtures.ts'
import { testDbKind } from '../helpers/test-db.ts'
import { useWorld } from '../helpers/world.ts'

// P2 (no lost updates) and P4 (no double acquisition, no overdrawn ledger) under real concurrency: many HTTP requests
// in flight at once against a server database with a pool of connections (the embedded database is one connection
// and serialises every transaction anyway). R02/R03 (428 without If-Match, 412 for a weak tag) and the two-request
// R01/R06 are in parcels.test.ts; these are the loops. After each test, resetData checks zd_invariant_violations.
const w = useWorld()

describe.skipIf(testDbKind !== 'server')('concurrent writes (server database)', () => {
  it('R05: 5 clients × 10 edits of one parcel, retrying on 412: every 2xx is one new version, the last one stands', async () => {
    const planner = await w.api.as('planner')
    const created = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(S), w.projectId, { code: 'R05' }) })
    expect(created.status).toBe(201)
    const url = `/api/parcels/${created.body.id}`
    expect((await planner.request('PUT', url, { json: parcelFeature(polygon(S), w.projectId, { code: 'R05' }), headers: { 'if-match': '*' } })).status).toBe(428)

    const statuses: number[] = []
    const successes: { owner: string; etag: string | null; version: number; bodyOwner: string }[] = []
    // Each client edits from the version it last saw: its own last write, or the current_version of a 412.
    const client = async (c: number) => {
      let seen = 1
      for (let n = 0; n < 10;) {
        const owner = `客户${c}第${n}次`
        const r = await planner.request('PUT', url, {
          json: parcelFeature(polygon(S), w.projectId, { code: 'R05', owner }), headers: { 'if-match': `"v${seen}"` },
        })
        statuses.push(r.status)
        if (r.status === 200) {
          successes.push({ owner, etag: r.headers.get('etag'), version: r.body.properties.version, bodyOwner: r.body.properties.owner })
          seen = r.body.properties.version
          n++
        } else if (r.status === 412) {
          seen = r.body.current_version
        } else {
          throw new Error(`client ${c}: ${r.status} ${r.text}`)
        }
      }
    }
    await Promise.all([0, 1, 2, 3, 4].map(client))

    expect(statuses.filter((s) => s >= 500)).toEqual([])
    expect(successes).toHaveLength(50)
    // Each 2xx answers with its own write: its owner, and a version (and ETag) no other 2xx got.
    for (const s of successes) expect([s.bodyOwner, s.etag]).toEqual([s.owner, `"v${s.version}"`])
    expect(new Set(successes.map((s) => s.version)).size).toBe(50)
    const history = await w.db.query<{ version: number; owner: string }>(
      'SELECT version, owner FROM parcel_history WHERE parcel_id = $1 ORDER BY version', [created.body.id])
    expect(history.map((h) => h.version)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1))
    const last = successes.reduce((a, b) => (b.version > a.version ? b : a))
    const now = await planner.request('GET', url)
    expect([now.body.properties.version, now.body.properties.owner]).toEqual([51, last.owner])
    expect(history.at(-1)!.owner).toBe(last.owner)
  })

  it('R06 × 100: of two overlapping parcels created at the same moment, exactly one gets in, every time', async () => {
    const planner = await w.api.as('planner')
    const outcomes: string[] = []
    for (let i = 0; i < 100; i++) {
      // Each pair in its own place (0.003° apart), the second overlapping the first by half.
      const lon = 110 + (i % 20) * 0.003
      const lat = 27.5 + Math.floor(i / 20) * 0.003
      const replies = await Promise.all([
        planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(square(lon, lat)), w.projectId, { code: `R06-${i}-A` }) }),
        planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(square(lon + 0.0005, lat)), w.projectId, { code: `R06-${i}-B` }) }),
      ])
      outcomes.push(replies.map((r) => `${r.status}${r.body.code ? ` ${r.body.code}` : ''}`).sort().join(', '))
    }
    expect(outcomes.filter((o) => o !== '201, 409 PARCEL_OVERLAP')).toEqual([])
    const [n] = await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM parcels')
    expect(n!.n).toBe(100)
  })

  it('never overdraws the ledger: 10 rounds of 10 concurrent executions of 300.00 after a deposit of 1000.00', async () => {
    const finance = await w.api.as('finance')
    const auditor = await w.api.as('auditor')
    const funds = `/api/projects/${w.projectId}/funds`
    let balance = 0 // in yuan, what the ledger should hold: whole hundreds, so exact in a float
    for (let round = 0; round < 10; round++) {
      expect((await finance.request('POST', `${funds}/deposits`, { json: { amount_yuan: '1000.00', payer: '用地单位' } })).status).toBe(201)
      balance += 1000
      // Ten requests, approved by the auditor (in SQL, as the precheck writes them: the executions are the test).
      const ids = (await w.db.query<{ id: number }>(
        `INSERT INTO disbursement_requests (project_id, part, amount_yuan, requested_by)
         SELECT $1, 'acquisition', '300.00', 'finance' FROM generate_series(1, 10) RETURNING id`, [w.projectId])).map((r) => r.id)
      await w.db.query("UPDATE disbursement_requests SET status = 'approved', decided_by = 'auditor', decided_at = now() WHERE id = ANY ($1)", [ids])
      const replies = await Promise.all(ids.map((id) => finance.request('POST', `/api/funds/disbursement-requests/${id}/execute`)))
      // As many as the balance covers get through, whichever they are; the others are refused, none half-done.
      const covered = Math.floor(balance / 300)
      balance -= covered * 300
      expect(replies.filter((r) => r.status === 201)).toHaveLength(covered)
      expect(replies.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.body.code}`)).toEqual(Array(10 - covered).fill('409 INSUFFICIENT_BALANCE'))
      const view = await auditor.request('GET', funds)
      expect(view.body.balance_yuan).toBe(balance.toFixed(2))
    }
  })
})
