/**
 * Every write of a notice, shared by the API (server/handlers/notices.ts) and the demo loader, so that each path
 * refuses exactly what the other refuses. Each function runs inside the caller's transaction, locks the notice,
 * checks the workflow (server/domain/notices/workflow.ts), writes the row and its notice_events row; the trigger
 * zd_notice_guard holds the same rules for anyone writing past this file. `check` (optional) is given the locked
 * version first: the API passes its If-Match comparison (412 on a stale one) there.
 */
import { loadConfig } from '../config.ts'
import type { Localized } from '../domain/issue-codes.ts'
import { beijingToday, noticeDeadlines, type NoticeDeadlines } from '../domain/notices/deadlines.ts'
import { meetsMinimumPeriod, noticeKinds, type NoticeKind, type Period, type PeriodUnit } from '../domain/notices/kinds.ts'
import { noticeText, periodText, townshipOf, type NoticeFigures } from '../domain/notices/notice-text.ts'
import { personalPatternsIn, type PersonalPattern } from '../domain/notices/personal-patterns.ts'
import { approverRefusal, stepRefusal, type NoticeStatus, type NoticeStep } from '../domain/notices/workflow.ts'
import { invalid, Problem, type FieldIssue } from '../problem.ts'
import type { Queryable } from './database.ts'
import { loadCalendar } from './holidays-seed.ts'
import { bumpPublicVersion } from './public-version.ts'
import { loadQueries } from './queries.ts'

const q = loadQueries('notices', [
  'project', 'figures', 'insert', 'insert_event', 'for_update', 'update_text', 'regenerate', 'approve', 'publish',
  'withdraw', 'expire_due', 'delete',
])

interface LockedNotice {
  id: number
  project_id: number
  kind: NoticeKind
  status: NoticeStatus
  version: number
  title: string
  body: string
  township: string | null
  contacts: string | null
  period_days: number
  period_unit: PeriodUnit
  drafted_by: string
  authors: string[]
}

/** The editable text of a draft (PUT /api/notices/:id). */
export interface NoticeTextFields {
  title: string
  body: string
  township: string | null
  contacts: string | null
  period_days: number
  period_unit: PeriodUnit
}

const patternNames: Record<PersonalPattern, Localized> = {
  id_number: { 'zh-CN': '身份证号码', en: 'a resident ID number' },
  mobile: { 'zh-CN': '手机号码', en: 'a mobile phone number' },
}

/**
 * NOTICE_TEXT_PERSONAL_DATA for each field holding an ID number or a mobile number (contacts: ID numbers only, an
 * office may print a hotline). The offending text is never echoed.
 */
export function personalDataIssues(fields: { title: string; body: string; township: string | null; contacts: string | null }): FieldIssue[] {
  const issues: FieldIssue[] = []
  const scan = (path: string, text: string | null, which?: PersonalPattern[]) => {
    for (const p of text ? personalPatternsIn(text, which) : []) issues.push({ path, code: 'NOTICE_TEXT_PERSONAL_DATA', params: { what: patternNames[p] } })
  }
  scan('title', fields.title)
  scan('body', fields.body)
  scan('township', fields.township)
  scan('contacts', fields.contacts, ['id_number'])
  return issues
}

/** NOTICE_PERIOD_TOO_SHORT at `period_days` when the period is below the kind's legal minimum. */
export function periodIssues(kind: NoticeKind, period: Period): FieldIssue[] {
  if (meetsMinimumPeriod(kind, period)) return []
  const info = noticeKinds[kind]
  const min = info.minPeriod
  return [{
    path: 'period_days',
    code: 'NOTICE_PERIOD_TOO_SHORT',
    params: {
      kind: { 'zh-CN': info.zh, en: info.en.toLowerCase() },
      min: { 'zh-CN': periodText(min), en: `${min.days} ${min.unit === 'working_days' ? 'working days' : 'days'}` },
      basis: { 'zh-CN': info.basis.zh.replace(/。$/, ''), en: info.basis.en.replace(/\.$/, '') },
    },
  }]
}

