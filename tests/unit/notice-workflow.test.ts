import { describe, expect, it } from 'vitest'
import { personalPatternsIn } from '../../server/domain/notices/personal-patterns.ts'
import { noticeText, townshipOf, type NoticeFigures } from '../../server/domain/notices/notice-text.ts'
import { approverRefusal, noticeStatuses, stepRefusal, type NoticeStep } from '../../server/domain/notices/workflow.ts'

describe('the notice workflow', () => {
  const allowed: Record<NoticeStep, string[]> = {
    edit: ['draft'],
    regenerate: ['draft'],
    delete: ['draft'],
    approve: ['draft'],
    publish: ['approved'],
    withdraw: ['approved', 'published'],
    expire: ['published'],
    add_evidence: ['published', 'expired'],
  }

  it('allows each step only from its statuses', () => {
    for (const [step, from] of Object.entries(allowed) as [NoticeStep, string[]][]) {
      for (const status of noticeStatuses) {
        expect(stepRefusal(status, step) === undefined, `${step} from ${status}`).toBe(from.includes(status))
      }
    }
  })

  it('names the refusal: not a draft, not approved, not published', () => {
    expect(stepRefusal('published', 'edit')).toBe('NOTICE_NOT_DRAFT')
    expect(stepRefusal('approved', 'approve')).toBe('NOTICE_NOT_DRAFT')
    expect(stepRefusal('draft', 'publish')).toBe('NOTICE_NOT_APPROVED')
    expect(stepRefusal('withdrawn', 'publish')).toBe('NOTICE_NOT_APPROVED')
    expect(stepRefusal('draft', 'withdraw')).toBe('NOTICE_NOT_PUBLISHED')
    expect(stepRefusal('expired', 'withdraw')).toBe('NOTICE_NOT_PUBLISHED')
  })

  it('refuses an approver who drafted or edited the notice (four eyes)', () => {
    expect(approverRefusal('legal', ['legal'])).toBe('NOTICE_APPROVER_IS_DRAFTER')
    expect(approverRefusal('legal2', ['legal', 'legal2'])).toBe('NOTICE_APPROVER_IS_DRAFTER')
    expect(approverRefusal('legal2', ['legal'])).toBeUndefined()
  })
})

describe('personal data in a notice text', () => {
  it('finds an ID number and a mobile number, also written with spaces, hyphens or full-width digits', () => {
    expect(personalPatternsIn('户主身份证430011194501010037。')).toEqual(['id_number'])
    expect(personalPatternsIn('号码 43001419610422008X')).toEqual(['id_number'])
    expect(personalPatternsIn('联系 138-0745-0000')).toEqual(['mobile'])
    expect(personalPatternsIn('联系１３８０７４５００００')).toEqual(['mobile'])
    expect(personalPatternsIn('430011 19450101 0037 与 13307450000')).toEqual(['id_number', 'mobile'])
  })

  it('leaves areas, dates, landlines and longer digit runs alone', () => {
    expect(personalPatternsIn('面积 12.3456 公顷（合 185.184 亩），自 2025-10-13 起，电话 0745-2381234')).toEqual([])
    expect(personalPatternsIn('编号 1234567890123456789012')).toEqual([])
  })
})

const figures: NoticeFigures = {
  parcels: 3,
  area_m2: '12345.67',
  area_mu: '18.519',
  area_ha: '1.2346',
  land_classes: [{ code: '0101', name: '水田', name_en: 'Paddy field', parcels: 2, area_mu: '12.000' }, { code: '0103', name: '旱地', name_en: 'Dry land', parcels: 1, area_mu: '6.519' }],
  collectives: [{ name: '石门乡板山村五组', parcels: 2, area_mu: '12.000' }, { name: '盈口乡炉天冲村', parcels: 1, area_mu: '6.519' }],
  rates: [
    { item_type: 'land', name: '土地补偿费', name_en: 'Land compensation', land_class: '0101', land_class_name: '水田', structure: null, attachment: null, unit: 'mu', rate_yuan: '48000.00' },
    { item_type: 'resettlement_subsidy', name: '安置补助费', name_en: 'Resettlement subsidy', land_class: '01', land_class_name: '耕地', structure: null, attachment: null, unit: 'mu', rate_yuan: '36000.00' },
    { item_type: 'attachments', name: '地上附着物补偿', name_en: 'Attachments compensation', land_class: null, land_class_name: null, structure: null, attachment: 'well', unit: 'unit', rate_yuan: '1500.00' },
    { item_type: 'house', name: '房屋补偿', name_en: 'House compensation', land_class: null, land_class_name: null, structure: 'frame', attachment: null, unit: 'm2', rate_yuan: '1200.00' },
  ],
  rate_set: { name: '2021 标准', basis: '怀政发〔2018〕7号', effective_from: '2021-01-01' },
  approval_batches: [],
  scope_source: 'parcels',
}

describe('the generated notice text', () => {
  it('takes the townships from the collectives, in order of first appearance', () => {
    expect(townshipOf(['石门乡板山村五组', '城东街道樟树湾村一组', '石门乡板山村三组'])).toBe('石门乡、城东街道')
    expect(townshipOf(['板山村五组'])).toBeNull()
  })

  it('states area in 公顷 and 亩, land classes, collectives, rates and the period of a compensation plan, with the hearing channel', () => {
    const { title, body } = noticeText({
      kind: 'compensation_plan', project: { code: 'P', name: '正清路延长线', district: '鹤城区' }, township: '石门乡、盈口乡',
      contacts: '政策法规科 0745-0000000', period: { days: 30, unit: 'days' }, figures,
    })
    expect(title).toBe('正清路延长线征地补偿安置方案公告')
    expect(body).toContain('1.2346公顷（合18.519亩），其中水田12.000亩、旱地6.519亩')
    expect(body).toContain('石门乡板山村五组：2宗，12.000亩')
    expect(body).toContain('土地补偿费（水田）：48000.00元/亩')
    expect(body).toContain('房屋补偿（框架结构）：1200.00元/平方米')
    expect(body).toContain('安置补助费（耕地）：36000.00元/亩')
    expect(body).toContain('地上附着物补偿（水井）：1500.00元/个（株、处）')
    expect(body).toContain('怀政发〔2018〕7号')
    expect(body).toContain('自本公告发布之日起30日')
    expect(body).toContain('听证')
    expect(body).toContain('政策法规科 0745-0000000')
    expect(personalPatternsIn(body)).toEqual([])
  })

  it('counts a pre-announcement in working days and warns against 抢栽抢建', () => {
    const { title, body } = noticeText({
      kind: 'pre_announcement', project: { code: 'P', name: '正清路延长线', district: null }, township: null,
      contacts: null, period: { days: 10, unit: 'working_days' }, figures,
    })
    expect(title).toBe('正清路延长线征收土地预公告')
    expect(body).toContain('10个工作日')
    expect(body).toContain('抢栽抢建')
    expect(body).toContain('第二十六条')
  })
})
