import type { AuditReport } from '../db/audit-report.ts'
import type { Lang } from '../domain/issue-codes.ts'

/**
 * The audit report as tables, one definition for the CSV, the XLSX and the PDF: the header block (title, period,
 * sentence), the audited projects with their totals and the total row, the projects not audited, the findings and
 * the per-parcel area check. Numbers stay decimal strings from the database (`{ number }`), never floats.
 */
export type TableCell = null | string | { number: string }

export interface ReportTable {
  /** Section title (汇总, 发现, 地块 …). */
  title: string
  header: string[]
  rows: TableCell[][]
  /** Rows after `rows` that are totals (bold in the XLSX and PDF). */
  footer?: TableCell[][]
  /** How each column is aligned in print: numbers right. */
  align: ('left' | 'right')[]
}

/**
 * Columns of the findings table that the PDF prints together: the records (their labels, as the JSON's
 * `record_labels`, without personal data) go on a line under the finding's text.
 */
export const findingColumns = { text: 3, records: 5 } as const

export interface ReportTables {
  title: string
  /** [label, value] lines above the tables. */
  heading: [string, string][]
  projects: ReportTable
  notAudited: ReportTable
  findings: ReportTable
  parcels: ReportTable
  notes: string[]
}

/** A figure as a number cell: a decimal string (a leading + dropped, as Δ is signed), else kept as text. */
function num(v: string | number | null | undefined): TableCell {
  if (v === null || v === undefined || v === '') return null
  const s = String(v).replace(/^\+/, '')
  return /^-?\d+(\.\d+)?$/.test(s) ? { number: s } : String(v)
}

type Labels = Record<string, string>

/** Display names of the enumerations in the report, in zh-CN and en. */
export const reportLabels: Record<Lang, {
  severity: Labels; verdict: Labels; basis: Labels; diagnosis: Labels; decision: Labels; yes: string; no: string; open: string
}> = {
  'zh-CN': {
    severity: { error: '错误', warning: '警告', info: '提示' },
    verdict: { consistent: '一致', within_tolerance: '限差内', exceeds: '超限', no_claim: '无申报' },
    basis: { ellipsoid: '椭球面积', gk3: '高斯平面(3°带)', unknown: '未注明' },
    diagnosis: { ellipsoid: '椭球口径', gk_planar: '平面口径', gk_wrong_zone: '错带计算', sphere_turf7: '球面(Turf 7 等)', sphere_turf6: '球面(Turf 6/Leaflet)', gcj02: 'GCJ-02 偏移' },
    decision: { accepted: '已接受', returned: '已退回' },
    yes: '是', no: '否', open: '未处理',
  },
  en: {
    severity: { error: 'error', warning: 'warning', info: 'info' },
    verdict: { consistent: 'consistent', within_tolerance: 'within tolerance', exceeds: 'exceeds tolerance', no_claim: 'no claim' },
    basis: { ellipsoid: 'ellipsoidal', gk3: 'Gauss-Krüger 3° planar', unknown: 'not stated' },
    diagnosis: { ellipsoid: 'ellipsoidal basis', gk_planar: 'planar basis', gk_wrong_zone: 'wrong GK zone', sphere_turf7: 'sphere (Turf 7 etc.)', sphere_turf6: 'sphere (Turf 6/Leaflet)', gcj02: 'GCJ-02 shift' },
    decision: { accepted: 'accepted', returned: 'returned' },
    yes: 'yes', no: 'no', open: 'open',
  },
}

const label = (map: Labels, key: string | null | undefined) => (key === null || key === undefined ? null : map[key] ?? key)

/** Beijing-time "YYYY-MM-DD HH:MM" of an ISO instant. */
export function beijingTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
}

