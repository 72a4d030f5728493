import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { logIn, openApp, settled, type AppSession } from '../helpers/browser.ts'

// The audit workbench (稽核) in a real Chromium against the real server with the demo data: the auditor opens the
// workbench for 正清路延长线 (ZQL-2021), finds ZQL-012's claimed area beyond the tolerance among the findings,
// clicks it, and the map zooms to the parcel (its bounds hold the parcel, MapLibre has drawn it) with the finding
// drawn; a decision needs a reason, and an accepted finding shows as accepted in its row.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const resultsDir = path.join(repoRoot, 'test-results')
const ZQL = '正清路延长线'

/** Layer ids of client/map/style.ts and client/map/audit-layers.ts. */
const parcelFill = 'parcels-fill'
const auditLayers = ['audit-finding-fill', 'audit-finding-measured', 'audit-finding-claimed', 'audit-finding-part-line']

interface Finding {
  code: string
  key: string
  parcels: number[]
  decision: null | { decision: string }
}
interface ParcelAnswer {
  geometry: { type: 'MultiPolygon'; coordinates: number[][][][] }
  properties: { code: string }
}

function bboxOf(g: ParcelAnswer['geometry']): [number, number, number, number] {
  const pts = g.coordinates.flat(2)
  const xs = pts.map((p) => p[0]!)
  const ys = pts.map((p) => p[1]!)
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]
}

