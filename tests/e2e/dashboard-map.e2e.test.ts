import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, logIn, settled, type BrowserSession } from '../helpers/browser.ts'
import { interiorPoint, type MultiPolygonCoords } from '../helpers/interior-point.ts'
import { agreementColors, agreementStatuses, paymentColors, paymentStatuses } from '../../client/map/color-modes.ts'

// The project dashboard and the thematic map in a real Chromium against the real server with the demo data: the
// report's figures read off the dashboard (迎丰组团10#安置区二期 and 正清路延长线), then the map of a project with its
// buildings and graves drawn by MapLibre, parcels filled in the colours of their agreement and payment status,
// a legend that lists those classes with the counts the server's records give, and a click on a building that
// chooses its parcel.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const resultsDir = path.join(repoRoot, 'test-results')
const YF10 = '迎丰组团10#安置区二期'
const ZQL = '正清路延长线'

/** Layer ids of client/map/style.ts and client/map/record-layers.ts. */
const layers = { parcelFill: 'parcels-fill', buildingFill: 'buildings-fill', graveCircle: 'graves-circle', graveLabel: 'graves-label' }

interface ParcelProps {
  id: number
  project_id: number
  agreement_status: string
  payment_status: string
}
interface BuildingAnswer {
  id: number
  geometry: { type: 'MultiPolygon'; coordinates: MultiPolygonCoords }
  properties: { id: number; parcel_id: number; code: string; demolished_on: string | null; legal_status: string }
}

/**
 * The parcels MapLibre has drawn in the fill layer (from the vector tiles), with their statuses as the map holds them
 * (feature-state from GET /api/projects/:id/parcel-states) and the fill colour it evaluated for each, as '#rrggbb'.
 */
async function renderedParcelFills(page: Page) {
  return page.evaluate((layer) => {
    const hex = (c: { r: number; g: number; b: number }) =>
      '#' + [c.r, c.g, c.b].map((v) => Math.round(v * 255).toString(16).padStart(2, '0')).join('')
    return window.__zdMap!.queryRenderedFeatures({ layers: [layer] }).map((f) => ({
      id: Number(f.id),
      agreement_status: f.state.agreement as string,
      payment_status: f.state.payment as string,
      fill: hex((f.layer.paint as Record<string, unknown>)['fill-color'] as { r: number; g: number; b: number }),
    }))
  }, layers.parcelFill)
}

const renderedCount = (page: Page, layer: string) =>
  page.evaluate((l) => window.__zdMap!.queryRenderedFeatures({ layers: [l] }).length, layer)

/** The legend's rows of one list: class and count as shown. */
async function legendRows(page: Page, list: string) {
  return page.getByTestId(list).locator('li').evaluateAll((items) =>
    items.map((li) => ({
      cls: li.getAttribute('data-class'),
      text: li.textContent?.replace(/\s+/g, ' ').trim() ?? '',
      count: li.querySelector('.count')?.textContent?.trim() ?? null,
    })),
  )
}