/** A status as the refusal messages name it. */
export const noticeStatusNames: Record<NoticeStatus, Localized> = {
  draft: { 'zh-CN': '草稿', en: 'a draft' },
  approved: { 'zh-CN': '已审核', en: 'approved' },
  published: { 'zh-CN': '已发布', en: 'published' },
  expired: { 'zh-CN': '已期满', en: 'expired' },
  withdrawn: { 'zh-CN': '已撤回', en: 'withdrawn' },
}

async function lock(tx: Queryable, id: number, step: NoticeStep, check?: (version: number) => void): Promise<LockedNotice> {
  const [row] = await tx.query<LockedNotice>(q.for_update, [id])
  if (!row) throw new Problem('NOT_FOUND')
  check?.(row.version)
  const refusal = stepRefusal(row.status, step)
  if (refusal) throw new Problem(refusal, { status: noticeStatusNames[row.status] }, [], { notice_status: row.status })
  return row
}

async function event(tx: Queryable, id: number, action: string, from: NoticeStatus | null, to: NoticeStatus, actor: string, reason: string | null = null) {
  await tx.query(q.insert_event, [id, action, from, to, actor, reason])
}

/** The title, body and township generated from the project's current data, with the figures they state. */
async function generate(tx: Queryable, projectId: number, kind: NoticeKind, period: Period, contacts: string | null) {
  const [project] = await tx.query<{ id: number; code: string; name: string; district: string | null }>(q.project, [projectId])
  if (!project) throw invalid([{ path: 'project_id', code: 'UNKNOWN_PROJECT', params: { id: projectId } }])
  const [row] = await tx.query<{ figures: NoticeFigures; has_scope: boolean }>(q.figures, [projectId])
  if (!row!.has_scope) throw invalid([{ path: 'project_id', code: 'NOTICE_NO_PARCELS', params: { id: projectId } }])
  const figures = row!.figures
  const township = townshipOf(figures.collectives.map((c) => c.name))
  const { title, body } = noticeText({ kind, project, township, contacts, period, figures })
  const issues = personalDataIssues({ title, body, township, contacts })
  if (issues.length) throw invalid(issues)
  return { figures, township, title, body }
}

/**
 * A new draft of `kind` for a project: title, body, figures and outline generated from the project's data, the
 * kind's default period, the township of its collectives and the office contacts (ZD_NOTICE_CONTACTS unless given).
 * Returns the notice id. 422 UNKNOWN_PROJECT, NOTICE_NO_PARCELS, NOTICE_TEXT_PERSONAL_DATA (a collective's name
 * holding personal data).
 */
export async function createNoticeDraft(
  tx: Queryable, opts: { projectId: number; kind: NoticeKind; actor: string; contacts?: string | null },
): Promise<number> {
  const period = noticeKinds[opts.kind].defaultPeriod
  const contacts = opts.contacts !== undefined ? opts.contacts : loadConfig().noticeContacts
  const g = await generate(tx, opts.projectId, opts.kind, period, contacts)
  const [row] = await tx.query<{ id: number }>(q.insert, [
    opts.projectId, opts.kind, g.title, g.body, g.township, contacts, period.days, period.unit, JSON.stringify(g.figures), opts.actor,
  ])
  await event(tx, row!.id, 'created', null, 'draft', opts.actor)
  return row!.id
}

/** A draft's new text and period (422 NOTICE_PERIOD_TOO_SHORT, NOTICE_TEXT_PERSONAL_DATA). Returns the new version. */
export async function editNotice(tx: Queryable, id: number, fields: NoticeTextFields, actor: string, check?: (version: number) => void): Promise<number> {
  const n = await lock(tx, id, 'edit', check)
  const issues = [...periodIssues(n.kind, { days: fields.period_days, unit: fields.period_unit }), ...personalDataIssues(fields)]
  if (issues.length) throw invalid(issues)
  const [row] = await tx.query<{ version: number }>(q.update_text, [
    id, fields.title, fields.body, fields.township, fields.contacts, fields.period_days, fields.period_unit, actor,
  ])
  await event(tx, id, 'edited', 'draft', 'draft', actor)
  return row!.version
}

