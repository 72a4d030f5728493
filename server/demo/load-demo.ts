import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { hashPassword } from '../auth/passwords.ts'
import { hearingClientKey, sealHearingRequest } from '../auth/hearing-request-pii.ts'
import { blindIndex, encryptPii, type PiiKeys } from '../auth/pii-cipher.ts'
import { roles, type Role } from '../auth/sessions.ts'
import type { Database, Queryable } from '../db/database.ts'
import { refreshParcelOverview } from '../db/parcel-writes.ts'
import { seedHolidays } from '../db/holidays-seed.ts'
import { approveNotice, createNoticeDraft, expireNotices, publishNotice } from '../db/notice-writes.ts'
import { loadQueries } from '../db/queries.ts'
import { addDays, beijingToday } from '../domain/notices/deadlines.ts'
import type { NoticeKind } from '../domain/notices/kinds.ts'
import { maskIdNumber, maskPhone, normalizePhone } from '../domain/personal-data.ts'

const q = loadQueries('demo', [
  'is_empty', 'insert_project', 'insert_parcel', 'set_actor', 'check_parcels', 'parcel_ids', 'reserve_household_ids',
  'insert_members', 'insert_household_links', 'insert_households', 'insert_buildings', 'insert_resettlements',
  'insert_agreements', 'insert_graves', 'insert_attachments', 'check_records', 'insert_rate_sets', 'apply_compensation',
  'mark_paid', 'insert_budgets', 'insert_deposits', 'reserve_request_ids', 'insert_disbursements', 'approve_disbursements',
  'enter_disbursements', 'execute_disbursements', 'insert_task_letters', 'insert_manual_items', 'insert_area_claims',
  'insert_scopes', 'insert_batches', 'insert_farmland', 'insert_reported_figures', 'insert_signoffs',
])
const authQueries = loadQueries('auth', ['create_user'])
const noticeQueries = loadQueries('demo-notices', ['insert_hearing_requests'])
const demoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/demo')

interface DemoProject { code: string; name: string; name_en: string; district: string; color: string }
interface DemoParcel {
  geometry: unknown
  properties: { project_code: string; code: string; land_class: string; owner: string; claimed_area_mu: string | null; survey_zone: number | null; status: string }
}

/** data/demo/records.json as written by data/demo/generate-records.ts (codes instead of ids). */
interface DemoRecords {
  households: {
    key: string; project_code: string; parcel_code: string; head_name: string; village_group: string; id_number: string; phone: string
    members: { name: string; relation: string; id_number: string; birth_date: string; is_resettled: boolean }[]
  }[]
  buildings: ({ project_code: string; parcel_code: string; household_key: string | null } & Record<string, unknown>)[]
  resettlements: ({ household_key: string } & Record<string, unknown>)[]
  agreements: ({ household_key: string } & Record<string, unknown>)[]
  graves: ({ project_code: string; parcel_code: string; household_key: string | null } & Record<string, unknown>)[]
  attachments: ({ project_code: string; parcel_code: string; household_key: string | null } & Record<string, unknown>)[]
  rate_sets: ({ project_code: string } & Record<string, unknown>)[]
  manual_items: ({ project_code: string; parcel_code: string; household_key: string | null } & Record<string, unknown>)[]
  payments: { parcel_code: string; scope: 'all' | 'parcel'; paid_on: string }[]
  funds: {
    budgets: ({ project_code: string } & Record<string, unknown>)[]
    deposits: ({ project_code: string } & Record<string, unknown>)[]
    disbursements: ({ project_code: string; decided_at: string; executed_at: string } & Record<string, unknown>)[]
    task_letters: ({ project_code: string } & Record<string, unknown>)[]
  }
}

/** data/demo/notices.json (hand-written): notices by project and kind, dated in days before the load day (Beijing). */
interface DemoNotices {
  notices: {
    project_code: string; kind: NoticeKind; state: 'draft' | 'approved' | 'published'
    drafted_by: string; approved_by?: string; published_days_ago?: number
  }[]
  hearing_requests: {
    project_code: string; kind: NoticeKind; collective: string; name: string; phone: string; reason: string
    filed: { days_ago: number; time: string }; answer?: { by: string; days_ago: number; time: string; text: string }
  }[]
}

/**
 * The demo users: one per role, named after it, and `legal2`, a second legal user, so that a notice drafted by one
 * can be approved by the other (four eyes). Password `<username>-demo`.
 */
