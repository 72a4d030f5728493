import { DOMParser } from '@xmldom/xmldom'
import { strFromU8, unzipSync } from 'fflate'
import { beforeEach, describe, expect, it } from 'vitest'
import { parcelFeature, polygon, square } from '../helpers/fixtures.ts'
import { buildSignedWorld, canary, totals2021, type SignedWorld } from '../helpers/audit-report-world.ts'
import { useWorld } from '../helpers/world.ts'

const w = useWorld({ ZD_PII_KEY: Buffer.alloc(32, 42).toString('base64') })
let world: SignedWorld

beforeEach(async () => {
  world = await buildSignedWorld(w)
}, 120_000)

async function report(query: string, role: 'auditor' | 'finance' | 'admin' = 'auditor') {
  return (await w.api.as(role)).request('GET', `/api/audit/report?${query}`)
}

/** Σ m² (2-decimal strings) → mu to 3 decimals, half-up, in integers: an independent conversion. */
function muOf(m2s: string[]): string {
  const centi = m2s.reduce((s, m) => s + BigInt(m.replace('.', '')), 0n)
  const milli = (centi * 3n + 100n) / 200n
  const s = milli.toString().padStart(4, '0')
  return `${s.slice(0, -3)}.${s.slice(-3)}`
}

/**
 * The label the report gives the canary household (its id and village group, never its head's name), found
 * independently in the database: the record label a finding about it (its lump sum without a rate) must carry.
 */
async function canaryHouseholdLabel(lang: 'zh' | 'en') {
  const [h] = await w.db.query<{ id: number }>("SELECT id FROM households WHERE village_group = '板山村三组'")
  return lang === 'zh' ? `户 #${h!.id}（板山村三组）` : `Household #${h!.id} (板山村三组)`
}

/** Every personal string of the canary household, in any form a report could carry. */
function expectNoPersonalData(text: string) {
  for (const s of [canary.head, canary.member, canary.headId, canary.memberId, canary.phone, canary.householdYuan, '98765.43', '9.876543']) {
    expect(text.includes(s), `report contains ${s}`).toBe(false)
  }
  expect(text).not.toMatch(/\d{17}[\dX]/)
  expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/)
}

