/**
 * Households (被征收户) and their members, with personal data protected (issue 4):
 * - ID numbers and phones are stored only as AES-256-GCM ciphertext, masked form and blind index
 *   (server/auth/pii-cipher.ts); names in plain text (sql/README.md says why).
 * - What leaves the server depends on the caller's role (server/domain/personal-data.ts): lists show ID numbers
 *   and phones masked to everyone, names in full to planner and finance only; a single household shows everything
 *   in full to planner and finance, and each such read is written to operation_log. Nothing here is public.
 * - Writes: planner and admin, If-Match on PUT and DELETE, history by trigger (sql/functions/zd_household_history.sql).
 */
import type { Request, Response } from 'express'
import { blindIndex, decryptPii, encryptPii, loadPiiKeys, PiiDecryptError, type PiiKeys } from '../auth/pii-cipher.ts'
import type { Queryable } from '../db/database.ts'
import { logOperation } from '../db/operation-log.ts'
import { loadQueries } from '../db/queries.ts'
import { maskIdNumber, maskName, maskPhone, seesFullPersonalData } from '../domain/personal-data.ts'
import { invalid, Problem } from '../problem.ts'
import { parseHouseholdBody, type HouseholdInput, type PersonalChange, type StoredPersonal } from '../schemas/household.ts'
import { parseId, parseLimit, singleParam } from '../schemas/query-params.ts'
import type { Ctx, Handler } from './context.ts'
import { auditIn, expectedVersion } from './parcels.ts'
import { recordsOfParcel } from './parcel-records.ts'

const q = loadQueries('households', [
  'select_one', 'list', 'for_update', 'set_actor', 'project_exists', 'parcels_of_project', 'parcel_exists',
  'lock_id_numbers', 'id_number_holders', 'reserve_id', 'insert', 'update', 'delete', 'delete_members',
  'insert_members', 'delete_links', 'insert_links', 'history',
])

/** The fields of the additional data (AAD) of each ciphertext: a value cannot be moved to another column. */
const fields = { idNumber: 'household.id_number', phone: 'household.phone', memberIdNumber: 'household_member.id_number' } as const

interface MemberRow {
  id: number
  name: string
  relation: string
  id_number_enc: string | null
  id_number_masked: string | null
  birth_date: string | null
  is_resettled: boolean
}

interface HouseholdRow {
  id: number
  project_id: number
  head_name: string
  village_group: string | null
  id_number_enc: string | null
  id_number_masked: string | null
  phone_enc: string | null
  phone_masked: string | null
  notes: string | null
  version: number
  updated_at: Date
  updated_by: string
  parcel_ids: number[]
  members: MemberRow[]
}

/** How much of a household a response shows: names in full or masked; ID numbers and phones in full or masked. */
interface View {
  names: 'full' | 'masked'
  personal: 'full' | 'masked'
}

/** Lists, records and history: ID numbers and phones masked for everyone; names in full for planner and finance. */
const listView = (ctx: Ctx): View => ({ names: seesFullPersonalData(ctx.user!.role) ? 'full' : 'masked', personal: 'masked' })
/** One household: everything in full for planner and finance, everything masked for the others. */
const recordView = (ctx: Ctx): View => (seesFullPersonalData(ctx.user!.role) ? { names: 'full', personal: 'full' } : { names: 'masked', personal: 'masked' })

function decrypt(keys: PiiKeys, field: string, stored: string | null, householdId: number): string | null {
  if (stored === null) return null
  try {
    return decryptPii(keys, field, stored)
  } catch (err) {
    if (err instanceof PiiDecryptError) {
      console.error(`[pii] household ${householdId}: ${field}: ${err.message}`)
      throw new Problem('PERSONAL_DATA_UNREADABLE')
    }
    throw err
  }
}

