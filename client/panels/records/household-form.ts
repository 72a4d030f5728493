import type { Household, HouseholdBody } from '../../api/records.ts'

/** A member as the household form edits it: text fields as typed, '' for none. */
export interface MemberFormValues {
  /** The member's id as read; undefined for a member added in the form. */
  id: number | undefined
  name: string
  relation: string
  id_number: string
  birth_date: string
  is_resettled: boolean
}

export interface HouseholdFormValues {
  name: string
  village_group: string
  id_number: string
  phone: string
  notes: string
  members: MemberFormValues[]
}

/** The form's values of a household read in full (or of a new one). */
export function householdFormValues(h: Household | null): HouseholdFormValues {
  return {
    name: h?.name ?? '',
    village_group: h?.village_group ?? '',
    id_number: h?.id_number ?? '',
    phone: h?.phone ?? '',
    notes: h?.notes ?? '',
    members: (h?.members ?? []).map((m) => ({
      id: m.id,
      name: m.name,
      relation: m.relation,
      id_number: m.id_number ?? '',
      birth_date: m.birth_date ?? '',
      is_resettled: m.is_resettled,
    })),
  }
}

const textOrNull = (s: string) => (s.trim() === '' ? null : s.trim())

/**
 * A personal value for the body: left out when unchanged (the server keeps what it stores, and nothing personal
 * is sent that the user did not type), null when emptied (clear), else the new text. `before` is undefined for a
 * new household or member: then an empty value is simply null.
 */
function personal(now: string, before: string | undefined): string | null | undefined {
  if (before !== undefined && now.trim() === before.trim()) return undefined
  return textOrNull(now)
}

/**
 * The body of POST/PUT /api/households from the form (server/schemas/household.ts). `start` is the form's values
 * as opened: members keep their ids, and a member's ID number or the head's ID number and phone left as they were
 * are not sent. A member given a new ID number with the old birth date left unchanged sends no birth date: the
 * server takes it from the ID number instead of refusing the old one as a mismatch.
 */
export function householdBodyOf(
  values: HouseholdFormValues,
  ctx: { household: Household | null; start: HouseholdFormValues; projectId: number; parcelId: number; reason: string },
): HouseholdBody {
  const { household, start } = ctx
  const body: HouseholdBody = {
    project_id: household?.project_id ?? ctx.projectId,
    name: values.name.trim(),
    village_group: textOrNull(values.village_group),
    notes: textOrNull(values.notes),
    parcel_ids: household ? household.parcel_ids : [ctx.parcelId],
    members: values.members.map((m) => {
      const before = m.id === undefined ? undefined : start.members.find((s) => s.id === m.id)
      const idNumber = personal(m.id_number, before?.id_number)
      const birthUnchanged = before !== undefined && m.birth_date === before.birth_date
      return {
        ...(m.id !== undefined ? { id: m.id } : {}),
        name: m.name.trim(),
        relation: m.relation.trim(),
        ...(idNumber !== undefined ? { id_number: idNumber } : {}),
        birth_date: typeof idNumber === 'string' && birthUnchanged ? null : m.birth_date || null,
        is_resettled: m.is_resettled,
      }
    }),
  }
  const id = personal(values.id_number, household ? start.id_number : undefined)
  const phone = personal(values.phone, household ? start.phone : undefined)
  if (id !== undefined) body.id_number = id
  if (phone !== undefined) body.phone = phone
  if (ctx.reason.trim()) body.reason = ctx.reason.trim()
  return body
}
