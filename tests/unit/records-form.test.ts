import { describe, expect, it } from 'vitest'
import type { Household } from '../../client/api/records.ts'
import { sumDecimals } from '../../client/panels/records/decimal-sum.ts'
import { householdBodyOf, householdFormValues } from '../../client/panels/records/household-form.ts'
import { parseHouseholdBody, type StoredPersonal } from '../../server/schemas/household.ts'

// The record forms of the parcel panel: what the household form sends must mean, to the server's own parser
// (server/schemas/household.ts), exactly what the user did: untouched personal values kept, emptied ones cleared,
// new ones set. Totals of money are exact sums of the decimal strings.

function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = first17.split('').reduce((s, d, i) => s + Number(d) * weights[i]!, 0)
  return first17 + '10X98765432'[sum % 11]
}

const headId = idNumber('43120219700101123')
const spouseId = idNumber('43120219720305124')
const childId = idNumber('43120220000607125')

/** A household as a planner reads it in full. */
const household: Household = {
  id: 7, project_id: 2, parcel_ids: [19, 20], name: '张玉', village_group: '板山村五组', id_number: headId,
  phone: '13907450000', notes: null,
  members: [
    { id: 31, name: '李芳', relation: '配偶', id_number: spouseId, birth_date: '1972-03-05', birth_year: 1972, is_resettled: true },
  ],
  persons: 1, persons_resettled: 1, version: 4, updated_at: '2026-01-01T00:00:00Z', updated_by: 'planner', personal_data: 'full',
}
/** What the server stores of it: the masked forms it compares a sent value with. */
const stored: StoredPersonal = {
  idNumberMasked: '4312**********' + headId.slice(-4),
  phoneMasked: '139****0000',
  memberIdNumberMasked: new Map([[31, '4312**********' + spouseId.slice(-4)]]),
}

const edit = (change: (v: ReturnType<typeof householdFormValues>) => void, reason = '') => {
  const start = householdFormValues(household)
  const values = structuredClone(start)
  change(values)
  return householdBodyOf(values, { household, start, projectId: 2, parcelId: 19, reason })
}

describe('householdBodyOf', () => {
  it('sends no personal value the user left as it was: the server keeps the stored ID numbers and phone', () => {
    const body = edit((v) => (v.notes = '改了备注'), '核对')
    expect(body).not.toHaveProperty('id_number')
    expect(body).not.toHaveProperty('phone')
    expect(body.members![0]).not.toHaveProperty('id_number')
    expect(body).toMatchObject({ project_id: 2, parcel_ids: [19, 20], notes: '改了备注', reason: '核对' })
    const parsed = parseHouseholdBody(body, stored)
    expect(parsed.issues).toEqual([])
    expect(parsed.value!.idNumber).toEqual({ keep: stored.idNumberMasked })
    expect(parsed.value!.phone).toEqual({ keep: stored.phoneMasked })
    expect(parsed.value!.members[0]).toMatchObject({ id: 31, idNumber: { keep: stored.memberIdNumberMasked.get(31) } })
  })

  it('sets a changed phone, clears an emptied ID number, and adds a new member without an ID number', () => {
    const body = edit((v) => {
      v.phone = '139 1234 5678'
      v.id_number = ''
      v.members.push({ id: undefined, name: '张小玉', relation: '子女', id_number: '', birth_date: '', is_resettled: true })
    })
    const parsed = parseHouseholdBody(body, stored)
    expect(parsed.issues).toEqual([])
    expect(parsed.value!.phone).toEqual({ set: '13912345678' })
    expect(parsed.value!.idNumber).toEqual({ clear: true })
    expect(parsed.value!.members[1]).toMatchObject({ id: undefined, name: '张小玉', idNumber: { clear: true }, isResettled: true })
  })

  it('lets a new ID number bring its own birth date when the old date was left unchanged', () => {
    const body = edit((v) => (v.members[0]!.id_number = childId))
    expect(body.members![0]).toMatchObject({ id: 31, id_number: childId, birth_date: null })
    const parsed = parseHouseholdBody(body, stored)
    expect(parsed.issues).toEqual([])
    expect(parsed.value!.members[0]).toMatchObject({ idNumber: { set: childId }, birthDate: '2000-06-07' })
  })

  it('ties a new household to the parcel it was added on, with every personal value typed set', () => {
    const start = householdFormValues(null)
    const values = { ...structuredClone(start), name: ' 王五 ', id_number: headId, phone: '13907450000' }
    const body = householdBodyOf(values, { household: null, start, projectId: 3, parcelId: 41, reason: '' })
    expect(body).toEqual({ project_id: 3, name: '王五', village_group: null, notes: null, parcel_ids: [41], members: [], id_number: headId, phone: '13907450000' })
    const parsed = parseHouseholdBody(body)
    expect(parsed.issues).toEqual([])
    expect(parsed.value!.idNumber).toEqual({ set: headId })
  })
})

describe('sumDecimals', () => {
  it('adds money exactly on the decimal digits', () => {
    expect(sumDecimals(['0.10', '0.20'], 2)).toBe('0.30')
    expect(sumDecimals(['216945.60', '684739.20', '0.05'], 2)).toBe('901684.85')
    // Beyond 2^53 fen a float would lose the last digits.
    expect(sumDecimals(['99999999999999.99', '0.01'], 2)).toBe('100000000000000.00')
    expect(sumDecimals(['12.5', '-0.75', null, 'x'], 2)).toBe('11.75')
    expect(sumDecimals(['0.30', '-1.00'], 2)).toBe('-0.70')
    expect(sumDecimals([], 2)).toBe('0.00')
  })
})