/** A household row as the API shows it through `view`. `keys` is needed only for a full view. */
function present(row: HouseholdRow, view: View, keys?: PiiKeys) {
  const full = view.personal === 'full'
  const name = (n: string) => (view.names === 'full' ? n : maskName(n))
  return {
    id: row.id,
    project_id: row.project_id,
    parcel_ids: row.parcel_ids,
    name: name(row.head_name),
    village_group: row.village_group,
    id_number: full ? decrypt(keys!, fields.idNumber, row.id_number_enc, row.id) : row.id_number_masked,
    phone: full ? decrypt(keys!, fields.phone, row.phone_enc, row.id) : row.phone_masked,
    notes: row.notes,
    members: row.members.map((m) => ({
      id: m.id,
      name: name(m.name),
      relation: m.relation,
      id_number: full ? decrypt(keys!, fields.memberIdNumber, m.id_number_enc, row.id) : m.id_number_masked,
      birth_date: full ? m.birth_date : null,
      birth_year: m.birth_date ? Number(m.birth_date.slice(0, 4)) : null,
      is_resettled: m.is_resettled,
    })),
    persons: row.members.length,
    persons_resettled: row.members.filter((m) => m.is_resettled).length,
    version: row.version,
    updated_at: row.updated_at,
    updated_by: row.updated_by,
    personal_data: view.personal,
  }
}

/** Writes one operation_log row for a response that carries ID numbers or phones in full. */
async function logFullRead(ctx: Ctx, req: Request, householdIds: number[]) {
  await logOperation(ctx.db, {
    username: ctx.user!.username, action: 'household.read_personal_data', target: householdIds.map((id) => `household:${id}`).join(',').slice(0, 200),
    result: 'ok', status: 200, ip: req.ip, detail: { household_ids: householdIds, fields: ['name', 'id_number', 'phone', 'members.id_number', 'members.birth_date'] },
  })
}

/** GET /households/:id and the answer of POST and PUT: the caller's view, ETag of the version, full reads logged. */
async function sendHousehold(ctx: Ctx, req: Request, res: Response, id: number, status = 200) {
  const [row] = await ctx.db.query<HouseholdRow>(q.select_one, [id])
  if (!row) throw new Problem('NOT_FOUND')
  const view = recordView(ctx)
  const body = present(row, view, view.personal === 'full' ? loadPiiKeys(ctx.config) : undefined)
  if (view.personal === 'full') await logFullRead(ctx, req, [id])
  res.status(status).set('ETag', `"v${row.version}"`).json(body)
}

/** Households by project and/or parcel, in the list view. */
async function listRows(db: Queryable, project: number | null, parcel: number | null, limit: number) {
  return db.query<HouseholdRow>(q.list, [project, parcel, limit])
}

export const listHouseholds: Handler = async (ctx, req, res) => {
  const query = req.query as Record<string, unknown>
  const projectRaw = singleParam(query, 'project')
  const parcelRaw = singleParam(query, 'parcel')
  const project = projectRaw === undefined ? null : parseId(projectRaw, 'query', 'project')
  const parcel = parcelRaw === undefined ? null : parseId(parcelRaw, 'query', 'parcel')
  const limit = parseLimit(singleParam(query, 'limit'), 1000, 10000)
  const rows = await listRows(ctx.db, project, parcel, limit + 1)
  const view = listView(ctx)
  res.json({ items: rows.slice(0, limit).map((r) => present(r, view)), numberReturned: Math.min(rows.length, limit), truncated: rows.length > limit })
}

export const getHousehold: Handler = async (ctx, req, res) => {
  await sendHousehold(ctx, req, res, parseId(req.params.id as string, 'path'))
}

/**
 * GET /parcels/:id/records: everything tied to a parcel: its households (list view), buildings and graves
 * (Features), compensation items, resettlements, attachments and agreements (handlers/parcel-records.ts).
 */
export const parcelRecords: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const [found] = await ctx.db.query(q.parcel_exists, [id])
  if (!found) throw new Problem('NOT_FOUND')
  const rows = await listRows(ctx.db, null, id, 10000)
  const view = listView(ctx)
  res.json({ parcel_id: id, households: rows.map((r) => present(r, view)), ...(await recordsOfParcel(ctx.db, id)) })
}

