/**
 * The public portal's own messages, zh-CN first, and the formatting it needs. Kept apart from the main app's
 * dictionaries (client/i18n/) so that a villager's phone downloads only what the portal shows.
 */
import type { NoticeKind } from '../api/public-notices.ts'

export type PortalLang = 'zh-CN' | 'en'

const zhCN = {
  'site.title': '征地信息公开',
  'site.subtitle': '鹤城区征收土地公告、补偿标准与听证申请',
  'site.skip': '跳到主要内容',
  'site.office': '怀化市鹤城区自然资源局 征地事务',
  'site.noPersonal': '本网站不公开任何被征收户的个人信息。',
  'lang.switch': 'English',
  'lang.switchLabel': 'Switch to English',
  'tabs.label': '查看方式',
  'tabs.list': '列表',
  'tabs.map': '地图',
  'filters.label': '筛选公告',
  'filters.q': '搜索',
  'filters.qPlaceholder': '标题、项目、乡镇或村组',
  'filters.search': '搜索',
  'filters.kind': '公告类型',
  'filters.kindAll': '全部类型',
  'filters.township': '乡镇（街道）',
  'filters.townshipAll': '全部乡镇',
  'filters.status': '公告状态',
  'filters.statusCurrent': '公告期内',
  'filters.statusExpired': '已期满',
  'filters.statusAll': '全部',
  'filters.from': '发布日期自',
  'filters.to': '至',
  'filters.minMu': '面积不少于（亩）',
  'filters.maxMu': '面积不超过（亩）',
  'filters.more': '更多筛选',
  'filters.reset': '清除筛选',
  'filters.badNumber': '请输入不小于 0 的数字',
  'filters.badRange': '起始值不能大于结束值',
  'list.label': '公告列表',
  'list.count': '共 {n} 条公告',
  'list.loading': '正在加载公告…',
  'list.empty': '没有符合条件的公告。',
  'list.error': '公告加载失败：{message}',
  'list.retry': '重试',
  'list.area': '{mu} 亩（{ha} 公顷）',
  'list.period': '公告期 {from} 至 {to}',
  'list.hearingOpen': '可申请听证，截止 {date}',
  'status.published': '公告期内',
  'status.expired': '已期满',
  'map.label': '公告范围地图',
  'map.legend': '图例',
  'map.several': '此处有 {n} 条公告，请选择：',
  'map.close': '关闭',
  'map.hint': '点击地图上的范围可打开公告；地图所示内容在列表和公告页中均有文字说明。',
  'map.zoomIn': '放大',
  'map.zoomOut': '缩小',
  'map.resetBearing': '恢复正北',
  'map.toggleAttribution': '显示或隐藏地图说明',
  'map.outlineAttribution': '区界为示意，非法定界线',
  'map.districtLabel': '鹤城区',
  'map.scopeLabel': '本公告征收范围地图',
  'map.twoFingers': '用两根手指移动地图',
  'map.ctrlScroll': '按住 Ctrl（⌘）键并滚动以缩放地图',
  'notice.back': '返回公告列表',
  'notice.loading': '正在加载公告…',
  'notice.notFound': '未找到该公告，可能已撤回。',
  'notice.error': '公告加载失败：{message}',
  'notice.project': '项目',
  'notice.township': '乡镇（街道）',
  'notice.published': '发布时间',
  'notice.period': '公告期',
  'notice.periodValue': '{from} 至 {to}（{n} {unit}）',
  'notice.unitDays': '日',
  'notice.unitWorkingDays': '个工作日',
  'notice.text': '公告正文',
  'notice.scope': '征收范围',
  'notice.totalArea': '征收土地总面积',
  'notice.haParen': '（{ha} 公顷）',
  'punct.colon': '：',
  'notice.parcels': '地块数',
  'notice.landClasses': '地类与面积',
  'notice.landClass': '地类',
  'notice.landClassCode': '地类编码',
  'notice.areaMu': '面积（亩）',
  'notice.areaHa': '面积（公顷）',
  'notice.total': '合计',
  'notice.collectives': '土地所有权人（农民集体）',
  'notice.collective': '农民集体',
  'notice.collectiveParcels': '地块数',
  'notice.rates': '补偿标准',
  'notice.rateApplies': '适用',
  'notice.rateGeneral': '通用',
  'notice.rateValue': '补偿标准',
  'notice.noRates': '本公告不含补偿标准。',
  'notice.deadlines': '期限',
  'notice.endsOn': '公告期满',
  'notice.hearingDeadline': '听证申请截止',
  'notice.daysLeft': '还剩 {n} 天',
  'notice.lastDay': '今天是最后一天',
  'notice.passed': '已过',
  'notice.contacts': '联系方式',
  'notice.noContacts': '请向所在乡镇（街道）人民政府咨询。',
  'notice.downloads': '下载打印版公告图（PDF）',
  'notice.pdfA4': '下载 A4 版',
  'notice.pdfA3': '下载 A3 版',
  'notice.boundaryPoints': '界址点坐标',
  'notice.boundaryNote': '坐标系：2000 国家大地坐标系（CGCS2000），3 度带高斯-克吕格投影，第 {zone} 带，中央经线 {cm}°E；X 为北坐标，Y 为东坐标，单位米。',
  'notice.pointName': '点号',
  'notice.pointLonLat': '经度, 纬度',
  'notice.showPoints': '显示 {n} 个界址点坐标',
  'notice.noPersonal': '公告只列出补偿标准和各农民集体的合计面积，不公开任何个人信息。',
  'hearing.title': '申请听证',
  'hearing.jump': '填写听证申请 ↓',
  'hearing.intro': '对本征地补偿安置方案有不同意见的，可在 {date} 前（含当日）申请听证。',
  'hearing.closedTitle': '已截止',
  'hearing.closed': '本公告的听证申请已于 {date} 截止，不再受理。',
  'hearing.notInvited': '本类公告不设听证申请；如有疑问请按联系方式咨询。',
  'hearing.name': '姓名',
  'hearing.phone': '联系电话',
  'hearing.phoneHint': '手机号或带区号的固定电话，仅用于通知听证安排',
  'hearing.collective': '所属农民集体',
  'hearing.collectiveChoose': '请选择',
  'hearing.reason': '申请理由',
  'hearing.reasonHint': '5 至 2000 字',
  'hearing.consent': '我同意征地事务机构为安排听证使用上述姓名和电话，这些信息不会公开。',
  'hearing.honeypot': '请勿填写此项',
  'hearing.submit': '提交申请',
  'hearing.submitting': '正在提交…',
  'hearing.required': '（必填）',
  'hearing.errName': '请填写姓名（2 至 50 个字）',
  'hearing.errPhone': '请填写有效的手机号或固定电话',
  'hearing.errCollective': '请选择所属农民集体',
  'hearing.errReason': '请填写申请理由（5 至 2000 字）',
  'hearing.errConsent': '请确认同意上述信息使用说明',
  'hearing.errSummary': '请修正以下 {n} 处问题后再提交。',
  'hearing.errNetwork': '网络连接失败，请稍后再试。',
  'hearing.errServer': '提交未成功（{status}）。',
  'hearing.doneTitle': '申请已提交',
  'hearing.done': '您的听证申请已于 {at}（北京时间）登记，登记号 {id}。征地事务机构将按您留下的电话联系您。',
  'hearing.another': '返回公告',
  'kind.pre_announcement': '征收土地预公告',
  'kind.compensation_plan': '征地补偿安置方案公告',
  'kind.acquisition': '征收土地公告',
  'kind.legacy_notification': '拟征地告知书',
  'kind.legacy_plan': '征收土地方案公告',
  'unit.mu': '亩',
  'unit.ha': '公顷',
  'rateUnit.mu': '元/亩',
  'rateUnit.m2': '元/平方米',
  'rateUnit.unit': '元/项',
  'rateUnit.person_month': '元/人·月',
  'rateUnit.household': '元/户',
  'rateUnit.coffin': '元/棺',
  'footer.pdfNote': 'PDF 为打印版公告图，与网页内容一致。',
  'error.network': '网络连接失败',
} as const

