import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, Page, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isLocal, launchBrowser, mapIdle, renderedProperty, settled, type BrowserSession } from '../helpers/browser.ts'
import { expectedFixed } from '../helpers/expected-decimal.ts'
import { interiorPoint, type MultiPolygonCoords } from '../helpers/interior-point.ts'

// The first screen in a real Chromium against a real server on the embedded database with the demo data:
// banner, login, parcels drawn by MapLibre (checked on the map itself, not only in the DOM), a click on a parcel,
// the server's area in the panel, the English toggle, and not one request leaving this machine.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const resultsDir = path.join(repoRoot, 'test-results')
/** The layers of the parcel tiles in client/map/parcel-layers.ts (`parcelLayerIds`). */
const parcelFillLayer = 'parcels-fill'
const parcelLabelLayer = 'parcels-label'
const overviewFillLayer = 'parcels-overview-fill'
const overviewLabelLayer = 'parcels-overview-label'

interface DemoParcel {
  properties: { code: string }
}

/** Parcel codes of the illustrative demo set (data/demo/parcels.geojson). */
const demoCodes = new Set(
  (JSON.parse(fs.readFileSync(path.join(repoRoot, 'data/demo/parcels.geojson'), 'utf8')) as { features: DemoParcel[] })
    .features.map((f) => f.properties.code),
)

interface ParcelAnswer {
  id: number
  geometry: { type: 'MultiPolygon'; coordinates: MultiPolygonCoords }
  properties: {
    code: string
    area: { ellipsoidal_mu: number | string; ellipsoidal_m2: number | string; planar_mu: number | string; planar_crs: string }
  }
}

/** Codes of the parcels MapLibre has actually drawn in the fill layer (from the tiles' `code`). */
const renderedCodes = (page: Page) => renderedProperty(page, parcelFillLayer, 'code')
/** Owners of the demo parcels (data/demo/parcels.geojson): the overview names a village by the start of its owners' name. */
const demoOwners = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'data/demo/parcels.geojson'), 'utf8')) as { features: { properties: { owner: string } }[] })
  .features.map((f) => f.properties.owner)

