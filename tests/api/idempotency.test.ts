import { describe, expect, it } from 'vitest'
import { sweepRetention } from '../../server/auth/retention.ts'
import { loadSecurityPolicy } from '../../server/auth/policy.ts'
import { parcelFeature, polygon, S, square } from '../helpers/fixtures.ts'
import { useWorld, writeCounts } from '../helpers/world.ts'

// The Idempotency-Key header on the JSON creates (server/http/idempotency.ts, hostile-inputs R07 and F11).
const w = useWorld()

async function createParcel(key: string | undefined, props: Record<string, unknown> = {}, role: 'planner' | 'admin' = 'planner', geometry = polygon(S)) {
  const user = await w.api.as(role)
  return user.request('POST', '/api/parcels', {
    json: parcelFeature(geometry, w.projectId, props), headers: key === undefined ? {} : { 'idempotency-key': key },
  })
}

async function keyRows() {
  const [row] = await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM idempotency_keys')
  return row!.n
}

describe('Idempotency-Key on POST creates', () => {
  it('R07: a parcel create retried 3× with one key makes one parcel and replays the same 201 body and ETag', async () => {
    const first = await createParcel('retry-1')
    expect(first.status, first.text).toBe(201)
    for (let i = 0; i < 3; i++) {
      const again = await createParcel('retry-1')
      expect([again.status, again.text, again.headers.get('etag'), again.headers.get('content-type')])
        .toEqual([201, first.text, first.headers.get('etag'), first.headers.get('content-type')])
      expect(again.headers.get('idempotent-replayed')).toBe('true')
    }
    expect(first.headers.get('idempotent-replayed')).toBeNull()
    expect(await writeCounts(w.db)).toEqual({ parcels: 1, history: 1 })
    const [log] = await w.db.query<{ n: number }>("SELECT count(*)::int AS n FROM operation_log WHERE action = 'parcel.create'")
    expect(log!.n).toBe(1)
  })

  it('R07: the same key with another body is 422 IDEMPOTENCY_KEY_REUSED in zh-CN and en; keys are per user; a malformed key is 400', async () => {
    expect((await createParcel('k')).status).toBe(201)
    const other = await createParcel('k', { code: 'T-002' }, 'planner', polygon(square(110.01, 27.51)))
    expect([other.status, other.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED'])
    expect(other.body.title).toMatch(/Idempotency-Key/)
    const planner = await w.api.as('planner')
    const en = await planner.request('POST', '/api/parcels', {
      json: parcelFeature(polygon(square(110.01, 27.51)), w.projectId, { code: 'T-002' }), headers: { 'idempotency-key': 'k', 'accept-language': 'en' },
    })
    expect(en.body.title).toBe('This Idempotency-Key was already used for a different request.')
    // Another user's same key is another key.
    const admin = await createParcel('k', { code: 'T-002' }, 'admin', polygon(square(110.01, 27.51)))
    expect(admin.status).toBe(201)
    const bad = await createParcel('a b')
    expect([bad.status, bad.body.code]).toEqual([400, 'INVALID_PARAMETER'])
    expect(await writeCounts(w.db)).toEqual({ parcels: 2, history: 2 })
  })

  it('R07: two simultaneous creates with one key make one parcel, both answered with it', async () => {
    const [a, b] = await Promise.all([createParcel('same-moment'), createParcel('same-moment')])
    expect([a.status, b.status]).toEqual([201, 201])
    expect(a.text).toBe(b.text)
    expect(await writeCounts(w.db)).toEqual({ parcels: 1, history: 1 })
  })

  it('R07: a project create is replayed too; a refused first try gives its key back for the corrected request', async () => {
    const planner = await w.api.as('planner')
    const post = (json: unknown) => planner.request('POST', '/api/projects', { json, headers: { 'idempotency-key': 'project-1' } })
    const refused = await post({ code: 'P2', name: '' })
    expect(refused.status).toBe(422)
    expect(await keyRows()).toBe(0)
    const made = await post({ code: 'P2', name: '第二个项目' })
    expect(made.status, made.text).toBe(201)
    const again = await post({ code: 'P2', name: '第二个项目' })
    expect([again.status, again.text]).toEqual([201, made.text])
    const [row] = await w.db.query<{ n: number }>("SELECT count(*)::int AS n FROM projects WHERE code = 'P2'")
    expect(row!.n).toBe(1)
  })

  it('keeps keys 24 hours: the retention sweep deletes older ones', async () => {
    expect((await createParcel('old')).status).toBe(201)
    expect((await createParcel('new', { code: 'T-002' }, 'planner', polygon(square(110.01, 27.51)))).status).toBe(201)
    await w.db.query("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'old'")
    expect(await sweepRetention(w.db, loadSecurityPolicy({}))).toMatchObject({ idempotency_keys: 1 })
    expect(await keyRows()).toBe(1)
  })
})