export type PortalMessageKey = keyof typeof zhCN
export type PortalMessages = Record<PortalMessageKey, string>

const en: PortalMessages = {
  'site.title': 'Land acquisition notices',
  'site.subtitle': 'Hecheng District: acquisition notices, compensation standards and hearing requests',
  'site.skip': 'Skip to main content',
  'site.office': 'Hecheng District Natural Resources Bureau, land acquisition office',
  'site.noPersonal': 'This site publishes no personal data of affected households.',
  'lang.switch': '中文',
  'lang.switchLabel': '切换到中文',
  'tabs.label': 'View',
  'tabs.list': 'List',
  'tabs.map': 'Map',
  'filters.label': 'Filter notices',
  'filters.q': 'Search',
  'filters.qPlaceholder': 'Title, project, township or village',
  'filters.search': 'Search',
  'filters.kind': 'Notice type',
  'filters.kindAll': 'All types',
  'filters.township': 'Township',
  'filters.townshipAll': 'All townships',
  'filters.status': 'Status',
  'filters.statusCurrent': 'Current',
  'filters.statusExpired': 'Expired',
  'filters.statusAll': 'All',
  'filters.from': 'Published from',
  'filters.to': 'to',
  'filters.minMu': 'Area at least (mu)',
  'filters.maxMu': 'Area at most (mu)',
  'filters.more': 'More filters',
  'filters.reset': 'Clear filters',
  'filters.badNumber': 'Enter a number of 0 or more',
  'filters.badRange': 'The lower bound is above the upper bound',
  'list.label': 'Notices',
  'list.count': '{n} notices',
  'list.loading': 'Loading notices…',
  'list.empty': 'No notice matches.',
  'list.error': 'The notices could not be loaded: {message}',
  'list.retry': 'Retry',
  'list.area': '{mu} mu ({ha} ha)',
  'list.period': 'Notice period {from} to {to}',
  'list.hearingOpen': 'Hearing requests until {date}',
  'status.published': 'Current',
  'status.expired': 'Expired',
  'map.label': 'Map of notice areas',
  'map.legend': 'Legend',
  'map.several': '{n} notices here; choose one:',
  'map.close': 'Close',
  'map.hint': 'Select an area on the map to open its notice; the list and each notice page say in words everything the map shows.',
  'map.zoomIn': 'Zoom in',
  'map.zoomOut': 'Zoom out',
  'map.resetBearing': 'Reset to north',
  'map.toggleAttribution': 'Show or hide map notes',
  'map.outlineAttribution': 'District outline is illustrative, not a legal boundary',
  'map.districtLabel': 'Hecheng District',
  'map.scopeLabel': 'Map of the land this notice acquires',
  'map.twoFingers': 'Use two fingers to move the map',
  'map.ctrlScroll': 'Hold Ctrl (⌘) and scroll to zoom the map',
  'notice.back': 'Back to the notices',
  'notice.loading': 'Loading the notice…',
  'notice.notFound': 'This notice was not found; it may have been withdrawn.',
  'notice.error': 'The notice could not be loaded: {message}',
  'notice.project': 'Project',
  'notice.township': 'Township',
  'notice.published': 'Published',
  'notice.period': 'Notice period',
  'notice.periodValue': '{from} to {to} ({n} {unit})',
  'notice.unitDays': 'days',
  'notice.unitWorkingDays': 'working days',
  'notice.text': 'Text of the notice',
  'notice.scope': 'Land to be acquired',
  'notice.totalArea': 'Total area',
  'notice.haParen': ' ({ha} ha)',
  'punct.colon': ': ',
  'notice.parcels': 'Parcels',
  'notice.landClasses': 'Land classes and areas',
  'notice.landClass': 'Land class',
  'notice.landClassCode': 'Code',
  'notice.areaMu': 'Area (mu)',
  'notice.areaHa': 'Area (ha)',
  'notice.total': 'Total',
  'notice.collectives': 'Land owners (village collectives)',
  'notice.collective': 'Collective',
  'notice.collectiveParcels': 'Parcels',
  'notice.rates': 'Compensation standards',
  'notice.rateApplies': 'Applies to',
  'notice.rateGeneral': 'General',
  'notice.rateValue': 'Rate',
  'notice.noRates': 'This notice states no compensation standards.',
  'notice.deadlines': 'Deadlines',
  'notice.endsOn': 'Notice period ends',
  'notice.hearingDeadline': 'Hearing requests until',
  'notice.daysLeft': '{n} days left',
  'notice.lastDay': 'Today is the last day',
  'notice.passed': 'Passed',
  'notice.contacts': 'Contacts',
  'notice.noContacts': 'Ask the township government.',
  'notice.downloads': 'Printable notice map (PDF)',
  'notice.pdfA4': 'Download A4',
  'notice.pdfA3': 'Download A3',
  'notice.boundaryPoints': 'Boundary point coordinates',
  'notice.boundaryNote': 'CGCS2000, 3° Gauss-Krüger zone {zone}, central meridian {cm}°E; X northing, Y easting, metres.',
  'notice.pointName': 'Point',
  'notice.pointLonLat': 'Longitude, latitude',
  'notice.showPoints': 'Show {n} boundary points',
  'notice.noPersonal': 'The notice lists compensation standards and totals per collective only, never personal data.',
  'hearing.title': 'Request a hearing',
  'hearing.jump': 'Request a hearing ↓',
  'hearing.intro': 'If you disagree with this compensation and resettlement plan, you may request a hearing until {date} (inclusive).',
  'hearing.closedTitle': 'Closed',
  'hearing.closed': 'Hearing requests on this notice closed on {date}; no more are accepted.',
  'hearing.notInvited': 'This kind of notice invites no hearing requests; use the contacts for questions.',
  'hearing.name': 'Name',
  'hearing.phone': 'Phone',
  'hearing.phoneHint': 'A mobile or a landline with area code, used only to tell you about the hearing',
  'hearing.collective': 'Your village collective',
  'hearing.collectiveChoose': 'Choose',
  'hearing.reason': 'Reason',
  'hearing.reasonHint': '5 to 2000 characters',
  'hearing.consent': 'I agree that the office uses this name and phone to arrange the hearing; they are never published.',
  'hearing.honeypot': 'Leave this empty',
  'hearing.submit': 'Send the request',
  'hearing.submitting': 'Sending…',
  'hearing.required': '(required)',
  'hearing.errName': 'Enter your name (2 to 50 characters)',
  'hearing.errPhone': 'Enter a valid mobile or landline number',
  'hearing.errCollective': 'Choose your village collective',
  'hearing.errReason': 'Enter a reason (5 to 2000 characters)',
  'hearing.errConsent': 'Please agree to how your data is used',
  'hearing.errSummary': 'Please correct {n} problems, then send again.',
  'hearing.errNetwork': 'The network failed; please try again later.',
  'hearing.errServer': 'The request was not accepted ({status}).',
  'hearing.doneTitle': 'Request received',
  'hearing.done': 'Your hearing request was registered at {at} (Beijing time), number {id}. The office will call the phone you gave.',
  'hearing.another': 'Back to the notice',
  'kind.pre_announcement': 'Pre-announcement of land acquisition',
  'kind.compensation_plan': 'Compensation and resettlement plan',
  'kind.acquisition': 'Land acquisition notice',
  'kind.legacy_notification': 'Notification of intended acquisition',
  'kind.legacy_plan': 'Land acquisition plan notice',
  'unit.mu': 'mu',
  'unit.ha': 'ha',
  'rateUnit.mu': 'yuan per mu',
  'rateUnit.m2': 'yuan per m²',
  'rateUnit.unit': 'yuan per item',
  'rateUnit.person_month': 'yuan per person-month',
  'rateUnit.household': 'yuan per household',
  'rateUnit.coffin': 'yuan per coffin',
  'footer.pdfNote': 'The PDF is the printable notice map and says the same as this page.',
  'error.network': 'Network failure',
}

