import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.ts'
import { testDb } from '../helpers/test-db.ts'

// zd_notice_hearing_open, the one test of "a hearing request can be filed today" behind the internal notices API,
// the portal's public_notices.hearing_open and so zd_public_hearing_file. A notice posted 2026-05-01 … 2026-05-31
// with hearings until its last day, as publishing writes it (server/domain/notices/deadlines.ts).
let db: Database
beforeAll(async () => {
  db = await testDb()
})

interface Notice {
  status: string
  starts_on: string | null
  ends_on: string | null
  hearing_deadline: string | null
}

const posted: Notice = { status: 'published', starts_on: '2026-05-01', ends_on: '2026-05-31', hearing_deadline: '2026-05-31' }

async function hearingOpen(n: Notice, today: string): Promise<boolean | null> {
  const [row] = await db.query<{ open: boolean | null }>(
    'SELECT zd_notice_hearing_open($1::text, $2::date, $3::date, $4::date, $5::date) AS open',
    [n.status, n.starts_on, n.ends_on, n.hearing_deadline, today])
  return row!.open
}

describe('zd_notice_hearing_open', () => {
  const cases: [string, Notice, string, boolean][] = [
    ['is open on the first day of the posting', posted, '2026-05-01', true],
    ['is open in the middle of the posting', posted, '2026-05-15', true],
    ['is open on the hearing deadline itself', posted, '2026-05-31', true],
    ['is closed the day before the posting starts', posted, '2026-04-30', false],
    ['is closed the day after the hearing deadline', posted, '2026-06-01', false],
    ['is closed for a notice that invites no hearings', { ...posted, hearing_deadline: null }, '2026-05-15', false],
    ['is closed for an approved notice not yet published', { ...posted, status: 'approved' }, '2026-05-15', false],
    ['is closed for a withdrawn notice', { ...posted, status: 'withdrawn' }, '2026-05-15', false],
    ['is closed for a notice the sweep marked expired', { ...posted, status: 'expired' }, '2026-05-15', false],
    ['is closed once the posting has ended, even with a later deadline', { ...posted, ends_on: '2026-05-20' }, '2026-05-25', false],
    ['is false, not null, for a draft without dates', { status: 'draft', starts_on: null, ends_on: null, hearing_deadline: null }, '2026-05-15', false],
  ]
  for (const [name, notice, today, open] of cases) {
    it(`${name} (${today})`, async () => {
      expect(await hearingOpen(notice, today)).toBe(open)
    })
  }
})
