/**
 * The generated title and body of a notice draft, in the official style of each kind (公文体), from the figures the
 * database computed (sql/functions/zd_notice_figures.sql) and the project. The legal section edits the text
 * afterwards; "regenerate" writes it again from current data. Only collective-level facts appear: owner collectives,
 * land classes, areas and compensation rates, never a household, a name or a per-household amount.
 */
import { noticeKinds, type NoticeKind, type Period } from './kinds.ts'

/** The figures jsonb of a notice (contract: docs of sql/functions/zd_notice_figures.sql). Decimals are strings. */
export interface NoticeFigures {
  parcels: number
  area_m2: string
  area_mu: string
  area_ha: string
  land_classes: { code: string; name: string; name_en: string; parcels: number; area_mu: string }[]
  collectives: { name: string; parcels: number; area_mu: string }[]
  rates: {
    item_type: string; name: string; name_en: string; land_class: string | null; land_class_name: string | null
    structure: string | null; attachment: string | null; unit: string; rate_yuan: string
  }[]
  rate_set: { name: string; basis: string | null; effective_from: string } | null
  approval_batches: { code: string; name: string; authority: 'state_council' | 'province' }[]
  scope_source: 'acquisition_scope' | 'parcels'
}

export interface NoticeTextInput {
  kind: NoticeKind
  project: { code: string; name: string; district: string | null }
  township: string | null
  contacts: string | null
  period: Period
  figures: NoticeFigures
}

const cnNumerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二']
const structureZh: Record<string, string> = { brick_concrete: '砖混结构', brick_wood: '砖木结构', frame: '框架结构', simple: '简易结构' }
const unitZh: Record<string, string> = { mu: '元/亩', m2: '元/平方米', unit: '元/个（株、处）', person_month: '元/人·月', household: '元/户', coffin: '元/棺' }
/** Attachment kinds (server/schemas/attachment.ts) as a notice names them; a rate keyed by a name keeps the name. */
const attachmentKindZh: Record<string, string> = { tree: '树木', crop: '农作物', well: '水井', shed: '棚房', fence: '围墙', pond: '鱼塘', other: '其他' }
const authorityZh = { state_council: '国务院', province: '省人民政府' } as const

/** "10 个工作日" / "30 日". */
export function periodText(period: Period): string {
  return period.unit === 'working_days' ? `${period.days}个工作日` : `${period.days}日`
}

/**
 * The township (乡镇、街道) of the owner collectives: the part of each collective's name up to and including its
 * first 乡, 镇 or 街道 (石门乡板山村五组 → 石门乡), joined with 、 in order of first appearance; null when none is named.
 */
export function townshipOf(collectives: readonly string[]): string | null {
  const seen: string[] = []
  for (const c of collectives) {
    const m = /^(.+?(?:街道|乡|镇))/.exec(c)
    if (m && !seen.includes(m[1]!)) seen.push(m[1]!)
  }
  const joined = seen.join('、')
  return joined && [...joined].length <= 100 ? joined : null
}

function listZh(items: readonly string[]): string {
  return items.length ? items.join('、') : '（无）'
}

function location(input: NoticeTextInput): string {
  const where = [input.project.district, input.township].filter(Boolean).join('')
  const collectives = input.figures.collectives.map((c) => c.name)
  return `${where ? `${where}境内，` : ''}涉及${listZh(collectives)}的集体土地，共${input.figures.parcels}宗`
}

function areaSentence(f: NoticeFigures): string {
  const classes = f.land_classes.map((c) => `${c.name}${c.area_mu}亩`)
  return `${f.area_ha}公顷（合${f.area_mu}亩）${classes.length ? `，其中${classes.join('、')}` : ''}`
}

function collectiveLines(f: NoticeFigures): string[] {
  return f.collectives.map((c) => `    ${c.name}：${c.parcels}宗，${c.area_mu}亩；`)
}

function rateLines(f: NoticeFigures): string[] {
  if (!f.rates.length) return ['    补偿标准尚未核定，核定后另行公告。']
  return f.rates.map((r) => {
    const subject = r.land_class_name ?? (r.structure ? structureZh[r.structure] ?? r.structure : null) ?? (r.attachment ? attachmentKindZh[r.attachment] ?? r.attachment : null)
    return `    ${r.name}${subject ? `（${subject}）` : ''}：${r.rate_yuan}${unitZh[r.unit] ?? '元'}；`
  })
}

function rateBasis(f: NoticeFigures): string {
  if (!f.rate_set) return ''
  return `补偿标准依据${f.rate_set.basis ? `${f.rate_set.basis}` : `“${f.rate_set.name}”`}执行（自${f.rate_set.effective_from}起施行）。`
}

function contactsLine(input: NoticeTextInput): string {
  return input.contacts ? input.contacts : '（见公告张贴处）'
}

function numbered(sections: string[]): string {
  return sections.map((s, i) => `${cnNumerals[i]}、${s}`).join('\n')
}