export const householdHistory: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const rows = await ctx.db.query<{
    version: number; operation: string; project_id: number; head_name: string; village_group: string | null
    id_number_masked: string | null; phone_masked: string | null; notes: string | null
    members: { name: string; relation: string; id_number_masked: string | null; birth_date: string | null; is_resettled: boolean }[]
    parcel_ids: number[]; changed_by: string; changed_at: Date; reason: string | null
  }>(q.history, [id])
  if (!rows.length) throw new Problem('NOT_FOUND')
  const names = listView(ctx).names === 'full' ? (n: string) => n : maskName
  res.json({
    household_id: id,
    items: rows.map((h) => ({
      version: h.version, operation: h.operation, project_id: h.project_id, parcel_ids: h.parcel_ids, name: names(h.head_name),
      village_group: h.village_group, id_number: h.id_number_masked, phone: h.phone_masked, notes: h.notes,
      members: h.members.map((m) => ({
        name: names(m.name), relation: m.relation, id_number: m.id_number_masked,
        birth_year: m.birth_date ? Number(m.birth_date.slice(0, 4)) : null, is_resettled: m.is_resettled,
      })),
      changed_by: h.changed_by, changed_at: h.changed_at, reason: h.reason,
    })),
  })
}

/** The three stored forms of a personal value after a change. */
interface Stored {
  enc: string | null
  masked: string | null
  bidx: string | null
}

function storedForm(keys: PiiKeys, change: PersonalChange, field: string, kind: 'id_number' | 'phone', kept: Stored | undefined): Stored {
  if ('keep' in change) return kept ?? { enc: null, masked: null, bidx: null }
  if ('clear' in change) return { enc: null, masked: null, bidx: null }
  return {
    enc: encryptPii(keys, field, change.set),
    masked: kind === 'id_number' ? maskIdNumber(change.set) : maskPhone(change.set),
    bidx: kind === 'id_number' ? blindIndex(keys, 'id_number', change.set) : null,
  }
}

interface LockedRow {
  version: number
  id_number_enc: string | null
  id_number_masked: string | null
  id_number_bidx: string | null
  phone_enc: string | null
  phone_masked: string | null
  members: { id: number; id_number_enc: string | null; id_number_masked: string | null; id_number_bidx: string | null; birth_date: string | null }[]
}

/**
 * Writes a household's members, parcel links and row in one transaction (the caller's), after checking the
 * project, the parcels and the ID-number rules. `existing` is the locked row of a PUT, undefined for a POST.
 */
