import { describe, expect, it } from 'vitest'
import { beijingToday, draftAuthors, meetsMinimumPeriod, stepRefusalCode } from '../../client/panels/notices/notice-rules.ts'

// The notice panel's client-side rules (client/panels/notices/notice-rules.ts) say beforehand what the server will
// decide. The minimum periods themselves come from GET /api/notice-kinds; tests/api/notice-kinds.test.ts shows that
// the client's check agrees with the server's on every kind.

describe('meetsMinimumPeriod', () => {
  it('meets a minimum in working days only with as many working days', () => {
    const min = { days: 10, unit: 'working_days' as const }
    expect(meetsMinimumPeriod(min, { days: 10, unit: 'working_days' })).toBe(true)
    expect(meetsMinimumPeriod(min, { days: 9, unit: 'working_days' })).toBe(false)
    expect(meetsMinimumPeriod(min, { days: 14, unit: 'days' })).toBe(false)
  })

  it('meets a minimum in calendar days with as many days of either unit, and no minimum with one day', () => {
    const min = { days: 30, unit: 'days' as const }
    expect(meetsMinimumPeriod(min, { days: 30, unit: 'days' })).toBe(true)
    expect(meetsMinimumPeriod(min, { days: 30, unit: 'working_days' })).toBe(true)
    expect(meetsMinimumPeriod(min, { days: 29, unit: 'working_days' })).toBe(false)
    expect(meetsMinimumPeriod(null, { days: 1, unit: 'days' })).toBe(true)
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