export const portalMessages: Record<PortalLang, PortalMessages> = { 'zh-CN': zhCN, en }

/** The message for `key` in `lang`, `{name}` placeholders filled from `params`. */
export function translate(lang: PortalLang, key: PortalMessageKey, params?: Record<string, string | number>): string {
  const text = portalMessages[lang][key]
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}

export function kindKey(kind: NoticeKind): PortalMessageKey {
  return `kind.${kind}` as PortalMessageKey
}

/** Today's date in Beijing, 'YYYY-MM-DD': the calendar every notice date is written in. */
export function beijingToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

/** Whole calendar days from `today` to `day` (both 'YYYY-MM-DD'); negative once `day` has passed. */
export function daysUntil(day: string, today: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000)
}

/** A Beijing date 'YYYY-MM-DD' as the language writes it: 2026年11月26日 / 26 Nov 2026. */
export function formatDate(day: string, lang: PortalLang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) return day
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return new Intl.DateTimeFormat(lang, { timeZone: 'UTC', year: 'numeric', month: lang === 'en' ? 'short' : 'long', day: 'numeric' }).format(d)
}

/** A timestamp in Beijing time, to the minute. */
export function formatDateTime(at: string, lang: PortalLang): string {
  const d = new Date(at)
  if (Number.isNaN(d.getTime())) return at
  return new Intl.DateTimeFormat(lang, {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: lang === 'en' ? 'short' : 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(d)
}

/**
 * A decimal string with thousands separators, its digits kept exactly as the server sent them (no float
 * round trip): "12345.678" → "12,345.678".
 */
export function formatDecimal(value: string | null | undefined): string {
  if (value == null || value === '') return '—'
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(value)
  if (!m) return value
  return `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`
}

/**
 * 公顷 (4 dp) of an area the server gave in 亩 with 3 decimals, for a table row the server gave no `area_ha`:
 * 1 公顷 = 15 亩 exactly, so ha = mu / 15 in exact integer arithmetic, rounded half up to 4 dp.
 */
export function muToHa(mu: string): string {
  const m = /^(\d+)(?:\.(\d{1,3}))?$/.exec(mu.trim())
  if (!m) return '—'
  const thousandths = BigInt(m[1]!) * 1000n + BigInt((m[2] ?? '').padEnd(3, '0'))
  // ha in 1e-4 units = thousandths × 10 / 15 = thousandths × 2 / 3, rounded half up.
  const tenThousandths = (thousandths * 2n * 2n + 3n) / 6n
  const s = tenThousandths.toString().padStart(5, '0')
  return `${s.slice(0, -4)}.${s.slice(-4)}`
}

/**
 * Words for the codes a compensation standard applies to: a land class (a first-level class of GB/T 21010-2017
 * when the server gives no name), a house structure, an attachment kind. Unknown codes are shown as sent.
 */
const rateTerms: Record<PortalLang, Record<string, string>> = {
  'zh-CN': {
    'lc.01': '耕地', 'lc.02': '园地', 'lc.03': '林地', 'lc.04': '草地', 'lc.05': '商服用地', 'lc.06': '工矿仓储用地',
    'lc.07': '住宅用地', 'lc.08': '公共管理与公共服务用地', 'lc.09': '特殊用地', 'lc.10': '交通运输用地',
    'lc.11': '水域及水利设施用地', 'lc.12': '其他土地',
    'st.brick_concrete': '砖混结构', 'st.brick_wood': '砖木结构', 'st.frame': '框架结构', 'st.simple': '简易结构',
    'at.tree': '树木', 'at.crop': '农作物', 'at.well': '水井', 'at.shed': '棚房', 'at.fence': '围墙', 'at.pond': '鱼塘', 'at.other': '其他',
  },
  en: {
    'lc.01': 'Cultivated land', 'lc.02': 'Garden land', 'lc.03': 'Forest land', 'lc.04': 'Grassland', 'lc.05': 'Commercial land',
    'lc.06': 'Industrial and storage land', 'lc.07': 'Residential land', 'lc.08': 'Public administration and services land',
    'lc.09': 'Special-use land', 'lc.10': 'Transport land', 'lc.11': 'Water and water facilities land', 'lc.12': 'Other land',
    'st.brick_concrete': 'brick-concrete', 'st.brick_wood': 'brick-timber', 'st.frame': 'frame', 'st.simple': 'makeshift',
    'at.tree': 'Tree', 'at.crop': 'Crop', 'at.well': 'Well', 'at.shed': 'Shed', 'at.fence': 'Fence', 'at.pond': 'Pond', 'at.other': 'Other',
  },
}

/** What a compensation standard applies to, in words: "耕地 (01)", "砖混结构", "鱼塘"; '' when it applies to all. */
export function rateAppliesTo(
  rate: { land_class: string | null; land_class_name?: string | null; structure: string | null; attachment?: string | null },
  lang: PortalLang,
): string {
  const terms = rateTerms[lang]
  const parts: string[] = []
  if (rate.land_class) {
    const name = (lang === 'zh-CN' ? rate.land_class_name : null) ?? terms[`lc.${rate.land_class}`] ?? rate.land_class_name
    parts.push(name ? `${name} (${rate.land_class})` : rate.land_class)
  }
  if (rate.structure) parts.push(terms[`st.${rate.structure}`] ?? rate.structure)
  if (rate.attachment) parts.push(terms[`at.${rate.attachment}`] ?? rate.attachment)
  return parts.join(' · ')
}