const demoUsers: { username: string; role: Role }[] = [...roles.map((role) => ({ username: role, role })), { username: 'legal2', role: 'legal' }]

/** data/demo/audit.json as written by data/demo/generate-audit.ts. */
interface DemoAudit {
  area_claims: ({ parcel_code: string } & Record<string, unknown>)[]
  acquisition_scopes: ({ project_code: string } & Record<string, unknown>)[]
  approval_batches: ({ project_code: string; parcel_codes: string[] } & Record<string, unknown>)[]
  basic_farmland: Record<string, unknown>[]
  reported_figures: ({ project_code: string | null } & Record<string, unknown>)[]
  signoffs: ({ project_code: string } & Record<string, unknown>)[]
}

const lookup = <K, V>(map: Map<K, V>, key: K, what: string): V => {
  const v = map.get(key)
  if (v === undefined) throw new Error(`demo records name an unknown ${what} ${String(key)}`)
  return v
}

/**
 * Loads data/demo (the illustrative projects of the 2021 report: parcels, households with their invented
 * personal data encrypted under `keys` as the API does, buildings, resettlements, agreements, graves, attachments,
 * rate sets with the computed compensation and some payments, the 2020–2021 funds ledger, and the audit data:
 * area claims, scopes, approval batches, basic farmland, the office's reported figures of 2021 and the 2021 sign-off
 * of 城东物流园一期, written after the records so that its watermarks cover them), the notices of data/demo/notices.json
 * (dated back from today in Beijing, with their hearing requests) and the demo users (`planner` … `admin` and
 * `legal2`, password `<name>-demo`) into an empty database, all in one transaction, set-based (one statement per
 * table) except the notices, which go through the legal section's own workflow. Returns false, doing nothing, when
 * the database already holds projects or users.
 */
export async function loadDemo(db: Database, keys: PiiKeys): Promise<boolean> {
  const [state] = await db.query<{ empty: boolean }>(q.is_empty)
  if (!state?.empty) return false
  const projects = JSON.parse(fs.readFileSync(path.join(demoDir, 'projects.json'), 'utf8')) as DemoProject[]
  const parcels = (JSON.parse(fs.readFileSync(path.join(demoDir, 'parcels.geojson'), 'utf8')) as { features: DemoParcel[] }).features
  const records = JSON.parse(fs.readFileSync(path.join(demoDir, 'records.json'), 'utf8')) as DemoRecords
  const audit = JSON.parse(fs.readFileSync(path.join(demoDir, 'audit.json'), 'utf8')) as DemoAudit
  const notices = JSON.parse(fs.readFileSync(path.join(demoDir, 'notices.json'), 'utf8')) as DemoNotices
  const hashes = await Promise.all(demoUsers.map((u) => hashPassword(`${u.username}-demo`)))
  await db.transaction(async (tx) => {
    await tx.query(q.set_actor)
    for (const [i, u] of demoUsers.entries()) await tx.query(authQueries.create_user, [u.username, u.role, hashes[i], true])
    const ids = new Map<string, number>()
    for (const p of projects) {
      const [row] = await tx.query<{ id: number }>(q.insert_project, [p.code, p.name, p.name_en, p.district, p.color])
      ids.set(p.code, row!.id)
    }
    for (const f of parcels) {
      const p = f.properties
      const projectId = ids.get(p.project_code)
      if (!projectId) throw new Error(`demo parcel ${p.code} names unknown project ${p.project_code}`)
      await tx.query(q.insert_parcel, [projectId, p.code, p.land_class, p.owner, p.claimed_area_mu, p.survey_zone, p.status, JSON.stringify(f.geometry)])
    }
    const faults = await tx.query<{ code: string; issue: string }>(q.check_parcels)
    if (faults.length) throw new Error(`demo data fails checks: ${faults.map((f) => `${f.code} ${f.issue}`).join(', ')}`)
    await refreshParcelOverview(tx)
    await loadRecords(tx, keys, ids, records)
    await loadAudit(tx, ids, audit)
    await loadNotices(tx, keys, ids, notices)
  })
  return true
}

