import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mapIdle, onCanvas, openApp, pagePoint, settled, type AppSession } from '../helpers/browser.ts'
import { parcelFeature, polygon } from '../helpers/fixtures.ts'

// 报批与范围 driven by the mouse in Chromium against the real server (demo data, fresh embedded database): a
// planner draws a project's acquisition scope (拟征收范围) corner by corner on the map, saves it and finds it stored
// and drawn; drags a corner of it and saves version 2; then creates an approval batch (报批批次) by clicking its
// parcels on the map, and sees the Art. 46 authority the server computed: two cultivated parcels of about 20 ha
// each are more than 35 ha of cultivated land together, so the batch needs the State Council, not the province.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const resultsDir = path.join(repoRoot, 'test-results')

type Pos = [number, number]

/** Two paddy-field parcels side by side, each about 450 m × 450 m (≈ 20 ha), east of the demo projects. */
const west: Pos[] = [[110.035, 27.552], [110.0396, 27.552], [110.0396, 27.5561], [110.035, 27.5561], [110.035, 27.552]]
const east: Pos[] = [[110.0396, 27.552], [110.0442, 27.552], [110.0442, 27.5561], [110.0396, 27.5561], [110.0396, 27.552]]
/** The scope's corners, about 100 m outside the parcels (well beyond snapping distance of their corners). */
const scopeCorners: Pos[] = [[110.034, 27.5511], [110.0452, 27.5511], [110.0452, 27.557], [110.034, 27.557]]

interface ScopeAnswer {
  features: { id: number; geometry: { type: 'MultiPolygon'; coordinates: Pos[][][] }; properties: { version: number; area_m2: string; area_mu: string; source: string | null } }[]
}
interface BatchAnswer {
  items: {
    id: number; code: string; parcel_ids: number[]; declared_authority: string; required_authority: string; authority_agrees: boolean
    cultivated_m2: string; cultivated_mu: string; basic_farmland_m2: string; other_m2: string
    authority_reasons: { clause: string }[]; authority_finding: { code: string; message: { zh: string } } | null
  }[]
}