describe('the audit workbench in Chromium', () => {
  let session: AppSession | undefined
  let baseUrl = ''
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    fs.mkdirSync(resultsDir, { recursive: true })
    session = await openApp({ user: 'auditor', viewport: { width: 1440, height: 900 } })
    ;({ baseUrl, context, page } = session)
  }, 240_000)

  afterAll(async () => {
    await session?.close()
  })

  it("opens ZQL-2021's findings, zooms the map to ZQL-012's area finding with the finding drawn, and accepts a finding with a reason", async () => {
    await settled(page)

    // The project and the finding as the API gives them: what the table must show.
    const projects = (await (await context.request.get(`${baseUrl}/api/projects`)).json()) as { items: { id: number; code: string; name: string }[] }
    const zql = projects.items.find((p) => p.code === 'ZQL-2021')!
    expect(zql.name).toBe(ZQL)
    const audit = (await (await context.request.get(`${baseUrl}/api/projects/${zql.id}/audit`)).json()) as {
      findings: Finding[]
      parcels: { id: number; code: string }[]
    }
    const zql012 = audit.parcels.find((p) => p.code === 'ZQL-012')!
    const areaFinding = audit.findings.find((f) => f.code === 'AREA_CLAIM_EXCEEDS_TOLERANCE' && f.parcels.includes(zql012.id))!
    expect(areaFinding).toBeDefined()

    // Open the workbench and choose the project.
    await page.getByTestId('audit-open').click()
    const workbench = page.getByTestId('audit-workbench')
    await workbench.waitFor()
    await page.getByTestId('audit-project').selectOption(String(zql.id))
    const rows = page.getByTestId('audit-finding-row')
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(audit.findings.length)
    const row = page.locator(`[data-testid="audit-finding-row"][data-key="${areaFinding.key}"]`)
    await row.waitFor()
    expect(await row.getAttribute('data-code')).toBe('AREA_CLAIM_EXCEEDS_TOLERANCE')
    expect(await row.getAttribute('data-severity')).toBe('error')
    const rowText = (await row.textContent()) ?? ''
    expect(rowText).toContain('ZQL-012')
    expect(rowText).toContain('错误')
    // The counts per severity add up to the findings.
    const counted = await Promise.all(['error', 'warning', 'info'].map(async (s) => Number(await page.getByTestId(`audit-count-${s}`).getAttribute('data-count'))))
    expect(counted.reduce((a, b) => a + b, 0)).toBe(audit.findings.length)
    await page.screenshot({ path: path.join(resultsDir, 'e2e-audit-workbench.png') })

    // Filtering by code keeps the area findings only; the search finds the parcel.
    await page.getByTestId('audit-filter-code').selectOption('AREA_CLAIM_EXCEEDS_TOLERANCE')
    const areaCount = audit.findings.filter((f) => f.code === 'AREA_CLAIM_EXCEEDS_TOLERANCE').length
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(areaCount)
    await page.getByTestId('audit-filter-text').fill('ZQL-012')
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1)
    expect(await rows.first().getAttribute('data-key')).toBe(areaFinding.key)

    // Click the finding: the detail with the area check, and the map zoomed to the parcel.
    await row.getByTestId('audit-finding-open').click()
    const detail = page.getByTestId('audit-detail')
    await detail.waitFor()
    expect(await detail.getAttribute('data-key')).toBe(areaFinding.key)
    const panel = detail.getByTestId('audit-area-panel')
    await panel.waitFor()
    expect(await panel.getByTestId('audit-area-verdict').getAttribute('data-verdict')).toBe('exceeds')
    expect(await panel.getByTestId('audit-area-claimed').textContent()).toContain('9.275')

    const parcel = (await (await context.request.get(`${baseUrl}/api/parcels/${zql012.id}`)).json()) as ParcelAnswer
    const [w, s, e, n] = bboxOf(parcel.geometry)
    await expect
      .poll(
        () =>
          page.evaluate(
            ([w, s, e, n]) => {
              const map = window.__zdMap!
              const b = map.getBounds()
              return !map.isMoving() && b.contains([w!, s!]) && b.contains([e!, n!]) && map.getZoom() >= 15
            },
            [w, s, e, n],
          ),
        { timeout: 30_000 },
      )
      .toBe(true)
    await settled(page)
    // MapLibre has drawn the parcel, and the finding's layers have drawn something of it.
    await expect
      .poll(() =>
        page.evaluate((layer) => window.__zdMap!.queryRenderedFeatures({ layers: [layer] }).map((f) => Number(f.id)), parcelFill),
        { timeout: 30_000 },
      )
      .toContain(zql012.id)
    const drawn = await page.evaluate(
      (layers) => window.__zdMap!.queryRenderedFeatures({ layers }).map((f) => ({ kind: f.properties.kind as string, parcel_id: f.properties.parcel_id as number | null })),
      auditLayers,
    )
    expect(drawn.length).toBeGreaterThan(0)
    expect(drawn.some((f) => f.kind === 'measured' && Number(f.parcel_id) === zql012.id)).toBe(true)
    // The legend names what is drawn.
    expect(await detail.getByTestId('audit-legend').textContent()).toContain('实测界线')
    await page.screenshot({ path: path.join(resultsDir, 'e2e-audit-finding-zoomed.png') })

    // A reason is required: blanks are refused before anything is sent.
    await detail.getByTestId('audit-decision-reason-input').fill('   ')
    await detail.getByTestId('audit-accept').click()
    await detail.getByTestId('audit-reason-issue').waitFor()
    expect(await detail.getByTestId('audit-reason-issue').textContent()).toBe('请填写理由。')
    expect(await row.getAttribute('data-status')).toBe('open')

    // Accept with a reason: the row turns accepted, with who decided.
    await detail.getByTestId('audit-decision-reason-input').fill('  已现场复核，按勘测定界报告更正申报面积  ')
    await detail.getByTestId('audit-accept').click()
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('accepted')
    expect(await row.getByTestId('audit-finding-status').textContent()).toBe('已接受')
    expect(await row.textContent()).toContain('auditor')
    expect(await detail.getByTestId('audit-decision-reason').textContent()).toBe('已现场复核，按勘测定界报告更正申报面积')

    // The server keeps it: the trimmed reason stands on the finding.
    const after = (await (await context.request.get(`${baseUrl}/api/projects/${zql.id}/audit`)).json()) as { findings: (Finding & { decision: { decision: string; reason: string } | null })[] }
    const stands = after.findings.find((f) => f.key === areaFinding.key)!
    expect(stands.decision).toMatchObject({ decision: 'accepted', reason: '已现场复核，按勘测定界报告更正申报面积' })
  })

  it('returns a finding to the planner, who finds it under 退回给我 with the reason and cannot decide', async () => {
    // The auditor, on ZQL-2021: return the parcel outside the scope, drawn with its outside part.
    await page.goto(baseUrl)
    if ((await page.getByTestId('current-username').count()) && (await page.getByTestId('current-username').textContent()) !== 'auditor') {
      await page.getByTestId('logout').click()
      // The name goes only once the server has ended the session: wait for it, or the login below is skipped.
      await page.getByTestId('current-username').waitFor({ state: 'detached' })
    }
    if (!(await page.getByTestId('current-username').count())) await logIn(page, baseUrl, 'auditor', 'auditor-demo')
    const projects = (await (await context.request.get(`${baseUrl}/api/projects`)).json()) as { items: { id: number; code: string }[] }
    const zql = projects.items.find((p) => p.code === 'ZQL-2021')!
    await page.getByTestId('audit-open').click()
    await page.getByTestId('audit-project').selectOption(String(zql.id))
    const row = page.locator('[data-testid="audit-finding-row"][data-code="PARCEL_OUTSIDE_SCOPE"]')
    await row.first().waitFor({ timeout: 60_000 })
    await row.first().getByTestId('audit-finding-open').click()
    const detail = page.getByTestId('audit-detail')
    await expect.poll(() => detail.getAttribute('data-code'), { timeout: 10_000 }).toBe('PARCEL_OUTSIDE_SCOPE')
    await expect.poll(() => detail.getByTestId('audit-legend').locator('li').evaluateAll((li) => li.map((x) => x.getAttribute('data-kind'))), { timeout: 30_000 })
      .toEqual(['measured', 'outside_scope'])
    const key = (await detail.getAttribute('data-key'))!
    await detail.getByTestId('audit-decision-reason-input').fill('请核实 ZQL-018 东端是否在拟征收范围内')
    await detail.getByTestId('audit-return').click()
    await expect.poll(() => row.first().getAttribute('data-status'), { timeout: 30_000 }).toBe('returned')

    // The planner: read only, starting on the findings returned to the planners.
    await page.getByTestId('logout').click()
    await logIn(page, baseUrl, 'planner', 'planner-demo')
    await page.getByTestId('audit-open').click()
    await page.getByTestId('audit-readonly').waitFor()
    expect(await page.getByTestId('audit-tab-office').count()).toBe(0)
    const returned = page.getByTestId('audit-finding-row')
    await expect.poll(() => returned.count(), { timeout: 60_000 }).toBe(1)
    expect(await returned.first().getAttribute('data-key')).toBe(key)
    expect(await page.getByTestId('audit-filter-returned').getAttribute('aria-pressed')).toBe('true')
    await returned.first().getByTestId('audit-finding-open').click()
    await expect.poll(() => page.getByTestId('audit-decision-reason').textContent(), { timeout: 10_000 }).toBe('请核实 ZQL-018 东端是否在拟征收范围内')
    expect(await page.getByTestId('audit-decision-form').count()).toBe(0)
    expect(await page.getByTestId('audit-sign').count()).toBe(0)
  })

  it("shows 2021's report sentence from the signed audits and links to its CSV and XLSX in the UI language", async () => {
    await page.goto(baseUrl)
    if ((await page.getByTestId('current-username').count()) && (await page.getByTestId('current-username').textContent()) !== 'auditor') {
      await page.getByTestId('logout').click()
      // The name goes only once the server has ended the session: wait for it, or the login below is skipped.
      await page.getByTestId('current-username').waitFor({ state: 'detached' })
    }
    if (!(await page.getByTestId('current-username').count())) await logIn(page, baseUrl, 'auditor', 'auditor-demo')
    await page.getByTestId('audit-open').click()
    await page.getByTestId('audit-tab-report').click()
    await page.getByTestId('audit-report-year').fill('2021')
    await page.getByTestId('audit-report-whole-year').click()
    expect(await page.getByTestId('audit-report-from').inputValue()).toBe('2021-01-01')
    expect(await page.getByTestId('audit-report-to').inputValue()).toBe('2021-12-31')
    await page.getByTestId('audit-report-load').click()
    const sentence = page.getByTestId('audit-report-sentence')
    await sentence.waitFor({ timeout: 60_000 })
    expect(await sentence.textContent()).toBe('全年稽核土地征收330.022亩、房屋征收4699.13㎡、安置人口16人')
    await page.screenshot({ path: path.join(resultsDir, 'e2e-audit-report.png') })
    for (const format of ['csv', 'xlsx']) {
      const href = (await page.getByTestId(`audit-report-${format}`).getAttribute('href'))!
      const params = new URL(href, baseUrl).searchParams
      expect(Object.fromEntries(params)).toEqual({ from: '2021-01-01', to: '2021-12-31', format, lang: 'zh-CN' })
      const answer = await context.request.get(new URL(href, baseUrl).href)
      expect(answer.status()).toBe(200)
      expect(answer.headers()['content-disposition']).toContain('attachment')
    }
  })
})
