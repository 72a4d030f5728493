import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The first screen in a real Chromium against a real server on the embedded database with the demo data:
// banner, login, parcels drawn by MapLibre (checked on the map itself, not only in the DOM), a click on a parcel,
// the server's area in the panel, the English toggle, and not one request leaving this machine.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const resultsDir = path.join(repoRoot, 'test-results')
/** The fill layer of the parcels in client/map/style.ts (`layerIds.parcelFill`). */
const parcelFillLayer = 'parcels-fill'
const parcelLabelLayer = 'parcels-label'

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

interface DemoParcel {
  properties: { code: string }
}

/** Parcel codes of the illustrative demo set (data/demo/parcels.geojson). */
const demoCodes = new Set(
  (JSON.parse(fs.readFileSync(path.join(repoRoot, 'data/demo/parcels.geojson'), 'utf8')) as { features: DemoParcel[] })
    .features.map((f) => f.properties.code),
)

/** Whether a request stays on this machine (data: and blob: URLs are no request at all). */
function isLocal(url: string): boolean {
  const u = new URL(url)
  if (u.protocol === 'data:' || u.protocol === 'blob:') return true
  return ['localhost', '127.0.0.1', '[::1]', '::1'].includes(u.hostname)
}

/**
 * The server's decimal to `decimals` places, half away from zero, groups of three separated by a space:
 * written independently of the client's formatter (Intl rounds the decimal text exactly).
 */
function expectedFixed(value: number | string, decimals: number): string {
  const nf = new Intl.NumberFormat('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    roundingMode: 'halfExpand',
  } as Intl.NumberFormatOptions)
  return nf.format(String(value) as unknown as number).replace(/,/g, ' ')
}

type Ring = [number, number][]
type MultiPolygonCoords = Ring[][]

function pointInRing([x, y]: [number, number], ring: Ring): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!
    const [xj, yj] = ring[j]!
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

function distanceToSegment(p: [number, number], a: [number, number], b: [number, number], kx: number): number {
  const [px, py] = [p[0] * kx, p[1]]
  const [ax, ay] = [a[0] * kx, a[1]]
  const [bx, by] = [b[0] * kx, b[1]]
  const dx = bx - ax
  const dy = by - ay
  const len2 = dx * dx + dy * dy
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2))
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy))
}

/**
 * A point well inside the parcel: of a 25×25 grid over its bbox, the point inside a polygon (and outside its
 * holes) farthest from any edge. Pure geometry on the server's coordinates; nothing from the client.
 */
function interiorPoint(coords: MultiPolygonCoords): [number, number] {
  const all = coords.flat(2)
  const xs = all.map((p) => p[0])
  const ys = all.map((p) => p[1])
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
  const kx = Math.cos((((minY + maxY) / 2) * Math.PI) / 180)
  let best: [number, number] | null = null
  let bestDistance = -1
  const n = 25
  for (let i = 1; i < n; i++) {
    for (let j = 1; j < n; j++) {
      const p: [number, number] = [minX + ((maxX - minX) * i) / n, minY + ((maxY - minY) * j) / n]
      const polygon = coords.find((poly) => pointInRing(p, poly[0]!) && !poly.slice(1).some((hole) => pointInRing(p, hole)))
      if (!polygon) continue
      let d = Infinity
      for (const ring of polygon) for (let k = 1; k < ring.length; k++) d = Math.min(d, distanceToSegment(p, ring[k - 1]!, ring[k]!, kx))
      if (d > bestDistance) {
        bestDistance = d
        best = p
      }
    }
  }
  if (!best) throw new Error('no interior point found')
  return best
}

interface ParcelAnswer {
  id: number
  geometry: { type: 'MultiPolygon'; coordinates: MultiPolygonCoords }
  properties: {
    code: string
    area: { ellipsoidal_mu: number | string; ellipsoidal_m2: number | string; planar_mu: number | string; planar_crs: string }
  }
}

declare global {
  interface Window {
    __zdMap?: import('maplibre-gl').Map
  }
}

/** Codes of the parcels MapLibre has actually drawn in the fill layer. */
async function renderedCodes(page: Page): Promise<string[]> {
  return page.evaluate((layer) => {
    const map = window.__zdMap
    if (!map || !map.getLayer(layer)) return []
    return map.queryRenderedFeatures({ layers: [layer] }).map((f) => String(f.properties.code))
  }, parcelFillLayer)
}

/** Resolves once the map has finished moving and drawing. */
async function mapIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const map = window.__zdMap
    return !!map && map.loaded() && !map.isMoving() && map.areTilesLoaded()
  })
}

/** Resolves once the map is idle and the parcel load that its last move scheduled (debounced) has finished. */
async function settled(page: Page): Promise<void> {
  await mapIdle(page)
  await page.waitForTimeout(400) // longer than the client's moveend debounce
  await page.getByTestId('map-status').waitFor({ state: 'detached' })
  await mapIdle(page)
}

describe('the first screen in Chromium', () => {
  let app: { url: string; stop(): Promise<void> } | null = null
  let baseUrl = ''
  let context: BrowserContext
  let page: Page
  let userDataDir = ''
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
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-e2e-chromium-'))
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.ZD_CHROMIUM || '/usr/bin/chromium',
      args: chromiumArgs,
      viewport: { width: 1280, height: 800 },
      locale: 'zh-CN',
    })
    context.on('request', (r: Request) => requests.push({ url: r.url(), headers: r.headers() }))
    // Record first, then make sure nothing outside could be reached even if the app tried.
    await context.route((url) => !isLocal(url.href), (route) => route.abort('blockedbyclient'))
    page = context.pages()[0] ?? (await context.newPage())
  }, 180_000)

  afterAll(async () => {
    await context?.close()
    await app?.stop()
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true })
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

    // The map itself has drawn parcels of the demo set.
    await expect.poll(async () => (await renderedCodes(page)).length, { timeout: 30_000 }).toBeGreaterThan(0)
    const initialCodes = await renderedCodes(page)
    expect(initialCodes.every((c) => demoCodes.has(c))).toBe(true)

    // Zoom to a project from the list; its parcels fill the view and are labelled (zoom ≥ 14).
    const projectList = page.getByTestId('project-list')
    await projectList.waitFor()
    const firstProject = projectList.getByTestId('project-item').first()
    await firstProject.click()
    await page.waitForFunction(() => (window.__zdMap?.getZoom() ?? 0) >= 14)
    await mapIdle(page)
    await expect.poll(async () => (await renderedCodes(page)).length, { timeout: 30_000 }).toBeGreaterThan(0)
    const codes = await renderedCodes(page)
    expect(codes.every((c) => demoCodes.has(c))).toBe(true)
    await expect
      .poll(() => page.evaluate((layer) => window.__zdMap!.queryRenderedFeatures({ layers: [layer] }).length, parcelLabelLayer))
      .toBeGreaterThan(0)

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
      await page.evaluate((id) => window.__zdMap!.getFeatureState({ source: 'parcels', id }).selected, parcel.id),
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
    const englishRequest = page.waitForRequest((r) => r.url().includes('/api/parcels?'))
    await page.evaluate(() => window.__zdMap!.panBy([40, 0], { duration: 0 }))
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
