import type { Severity } from './finding.ts'

/**
 * Every stable audit finding code with its default severity and its messages in zh-CN and en. `{name}` placeholders
 * are filled from the finding's params; every message states the numbers it is about.
 */
export const auditCodes = {
  // Areas and geometry (rules in rules/: area claims, basis diagnosis, buildings, overlaps, gaps, scope)
  AREA_CLAIM_EXCEEDS_TOLERANCE: {
    severity: 'error',
    zh: '地块 {parcel_code} 申报面积 {claimed} 亩，按{basis_zh}核算为 {measured} 亩，相差 {delta_mu} 亩（{delta_m2} 平方米，{delta_ppm} ppm），超出限差 {tolerance_mu} 亩（取整 {rounding_mu} + 测量 2·m_P {survey_mu} + 计算 {computation_mu}），且不符合任何已知口径差异：面积超限，需复核。',
    en: 'Parcel {parcel_code}: claimed {claimed} mu, measured {measured} mu as {basis_en}: off by {delta_mu} mu ({delta_m2} m², {delta_ppm} ppm), beyond the tolerance of {tolerance_mu} mu (rounding {rounding_mu} + survey 2·m_P {survey_mu} + computation {computation_mu}), and no known difference of basis explains it: review.',
  },
  AREA_BASIS_DIFFERENCE: {
    severity: 'info',
    zh: '地块 {parcel_code} 申报面积 {claimed} 亩与按{basis_zh}核算的 {measured} 亩相差 {delta_mu} 亩（{delta_ppm} ppm），系口径差异——{method_zh}：{method_measured} 亩，与申报相差 {method_delta_mu} 亩，{method_verdict_zh}（限差 {method_tolerance_mu} 亩）。',
    en: 'Parcel {parcel_code}: the claim of {claimed} mu differs by {delta_mu} mu ({delta_ppm} ppm) from the {measured} mu measured as {basis_en}, a difference of basis — {method_en}: {method_measured} mu, {method_delta_mu} mu from the claim, {method_verdict_en} (tolerance {method_tolerance_mu} mu).',
  },
  AREA_PROJECT_CLAIM_EXCEEDS_TOLERANCE: {
    severity: 'error',
    zh: '项目 {project_code} 的 {parcels} 宗地块（不含单独超限的 {parcels_flagged} 宗）申报面积合计 {claimed} 亩，按各自口径核算合计 {measured} 亩，相差 {delta_mu} 亩（{delta_ppm} ppm），超出项目限差 {tolerance_mu} 亩（取整之和 {rounding_mu} + 测量 2·√Σm_P² {survey_mu} + 计算 {computation_mu}）。',
    en: 'Project {project_code}: the claims of {parcels} parcels (leaving out {parcels_flagged} that exceed on their own) add up to {claimed} mu against {measured} mu measured, each in its claim\'s basis: off by {delta_mu} mu ({delta_ppm} ppm), beyond the project tolerance of {tolerance_mu} mu (rounding summed {rounding_mu} + survey 2·√Σm_P² {survey_mu} + computation {computation_mu}).',
  },
  BUILDING_FLOOR_AREA_MISMATCH: {
    severity: 'warning',
    zh: '房屋 {building_code}（地块 {parcel_code}）建筑面积 {floor_area_m2} 平方米，占地 {footprint_m2} 平方米 × {floors} 层 = {expected_m2} 平方米，相差 {delta_m2} 平方米（{delta_percent}%），超出允许差 {tolerance_m2} 平方米（测量 {survey_m2} + 外墙与阳台计算规则 {convention_m2} + 取整 0.005）。',
    en: 'Building {building_code} (parcel {parcel_code}): floor area {floor_area_m2} m², but footprint {footprint_m2} m² × {floors} floors = {expected_m2} m²: off by {delta_m2} m² ({delta_percent}%), beyond the allowance of {tolerance_m2} m² (survey {survey_m2} + outer-wall and balcony conventions {convention_m2} + rounding 0.005).',
  },
  BUILDING_OUTSIDE_PARCEL: {
    severity: 'error',
    zh: '房屋 {building_code} 占地有 {outside_m2} 平方米在所属地块 {parcel_code} 之外（允许 0.5 平方米）。',
    en: '{outside_m2} m² of building {building_code}\'s footprint lie outside its parcel {parcel_code} (0.5 m² is tolerated).',
  },
  PARCEL_OVERLAP_IN_PROJECT: {
    severity: 'error',
    zh: '地块 {parcel_code} 与同项目地块 {other_parcel_code} 重叠 {overlap_m2} 平方米（{overlap_mu} 亩）。',
    en: 'Parcels {parcel_code} and {other_parcel_code} of the same project overlap by {overlap_m2} m² ({overlap_mu} mu).',
  },
  PARCEL_OVERLAP_OTHER_PROJECT: {
    severity: 'error',
    zh: '地块 {parcel_code} 与项目 {other_project_code} 的地块 {other_parcel_code} 重叠 {overlap_m2} 平方米（{overlap_mu} 亩）。',
    en: 'Parcel {parcel_code} overlaps parcel {other_parcel_code} of project {other_project_code} by {overlap_m2} m² ({overlap_mu} mu).',
  },
  PARCEL_GAP_IN_PROJECT: {
    severity: 'warning',
    zh: '地块 {parcel_codes} 之间有 {area_m2} 平方米的缝隙（平均宽 {width_m} 米，窄于 1 米），不属于任何地块。',
    en: 'A sliver of {area_m2} m² (mean width {width_m} m, under 1 m) lies between parcels {parcel_codes} and belongs to none of them.',
  },
  PARCEL_OUTSIDE_SCOPE: {
    severity: 'error',
    zh: '地块 {parcel_code} 有 {outside_m2} 平方米（{outside_mu} 亩，占 {outside_percent}%）在项目拟征收范围之外。',
    en: '{outside_m2} m² ({outside_mu} mu, {outside_percent}%) of parcel {parcel_code} lie outside the project\'s announced acquisition scope.',
  },

  // Records, money and approval (rules in rules/: persons, agreements, compensation items, funds, Art. 46)
  RESETTLED_PERSONS_MISMATCH: {
    severity: 'error',
    zh: '被征收户 {household}（地块 {parcels}）安置人口 {persons} 人，标记为安置的成员 {flagged} 人（成员共 {members} 人），相差 {difference} 人。',
    en: 'Household {household} (parcels {parcels}) resettles {persons} persons, but {flagged} of its {members} members are flagged as resettled: off by {difference}.',
  },
  HOUSEHOLD_WITHOUT_AGREEMENT: {
    severity: 'warning',
    zh: '被征收户 {household}（地块 {parcels}）没有已签订的补偿安置协议：{agreement_zh}。',
    en: 'Household {household} (parcels {parcels}) has no signed compensation and resettlement agreement: {agreement_en}.',
  },
  COMPENSATION_ITEM_WITHOUT_RATE: {
    severity: 'error',
    zh: '补偿项 #{item}（{item_type_zh}，{quantity} {unit_zh}，金额 {amount_yuan} 元）没有单价：{item_type_zh}须按补偿标准的单价计算。',
    en: 'Compensation item #{item} ({item_type_en}, {quantity} {unit_en}, {amount_yuan} yuan) has no rate: {item_type_en} is paid at a standard rate.',
  },
  COMPENSATION_AMOUNT_MISMATCH: {
    severity: 'error',
    zh: '补偿项 #{item}（{item_type_zh}）金额 {amount_yuan} 元，而数量 {quantity} {unit_zh} × 单价 {rate_yuan} 元 = {expected_yuan} 元，相差 {difference_yuan} 元（{difference_wan} 万元）。',
    en: 'Compensation item #{item} ({item_type_en}) is {amount_yuan} yuan, but quantity {quantity} {unit_en} × rate {rate_yuan} yuan = {expected_yuan} yuan: off by {difference_yuan} yuan ({difference_wan} 万元).',
  },
  FUNDS_REPORTED_TOTAL_MISMATCH: {
    severity: 'error',
    zh: '{scope_zh} {period} {figure_zh}：报告数 {stated_yuan} 元（{stated_wan} 万元），台账 {ledger_yuan} 元（{ledger_wan} 万元），相差 {difference_yuan} 元（{difference_wan} 万元）。来源：{source}。',
    en: '{scope_en}, {period}, {figure_en}: stated {stated_yuan} yuan ({stated_wan} 万元), ledger {ledger_yuan} yuan ({ledger_wan} 万元): off by {difference_yuan} yuan ({difference_wan} 万元). Source: {source}.',
  },
  FUNDS_REPORTED_PARTS_MISMATCH: {
    severity: 'error',
    zh: '{scope_zh} {period} 拨付资金报告数 {stated_yuan} 元（{stated_wan} 万元），其分项（征地补偿 {acquisition_yuan} + 安置 {resettlement_yuan} + 工作经费 {working_yuan} 元）合计 {parts_yuan} 元（{parts_wan} 万元），相差 {difference_yuan} 元（{difference_wan} 万元）；台账拨付 {ledger_yuan} 元（{ledger_wan} 万元）。来源：{source}。',
    en: '{scope_en}, {period}: disbursements stated as {stated_yuan} yuan ({stated_wan} 万元), but the stated parts (acquisition {acquisition_yuan} + resettlement {resettlement_yuan} + working {working_yuan} yuan) add up to {parts_yuan} yuan ({parts_wan} 万元): off by {difference_yuan} yuan ({difference_wan} 万元); the ledger disbursed {ledger_yuan} yuan ({ledger_wan} 万元). Source: {source}.',
  },
  FUNDS_DISBURSED_EXCEEDS_DEPOSITS: {
    severity: 'error',
    zh: '项目资金余额在 {date} 降至 {lowest_yuan} 元（{lowest_wan} 万元）：截至当时累计拨付 {disbursed_yuan} 元，超过累计预存 {deposited_yuan} 元（账目 #{entry}）。',
    en: 'The project balance fell to {lowest_yuan} yuan ({lowest_wan} 万元) on {date}: {disbursed_yuan} yuan disbursed by then exceeded the {deposited_yuan} yuan deposited (entry #{entry}).',
  },
  FUNDS_DISBURSEMENT_WITHOUT_PRECHECK: {
    severity: 'error',
    zh: '拨付 #{entry}（{part_zh}，{amount_yuan} 元，{date}）未经稽核预审批准：{reason_zh}（申请 #{request}）。',
    en: 'Disbursement #{entry} ({part_en}, {amount_yuan} yuan, {date}) has no approved audit pre-check: {reason_en} (request #{request}).',
  },
  APPROVAL_AUTHORITY_MISMATCH: {
    severity: 'error',
    zh: '报批批次 {batch}（{batch_name}）申报省级人民政府批准，但依《土地管理法》第四十六条须报国务院批准：{clauses_zh}。永久基本农田 {basic_farmland_m2} ㎡（{basic_farmland_mu} 亩），其他耕地 {cultivated_m2} ㎡（{cultivated_mu} 亩，上限 35 公顷 = 525 亩），其他土地 {other_m2} ㎡（{other_mu} 亩，上限 70 公顷 = 1050 亩）。',
    en: 'Approval batch {batch} ({batch_name}) is declared for the province, but Art. 46 of the Land Administration Law requires the State Council: {clauses_en}. Permanent basic farmland {basic_farmland_m2} m² ({basic_farmland_mu} mu), other cultivated land {cultivated_m2} m² ({cultivated_mu} mu, limit 35 ha = 525 mu), other land {other_m2} m² ({other_mu} mu, limit 70 ha = 1050 mu).',
  },
  APPROVAL_AUTHORITY_HIGHER_THAN_NEEDED: {
    severity: 'info',
    zh: '报批批次 {batch}（{batch_name}）申报国务院批准；依《土地管理法》第四十六条由省级人民政府批准即可：无永久基本农田，其他耕地 {cultivated_m2} ㎡（{cultivated_mu} 亩）未超过 35 公顷，其他土地 {other_m2} ㎡（{other_mu} 亩）未超过 70 公顷。',
    en: 'Approval batch {batch} ({batch_name}) is declared for the State Council; under Art. 46 of the Land Administration Law the province suffices: no permanent basic farmland, other cultivated land {cultivated_m2} m² ({cultivated_mu} mu) not over 35 ha, other land {other_m2} m² ({other_mu} mu) not over 70 ha.',
  },
} as const satisfies Record<string, { severity: Severity; zh: string; en: string }>

export type AuditCode = keyof typeof auditCodes

/** The message of a finding in one language, placeholders filled from its params. */
export function auditMessage(code: AuditCode, params: Record<string, string | number>, lang: 'zh' | 'en'): string {
  return auditCodes[code][lang].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m))
}