describe('the project dashboard and the thematic map', () => {
  let app: { url: string; stop(): Promise<void> } | null = null
  let baseUrl = ''
  let context: BrowserContext
  let page: Page
  let browser: BrowserSession | undefined

  beforeAll(async () => {
    if (process.env.ZD_E2E_URL) {
      baseUrl = process.env.ZD_E2E_URL
    } else {
      const { startApp } = await import('../helpers/start-app.ts')
      app = await startApp()
      baseUrl = app.url
    }
    browser = await launchBrowser()
    context = browser.context
    page = browser.page
    fs.mkdirSync(resultsDir, { recursive: true })
  }, 240_000)

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })

  /** The id of the listed project with this (Chinese) name. */
  async function projectId(name: string): Promise<string> {
    const item = page.getByTestId('project-item').filter({ hasText: name })
    await item.first().waitFor()
    return (await item.first().getAttribute('data-project-id'))!
  }

  async function openDashboard(name: string) {
    const id = await projectId(name)
    await page.locator(`[data-testid="project-dashboard-open"][data-project-id="${id}"]`).click()
    const dashboard = page.getByTestId('project-dashboard')
    await expect.poll(() => dashboard.getAttribute('data-project-id')).toBe(id)
    await page.getByTestId('dashboard-body').waitFor()
    expect(await page.getByTestId('dashboard-project').textContent()).toContain(name)
    return dashboard
  }

  const text = async (testId: string) => (await page.getByTestId(testId).textContent())?.replace(/\s+/g, ' ').trim()
  const legalRow = (status: string) => page.locator(`[data-testid="dashboard-by-legal-status"] tr[data-legal-status="${status}"]`)

  it('shows the report figures of 迎丰组团10#安置区二期 and 正清路延长线 on their dashboards, printable and in English', async () => {
    await logIn(page, baseUrl, 'planner', 'planner-demo')

    // 迎丰组团10#安置区二期: 33.288 亩, 4 temporary buildings of 920 m², 1 licensed house of 158 m², 54 coffins.
    const dashboard = await openDashboard(YF10)
    expect(await text('dashboard-area-mu')).toBe('33.288')
    expect(await page.getByTestId('dashboard-area-mu').locator('..').textContent()).toContain('亩')
    expect(await legalRow('temporary').getByTestId('buildings-count').textContent()).toBe('4')
    expect(await legalRow('temporary').getByTestId('buildings-floor-area').textContent()).toBe('920.00')
    expect(await legalRow('temporary').locator('th').textContent()).toBe('临时建筑')
    expect(await legalRow('licensed').getByTestId('buildings-count').textContent()).toBe('1')
    expect(await legalRow('licensed').getByTestId('buildings-floor-area').textContent()).toBe('158.00')
    expect(await text('dashboard-coffins')).toBe('54')
    expect((await page.locator('[data-testid="dashboard-coffins"]').locator('..').textContent())?.trim()).toContain('棺')
    // Land classes by their Chinese names, money in 元 and 万元 exactly as the server's decimal strings.
    const landClasses = await page.locator('[data-testid="dashboard-by-land-class"] tbody th').allTextContents()
    expect(landClasses.some((n) => n.includes('水田'))).toBe(true)
    const summary = (await (await context.request.get(`${baseUrl}/api/projects/${await projectId(YF10)}/summary`)).json()) as {
      compensation_total_yuan: string
    }
    const [intPart, frac] = summary.compensation_total_yuan.split('.')
    expect(await text('dashboard-compensation-total')).toBe(`${intPart!.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')}.${frac}`)
    await dashboard.screenshot({ path: path.join(resultsDir, 'e2e-dashboard-yf10.png') })

    // Printing leaves only the dashboard on the page.
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.map').isVisible()).toBe(false)
    expect(await page.getByTestId('project-list').isVisible()).toBe(false)
    expect(await dashboard.isVisible()).toBe(true)
    expect(await page.getByTestId('dashboard-print').isVisible()).toBe(false)
    await page.screenshot({ path: path.join(resultsDir, 'e2e-dashboard-print.png'), fullPage: true })
    await page.emulateMedia({ media: 'screen' })

    // 正清路延长线: 266 households, 61 534.77 m² of buildings, 299 persons resettled, delayed transition in 板山村.
    await page.getByTestId('dashboard-close').click()
    await openDashboard(ZQL)
    expect(await text('dashboard-households')).toBe('266')
    expect(await text('dashboard-floor-area')).toBe('61 534.77')
    expect(await text('dashboard-persons-resettled')).toBe('299')
    const delayed = await page.locator('[data-testid="dashboard-delayed"] tbody tr').allTextContents()
    expect(delayed.some((row) => row.includes('板山村') && row.includes('109'))).toBe(true)
    await page.getByTestId('project-dashboard').screenshot({ path: path.join(resultsDir, 'e2e-dashboard-zql.png') })

    // In English the headings and land classes switch; the figures stay the same.
    await page.getByTestId('lang-toggle').click()
    await expect.poll(() => page.locator('#dashboard-title').textContent()).toBe('Project summary')
    expect(await text('dashboard-households')).toBe('266')
    await page.getByTestId('lang-toggle').click()
    await page.getByTestId('dashboard-close').click()
    await page.getByTestId('project-dashboard').waitFor({ state: 'detached' })
  }, 120_000)

  it('draws buildings and graves, colours parcels by agreement and payment status, lists the classes in the legend, and chooses the parcel of a clicked building', async () => {
    const id = await projectId(YF10)
    const parcels = (
      (await (await context.request.get(`${baseUrl}/api/parcels?bbox=108.76,25.83,111.12,29.05&project=${id}`)).json()) as {
        features: { properties: ParcelProps }[]
      }
    ).features.map((f) => f.properties)
    const buildings = (
      (await (await context.request.get(`${baseUrl}/api/buildings?project=${id}`)).json()) as { features: BuildingAnswer[] }
    ).features
    const graves = ((await (await context.request.get(`${baseUrl}/api/graves?project=${id}`)).json()) as {
      features: { properties: { coffins: number } }[]
    }).features
    expect(parcels.length).toBeGreaterThan(0)
    expect(buildings.length).toBeGreaterThan(0)
    expect(graves.length).toBeGreaterThan(0)

    // Zoom to the project: parcels, building footprints and grave symbols with their coffin counts are drawn.
    await page.locator(`[data-testid="project-item"][data-project-id="${id}"]`).click()
    await page.waitForFunction(() => (window.__zdMap?.getZoom() ?? 0) >= 16)
    await settled(page)
    await expect.poll(() => renderedCount(page, layers.buildingFill), { timeout: 20_000 }).toBeGreaterThan(0)
    await expect.poll(() => renderedCount(page, layers.graveCircle)).toBeGreaterThan(0)
    await expect.poll(() => renderedCount(page, layers.graveLabel)).toBeGreaterThan(0)
    const renderedBuildingIds = await page.evaluate(
      (l) => [...new Set(window.__zdMap!.queryRenderedFeatures({ layers: [l] }).map((f) => Number(f.id)))],
      layers.buildingFill,
    )
    expect(renderedBuildingIds.every((b) => buildings.some((x) => x.id === b))).toBe(true)

    // Agreement colouring: every drawn parcel has the colour of its agreement_status, and the legend lists the
    // four classes with the number of the project's parcels in each.
    await page.getByTestId('color-mode-agreement').check()
    await expect.poll(() => page.getByTestId('map-legend').getAttribute('data-mode')).toBe('agreement')
    await settled(page)
    await expect
      .poll(async () => (await renderedParcelFills(page)).every((p) => p.fill === agreementColors[p.agreement_status as keyof typeof agreementColors]))
      .toBe(true)
    const fills = await renderedParcelFills(page)
    expect(fills.length).toBeGreaterThan(0)
    // The statuses the map holds are the server's for each parcel drawn.
    for (const f of fills.filter((x) => parcels.some((p) => p.id === x.id))) {
      const p = parcels.find((x) => x.id === f.id)!
      expect([f.id, f.agreement_status, f.payment_status]).toEqual([f.id, p.agreement_status, p.payment_status])
    }
    expect(new Set(fills.map((p) => p.agreement_status)).size).toBeGreaterThan(0)
    const agreementLegend = await legendRows(page, 'legend-parcels')
    expect(agreementLegend.map((r) => r.cls)).toEqual([...agreementStatuses])
    expect(agreementLegend.map((r) => r.text.replace(/\s*\d+$/, ''))).toEqual(['无被征收户', '均未签订', '部分签订', '全部签订'])
    for (const row of agreementLegend) {
      expect(row.count, row.cls!).toBe(String(parcels.filter((p) => p.agreement_status === row.cls).length))
    }
    // Buildings by legal status (demolished apart) and graves with their coffins, counted from the records.
    const buildingLegend = await legendRows(page, 'legend-buildings')
    expect(buildingLegend.map((r) => r.cls)).toEqual(['licensed', 'recognised', 'temporary', 'unlicensed', 'demolished'])
    const standing = (status: string) => buildings.filter((b) => !b.properties.demolished_on && b.properties.legal_status === status).length
    expect(buildingLegend.find((r) => r.cls === 'demolished')!.count).toBe(String(buildings.filter((b) => b.properties.demolished_on).length))
    expect(buildingLegend.find((r) => r.cls === 'temporary')!.count).toBe(String(standing('temporary')))
    const graveLegend = await legendRows(page, 'legend-graves')
    const total = graveLegend.find((r) => r.cls === 'total')!
    expect(total.count).toBe(String(graves.length))
    expect(total.text).toContain(`共 ${graves.reduce((s, g) => s + g.properties.coffins, 0)} 棺`)
    await page.screenshot({ path: path.join(resultsDir, 'e2e-map-agreement.png') })

    // Payment colouring likewise.
    await page.getByTestId('color-mode-payment').check()
    await expect
      .poll(async () => (await renderedParcelFills(page)).every((p) => p.fill === paymentColors[p.payment_status as keyof typeof paymentColors]))
      .toBe(true)
    const paymentLegend = await legendRows(page, 'legend-parcels')
    expect(paymentLegend.map((r) => r.cls)).toEqual([...paymentStatuses])
    for (const row of paymentLegend) {
      expect(row.count, row.cls!).toBe(String(parcels.filter((p) => p.payment_status === row.cls).length))
    }
    await page.screenshot({ path: path.join(resultsDir, 'e2e-map-payment.png') })

    // The buildings layer switched off: no footprint drawn, no building legend; on again: back.
    await page.getByTestId('layer-buildings').uncheck()
    await expect.poll(() => renderedCount(page, layers.buildingFill)).toBe(0)
    expect(await page.getByTestId('legend-buildings').count()).toBe(0)
    expect(await renderedCount(page, layers.graveCircle)).toBeGreaterThan(0)
    await page.getByTestId('layer-buildings').check()
    await expect.poll(() => renderedCount(page, layers.buildingFill), { timeout: 20_000 }).toBeGreaterThan(0)
    await settled(page)

    // A click on a building chooses its parcel (the parcel panel opens on it) and shows the building's card.
    let target: { building: BuildingAnswer; x: number; y: number } | null = null
    for (const building of buildings) {
      const lonLat = interiorPoint(building.geometry.coordinates)
      const hit = await page.evaluate(
        ({ lonLat, layer, id }) => {
          const map = window.__zdMap!
          const { x, y } = map.project(lonLat)
          const rect = map.getCanvas().getBoundingClientRect()
          if (document.elementFromPoint(rect.left + x, rect.top + y) !== map.getCanvas()) return null
          const top = map.queryRenderedFeatures([x, y], { layers: [layer, 'graves-circle'] })[0]
          return top && top.layer.id === layer && Number(top.id) === id ? { x: rect.left + x, y: rect.top + y } : null
        },
        { lonLat, layer: layers.buildingFill, id: building.id },
      )
      if (hit) {
        target = { building, ...hit }
        break
      }
    }
    expect(target, 'a drawn building with a clickable interior point').not.toBeNull()
    await page.mouse.click(target!.x, target!.y)
    const panel = page.getByTestId('parcel-panel')
    await panel.waitFor()
    await expect.poll(() => panel.getAttribute('data-parcel-id')).toBe(String(target!.building.properties.parcel_id))
    const popup = page.getByTestId('record-popup')
    await popup.waitFor()
    expect(await popup.getAttribute('data-id')).toBe(String(target!.building.id))
    expect(await popup.textContent()).toContain(target!.building.properties.code)
    expect(
      await page.evaluate((bid) => window.__zdMap!.getFeatureState({ source: 'buildings', id: bid }).selected, target!.building.id),
    ).toBe(true)
    await settled(page)
    await page.screenshot({ path: path.join(resultsDir, 'e2e-map-building-click.png') })

    // Beside the open parcel panel the legend is folded to its title; it opens again on a click.
    const details = page.getByTestId('map-legend-details')
    expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false)
    await details.locator('summary').click()
    expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true)

    // Zoomed out below level 15 the record layers are not drawn and the legend says why.
    await page.evaluate(() => window.__zdMap!.zoomTo(13, { duration: 0 }))
    await settled(page)
    await expect.poll(() => renderedCount(page, layers.buildingFill)).toBe(0)
    expect(await renderedCount(page, layers.graveCircle)).toBe(0)
    await page.getByTestId('legend-zoom-note').waitFor()
  }, 120_000)
})