/**
 * A draft written again from the project's current data: figures, outline, title, body and township (the legal
 * section's text edits are replaced; the period and contacts are kept). Returns the new version.
 */
export async function regenerateNotice(tx: Queryable, id: number, actor: string, check?: (version: number) => void): Promise<number> {
  const n = await lock(tx, id, 'regenerate', check)
  const g = await generate(tx, n.project_id, n.kind, { days: n.period_days, unit: n.period_unit }, n.contacts)
  const [row] = await tx.query<{ version: number }>(q.regenerate, [id, g.title, g.body, g.township, JSON.stringify(g.figures), actor])
  await event(tx, id, 'regenerated', 'draft', 'draft', actor)
  return row!.version
}

/**
 * draft → approved, by someone who neither drafted nor edited it (403 NOTICE_APPROVER_IS_DRAFTER); the text is
 * checked again for personal data and the period for its minimum. From here on the notice is frozen.
 */
export async function approveNotice(tx: Queryable, id: number, actor: string, check?: (version: number) => void): Promise<number> {
  const n = await lock(tx, id, 'approve', check)
  const refusal = approverRefusal(actor, [n.drafted_by, ...n.authors])
  if (refusal) throw new Problem(refusal)
  const issues = [...periodIssues(n.kind, { days: n.period_days, unit: n.period_unit }), ...personalDataIssues(n)]
  if (issues.length) throw invalid(issues)
  const [row] = await tx.query<{ version: number }>(q.approve, [id, actor])
  await event(tx, id, 'approved', 'draft', 'approved', actor)
  return row!.version
}

/** The deadlines of a notice of `kind` with `period` published on `startsOn`, on the stored holiday calendar. */
export async function deadlinesFor(db: Queryable, kind: NoticeKind, period: Period, startsOn: string): Promise<NoticeDeadlines> {
  return noticeDeadlines(startsOn, period, noticeKinds[kind].invitesHearing, await loadCalendar(db))
}

/**
 * approved → published on `startsOn` (default: today in Beijing): ends_on and hearing_deadline are computed from the
 * period on the holiday calendar as it stands now, and never change after. Returns the new version.
 */
export async function publishNotice(
  tx: Queryable, id: number, actor: string, startsOn?: string, check?: (version: number) => void,
): Promise<number> {
  const n = await lock(tx, id, 'publish', check)
  const d = await deadlinesFor(tx, n.kind, { days: n.period_days, unit: n.period_unit }, startsOn ?? beijingToday())
  const [row] = await tx.query<{ version: number }>(q.publish, [id, actor, d.starts_on, d.ends_on, d.hearing_deadline])
  await event(tx, id, 'published', 'approved', 'published', actor)
  bumpPublicVersion()
  return row!.version
}

/** approved | published → withdrawn, with the reason (printed to the log, and the notice leaves the portal). */
export async function withdrawNotice(
  tx: Queryable, id: number, actor: string, reason: string, check?: (version: number) => void,
): Promise<number> {
  const n = await lock(tx, id, 'withdraw', check)
  const [row] = await tx.query<{ version: number }>(q.withdraw, [id, actor, reason])
  await event(tx, id, 'withdrawn', n.status, 'withdrawn', actor, reason)
  bumpPublicVersion()
  return row!.version
}

/** Deletes a draft and its events (409 NOTICE_NOT_DRAFT otherwise). */
export async function deleteNotice(tx: Queryable, id: number, check?: (version: number) => void): Promise<void> {
  await lock(tx, id, 'delete', check)
  await tx.query(q.delete, [id])
}

/**
 * published → expired for every notice whose period ended before `today` (Beijing), each with an event by
 * 'system'. Run at start, hourly and before the internal list answers. Returns the ids moved.
 */
export async function expireNotices(db: Queryable, today: string = beijingToday()): Promise<number[]> {
  const rows = await db.query<{ id: number }>(q.expire_due, [today])
  if (rows.length) bumpPublicVersion()
  return rows.map((r) => r.id)
}
