import { figureNames } from './record-findings.ts'

/**
 * How a finding names a record to its reader: by its own code where it has one (a building's, a grave's, a batch's,
 * an agreement's number), else by what tells it apart without personal data. A household is its id and its village
 * group only, never its head's name. `code` is the record's code (or the parcel's, for an area claim), else null.
 */
export interface RecordLabel {
  type: string
  id: number
  code: string | null
  zh: string
  en: string
}

/** What sql/queries/record-labels.sql gives for one record. */
export interface RecordLabelFacts {
  type: string
  id: number
  /** The code, attachment name, item type, parcel code (area claim), project code (scope) or figure, by type. */
  code: string | null
  household_id: number | null
  village_group: string | null
  item_zh: string | null
  item_en: string | null
  /** A reported figure's period 'YYYY-MM-DD..YYYY-MM-DD'. */
  period: string | null
  /** False once the record is gone (deleted since the finding was made). */
  found: boolean
}

export const recordTypeNames: Record<string, { zh: string; en: string }> = {
  parcel: { zh: '地块', en: 'Parcel' },
  household: { zh: '户', en: 'Household' },
  building: { zh: '建筑物', en: 'Building' },
  grave: { zh: '坟墓', en: 'Grave' },
  attachment: { zh: '附着物', en: 'Attachment' },
  resettlement: { zh: '安置', en: 'Resettlement' },
  agreement: { zh: '协议', en: 'Agreement' },
  compensation_item: { zh: '补偿项', en: 'Compensation item' },
  area_claim: { zh: '面积申报', en: 'Area claim' },
  acquisition_scope: { zh: '拟征收范围', en: 'Acquisition scope' },
  approval_batch: { zh: '报批批次', en: 'Approval batch' },
  reported_figure: { zh: '报告数', en: 'Reported figure' },
  fund_entry: { zh: '资金流水', en: 'Fund entry' },
  disbursement_request: { zh: '拨付申请', en: 'Disbursement request' },
}

function household(id: number, group: string | null) {
  return group
    ? { zh: `户 #${id}（${group}）`, en: `Household #${id} (${group})` }
    : { zh: `户 #${id}`, en: `Household #${id}` }
}

/** The label of one record from its facts (pure: the unit tests feed it facts). */
export function recordLabel(f: RecordLabelFacts): RecordLabel {
  const name = recordTypeNames[f.type] ?? { zh: f.type, en: f.type }
  const bare = { zh: `${name.zh} #${f.id}`, en: `${name.en} #${f.id}` }
  const make = (code: string | null, words: { zh: string; en: string }): RecordLabel => ({ type: f.type, id: f.id, code, ...words })
  if (!f.found) return make(null, { zh: `${bare.zh}（已删除）`, en: `${bare.en} (deleted)` })
  switch (f.type) {
    case 'building':
    case 'grave':
    case 'approval_batch':
      return f.code ? make(f.code, { zh: `${name.zh} ${f.code}`, en: `${name.en} ${f.code}` }) : make(null, bare)
    case 'agreement':
      return f.code ? make(f.code, { zh: `协议 ${f.code}`, en: `Agreement ${f.code}` }) : make(null, bare)
    case 'attachment':
      return make(null, f.code ? { zh: `附着物 ${f.code} #${f.id}`, en: `Attachment ${f.code} #${f.id}` } : bare)
    case 'area_claim':
      return f.code ? make(f.code, { zh: `地块 ${f.code} 的面积申报`, en: `Area claim of parcel ${f.code}` }) : make(null, bare)
    case 'acquisition_scope':
      return f.code ? make(null, { zh: `项目 ${f.code} 的拟征收范围`, en: `Acquisition scope of project ${f.code}` }) : make(null, bare)
    case 'compensation_item': {
      const item = f.item_zh && f.item_en ? { zh: `${f.item_zh} #${f.id}`, en: `${f.item_en} #${f.id}` } : bare
      if (f.household_id === null) return make(null, item)
      const h = household(f.household_id, f.village_group)
      return make(null, { zh: `${item.zh}（${h.zh}）`, en: `${item.en} (${h.en})` })
    }
    case 'household':
      return make(null, household(f.id, f.village_group))
    case 'resettlement': {
      if (f.household_id === null) return make(null, bare)
      const h = household(f.household_id, f.village_group)
      return make(null, { zh: `${h.zh}的安置`, en: `Resettlement of ${h.en.charAt(0).toLowerCase()}${h.en.slice(1)}` })
    }
    case 'reported_figure': {
      const figure = f.code ? figureNames[f.code] : undefined
      if (!figure || !f.period) return make(null, bare)
      const period = f.period.replace('..', ' – ')
      return make(null, { zh: `报告数 #${f.id}（${figure.zh}，${period}）`, en: `Reported figure #${f.id} (${figure.en}, ${period})` })
    }
    default:
      return make(null, bare)
  }
}

/** The label of a record the labels query did not find (deleted since the finding was made). */
export function missingRecordLabel(type: string, id: number): RecordLabel {
  return recordLabel({ type, id, code: null, household_id: null, village_group: null, item_zh: null, item_en: null, period: null, found: false })
}
