import { describe, expect, it } from 'vitest'
import type { CompensationChange, RateSet } from '../../client/api/compensation.ts'
import type { CompensationItem } from '../../client/api/records.ts'
import { checkItemForm, itemFormBody, itemFormValues, paidBody } from '../../client/panels/records/compensation-item.ts'
import {
  checkDraft, diffRates, draftFrom, draftRate, groupChanges, heldByItem, localToday, normalizeQuantity, normalizeYuan, rateSetBody, signed,
} from '../../client/panels/records/rate-set.ts'
import { formatYuan } from '../../client/i18n/format.ts'
import { parseRateSetBody } from '../../server/schemas/compensation.ts'
import { parseCompensationItemBody, type StoredItem } from '../../server/schemas/compensation-item.ts'

// The finance screens' pure helpers: yuan typed by hand, drafts of a new rate set version and what they change,
// the server's compensation changes grouped by item, and the bodies of the compensation item writes — checked
// against the server's own parsers, so that what the form sends means exactly what the user did. No floats.

const current: RateSet = {
  id: 7, version_no: 2, name: '鹤城区征收补偿标准', basis: '怀政发〔2020〕5号', effective_from: '2021-01-01', created_by: 'finance',
  created_at: '2021-01-02T03:04:05Z', note: '2021 年调整', current: true,
  rates: [
    { item_type: 'land', key: '01', rate_yuan: '24000.00' },
    { item_type: 'land', key: '*', rate_yuan: '16000.00' },
    { item_type: 'house', key: 'brick_concrete', rate_yuan: '1280.00' },
    { item_type: 'attachments', key: '柑橘树', rate_yuan: '120.00' },
    { item_type: 'grave_relocation', key: '*', rate_yuan: '3000.00' },
  ],
}
const order = ['land', 'resettlement_subsidy', 'young_crops', 'attachments', 'house', 'relocation', 'transition', 'delayed_transition', 'grave_relocation']

function change(c: Partial<CompensationChange>): CompensationChange {
  return {
    item_id: 1, item_type: 'land', source_key: 'parcel:1', change: 'update', household_id: null, parcel_id: 1, unit: 'mu',
    old_quantity: '2.5000', new_quantity: '2.5000', old_rate_yuan: '24000.00', new_rate_yuan: '24000.10', old_amount_yuan: '60000.00',
    new_amount_yuan: '60000.25', rate_set_id: 8, ...c,
  }
}

describe('yuan and quantities typed by hand', () => {
  it('reads separators, full-width digits and leading zeros, and keeps the decimals as typed', () => {
    expect(normalizeYuan('24,000')).toBe('24000')
    expect(normalizeYuan(' 1 280.50 ')).toBe('1280.50')
    expect(normalizeYuan('２４０００．５')).toBe('24000.5')
    expect(normalizeYuan('00120')).toBe('120')
    expect(normalizeYuan('0')).toBe('0')
    expect(normalizeYuan('999999999.99')).toBe('999999999.99')
  })

  it('refuses negatives, three decimals, exponents, text and a billion', () => {
    for (const bad of ['-1', '1.005', '1e3', 'abc', '', '.5', '1000000000', 'NaN', '12.']) expect(normalizeYuan(bad), bad).toBeNull()
  })

  it('quantities take up to 4 decimals', () => {
    expect(normalizeQuantity('2.3455')).toBe('2.3455')
    expect(normalizeQuantity('2.34551')).toBeNull()
    expect(normalizeQuantity('１２')).toBe('12')
  })
})

