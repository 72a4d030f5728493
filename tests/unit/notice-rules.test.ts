import { describe, expect, it } from 'vitest'
import type { NoticeKind, PeriodUnit } from '../../client/api/notices.ts'
import { beijingToday, draftAuthors, meetsMinimumPeriod, minPeriods, stepRefusalCode } from '../../client/panels/notices/notice-rules.ts'
import { meetsMinimumPeriod as serverMeets, noticeKinds } from '../../server/domain/notices/kinds.ts'

// The notice panel's client-side rules (client/panels/notices/notice-rules.ts) say beforehand what the server will decide: they must agree with it.

const clientKinds = Object.keys(minPeriods) as NoticeKind[]

describe('the notice panel states the legal minimum periods the server enforces', () => {
  it('knows every kind the server knows, with the same minimum', () => {
    expect(Object.keys(minPeriods).sort()).toEqual(Object.keys(noticeKinds).sort())
    for (const kind of clientKinds) {
      expect({ days: minPeriods[kind].days, unit: minPeriods[kind].unit }, kind).toEqual(noticeKinds[kind].minPeriod)
    }
  })

  it('accepts and refuses the same periods as the server', () => {
    for (const kind of clientKinds) {
      for (const unit of ['days', 'working_days'] as PeriodUnit[]) {
        for (const days of [1, 9, 10, 11, 29, 30, 31, 365]) {
          expect(meetsMinimumPeriod(kind, { days, unit }), `${kind} ${days} ${unit}`).toBe(serverMeets(kind, { days, unit }))
        }
      }
    }
  })
})

describe('the workflow buttons say why a step is not offered', () => {
  const legal = { username: 'legal', role: 'legal' as const }
  const legal2 = { username: 'legal2', role: 'legal' as const }
  const draft = { status: 'draft' as const, drafted_by: 'legal', events: [] }

  it('refuses the drafter, and anyone who edited or regenerated the draft, the approval (four eyes)', () => {
    expect(stepRefusalCode('approve', draft, legal)).toBe('ownDraft')
    expect(stepRefusalCode('approve', draft, legal2)).toBeNull()
    const edited = {
      ...draft,
      events: [
        { action: 'created' as const, from_status: null, to_status: 'draft' as const, actor: 'legal', at: '', reason: null },
        { action: 'regenerated' as const, from_status: 'draft' as const, to_status: 'draft' as const, actor: 'legal2', at: '', reason: null },
      ],
    }
    expect(draftAuthors(edited).sort()).toEqual(['legal', 'legal2'])
    expect(stepRefusalCode('approve', edited, legal2)).toBe('ownDraft')
    expect(stepRefusalCode('approve', edited, { username: 'admin', role: 'admin' })).toBeNull()
  })

  it('offers publishing only after approval, withdrawal only once approved or published, and nothing to readers', () => {
    expect(stepRefusalCode('publish', draft, legal2)).not.toBeNull()
    expect(stepRefusalCode('publish', { ...draft, status: 'approved' }, legal)).toBeNull()
    expect(stepRefusalCode('withdraw', draft, legal)).not.toBeNull()
    expect(stepRefusalCode('withdraw', { ...draft, status: 'published' }, legal)).toBeNull()
    expect(stepRefusalCode('withdraw', { ...draft, status: 'expired' }, legal)).not.toBeNull()
    expect(stepRefusalCode('edit', { ...draft, status: 'approved' }, legal)).not.toBeNull()
    expect(stepRefusalCode('approve', draft, { username: 'planner', role: 'planner' })).toBe('role')
  })
})

describe('beijingToday', () => {
  it('is the Beijing date, whatever the clock of the viewer', () => {
    expect(beijingToday(new Date('2026-11-25T16:30:00Z'))).toBe('2026-11-26')
    expect(beijingToday(new Date('2026-11-25T15:59:59Z'))).toBe('2026-11-25')
  })
})