describe('the acquisition scope and an approval batch, by mouse on the map', () => {
  let baseUrl = ''
  let session: AppSession | undefined
  let page: Page
  let csrf = ''
  let projectId = 0
  const parcelIds: number[] = []
  let pageErrors: string[] = []

  beforeAll(async () => {
    fs.mkdirSync(resultsDir, { recursive: true })
    session = await openApp({ user: 'planner', viewport: { width: 1440, height: 900 } })
    baseUrl = session.baseUrl
    page = session.page
    pageErrors = session.pageErrors
    csrf = ((await (await page.request.get(`${baseUrl}/api/auth/me`)).json()) as { csrf: string }).csrf
    // A project of its own with two parcels (the demo's parcels are all in batches already), made through the API.
    const suffix = Date.now().toString(36)
    const project = await api<{ id: number }>('POST', '/api/projects', { code: `E2E-${suffix}`, name: `范围与批次测试 ${suffix}`, district: '鹤城区' })
    expect(project.status, JSON.stringify(project.body)).toBe(201)
    projectId = project.body.id
    for (const [code, ring] of [['E2E-W', west], ['E2E-E', east]] as const) {
      const r = await api<{ id: number }>('POST', '/api/parcels', parcelFeature(polygon(ring), projectId, { code, land_class: '0101', owner: '城东街道测试村一组' }))
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      parcelIds.push(r.body.id)
    }
    await page.reload()
    await page.getByTestId('project-item').first().waitFor()
    await settled(page)
  }, 240_000)

  afterAll(async () => {
    await session?.close()
  })

  async function api<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; body: T }> {
    const r = await page.request.fetch(`${baseUrl}${url}`, {
      method,
      headers: method === 'POST' ? { 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' } : {},
      data: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: r.status(), body: (await r.json()) as T }
  }

  /** Moves the mouse to a lon/lat in a few steps and clicks there, on the bare canvas. */
  async function clickAt(ll: Pos) {
    const p = await pagePoint(page, ll)
    expect(await onCanvas(page, p), `${ll} is on the map canvas`).toBe(true)
    await page.mouse.move(p.x, p.y, { steps: 4 })
    await page.mouse.click(p.x, p.y)
  }

  /** Metres per CSS pixel at the map's centre now, to judge how close a clicked corner must land. */
  async function metresPerPixel() {
    return page.evaluate(() => {
      const map = window.__zdMap!
      return (40075016.686 * Math.cos((map.getCenter().lat * Math.PI) / 180)) / (512 * 2 ** map.getZoom())
    })
  }

  /** The distance in metres between two lon/lat points (equirectangular; fine over a few metres). */
  function metres(a: Pos, b: Pos) {
    const k = Math.cos((a[1] * Math.PI) / 180)
    return Math.hypot((a[0] - b[0]) * k, a[1] - b[1]) * 111_320
  }

  const scopeOnMap = () => page.evaluate(() =>
    window.__zdMap!.querySourceFeatures('approval', { filter: ['==', ['get', 'kind'], 'scope'] })
      .map((f) => (f.geometry as { coordinates: unknown }).coordinates))

  async function openApproval() {
    await page.locator(`[data-testid="project-dashboard-open"][data-project-id="${projectId}"]`).click()
    await page.getByTestId('dashboard-approval-open').click()
    await page.getByTestId('scope-section').waitFor()
    await settled(page)
  }

  /**
   * While the dashboard draws or picks on the map it docks to the left (App.svelte), leaving the map free; the
   * map is then framed on the scope's corners in the free part, right of the panel and left of the legend.
   */
  async function frameFreeMap() {
    const host = page.getByTestId('dashboard-host')
    await expect.poll(async () => (await host.getAttribute('class'))?.includes('docked')).toBe(true)
    const box = (await host.boundingBox())!
    expect(box.x + box.width).toBeLessThan(520)
    await page.evaluate(({ sw, ne, left }) => window.__zdMap!.fitBounds([sw, ne], { padding: { left, right: 330, top: 110, bottom: 60 }, animate: false }),
      { sw: scopeCorners[0]!, ne: scopeCorners[2]!, left: Math.round(box.x + box.width + 40) })
    await settled(page)
  }

  it('draws the scope corner by corner, saves it, and finds it stored and drawn; then drags a corner and saves version 2', async () => {
    await openApproval()
    expect(await page.getByTestId('scope-none').isVisible()).toBe(true)
    // Drawing starts with the polygon tool.
    await page.getByTestId('scope-edit').click()
    await page.getByTestId('scope-editor').waitFor()
    expect(await page.getByTestId('scope-tool-polygon').getAttribute('class')).toContain('on')
    await frameFreeMap()
    const save = page.getByTestId('scope-save')
    expect(await save.isDisabled()).toBe(true)
    for (const c of scopeCorners) await clickAt(c)
    // Closing the ring on its first corner: the outline is complete and may be saved.
    await clickAt(scopeCorners[0]!)
    await expect.poll(() => save.isDisabled()).toBe(false)
    await page.getByTestId('scope-section').locator('input').last().fill('预公告 E2E 第1号')
    await mapIdle(page)
    await page.screenshot({ path: path.join(resultsDir, 'e2e-scope-drawn.png') })
    const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/acquisition-scopes'))
    await save.click()
    expect((await posted).status()).toBe(201)
    await page.getByTestId('scope-area').waitFor()
    // Saved: the dashboard leaves the map's side for its place in the middle.
    await expect.poll(async () => (await page.getByTestId('dashboard-host').getAttribute('class'))?.includes('docked')).toBe(false)

    // Stored: one scope of the project whose corners are where the mouse clicked (within a pixel and a half).
    const stored = (await api<ScopeAnswer>('GET', `/api/acquisition-scopes?project=${projectId}`)).body.features
    expect(stored).toHaveLength(1)
    const scope = stored[0]!
    expect(scope.properties).toMatchObject({ version: 1, source: '预公告 E2E 第1号' })
    const ring = scope.geometry.coordinates[0]![0]!
    expect(ring).toHaveLength(5)
    const px = await metresPerPixel()
    for (const c of scopeCorners) {
      const nearest = Math.min(...ring.map((p) => metres(p, c)))
      expect(nearest, `corner ${c}`).toBeLessThan(1.5 * px)
    }
    // The panel shows the server's area; the map draws the saved outline (the dashed scope line).
    const text = (await page.getByTestId('scope-area').textContent())!
    expect(text).toContain('预公告 E2E 第1号')
    expect(text.replace(/\s/g, '')).toContain(Number(scope.properties.area_mu).toFixed(3))
    await expect.poll(async () => (await scopeOnMap()).length).toBeGreaterThan(0)
    await mapIdle(page)
    expect(await page.evaluate(() => window.__zdMap!.queryRenderedFeatures({ layers: ['approval-scope-line'] }).length)).toBeGreaterThan(0)

    // Edit: the saved outline opens with the select tool; the north-east corner is dragged about 60 m east.
    await page.getByTestId('scope-edit').click()
    await page.getByTestId('scope-editor').waitFor()
    await frameFreeMap()
    const ne = ring.reduce((best, p) => (p[0] + p[1] > best[0] + best[1] ? p : best))
    const target: Pos = [ne[0] + 0.0006, ne[1]]
    const from = await pagePoint(page, ne)
    const to = await pagePoint(page, target)
    expect(await onCanvas(page, to)).toBe(true)
    await page.mouse.move(from.x, from.y, { steps: 3 })
    await page.mouse.down()
    await page.mouse.move(to.x, to.y, { steps: 8 })
    await page.mouse.up()
    await expect.poll(() => save.isDisabled()).toBe(false)
    const put = page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith(`/api/acquisition-scopes/${scope.id}`))
    await save.click()
    expect((await put).headers()['if-match']).toBe('"v1"')
    await page.getByTestId('scope-editor').waitFor({ state: 'detached' })
    const edited = (await api<ScopeAnswer>('GET', `/api/acquisition-scopes?project=${projectId}`)).body.features[0]!
    expect(edited.properties.version).toBe(2)
    const moved = edited.geometry.coordinates[0]![0]!
    expect(Math.min(...moved.map((p) => metres(p, target)))).toBeLessThan(1.5 * px)
    expect(Math.min(...moved.map((p) => metres(p, ne)))).toBeGreaterThan(50)
    expect(Number(edited.properties.area_m2)).toBeGreaterThan(Number(scope.properties.area_m2))
    expect(pageErrors).toEqual([])
  }, 180_000)

  it('creates a batch by clicking its parcels on the map and shows the authority Art. 46 requires', async () => {
    if (!(await page.getByTestId('batch-section').isVisible())) await openApproval()
    await page.getByTestId('batch-new').click()
    await page.getByTestId('batch-form').waitFor()
    await frameFreeMap()
    const box = (id: number) => page.locator(`[data-testid="batch-parcels"] input[data-parcel-id="${id}"]`)
    expect(await box(parcelIds[0]!).isChecked()).toBe(false)
    // A click inside each parcel picks it (the map's parcel click is routed to the open form).
    await clickAt([110.0373, 27.5540])
    await expect.poll(() => box(parcelIds[0]!).isChecked()).toBe(true)
    await clickAt([110.0419, 27.5540])
    await expect.poll(() => box(parcelIds[1]!).isChecked()).toBe(true)
    // The picked parcels are drawn as the batch on the map.
    await mapIdle(page)
    await expect.poll(() => page.evaluate(() => window.__zdMap!.queryRenderedFeatures({ layers: ['approval-batch-fill'] }).length)).toBeGreaterThan(0)

    await page.getByTestId('batch-code').fill('鹤城E2E-01')
    await page.getByTestId('batch-name').fill('范围与批次测试第一批')
    expect(await page.getByTestId('batch-declared').inputValue()).toBe('province')
    const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/approval-batches'))
    await page.getByTestId('batch-save').click()
    expect((await posted).status()).toBe(201)
    await page.getByTestId('batch-form').waitFor({ state: 'detached' })

    // The server's computation: 2 × ~20 ha of cultivated land > 35 ha → State Council (Art. 46), declared province.
    const batch = (await api<BatchAnswer>('GET', `/api/approval-batches?project=${projectId}`)).body.items.find((b) => b.code === '鹤城E2E-01')!
    expect(batch).toMatchObject({ parcel_ids: [...parcelIds].sort((a, b) => a - b), declared_authority: 'province', required_authority: 'state_council', authority_agrees: false })
    expect(Number(batch.cultivated_m2)).toBeGreaterThan(350_000)
    expect(Number(batch.basic_farmland_m2)).toBe(0)
    // The parcels' own areas (zd_area, as the parcels API gives them) add up to the batch's cultivated land.
    const areas = await Promise.all(parcelIds.map((id) => api<{ properties: { area: { ellipsoidal_m2: string | number } } }>('GET', `/api/parcels/${id}`)))
    const sum = areas.reduce((s, a) => s + Number(a.body.properties.area.ellipsoidal_m2), 0)
    expect(Math.abs(Number(batch.cultivated_m2) - sum)).toBeLessThan(0.02)

    const row = page.locator('[data-testid="batch-row"][data-code="鹤城E2E-01"]')
    await row.waitFor()
    expect(await row.getAttribute('data-agrees')).toBe('false')
    const badge = row.getByTestId('batch-badge')
    expect(await badge.getAttribute('data-code')).toBe(batch.authority_finding!.code)
    expect(await badge.textContent()).toBe('批准机关不符')
    const rowText = (await row.textContent())!.replace(/\s/g, '')
    expect(rowText).toContain('依法应由:国务院')
    expect(rowText).toContain('申报:省级人民政府')
    expect(rowText).toContain(Number(batch.cultivated_mu).toFixed(3))
    const reason = page.getByTestId('batch-reason').filter({ hasText: '鹤城E2E-01' })
    expect(await reason.textContent()).toBe(batch.authority_finding!.message.zh)
    await mapIdle(page)
    await page.screenshot({ path: path.join(resultsDir, 'e2e-batch-created.png') })
    expect(pageErrors).toEqual([])
  }, 180_000)
})