describe('GET /api/audit/report', () => {
  it('sums the latest sign-off of each project signed in the period, with the sentence, the findings and the parcel table', async () => {
    const from = '2021-01-01'
    const to = `${world.year}-12-31`
    const r = await report(`from=${from}&to=${to}`)
    expect(r.status, r.text).toBe(200)
    const body = r.body
    expect(body).toMatchObject({ from, to, timezone: 'Asia/Shanghai', whole_year: false })
    expect(body.projects.map((p: any) => p.code)).toEqual(['P1', 'P2'])
    expect(body.not_audited.map((p: any) => p.code)).toEqual(['P3'])

    // Independently: A's figures straight from PostGIS and the record tables (nothing changed since its signature).
    const [a] = await w.db.query<{ m2: string; houses: string; persons: number }>(`
      SELECT round(sum(ST_Area(p.geom::geography))::numeric, 2)::text AS m2,
             (SELECT sum(b.floor_area_m2)::text FROM buildings b WHERE b.project_id = $1) AS houses,
             (SELECT sum(r.persons)::int FROM resettlements r WHERE r.project_id = $1) AS persons
      FROM parcels p WHERE p.project_id = $1`, [world.a])
    const pa = body.projects[0]
    expect(pa.totals).toMatchObject({ parcels: 3, land_m2: a!.m2, houses_m2: a!.houses, persons: a!.persons })
    expect(pa.signoff).toMatchObject({ signed_by: 'auditor', stale: false })
    expect(pa.land_mu).toBe(muOf([a!.m2]))
    expect(body.projects[1]).toMatchObject({ code: 'P2', totals: totals2021, land_mu: '330.022', signoff: { signed_by: 'auditor2', signed_on: '2021-07-01' } })

    const landMu = muOf([a!.m2, totals2021.land_m2])
    const houses = (Number(a!.houses.replace('.', '')) + 469913) / 100
    expect(body.totals).toEqual({
      projects: 2, parcels: 3 + totals2021.parcels, land_m2: (BigInt(a!.m2.replace('.', '')) + 22001467n).toString().replace(/(\d\d)$/, '.$1'),
      land_mu: landMu, buildings: 1 + totals2021.buildings, houses_m2: houses.toFixed(2), households: 1 + totals2021.households,
      persons: a!.persons + 16,
    })
    expect(body.sentence).toEqual({
      zh: `本期稽核土地征收${landMu}亩、房屋征收${houses.toFixed(2)}㎡、安置人口${a!.persons + 16}人`,
      en: `From ${from} to ${to} the audit covered ${landMu} mu of land acquired, ${houses.toFixed(2)} m² of houses acquired and ${a!.persons + 16} persons resettled`,
    })

    // The findings stored with A's sign-off, each decided; the over-claimed parcel among them, named by code.
    const keys = body.findings.map((f: any) => f.key)
    expect(keys).toContain(`AREA_CLAIM_EXCEEDS_TOLERANCE:parcel:${world.parcels[0]}`)
    const over = body.findings.find((f: any) => f.code === 'AREA_CLAIM_EXCEEDS_TOLERANCE')
    expect(over).toMatchObject({ project_code: 'P1', severity: 'error', parcel_codes: ['A-001'], decision: { decision: 'accepted', decided_by: 'auditor' } })
    expect(over.message.zh).toContain('18.000')
    expect(over.decision.reason).toBe('经核实：户主＊＊（电话 ＊＊，身份证 ＊＊）已说明')
    const lump = body.findings.find((f: any) => f.code === 'COMPENSATION_ITEM_WITHOUT_RATE')
    expect(lump.message.zh).toContain('（不列示）')
    expect(lump.message.en).toContain('(withheld)')
    // Errors before warnings before infos.
    const rank = { error: 0, warning: 1, info: 2 } as Record<string, number>
    const ranks = body.findings.filter((f: any) => f.project_code === 'P1').map((f: any) => rank[f.severity])
    expect(ranks).toEqual([...ranks].sort())

    expect(body.parcels.map((p: any) => [p.project_code, p.code, p.verdict])).toEqual([['P1', 'A-001', 'exceeds'], ['P1', 'A-002', 'no_claim'], ['P1', 'A-003', 'consistent']])
    expect(body.parcels[0]).toMatchObject({ claimed_mu: '18.000', land_class: '0101', land_class_zh: '水田' })
    expectNoPersonalData(r.text)
  })

  it('reproduces the 2021 sentence for a calendar year, in Beijing-time days', async () => {
    const year = await report('from=2021-01-01&to=2021-12-31')
    expect(year.body.sentence.zh).toBe('全年稽核土地征收330.022亩、房屋征收4699.13㎡、安置人口16人')
    expect(year.body.sentence.en).toBe('In 2021 the audit covered 330.022 mu of land acquired, 4699.13 m² of houses acquired and 16 persons resettled')
    expect(year.body.totals).toMatchObject({ projects: 1, land_mu: '330.022', houses_m2: '4699.13', persons: 16 })
    expect(year.body.projects.map((p: any) => p.code)).toEqual(['P2'])
    // Signed at 16:30 UTC on 30 June = 00:30 on 1 July in Beijing: in the second half of 2021, not the first.
    const first = await report('from=2021-01-01&to=2021-06-30')
    expect(first.body.projects).toEqual([])
    expect(first.body.not_audited.map((p: any) => p.code)).toEqual(['P1', 'P2', 'P3'])
    expect(first.body.totals).toMatchObject({ projects: 0, land_mu: '0.000', houses_m2: '0.00', persons: 0 })
    expect(first.body.sentence.zh).toBe('本期稽核土地征收0.000亩、房屋征收0.00㎡、安置人口0人')
    const second = await report('from=2021-07-01&to=2021-07-01')
    expect(second.body.projects.map((p: any) => p.code)).toEqual(['P2'])
  })

  it('reports only the projects asked for, and lists the unsigned ones as not audited', async () => {
    const r = await report(`from=2021-01-01&to=${world.year}-12-31&projects=${world.c},${world.b}`)
    expect(r.status).toBe(200)
    expect(r.body.projects.map((p: any) => p.code)).toEqual(['P2'])
    expect(r.body.not_audited.map((p: any) => p.code)).toEqual(['P3'])
    expect(r.body.totals.land_mu).toBe('330.022')
    expect(r.body.parcels).toEqual([])
  })

  it('marks a sign-off stale once a parcel changes, and keeps its totals', async () => {
    const planner = await w.api.as('planner')
    const put = await planner.request('PUT', `/api/parcels/${world.parcels[1]}`, {
      json: { ...parcelFeature(polygon(square(110.003, 27.5)), world.a, { code: 'A-002', owner: '盈口乡炉天冲村四组' }), reason: '权属更正' },
      headers: { 'if-match': '"v1"' },
    })
    expect(put.status, put.text).toBe(200)
    const r = await report(`from=${world.year}-01-01&to=${world.year}-12-31`)
    expect(r.body.projects[0].signoff.stale).toBe(true)
    expect(r.body.whole_year).toBe(true)
    expect(r.body.sentence.zh.startsWith('全年稽核土地征收')).toBe(true)
  })

  it('refuses bad parameters, unknown projects and roles that may not read it', async () => {
    const bad = async (query: string, status: number, code: string) => {
      const r = await report(query)
      expect([r.status, r.body?.code], query).toEqual([status, code])
      expect(r.headers.get('content-type')).toContain('application/problem+json')
    }
    await bad('to=2021-12-31', 400, 'AUDIT_PERIOD_INVALID')
    await bad('from=2021-12-31&to=2021-01-01', 400, 'AUDIT_PERIOD_INVALID')
    await bad('from=2021-02-30&to=2021-12-31', 400, 'AUDIT_PERIOD_INVALID')
    await bad('from=2021-01-01&to=2021-12-31&format=docx', 400, 'INVALID_PARAMETER')
    await bad('from=2021-01-01&to=2021-12-31&lang=fr', 400, 'INVALID_PARAMETER')
    await bad('from=2021-01-01&to=2021-12-31&projects=1,x', 400, 'INVALID_PARAMETER')
    await bad('from=2021-01-01&to=2021-12-31&format=csv&format=pdf', 400, 'INVALID_PARAMETER_TYPE')
    await bad(`from=2021-01-01&to=2021-12-31&projects=${world.b},99999`, 422, 'UNKNOWN_PROJECT')
    for (const role of ['planner', 'legal'] as const) {
      expect((await (await w.api.as(role)).request('GET', '/api/audit/report?from=2021-01-01&to=2021-12-31')).status, role).toBe(403)
    }
    expect((await w.api.request('GET', '/api/audit/report?from=2021-01-01&to=2021-12-31')).status).toBe(401)
    expect((await report('from=2021-01-01&to=2021-12-31', 'finance')).status).toBe(200)
    expect((await report('from=2021-01-01&to=2021-12-31', 'admin')).status).toBe(200)
  })

  it('downloads a CSV with a BOM: a header block and one table per section', async () => {
    const json = (await report(`from=2021-01-01&to=${world.year}-12-31`)).body
    const r = await report(`from=2021-01-01&to=${world.year}-12-31&format=csv`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(r.headers.get('content-disposition')).toBe(
      `attachment; filename="____-2021-01-01-${world.year}-12-31.csv"; filename*=UTF-8''${encodeURIComponent(`稽核报告-2021-01-01-${world.year}-12-31.csv`)}`)
    expect([...r.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = r.text // TextDecoder drops the BOM
    expect(text).toContain('\r\n')
    const sections = new Map<string, string[][]>()
    let current: string[][] | undefined
    for (const line of text.split('\r\n')) {
      const m = /^\[(.+)\]$/.exec(line)
      if (m) sections.set(m[1]!, (current = []))
      else if (line === '') current = undefined
      else current?.push(parseCsvLine(line))
    }
    expect(text.split('\r\n')[0]).toBe('报告,征收稽核报告')
    expect(text).toContain(`稽核结论,${json.sentence.zh}`)
    const totals = sections.get('汇总')!
    expect(totals[0]!.slice(0, 2)).toEqual(['项目编号', '项目名称'])
    expect(totals.map((r) => r[0])).toEqual(['项目编号', 'P1', 'P2', '合计'])
    const mu = totals[0]!.indexOf('土地面积(亩)')
    expect(totals.at(-1)![mu]).toBe(json.totals.land_mu)
    expect(totals[2]![mu]).toBe('330.022')
    expect(sections.get('期间内未签署的项目（不计入合计）')!.map((r) => r[0])).toEqual(['项目编号', 'P3'])
    expect(sections.get('发现')!.length).toBe(1 + json.findings.length)
    // Each finding's records by their labels, as the JSON has them: the canary household by id and village group.
    const findingRows = sections.get('发现')!
    const recordsCol = findingRows[0]!.indexOf('涉及记录')
    expect(recordsCol).toBe(findingRows[0]!.indexOf('地块') + 1)
    expect(findingRows.slice(1).map((r) => r[recordsCol])).toEqual(json.findings.map((f: any) => f.record_labels.map((l: any) => l.zh).join('、')))
    const household = await canaryHouseholdLabel('zh')
    expect(findingRows.some((r) => r[recordsCol]!.includes(household))).toBe(true)
    const parcels = sections.get('地块')!
    expect(parcels.slice(1).map((r) => [r[0], r[1], r.at(-2)])).toEqual([['P1', 'A-001', '超限'], ['P1', 'A-002', '无申报'], ['P1', 'A-003', '一致']])
    expect(parcels[1]![5]).toBe('18.000')
    expectNoPersonalData(text)
    const en = await report(`from=2021-01-01&to=${world.year}-12-31&format=csv&lang=en`)
    expect(en.text.split('\r\n')[0]).toBe('Report,Land acquisition audit report')
    expect(en.text).toContain('[Parcels]')
    expect(en.text).toContain(await canaryHouseholdLabel('en'))
  })

  it('downloads an XLSX whose sheets read back with the figures as numbers', async () => {
    const json = (await report(`from=2021-01-01&to=${world.year}-12-31`)).body
    const r = await report(`from=2021-01-01&to=${world.year}-12-31&format=xlsx`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const files = unzipSync(r.bytes)
    const xml = (name: string) => new DOMParser().parseFromString(strFromU8(files[name]!), 'text/xml')
    const workbook = xml('xl/workbook.xml')
    expect(Array.from(workbook.getElementsByTagName('sheet')).map((s) => s.getAttribute('name'))).toEqual(['汇总', '发现', '地块'])
    const styles = xml('xl/styles.xml')
    const formats = new Map(Array.from(styles.getElementsByTagName('numFmt')).map((f) => [f.getAttribute('numFmtId'), f.getAttribute('formatCode')]))
    const xfs = Array.from(styles.getElementsByTagName('cellXfs')[0]!.getElementsByTagName('xf'))
    const formatOf = (s: string | null) => {
      const id = xfs[Number(s ?? 0)]!.getAttribute('numFmtId')
      return id === '1' ? '0' : id === '2' ? '0.00' : formats.get(id) ?? 'General'
    }
    /** The sheet as rows of { value, number format }, text cells with format 'text'. */
    const read = (i: number) => Array.from(xml(`xl/worksheets/sheet${i}.xml`).getElementsByTagName('row')).map((row) =>
      Array.from(row.getElementsByTagName('c')).map((c) => c.getAttribute('t') === 'inlineStr'
        ? { value: c.getElementsByTagName('t')[0]!.textContent, format: 'text' }
        : { value: c.getElementsByTagName('v')[0]!.textContent, format: formatOf(c.getAttribute('s')) }))
    const summary = read(1)
    const total = summary.find((row) => row[0]?.value === '合计')!
    expect(total.find((c) => c.value === json.totals.land_mu)).toEqual({ value: json.totals.land_mu, format: '0.000' })
    expect(total.find((c) => c.value === json.totals.houses_m2)).toEqual({ value: json.totals.houses_m2, format: '0.00' })
    expect(total.at(-1)).toEqual({ value: String(json.totals.persons), format: '0' })
    expect(summary.some((row) => row[1]?.value === json.sentence.zh)).toBe(true)
    const p2 = summary.find((row) => row[0]?.value === 'P2')!
    expect(p2).toContainEqual({ value: '330.022', format: '0.000' })
    expect(read(2).length).toBe(1 + json.findings.length)
    // The records column (F, after the parcels) holds each finding's record labels as text, as the JSON has them.
    const cellsOf = (column: string) => Array.from(xml('xl/worksheets/sheet2.xml').getElementsByTagName('c'))
      .filter((c) => c.getAttribute('r')!.replace(/\d+$/, '') === column)
      .map((c) => ({ row: Number(c.getAttribute('r')!.slice(column.length)), text: c.getElementsByTagName('t')[0]?.textContent ?? null }))
    expect(cellsOf('F').find((c) => c.row === 1)!.text).toBe('涉及记录')
    const labelled = json.findings.map((f: any, i: number) => [i + 2, f.record_labels.map((l: any) => l.zh).join('、')]).filter(([, t]: any) => t)
    expect(cellsOf('F').filter((c) => c.row > 1).map((c) => [c.row, c.text])).toEqual(labelled)
    const household = await canaryHouseholdLabel('zh')
    expect(cellsOf('F').some((c) => c.text?.includes(household))).toBe(true)
    const parcels = read(3)
    expect(parcels.length).toBe(4)
    expect(parcels[1]![5]).toEqual({ value: '18.000', format: '0.000' })
    expect(parcels[1]!.slice(0, 2).map((c) => c.value)).toEqual(['P1', 'A-001'])
    const allXml = Object.entries(files).filter(([n]) => n.endsWith('.xml')).map(([, b]) => strFromU8(b)).join('\n')
    expectNoPersonalData(allXml)
  })
})

/** One CSV line (RFC 4180 quoting) into its fields. */
function parseCsvLine(line: string): string[] {
  const out: string[] = []
  let i = 0
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = ''
      i++
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') { v += '"'; i += 2 } else if (line[i] === '"') { i++; break } else v += line[i++]
      }
      out.push(v)
      i++
    } else {
      const j = line.indexOf(',', i)
      const end = j === -1 ? line.length : j
      out.push(line.slice(i, end))
      i = end + 1
    }
    if (i > line.length) break
  }
  return out
}