/** The records of data/demo/records.json, on the projects `projectIds` (by code) and the parcels already loaded. */
async function loadRecords(tx: Queryable, keys: PiiKeys, projectIds: Map<string, number>, r: DemoRecords) {
  const parcelIds = new Map((await tx.query<{ id: number; code: string }>(q.parcel_ids)).map((p) => [p.code, p.id]))
  const project = (code: string) => lookup(projectIds, code, 'project')
  const parcel = (code: string) => lookup(parcelIds, code, 'parcel')
  const reserved = await tx.query<{ id: number }>(q.reserve_household_ids, [r.households.length])
  const householdIds = new Map(r.households.map((h, i) => [h.key, reserved[i]!.id]))
  const household = (key: string | null) => (key === null ? null : lookup(householdIds, key, 'household'))
  const householdProject = new Map(r.households.map((h) => [h.key, project(h.project_code)]))
  const idNumber = (field: string, value: string) =>
    ({ id_number_enc: encryptPii(keys, field, value), id_number_masked: maskIdNumber(value), id_number_bidx: blindIndex(keys, 'id_number', value) })
  const json = (rows: unknown[]) => JSON.stringify(rows)

  await tx.query(q.insert_members, [json(r.households.flatMap((h) => h.members.map((m, position) => ({
    household_id: household(h.key), position, name: m.name, relation: m.relation, birth_date: m.birth_date, is_resettled: m.is_resettled,
    ...idNumber('household_member.id_number', m.id_number),
  }))))])
  await tx.query(q.insert_household_links, [json(r.households.map((h) => ({ household_id: household(h.key), parcel_id: parcel(h.parcel_code) })))])
  await tx.query(q.insert_households, [json(r.households.map((h) => ({
    id: household(h.key), project_id: project(h.project_code), head_name: h.head_name, village_group: h.village_group,
    ...idNumber('household.id_number', h.id_number), phone_enc: encryptPii(keys, 'household.phone', h.phone), phone_masked: maskPhone(h.phone),
  })))])

  const onParcel = <T extends { project_code: string; parcel_code: string; household_key: string | null }>({ project_code, parcel_code, household_key, ...rest }: T) =>
    ({ ...rest, project_id: project(project_code), parcel_id: parcel(parcel_code), household_id: household(household_key) })
  const ofHousehold = <T extends { household_key: string }>({ household_key, ...rest }: T) =>
    ({ ...rest, project_id: lookup(householdProject, household_key, 'household'), household_id: household(household_key) })
  await tx.query(q.insert_buildings, [json(r.buildings.map(onParcel))])
  await tx.query(q.insert_resettlements, [json(r.resettlements.map(ofHousehold))])
  await tx.query(q.insert_agreements, [json(r.agreements.map(ofHousehold))])
  await tx.query(q.insert_graves, [json(r.graves.map(onParcel))])
  await tx.query(q.insert_attachments, [json(r.attachments.map(onParcel))])
  const faults = await tx.query<{ code: string; issue: string }>(q.check_records)
  if (faults.length) throw new Error(`demo records fail checks: ${faults.map((f) => `${f.code} ${f.issue}`).join(', ')}`)

  const withProject = <T extends { project_code: string }>({ project_code, ...rest }: T) => ({ ...rest, project_id: project(project_code) })
  await tx.query(q.insert_rate_sets, [json(r.rate_sets.map(withProject))])
  await tx.query(q.apply_compensation)
  await tx.query(q.insert_manual_items, [json(r.manual_items.map(onParcel))])
  await tx.query(q.mark_paid, [json(r.payments.map(({ parcel_code, ...rest }) => ({ ...rest, parcel_id: parcel(parcel_code) })))])

  const f = r.funds
  await tx.query(q.insert_budgets, [json(f.budgets.map(withProject))])
  await tx.query(q.insert_deposits, [json(f.deposits.map(withProject))])
  const requestIds = (await tx.query<{ id: number }>(q.reserve_request_ids, [f.disbursements.length])).map((x) => x.id)
  await tx.query(q.insert_disbursements, [json(f.disbursements.map((d, i) => ({ ...withProject(d), id: requestIds[i] })))])
  await tx.query(q.approve_disbursements, [requestIds, f.disbursements.map((d) => d.decided_at)])
  await tx.query(q.enter_disbursements, [requestIds, f.disbursements.map((d) => d.executed_at)])
  await tx.query(q.execute_disbursements, [requestIds, f.disbursements.map((d) => d.executed_at)])
  await tx.query(q.insert_task_letters, [json(f.task_letters.map(withProject))])
}