describe('a draft of the next rate set version', () => {
  it('copies the current rates and is saved as a body the server accepts unchanged', () => {
    const draft = draftFrom(current, '2026-11-26')
    expect(draft.effective_from).toBe('2026-11-26')
    expect(checkDraft(draft)).toEqual({ note: 'required' })
    draft.note = '2026 年新标准'
    draft.rates[0]!.rate = '24,500.5'
    expect(checkDraft(draft)).toEqual({})
    const body = rateSetBody(draft)
    expect(body.rates[0]).toEqual({ item_type: 'land', key: '01', rate_yuan: '24500.5' })
    expect(parseRateSetBody(body)).toEqual({
      name: '鹤城区征收补偿标准', basis: '怀政发〔2020〕5号', effective_from: '2026-11-26', note: '2026 年新标准',
      rates: [
        { item_type: 'land', key: '01', rate_yuan: '24500.50' },
        ...current.rates.slice(1),
      ],
    })
  })

  it('names each faulty row: a bad rate, an empty key, a key twice', () => {
    const draft = draftFrom(current, '2026-11-26')
    draft.note = '调整'
    const bad = draftRate('land', '01', '24000')
    const empty = draftRate('house', '', '-5')
    draft.rates.push(bad, empty)
    draft.rates[1]!.rate = '1.005'
    expect(checkDraft(draft)).toEqual({
      [`rate:${draft.rates[1]!.uid}`]: 'yuan', [`key:${bad.uid}`]: 'repeated', [`key:${empty.uid}`]: 'required', [`rate:${empty.uid}`]: 'yuan',
    })
    expect(checkDraft({ ...draft, rates: [], name: ' ', effective_from: '1989-12-31' })).toEqual({ name: 'required', effective_from: 'date', rates: 'empty' })
  })

  it('lists the rates it changes against the current version, exactly, in the item order', () => {
    const draft = draftFrom(current, '2026-11-26')
    draft.rates[0]!.rate = '24000.1'
    draft.rates[2]!.rate = '1280' // the same amount written differently: no change
    draft.rates = draft.rates.filter((r) => r.key !== '柑橘树')
    draft.rates.push(draftRate('relocation', '*', '3000'))
    const next = draft.rates.map((r) => ({ item_type: r.item_type, key: r.key, rate_yuan: normalizeYuan(r.rate)! }))
    expect(diffRates(current.rates, next, order)).toEqual([
      { item_type: 'land', key: '01', kind: 'changed', old_yuan: '24000.00', new_yuan: '24000.1', delta_yuan: '0.10' },
      { item_type: 'attachments', key: '柑橘树', kind: 'removed', old_yuan: '120.00', new_yuan: null, delta_yuan: '-120.00' },
      { item_type: 'relocation', key: '*', kind: 'added', old_yuan: null, new_yuan: '3000', delta_yuan: '3000.00' },
    ])
  })

  it('starts empty when the project has no rate set', () => {
    expect(draftFrom(null, '2026-01-01')).toEqual({ name: '', basis: '', effective_from: '2026-01-01', note: '', rates: [] })
  })
})

describe('the server’s compensation changes', () => {
  it('groups them by item with exact sums; held items count apart and change no total', () => {
    const changes = [
      change({ item_id: 1 }),
      change({ item_id: 2, source_key: 'parcel:2', old_amount_yuan: '0.10', new_amount_yuan: '0.20' }),
      change({ item_id: 3, item_type: 'house', source_key: 'building:5', change: 'held', old_amount_yuan: '1000.00', new_amount_yuan: '1100.00' }),
      change({ item_id: null, item_type: 'house', source_key: 'building:6', change: 'add', old_amount_yuan: null, new_amount_yuan: '0.30' }),
      change({ item_id: 4, source_key: 'parcel:3', change: 'remove', old_amount_yuan: '0.70', new_amount_yuan: null }),
    ]
    expect(groupChanges(changes, order)).toEqual([
      { item_type: 'land', added: 0, updated: 2, removed: 1, held: 0, delta_yuan: '-0.35', held_delta_yuan: '0.00' },
      { item_type: 'house', added: 1, updated: 0, removed: 0, held: 1, delta_yuan: '0.30', held_delta_yuan: '100.00' },
    ])
    expect([...heldByItem(changes).keys()]).toEqual([3])
  })

  it('writes a change with its sign', () => {
    expect(signed('1333.3', formatYuan)).toBe('+1 333.30')
    expect(signed('-120.5', formatYuan)).toBe('-120.50')
    expect(signed('0.00', formatYuan)).toBe('0.00')
  })

  it('dates a payment today in the user’s time zone', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05')
  })
})