/** The title and body of a new (or regenerated) draft. */
export function noticeText(input: NoticeTextInput): { title: string; body: string } {
  const { kind, project, figures: f, period } = input
  const kindZh = noticeKinds[kind].zh
  const title = [...`${project.name}${kindZh}`].slice(0, 200).join('')
  const scope = `征收范围：拟征收土地位于${location(input)}，具体范围以附图及界址点坐标表为准。`
  const area = `征收面积：${areaSentence(f)}（椭球面积，以最终勘测定界成果为准）。`
  const period_ = `公告期限：自本公告发布之日起${periodText(period)}（发布之日不计入；期满之日遇法定节假日的顺延至节后第一个工作日）。`
  const contacts = `联系方式：${contactsLine(input)}`
  let sections: string[]
  let preamble: string
  switch (kind) {
    case 'pre_announcement':
      preamble = `为了公共利益的需要，拟征收下列集体土地用于${project.name}建设。根据《中华人民共和国土地管理法》第四十七条和《中华人民共和国土地管理法实施条例》第二十六条的规定，现将有关事项预公告如下：`
      sections = [
        scope,
        `征收目的：用于${project.name}建设。`,
        area,
        '土地现状调查安排：预公告发布后，将会同有关乡（镇、街道）和村、村民小组开展土地现状调查，调查土地的权属、地类、面积以及农村村民住宅、其他地上附着物和青苗等的权属、种类、数量，请土地所有权人、使用权人予以配合。',
        '自本公告发布之日起，任何单位和个人不得在拟征收范围内抢栽抢建；违反规定抢栽抢建的，对抢栽抢建部分不予补偿。',
        period_,
        contacts,
      ]
      break
    case 'compensation_plan':
      preamble = `根据《中华人民共和国土地管理法》第四十七条和《中华人民共和国土地管理法实施条例》的有关规定，现将${project.name}征地补偿安置方案公告如下：`
      sections = [
        scope,
        area,
        ['土地现状（按土地所有权人）：', ...collectiveLines(f)].join('\n'),
        `征收目的：用于${project.name}建设。`,
        ['补偿标准：', ...rateLines(f), `    ${rateBasis(f)}补偿费用按本方案的标准计算，不在本公告中公布到户的金额。`].join('\n'),
        '安置方式和社会保障：按照国家和省、市有关规定对被征地农民给予安置并纳入社会保障，具体办法以本方案附件为准。',
        '补偿登记：拟征收土地的所有权人、使用权人应当在公告期限内，持不动产权属证明材料到联系地址办理补偿登记。',
        `听证：被征地的农村集体经济组织及其成员、村民委员会和其他利害关系人对本方案有意见的，可在公告期限内提出；申请听证的，请在听证申请截止日（即公告期满之日）前通过征地信息公开网站的“听证申请”或到联系地址书面提出。多数被征地的农村集体经济组织成员认为本方案不符合法律、法规规定的，将依法组织召开听证会，并根据听证会情况修改方案。`,
        period_,
        contacts,
      ]
      break
    case 'acquisition': {
      const batches = f.approval_batches.map((b) => `${b.name}（${b.code}，批准机关：${authorityZh[b.authority]}）`)
      preamble = `${project.name}征收土地申请已依法报经批准${batches.length ? `（${listZh(batches)}）` : ''}。根据《中华人民共和国土地管理法》第四十七条和《中华人民共和国土地管理法实施条例》第三十一条的规定，现将征收土地有关事项公告如下：`
      sections = [
        scope,
        area,
        ['涉及的农村集体经济组织：', ...collectiveLines(f)].join('\n'),
        ['补偿标准：按已公告的征地补偿安置方案执行，即：', ...rateLines(f), `    ${rateBasis(f)}`].join('\n'),
        '补偿费用将按已公告的方案足额支付；被征收土地的所有权人、使用权人应在公告期限内持不动产权属证明材料到联系地址办理补偿登记，并按规定时间交付土地。对个别未达成征地补偿安置协议的，将依法作出征地补偿安置决定。',
        period_,
        contacts,
      ]
      break
    }
    case 'legacy_notification':
      preamble = `按照原征地程序，现将拟征收${project.name}建设用地的有关情况告知如下：`
      sections = [
        scope,
        `拟征地用途：${project.name}建设。`,
        area,
        ['拟采用的补偿标准：', ...rateLines(f), `    ${rateBasis(f)}`].join('\n'),
        '被征地的农村集体经济组织和农户对拟征土地的补偿标准、安置途径有申请听证的权利；对土地现状调查结果有异议的，请在告知期限内向联系地址提出。',
        period_.replace('公告期限', '告知期限').replace('本公告', '本告知书'),
        contacts,
      ]
      break
    case 'legacy_plan':
      preamble = `按照原征地程序，现将${project.name}征收土地方案公告如下：`
      sections = [
        scope,
        `征地用途：${project.name}建设。`,
        area,
        ['涉及的农村集体经济组织：', ...collectiveLines(f)].join('\n'),
        ['补偿标准：', ...rateLines(f), `    ${rateBasis(f)}`].join('\n'),
        '被征收土地的所有权人、使用权人应在公告期限内持土地权属证书到联系地址办理征地补偿登记；未如期办理的，其补偿内容以土地现状调查结果为准。',
        period_,
        contacts,
      ]
      break
  }
  const body = [preamble, numbered(sections), `附：征收范围图${f.scope_source === 'acquisition_scope' ? '（拟征收范围）' : '（宗地范围）'}`, '特此公告。'].join('\n')
  return { title, body: [...body].slice(0, 20000).join('') }
}