export function reportTables(r: AuditReport, lang: Lang): ReportTables {
  const zh = lang === 'zh-CN'
  const L = reportLabels[lang]
  const heading: [string, string][] = zh
    ? [
        ['期间', `${r.from} 至 ${r.to}（北京时间，含首尾两日）`],
        ['稽核结论', r.sentence.zh],
        ['已稽核项目', `${r.totals.projects} 个（期间内最近一次签署）`],
        ['生成时间', `${beijingTime(r.generated_at)}（北京时间）`],
      ]
    : [
        ['Period', `${r.from} to ${r.to} (Beijing time, both days included)`],
        ['Audit figures', r.sentence.en],
        ['Audited projects', `${r.totals.projects} (the latest sign-off in the period)`],
        ['Generated', `${beijingTime(r.generated_at)} (Beijing time)`],
      ]
  const t = r.totals
  const projects: ReportTable = {
    title: zh ? '汇总' : 'Totals',
    header: zh
      ? ['项目编号', '项目名称', '签署编号', '签署人', '签署日期', '签署后有变更', '地块数', '土地面积(㎡)', '土地面积(亩)', '房屋数', '房屋面积(㎡)', '户数', '安置人口(人)']
      : ['Project', 'Project name', 'Sign-off', 'Signed by', 'Signed on', 'Changed since', 'Parcels', 'Land (m²)', 'Land (mu)', 'Buildings', 'Houses (m²)', 'Households', 'Persons resettled'],
    rows: r.projects.map((p) => [
      p.code, p.name, num(p.signoff.id), p.signoff.signed_by, p.signoff.signed_on, p.signoff.stale ? L.yes : L.no,
      num(p.totals.parcels), num(p.totals.land_m2), num(p.land_mu), num(p.totals.buildings), num(p.totals.houses_m2),
      num(p.totals.households), num(p.totals.persons),
    ]),
    footer: [[zh ? '合计' : 'Total', null, null, null, null, null, num(t.parcels), num(t.land_m2), num(t.land_mu), num(t.buildings),
      num(t.houses_m2), num(t.households), num(t.persons)]],
    align: ['left', 'left', 'right', 'left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  }
  const notAudited: ReportTable = {
    title: zh ? '期间内未签署的项目（不计入合计）' : 'Projects not signed off in the period (not in the totals)',
    header: zh ? ['项目编号', '项目名称'] : ['Project', 'Project name'],
    rows: r.not_audited.map((p) => [p.code, p.name]),
    align: ['left', 'left'],
  }
  const findings: ReportTable = {
    title: zh ? '发现' : 'Findings',
    header: zh
      ? ['项目编号', '严重程度', '代码', '说明', '地块', '涉及记录', '处理', '处理人', '处理时间', '处理理由', '问题键']
      : ['Project', 'Severity', 'Code', 'Finding', 'Parcels', 'Records', 'Decision', 'Decided by', 'Decided at', 'Reason', 'Key'],
    rows: r.findings.map((f) => [
      f.project_code ?? (zh ? '全局（报告数）' : 'office (reported figures)'), label(L.severity, f.severity), f.code,
      zh ? f.message.zh : f.message.en, f.parcel_codes.join(zh ? '、' : ', '),
      f.record_labels.length ? f.record_labels.map((l) => (zh ? l.zh : l.en)).join(zh ? '、' : '; ') : null,
      f.decision ? label(L.decision, f.decision.decision) : L.open, f.decision?.decided_by ?? null,
      f.decision ? beijingTime(f.decision.decided_at) : null, f.decision?.reason ?? null, f.key,
    ]),
    align: ['left', 'left', 'left', 'left', 'left', 'left', 'left', 'left', 'left', 'left', 'left'],
  }
  const parcels: ReportTable = {
    title: zh ? '地块' : 'Parcels',
    header: zh
      ? ['项目编号', '地块编号', '权属单位', '地类代码', '地类', '申报面积(亩)', '申报口径', '核算面积(亩)', '差值(亩)', '差值(㎡)', '差值(ppm)', '限差T(亩)', '结论', '口径诊断']
      : ['Project', 'Parcel', 'Owner', 'Land class', 'Land class name', 'Claimed (mu)', 'Basis', 'Measured (mu)', 'Δ (mu)', 'Δ (m²)', 'Δ (ppm)', 'Tolerance T (mu)', 'Verdict', 'Basis diagnosis'],
    rows: r.parcels.map((p) => [
      p.project_code, p.code, p.owner ?? null, p.land_class ?? null, zh ? p.land_class_zh : p.land_class_en, num(p.claimed_mu),
      p.basis === 'unknown' && p.basis_used ? `${label(L.basis, p.basis)} → ${label(L.basis, p.basis_used)}` : label(L.basis, p.basis), num(p.measured_mu), num(p.delta_mu), num(p.delta_m2), num(p.delta_ppm), num(p.tolerance_mu),
      label(L.verdict, p.verdict), label(L.diagnosis, p.diagnosis),
    ]),
    align: ['left', 'left', 'left', 'left', 'left', 'right', 'left', 'right', 'right', 'right', 'right', 'right', 'left', 'left'],
  }
  const notes = zh
    ? [
        '土地面积为 CGCS2000 椭球面积（核定面积，zd_area），合计按各项目平方米之和一次折算为亩并四舍五入到 0.001 亩，可能与各项目亩数之和相差 0.001 亩。',
        '汇总与发现为签署时的数据；地块表为当前数据的面积核查（“签署后有变更”为“是”的项目，其地块可能已变）。全局发现按本期的报告数与账目当前计算。',
        '报告不含个人信息：被征收户只以编号出现，户内补偿金额不列示，处理理由中的姓名、身份证号和电话以＊＊代替。',
      ]
    : [
        'Land is the CGCS2000 ellipsoidal area (the authoritative area, zd_area); the total converts the summed m² to mu once, rounded half-up to 0.001 mu, so it may differ by 0.001 mu from the sum of the projects\u2019 mu.',
        'Totals and findings are those at the signature; the parcel table checks the current data (a project "changed since" its sign-off may have changed parcels). Office findings are computed now from the period\u2019s reported figures and the ledger.',
        'No personal data: households appear by id only, a household\u2019s own compensation amounts are withheld, and names, ID numbers and phone numbers in decision reasons are replaced by ＊＊.',
      ]
  return { title: zh ? '征收稽核报告' : 'Land acquisition audit report', heading, projects, notAudited, findings, parcels, notes }
}