/** The audit data of data/demo/audit.json on the projects and parcels already loaded; the sign-offs last. */
async function loadAudit(tx: Queryable, projectIds: Map<string, number>, a: DemoAudit) {
  const parcels = await tx.query<{ id: number; code: string; project_id: number }>(q.parcel_ids)
  const parcelIds = new Map(parcels.map((p) => [p.code, p]))
  const parcel = (code: string) => lookup(parcelIds, code, 'parcel')
  const project = (code: string) => lookup(projectIds, code, 'project')
  const json = (rows: unknown[]) => JSON.stringify(rows)
  await tx.query(q.insert_area_claims, [json(a.area_claims.map(({ parcel_code, ...rest }) => ({ ...rest, parcel_id: parcel(parcel_code).id, project_id: parcel(parcel_code).project_id })))])
  await tx.query(q.insert_scopes, [json(a.acquisition_scopes.map(({ project_code, ...rest }) => ({ ...rest, project_id: project(project_code) })))])
  await tx.query(q.insert_batches, [json(a.approval_batches.map(({ project_code, parcel_codes, ...rest }) => ({
    ...rest, project_id: project(project_code), parcel_ids: parcel_codes.map((c) => parcel(c).id),
  })))])
  await tx.query(q.insert_farmland, [json(a.basic_farmland)])
  await tx.query(q.insert_reported_figures, [json(a.reported_figures.map(({ project_code, ...rest }) => ({ ...rest, project_id: project_code === null ? null : project(project_code) })))])
  await tx.query(q.insert_signoffs, [json(a.signoffs.map(({ project_code, ...rest }) => ({ ...rest, project_id: project(project_code) })))])
}

/**
 * The notices of data/demo/notices.json through the legal section's workflow (server/db/notice-writes.ts): drafted,
 * approved by the other legal user, published on a day counted back from today in Beijing, on the holiday calendar;
 * those whose period has already ended are then expired as the hourly sweep would. Then the hearing requests, their
 * name and phone sealed as the public handler seals them (server/auth/hearing-request-pii.ts).
 */
async function loadNotices(tx: Queryable, keys: PiiKeys, projectIds: Map<string, number>, d: DemoNotices) {
  await seedHolidays(tx)
  const today = beijingToday()
  const noticeIds = new Map<string, number>()
  for (const n of d.notices) {
    const id = await createNoticeDraft(tx, { projectId: lookup(projectIds, n.project_code, 'project'), kind: n.kind, actor: n.drafted_by })
    noticeIds.set(`${n.project_code} ${n.kind}`, id)
    if (n.state === 'draft') continue
    if (!n.approved_by) throw new Error(`demo notice ${n.project_code} ${n.kind} is ${n.state} without an approver`)
    await approveNotice(tx, id, n.approved_by)
    if (n.state === 'approved') continue
    if (n.published_days_ago === undefined) throw new Error(`demo notice ${n.project_code} ${n.kind} is published without a day`)
    await publishNotice(tx, id, n.drafted_by, addDays(today, -n.published_days_ago))
  }
  await expireNotices(tx, today)
  /** A Beijing wall-clock time `days_ago` days before the load day. */
  const at = (daysAgo: number, time: string) => `${addDays(today, -daysAgo)}T${time}:00+08:00`
  const requests = d.hearing_requests.map((r, i) => {
    const phone = normalizePhone(r.phone)
    if (!phone) throw new Error(`demo hearing request ${i} has no valid phone`)
    return {
      notice_id: lookup(noticeIds, `${r.project_code} ${r.kind}`, 'notice'), collective: r.collective,
      ...sealHearingRequest(keys, { name: r.name, phone }), reason: r.reason,
      // Documentation addresses (RFC 5737), keyed like a real sender's.
      client_key: hearingClientKey(keys, `192.0.2.${i + 1}`),
      filed_at: at(r.filed.days_ago, r.filed.time),
      answer: r.answer?.text ?? null, answered_by: r.answer?.by ?? null, answered_at: r.answer ? at(r.answer.days_ago, r.answer.time) : null,
    }
  })
  const written = await tx.query(noticeQueries.insert_hearing_requests, [JSON.stringify(requests)])
  if (written.length !== requests.length) throw new Error('a demo hearing request is not on a published notice open for hearings, in its period, by one of its collectives')
}
