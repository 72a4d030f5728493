import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mapIdle, openApp, settled, type AppSession } from '../helpers/browser.ts'

// 报批与范围 in a real Chromium against the real server with the demo data: the planner opens the dashboard of
// 正清路延长线, its approval batches list 鹤城2021-01 with a red badge (a parcel reaches into permanent basic
// farmland, so Art. 46 needs the State Council where the province was declared) and the server's reason; the
// basic farmland layer, switched on in the legend, is drawn on the map (queryRenderedFeatures), hatched green.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const resultsDir = path.join(repoRoot, 'test-results')
const ZQL = '正清路延长线'

/** Layer ids of client/map/approval-layers.ts. */
const farmlandFill = 'basic-farmland-fill'
const scopeLine = 'approval-scope-line'

describe('approval batches and the basic farmland layer in Chromium', () => {
  let session: AppSession | undefined
  let baseUrl = ''
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    fs.mkdirSync(resultsDir, { recursive: true })
    session = await openApp({ user: 'planner', viewport: { width: 1440, height: 900 } })
    ;({ baseUrl, context, page } = session)
  }, 240_000)

  afterAll(async () => {
    await session?.close()
  })

  it("flags 鹤城2021-01 of 正清路延长线 for basic farmland and draws the farmland layer when it is switched on", async () => {
    await settled(page)

    const item = page.getByTestId('project-item').filter({ hasText: ZQL }).first()
    await item.waitFor()
    const id = (await item.getAttribute('data-project-id'))!
    await page.locator(`[data-testid="project-dashboard-open"][data-project-id="${id}"]`).click()
    await page.getByTestId('dashboard-approval-open').click()
    await page.getByTestId('batch-table').waitFor()

    // The batch as the API computes it: what the row must show.
    const batches = (await (await context.request.get(`${baseUrl}/api/approval-batches?project=${id}`)).json()) as {
      items: { code: string; authority_agrees: boolean; required_authority: string; authority_reasons: { clause: string }[]; authority_finding: { message: { zh: string } } | null; parcel_ids: number[]
        basic_farmland_geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: any } | null }[]
    }
    const b1 = batches.items.find((b) => b.code === '鹤城2021-01')!
    expect(b1).toMatchObject({ authority_agrees: false, required_authority: 'state_council' })
    expect(b1.authority_reasons.map((r) => r.clause)).toContain('basic_farmland')

    const row = page.locator('[data-testid="batch-row"][data-code="鹤城2021-01"]')
    expect(await row.getAttribute('data-agrees')).toBe('false')
    const badge = row.getByTestId('batch-badge')
    expect(await badge.getAttribute('data-code')).toBe('APPROVAL_AUTHORITY_MISMATCH')
    expect(await badge.textContent()).toBe('批准机关不符')
    expect(await badge.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(220, 38, 38)')
    const reason = page.getByTestId('batch-reason').filter({ hasText: '鹤城2021-01' })
    expect(await reason.textContent()).toBe(b1.authority_finding!.message.zh)
    expect(await reason.textContent()).toContain('永久基本农田')
    // A batch that agrees has no badge.
    const agreeing = batches.items.filter((b) => b.authority_agrees)
    for (const b of agreeing) {
      expect(await page.locator(`[data-testid="batch-row"][data-code="${b.code}"] [data-testid="batch-badge"]`).count()).toBe(0)
    }

    // Choosing the row draws the batch's parcels on the map (checked below, where one of them meets the farmland).
    await row.click()

    // Switch the farmland layer on and go to the farmland that batch reaches into.
    await page.getByTestId('layer-farmland').check()
    // Where ZQL-001 reaches into the farmland: the batch's basic farmland part, as the server gives it.
    const part = b1.basic_farmland_geometry!
    const pts = (part.type === 'Polygon' ? [part.coordinates] : part.coordinates).flat(2) as number[][]
    const center = [pts.reduce((s, p) => s + p[0]!, 0) / pts.length, pts.reduce((s, p) => s + p[1]!, 0) / pts.length] as [number, number]
    await page.evaluate((c) => window.__zdMap!.jumpTo({ center: c, zoom: 17 }), center)
    await settled(page)
    const farm = (await (await context.request.get(`${baseUrl}/api/basic-farmland?bbox=${center[0] - 0.001},${center[1] - 0.001},${center[0] + 0.001},${center[1] + 0.001}`)).json()) as {
      features: { properties: { name: string } }[]
    }
    expect(farm.features.length).toBeGreaterThan(0)
    await expect.poll(() => page.evaluate((l) => window.__zdMap!.queryRenderedFeatures({ layers: [l] }).map((f) => String(f.properties.name)), farmlandFill), { timeout: 15_000 })
      .toContain(farm.features[0]!.properties.name)
    expect(await page.evaluate((l) => window.__zdMap!.getLayoutProperty(l, 'visibility'), farmlandFill)).toBe('visible')
    expect(await page.evaluate(() => window.__zdMap!.queryRenderedFeatures({ layers: ['approval-batch-fill'] }).length)).toBeGreaterThan(0)
    expect(await page.getByTestId('legend-farmland').isVisible()).toBe(true)
    await page.screenshot({ path: path.join(resultsDir, 'e2e-approval-batches.png') })

    // The project's scope is drawn as the dashed outline while the card is open.
    const scope = (await (await context.request.get(`${baseUrl}/api/acquisition-scopes?project=${id}`)).json()) as { features: unknown[] }
    expect(scope.features).toHaveLength(1)
    expect(await page.evaluate((l) => window.__zdMap!.getPaintProperty(l, 'line-dasharray'), scopeLine)).toBeTruthy()
    await expect.poll(() => page.evaluate(() => window.__zdMap!.querySourceFeatures('approval', { filter: ['==', ['get', 'kind'], 'scope'] }).length)).toBeGreaterThan(0)

    // With the card closed the farmland stays drawn (it belongs to the legend), the batch and scope go.
    await page.getByTestId('dashboard-close').click()
    await page.getByTestId('project-dashboard').waitFor({ state: 'detached' })
    await mapIdle(page)
    expect(await page.evaluate((l) => window.__zdMap!.queryRenderedFeatures({ layers: [l] }).length, farmlandFill)).toBeGreaterThan(0)
    await expect.poll(() => page.evaluate(() => window.__zdMap!.queryRenderedFeatures({ layers: ['approval-batch-fill'] }).length)).toBe(0)
    await page.screenshot({ path: path.join(resultsDir, 'e2e-approval-farmland.png') })

    // Off again: nothing of it is drawn.
    await page.getByTestId('layer-farmland').uncheck()
    await expect.poll(() => page.evaluate((l) => window.__zdMap!.queryRenderedFeatures({ layers: [l] }).length, farmlandFill)).toBe(0)
  }, 180_000)
})