describe('compensation item writes', () => {
  const stored: StoredItem = {
    id: 9, version: 3, project_id: 1, origin: 'computed', item_type: 'land', household_id: null, parcel_id: 4, quantity: '2.5000',
    unit: 'mu', rate_yuan: '24000.00', amount_yuan: '60000.00', rate_set_id: 2, paid_on: null, notes: '首期',
  }
  const item = (s: StoredItem): CompensationItem => ({
    ...s, unit: s.unit as CompensationItem['unit'], source_key: s.origin === 'computed' ? 'parcel:4' : null, updated_at: '', updated_by: 'finance',
  })

  it('marks a computed item paid with only paid_on and notes, which the server takes', () => {
    const body = paidBody(item(stored), '2026-11-20')
    expect(body).toEqual({ paid_on: '2026-11-20', notes: '首期' })
    const r = parseCompensationItemBody(body, stored)
    expect(r.issues).toEqual([])
    expect(r.value).toMatchObject({ paidOn: '2026-11-20', quantity: '2.5000', rateYuan: '24000.00', amountYuan: '60000.00' })
  })

  it('marks a manual item paid or unpaid sending it whole, the amount only for a lump sum', () => {
    const manualRate: StoredItem = { ...stored, origin: 'manual', item_type: 'attachments', unit: 'unit', quantity: '3.0000', rate_yuan: '150.00', amount_yuan: '450.00', rate_set_id: null, paid_on: '2026-11-01' }
    const unpaid = paidBody(item(manualRate), null)
    expect(unpaid).not.toHaveProperty('amount_yuan')
    expect(parseCompensationItemBody(unpaid, manualRate).value).toMatchObject({ paidOn: null, rateYuan: '150.00', amountYuan: null, quantity: '3.0000' })
    const lump: StoredItem = { ...manualRate, rate_yuan: null, amount_yuan: '8000.00', paid_on: null }
    const paid = paidBody(item(lump), '2026-11-26', '银行回单 0012')
    expect(parseCompensationItemBody(paid, lump).value).toMatchObject({ paidOn: '2026-11-26', rateYuan: null, amountYuan: '8000.00', reason: '银行回单 0012' })
  })

  it('the manual item form checks its fields and sends a rate or a lump sum, never both', () => {
    const v = itemFormValues(null, 'attachments', 'unit')
    v.quantity = '2.5'
    v.rate = ''
    expect(checkItemForm(v)).toEqual({ rate: 'required' })
    v.rate = '1,200.5'
    v.household_id = '12'
    expect(checkItemForm(v)).toEqual({})
    const body = itemFormBody(v, 1, 4)
    expect(body).toEqual({
      project_id: 1, item_type: 'attachments', household_id: 12, parcel_id: 4, quantity: '2.5', unit: 'unit', rate_yuan: '1200.5',
      paid_on: null, notes: null,
    })
    expect(parseCompensationItemBody(body).issues).toEqual([])
    v.pricing = 'lump_sum'
    v.amount = '5000'
    const lump = itemFormBody(v, 1, 4)
    expect([lump.rate_yuan, lump.amount_yuan]).toEqual([null, '5000'])
    expect(parseCompensationItemBody(lump).value).toMatchObject({ rateYuan: null, amountYuan: '5000.00' })
    v.quantity = '1.23456'
    v.amount = '-1'
    expect(checkItemForm(v)).toEqual({ quantity: 'quantity', amount: 'yuan' })
  })

  it('an edited item starts from its stored values, trailing zeros of the quantity dropped', () => {
    const manual = item({ ...stored, origin: 'manual', rate_yuan: null, amount_yuan: '8000.00', quantity: '2.5000', household_id: 3 })
    expect(itemFormValues(manual)).toMatchObject({ quantity: '2.5', pricing: 'lump_sum', amount: '8000.00', rate: '', household_id: '3' })
  })
})