describe('the first screen in Chromium', () => {
  let app: { url: string; stop(): Promise<void> } | null = null
  let baseUrl = ''
  let context: BrowserContext
  let page: Page
  let browser: BrowserSession | undefined
  const requests: { url: string; headers: Record<string, string> }[] = []

  beforeAll(async () => {
    // ZD_E2E_URL points the test at an already running server instead of starting one.
    if (process.env.ZD_E2E_URL) {
      baseUrl = process.env.ZD_E2E_URL
    } else {
      const { startApp } = await import('../helpers/start-app.ts')
      const started = await startApp()
      app = started
      baseUrl = started.url
    }
    browser = await launchBrowser({ onRequest: (r: Request) => requests.push({ url: r.url(), headers: r.headers() }) })
    context = browser.context
    page = browser.page
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })

  it('logs in, draws the demo parcels, shows the server area of a clicked parcel, switches to English and logs out, all offline', async () => {
    await page.goto(baseUrl)

    // The demo banner, in Chinese by default.
    const banner = page.getByTestId('demo-banner')
    await banner.waitFor()
    expect(await banner.textContent()).toContain('示例数据，地块边界为虚构')

    // Log in as planner.
    await page.getByTestId('login-username').fill('planner')
    await page.getByTestId('login-password').fill('planner-demo')
    await page.getByTestId('login-submit').click()
    await expect.poll(() => page.getByTestId('current-username').textContent()).toBe('planner')
    expect(await page.getByTestId('current-role').getAttribute('data-role')).toBe('planner')

    // The first view (zoom 12) draws the overview tiles: cells shaded by parcel count, villages named with their
    // area in mu; single parcels only from zoom 14.
    await expect.poll(() => renderedProperty(page, overviewFillLayer, 'parcels'), { timeout: 30_000 }).not.toEqual([])
    expect((await renderedProperty(page, overviewFillLayer, 'parcels')).every((n) => Number(n) > 0)).toBe(true)
    await expect.poll(() => renderedProperty(page, overviewLabelLayer, 'name'), { timeout: 30_000 }).not.toEqual([])
    const villages = await renderedProperty(page, overviewLabelLayer, 'name')
    expect(villages.every((v) => v.length > 0 && demoOwners.some((owner) => owner.startsWith(v))), villages.join()).toBe(true)
    expect(await renderedCodes(page)).toEqual([])

    // Zoom to a project from the list; its parcels fill the view (zoom ≥ 14), drawn from the tiles.
    const projectList = page.getByTestId('project-list')
    await projectList.waitFor()
    const firstProject = projectList.getByTestId('project-item').first()
    await firstProject.click()
    await page.waitForFunction(() => (window.__zdMap?.getZoom() ?? 0) >= 14)
    await mapIdle(page)
    await expect.poll(async () => (await renderedCodes(page)).length, { timeout: 30_000 }).toBeGreaterThan(0)
    const codes = await renderedCodes(page)
    expect(codes.every((c) => demoCodes.has(c))).toBe(true)
    expect(await page.evaluate((l) => window.__zdMap!.queryRenderedFeatures({ layers: [l] }).length, overviewFillLayer)).toBe(0)
    // From zoom 16 each parcel is labelled with its code (the tiles' label points), then back to the project.
    const projectView = await page.evaluate(() => ({ center: window.__zdMap!.getCenter().toArray() as [number, number], zoom: window.__zdMap!.getZoom() }))
    await page.evaluate((c) => window.__zdMap!.jumpTo({ center: c, zoom: 16.5 }), projectView.center)
    await mapIdle(page)
    await expect.poll(() => renderedProperty(page, parcelLabelLayer, 'code'), { timeout: 30_000 }).not.toEqual([])
    expect((await renderedProperty(page, parcelLabelLayer, 'code')).every((c) => demoCodes.has(c))).toBe(true)
    await page.evaluate((v) => window.__zdMap!.jumpTo(v), projectView)
    await settled(page)

    // Pick a drawn parcel, take an interior point of its server geometry, and click there with the mouse.
    const renderedIds = await page.evaluate(
      (layer) => [...new Set(window.__zdMap!.queryRenderedFeatures({ layers: [layer] }).map((f) => Number(f.id)))],
      parcelFillLayer,
    )
    let target: { parcel: ParcelAnswer; x: number; y: number } | null = null
    for (const id of renderedIds) {
      const answer = await context.request.get(`${baseUrl}/api/parcels/${id}`)
      expect(answer.status()).toBe(200)
      const parcel = (await answer.json()) as ParcelAnswer
      const lonLat = interiorPoint(parcel.geometry.coordinates)
      const hit = await page.evaluate(
        ({ lonLat, layer, id }) => {
          const map = window.__zdMap!
          const { x, y } = map.project(lonLat)
          const rect = map.getCanvas().getBoundingClientRect()
          const cx = rect.left + x
          const cy = rect.top + y
          // The point must be on the map canvas (not under a panel) and MapLibre must see this parcel there.
          if (document.elementFromPoint(cx, cy) !== map.getCanvas()) return null
          const top = map.queryRenderedFeatures([x, y], { layers: [layer] })[0]
          return top && Number(top.id) === id ? { x: cx, y: cy } : null
        },
        { lonLat, layer: parcelFillLayer, id },
      )
      if (hit) {
        target = { parcel, ...hit }
        break
      }
    }
    expect(target, 'a drawn parcel with a clickable interior point').not.toBeNull()
    const { parcel, x, y } = target!
    await page.mouse.click(x, y)

    // The panel shows that parcel, with the server's areas formatted, not recomputed.
    const panel = page.getByTestId('parcel-panel')
    await panel.waitFor()
    await expect.poll(() => panel.getAttribute('data-parcel-id')).toBe(String(parcel.id))
    await expect.poll(() => page.getByTestId('parcel-code').textContent()).toBe(parcel.properties.code)
    const fresh = (await (await context.request.get(`${baseUrl}/api/parcels/${parcel.id}`)).json()) as ParcelAnswer
    const area = fresh.properties.area
    expect((await page.getByTestId('area-ellipsoidal-mu').textContent())?.trim()).toBe(expectedFixed(area.ellipsoidal_mu, 4))
    expect((await page.getByTestId('area-ellipsoidal-m2').textContent())?.trim()).toBe(expectedFixed(area.ellipsoidal_m2, 2))
    expect((await page.getByTestId('area-planar-mu').textContent())?.trim()).toBe(expectedFixed(area.planar_mu, 4))
    const ellipsoidalLine = (await page.getByTestId('area-ellipsoidal').textContent())!.replace(/\s+/g, ' ')
    expect(ellipsoidalLine).toContain('核定面积')
    expect(ellipsoidalLine).toContain('CGCS2000 椭球面积')
    const planarLine = (await page.getByTestId('area-planar').textContent())!.replace(/\s+/g, ' ')
    expect(planarLine).toContain('勘测定界口径')
    expect(planarLine).toContain(area.planar_crs)
    // The click selected it on the map too (feature-state).
    expect(
      await page.evaluate((id) => window.__zdMap!.getFeatureState({ source: 'parcels', sourceLayer: 'parcels', id }).selected, parcel.id),
    ).toBe(true)

    // ... and the panel that opened does not hide it.
    await settled(page)
    const panelLeft = (await panel.boundingBox())!.x
    const clickedNow = await page.evaluate((lonLat) => window.__zdMap!.project(lonLat).x, interiorPoint(parcel.geometry.coordinates))
    expect(clickedNow).toBeLessThan(panelLeft)

    fs.mkdirSync(resultsDir, { recursive: true })
    await page.screenshot({ path: path.join(resultsDir, 'e2e-map-zh.png') })

    // English: the toggle switches every label, is remembered, and later requests ask the server for English.
    await page.getByTestId('lang-toggle').click()
    await expect.poll(() => banner.textContent()).toContain('Illustrative demo data')
    expect((await page.getByTestId('area-ellipsoidal').textContent())!.replace(/\s+/g, ' ')).toContain(
      'CGCS2000 ellipsoidal area',
    )
    expect(await page.getByTestId('area-ellipsoidal-mu').textContent()).toBe(expectedFixed(area.ellipsoidal_mu, 4))
    expect(await page.getByText('Land class').count()).toBeGreaterThan(0)
    expect(await page.evaluate(() => localStorage.getItem('zd.lang'))).toBe('en')
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
    // (the view's buildings and graves load from zoom 15 on: a move there asks for them)
    const englishRequest = page.waitForRequest((r) => /\/api\/(buildings|graves)\?/.test(r.url()))
    await page.evaluate(() => window.__zdMap!.jumpTo({ zoom: 16 }))
    expect((await englishRequest).headers()['accept-language']).toBe('en')
    await settled(page)
    await page.screenshot({ path: path.join(resultsDir, 'e2e-map.png') })

    // Logging out sends the session's CSRF token, brings back the login form and clears the parcels.
    const logoutRequest = page.waitForRequest((r) => r.url().endsWith('/api/auth/logout') && r.method() === 'POST')
    await page.getByTestId('logout').click()
    expect((await logoutRequest).headers()['x-csrf-token']).toBeTruthy()
    await page.getByTestId('login-form').waitFor()
    await expect.poll(async () => (await renderedCodes(page)).length).toBe(0)

    // Nothing left this machine, and no glyph or font file was fetched at all: labels are drawn from local fonts.
    expect(requests.length).toBeGreaterThan(0)
    expect(requests.filter((r) => !isLocal(r.url)).map((r) => r.url)).toEqual([])
    expect(requests.filter((r) => /\.(pbf|woff2?|ttf|otf)$/.test(new URL(r.url).pathname)).map((r) => r.url)).toEqual([])
  }, 120_000)
})