async function writeHousehold(ctx: Ctx, tx: Queryable, input: HouseholdInput, id: number, existing: LockedRow | undefined) {
  const keys = loadPiiKeys(ctx.config)
  const user = ctx.user!.username
  if (!(await tx.query(q.project_exists, [input.projectId])).length) {
    throw invalid([{ path: 'project_id', code: 'UNKNOWN_PROJECT', params: { id: input.projectId } }])
  }
  const found = new Set((await tx.query<{ id: number }>(q.parcels_of_project, [input.projectId, input.parcelIds])).map((r) => r.id))
  const missing = input.parcelIds.filter((p) => !found.has(p))
  if (missing.length) {
    throw invalid(missing.map((p) => ({ path: `parcel_ids[${input.parcelIds.indexOf(p)}]`, code: 'PARCEL_NOT_IN_PROJECT' as const, params: { id: p } })))
  }

  const head = storedForm(keys, input.idNumber, fields.idNumber, 'id_number',
    existing && { enc: existing.id_number_enc, masked: existing.id_number_masked, bidx: existing.id_number_bidx })
  const phone = storedForm(keys, input.phone, fields.phone, 'phone',
    existing && { enc: existing.phone_enc, masked: existing.phone_masked, bidx: null })
  const oldMembers = new Map((existing?.members ?? []).map((m) => [m.id, m]))
  const members = input.members.map((m) => {
    const old = m.id === undefined ? undefined : oldMembers.get(m.id)
    return { ...m, birthDate: m.keepBirthDate && old ? old.birth_date : m.birthDate, stored: storedForm(keys, m.idNumber, fields.memberIdNumber, 'id_number', old && { enc: old.id_number_enc, masked: old.id_number_masked, bidx: old.id_number_bidx }) }
  })

  // One person, one household: a kept value may repeat a new one, so check the stored forms too.
  const all = [head, ...members.map((m) => m.stored)].filter((s) => s.bidx !== null)
  const bidxs = all.map((s) => s.bidx!)
  const repeated = all.find((s, i) => bidxs.indexOf(s.bidx!) !== i)
  if (repeated) throw new Problem('ID_NUMBER_REPEATED', { masked: repeated.masked })
  if (bidxs.length) {
    await tx.query(q.lock_id_numbers, [[...bidxs].sort()])
    const holders = await tx.query<{ household_id: number; project_id: number; project_code: string; masked: string }>(
      q.id_number_holders, [bidxs, existing ? id : null])
    const other = holders.find((h) => h.project_id !== input.projectId)
    if (other) {
      throw new Problem('HOUSEHOLD_IN_OTHER_PROJECT', { masked: other.masked, project: other.project_code }, [], { project_id: other.project_id })
    }
    const same = holders[0]
    if (same) throw new Problem('HOUSEHOLD_ID_NUMBER_TAKEN', { masked: same.masked, household: same.household_id }, [], { household_id: same.household_id })
  }

  await tx.query(q.set_actor, [user, input.reason])
  // Members and links first: the history trigger snapshots them when the household row is written.
  if (existing) {
    await tx.query(q.delete_members, [id])
    await tx.query(q.delete_links, [id])
  }
  if (members.length) {
    await tx.query(q.insert_members, [
      id, members.map((m) => m.name), members.map((m) => m.relation), members.map((m) => m.stored.enc),
      members.map((m) => m.stored.masked), members.map((m) => m.stored.bidx), members.map((m) => m.birthDate),
      members.map((m) => m.isResettled),
    ])
  }
  if (input.parcelIds.length) await tx.query(q.insert_links, [id, input.parcelIds])
  const params = [id, input.projectId, input.name, input.villageGroup, head.enc, head.masked, head.bidx, phone.enc, phone.masked, input.notes, user]
  if (existing) {
    const done = await tx.query(q.update, [...params, existing.version])
    if (!done.length) throw new Problem('PRECONDITION_FAILED', { version: existing.version })
  } else {
    await tx.query(q.insert, params)
  }
}

export const createHousehold: Handler = async (ctx, req, res) => {
  const { value, issues } = parseHouseholdBody(req.body)
  if (!value) throw invalid(issues)
  const id = await ctx.db.transaction(async (tx) => {
    const [reserved] = await tx.query<{ id: number }>(q.reserve_id)
    await writeHousehold(ctx, tx, value, reserved!.id, undefined)
    await auditIn(tx, ctx, req, 'household.create', `household:${reserved!.id}`, 201)
    return reserved!.id
  })
  await sendHousehold(ctx, req, res, id, 201)
}

export const updateHousehold: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  await ctx.db.transaction(async (tx) => {
    const [current] = await tx.query<LockedRow>(q.for_update, [id])
    if (!current) throw new Problem('NOT_FOUND')
    expectedVersion(req, current.version)
    const stored: StoredPersonal = {
      idNumberMasked: current.id_number_masked,
      phoneMasked: current.phone_masked,
      memberIdNumberMasked: new Map(current.members.map((m) => [m.id, m.id_number_masked])),
    }
    const { value, issues } = parseHouseholdBody(req.body, stored)
    if (!value) throw invalid(issues)
    await writeHousehold(ctx, tx, value, id, current)
    await auditIn(tx, ctx, req, 'household.update', `household:${id}`, 200)
  })
  await sendHousehold(ctx, req, res, id)
}

export const deleteHousehold: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const reason = typeof req.body?.reason === 'string' ? req.body.reason.normalize('NFC').trim().slice(0, 500) || null : null
  await ctx.db.transaction(async (tx) => {
    const [current] = await tx.query<{ version: number }>(q.for_update, [id])
    if (!current) throw new Problem('NOT_FOUND')
    const version = expectedVersion(req, current.version)
    await tx.query(q.set_actor, [ctx.user!.username, reason])
    await tx.query(q.delete, [id, version])
    await auditIn(tx, ctx, req, 'household.delete', `household:${id}`, 204)
  })
  res.status(204).end()
}
