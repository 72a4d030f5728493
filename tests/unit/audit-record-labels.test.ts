import { describe, expect, it } from 'vitest'
import { isYuanText } from '../../client/panels/audit/figures.ts'
import { recordNames } from '../../client/panels/audit/labels.ts'
import { missingRecordLabel, recordLabel, type RecordLabelFacts } from '../../server/domain/audit/record-labels.ts'

const none = { code: null, household_id: null, village_group: null, item_zh: null, item_en: null, period: null, found: true }
const facts = (f: Partial<RecordLabelFacts> & Pick<RecordLabelFacts, 'type' | 'id'>): RecordLabelFacts => ({ ...none, ...f })

describe('recordLabel: records by code, households by id and village group only', () => {
  it('names coded records by their code', () => {
    expect(recordLabel(facts({ type: 'building', id: 5, code: 'F-001' }))).toEqual({ type: 'building', id: 5, code: 'F-001', zh: '建筑物 F-001', en: 'Building F-001' })
    expect(recordLabel(facts({ type: 'grave', id: 2, code: 'M-03' }))).toMatchObject({ code: 'M-03', zh: '坟墓 M-03', en: 'Grave M-03' })
    expect(recordLabel(facts({ type: 'approval_batch', id: 1, code: 'PB-2021-02' }))).toMatchObject({ zh: '报批批次 PB-2021-02' })
    expect(recordLabel(facts({ type: 'agreement', id: 4, code: 'XY-7' }))).toMatchObject({ code: 'XY-7', zh: '协议 XY-7', en: 'Agreement XY-7' })
    expect(recordLabel(facts({ type: 'agreement', id: 4 }))).toMatchObject({ code: null, zh: '协议 #4', en: 'Agreement #4' })
    expect(recordLabel(facts({ type: 'attachment', id: 8, code: '杨树' }))).toMatchObject({ code: null, zh: '附着物 杨树 #8', en: 'Attachment 杨树 #8' })
    expect(recordLabel(facts({ type: 'area_claim', id: 3, code: 'HC-012' }))).toMatchObject({ code: 'HC-012', zh: '地块 HC-012 的面积申报', en: 'Area claim of parcel HC-012' })
  })

  it('names a household by its id and village group, an item by its type and id', () => {
    expect(recordLabel(facts({ type: 'household', id: 193, village_group: '板山村三组' })))
      .toEqual({ type: 'household', id: 193, code: null, zh: '户 #193（板山村三组）', en: 'Household #193 (板山村三组)' })
    expect(recordLabel(facts({ type: 'household', id: 193 }))).toMatchObject({ zh: '户 #193', en: 'Household #193' })
    expect(recordLabel(facts({ type: 'resettlement', id: 9, household_id: 193, village_group: '二组' })))
      .toMatchObject({ zh: '户 #193（二组）的安置', en: 'Resettlement of household #193 (二组)' })
    expect(recordLabel(facts({ type: 'compensation_item', id: 45, code: 'house', item_zh: '房屋补偿', item_en: 'House compensation' })))
      .toMatchObject({ code: null, zh: '房屋补偿 #45', en: 'House compensation #45' })
    expect(recordLabel(facts({ type: 'compensation_item', id: 45, item_zh: '房屋补偿', item_en: 'House compensation', household_id: 7, village_group: '一组' })))
      .toMatchObject({ zh: '房屋补偿 #45（户 #7（一组））', en: 'House compensation #45 (Household #7 (一组))' })
  })

  it('names a reported figure by its kind and period; a gone record or an unknown type by its bare id', () => {
    expect(recordLabel(facts({ type: 'reported_figure', id: 2, code: 'disbursed_yuan', period: '2021-01-01..2021-12-31' })))
      .toMatchObject({ zh: '报告数 #2（拨付资金，2021-01-01 – 2021-12-31）', en: 'Reported figure #2 (disbursements, 2021-01-01 – 2021-12-31)' })
    expect(missingRecordLabel('building', 5)).toEqual({ type: 'building', id: 5, code: null, zh: '建筑物 #5（已删除）', en: 'Building #5 (deleted)' })
    expect(recordLabel(facts({ type: 'fund_entry', id: 11 }))).toMatchObject({ zh: '资金流水 #11', en: 'Fund entry #11' })
    expect(recordLabel(facts({ type: 'something_new', id: 1 }))).toMatchObject({ zh: 'something_new #1', en: 'something_new #1' })
  })
})

describe('recordNames (client): labels where the server gave them, else kind and id', () => {
  const kind = (type: string) => ({ household: '户', building: '建筑物' })[type] ?? type
  it('uses the label of the same record, and falls back for old sign-offs without labels', () => {
    const records = [{ type: 'household', id: 193 }, { type: 'building', id: 5 }]
    const record_labels = [
      { type: 'household', id: 193, code: null, zh: '户 #193（三组）', en: 'Household #193 (三组)' },
      { type: 'building', id: 5, code: 'F-001', zh: '建筑物 F-001', en: 'Building F-001' },
    ]
    expect(recordNames({ records, record_labels }, 'zh', kind)).toEqual(['户 #193（三组）', '建筑物 F-001'])
    expect(recordNames({ records, record_labels }, 'en', kind)).toEqual(['Household #193 (三组)', 'Building F-001'])
    expect(recordNames({ records }, 'zh', kind)).toEqual(['户 #193', '建筑物 #5'])
    expect(recordNames({ records, record_labels: [record_labels[1]!] }, 'zh', kind)).toEqual(['户 #193', '建筑物 #5'])
  })
})

describe('isYuanText', () => {
  it('takes positive yuan with at most two decimals, nothing else', () => {
    for (const ok of ['1', '0.01', '135899624.72', ' 12.5 ', '999999999999.99']) expect(isYuanText(ok), ok).toBe(true)
    for (const bad of ['', '0', '0.00', '-1', '1.234', '1e3', '1,000', '１２', '1000000000000', '.5']) expect(isYuanText(bad), bad).toBe(false)
  })
})
