import { describe, expect, it } from 'vitest'
import type { NoticeKindInfo } from '../../client/api/notice-kinds.ts'
import type { PeriodUnit } from '../../client/api/notices.ts'
import { meetsMinimumPeriod as clientMeets } from '../../client/panels/notices/notice-rules.ts'
import { meetsMinimumPeriod as serverMeets, noticeKindCodes, noticeKinds } from '../../server/domain/notices/kinds.ts'
import { useWorld } from '../helpers/world.ts'

const w = useWorld()

async function readKinds(role: 'auditor' | 'legal' | 'planner'): Promise<NoticeKindInfo[]> {
  const r = await (await w.api.as(role)).request('GET', '/api/notice-kinds')
  expect(r.status).toBe(200)
  return (r.body as { kinds: NoticeKindInfo[] }).kinds
}

describe('GET /api/notice-kinds', () => {
  it('gives every kind with the minimum posting period the server enforces, null where the law sets none', async () => {
    const kinds = await readKinds('auditor')
    expect(kinds.map((k) => k.kind)).toEqual([...noticeKindCodes])
    const byKind = Object.fromEntries(kinds.map((k) => [k.kind, k]))
    expect(byKind.pre_announcement!.min_period).toEqual({ days: 10, unit: 'working_days' })
    expect(byKind.compensation_plan!.min_period).toEqual({ days: 30, unit: 'days' })
    expect(byKind.acquisition!.min_period).toBeNull()
    expect(byKind.legacy_notification!.min_period).toBeNull()
    expect(byKind.legacy_plan!.min_period).toBeNull()
    for (const k of kinds) {
      const d = noticeKinds[k.kind]
      expect(k.name, k.kind).toEqual({ zh: d.zh, en: d.en })
      expect(k.default_period, k.kind).toEqual(d.defaultPeriod)
      expect(k.invites_hearing, k.kind).toBe(d.invitesHearing)
      expect(k.legacy, k.kind).toBe(d.legacy)
      expect(k.basis, k.kind).toEqual(d.basis)
    }
  })

  it('lets the client accept and refuse the same periods as the server, from the answer alone', async () => {
    for (const k of await readKinds('legal')) {
      for (const unit of ['days', 'working_days'] as PeriodUnit[]) {
        for (const days of [1, 9, 10, 11, 29, 30, 31, 365]) {
          expect(clientMeets(k.min_period, { days, unit }), `${k.kind} ${days} ${unit}`).toBe(serverMeets(k.kind, { days, unit }))
        }
      }
    }
  })

  it('is read by every logged-in role and refused without a session', async () => {
    expect((await readKinds('planner')).length).toBe(noticeKindCodes.length)
    const r = await w.api.request('GET', '/api/notice-kinds')
    expect(r.status).toBe(401)
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  })
})
