import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isLocal, launchBrowser, mapIdle, renderedProperty, type BrowserSession } from '../helpers/browser.ts'
import { expectedFixed } from '../helpers/expected-decimal.ts'
import { interiorPoint, type MultiPolygonCoords } from '../helpers/interior-point.ts'
import { createProjectWithoutScope } from '../helpers/own-project.ts'

// The planner's file work in a real Chromium against a real server on a fresh embedded database with the demo
// data: a 报盘 TXT with two rings through the import dialog (preview with the server's areas and the polygon on the
// map, then one commit), a zipped Shapefile whose GBK attributes must read as Chinese, an attribute edit through
// the land class picker, the history compared on the map and restored, and the project exported as GeoJSON.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const resultsDir = path.join(repoRoot, 'test-results')
/** A 报盘 parcel made for this test: clear of the demo parcels, so it can be committed (tests/fixtures/e2e/README.md). */
const baopanFile = path.join(repoRoot, 'tests/fixtures/e2e/baopan-two-rings-gbk.txt')
/** The importers' fixture: Gauss-Krüger CM 111°E (.prj EPSG:4546), GBK .dbf without .cpg, Chinese field names. */
const shapefileZip = path.join(repoRoot, 'tests/fixtures/imports/in/shp-4546-gbk-no-cpg.zip')
/** Two parcels clear of the demo parcels, made for this test by tests/fixtures/imports/make-fixtures.ts. */
const shapefileToCommit = path.join(repoRoot, 'tests/fixtures/e2e/shp-gbk-two-parcels.zip')
/** Layers of client/map/style.ts and client/map/overlays.ts. */
const parcelFillLayer = 'parcels-fill'
const overlayFillLayer = 'overlays-fill'

/** The kinds of the overlays MapLibre has drawn (client/map/overlays.ts), one entry per rendered piece. */
const renderedOverlayKinds = (page: Page) => renderedProperty(page, overlayFillLayer, 'kind')
const renderedParcelCodes = (page: Page) => renderedProperty(page, parcelFillLayer, 'code')

interface AreaAnswer {
  ellipsoidal_m2: number | string
  ellipsoidal_mu: number | string
  planar_m2: number | string
  planar_mu: number | string
  planar_crs: string
}

interface PreviewAnswer {
  format: string
  encoding: string | null
  zone: number | null
  warnings: { code: string; message: string }[]
  features: {
    index: number
    geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown }
    properties: Record<string, unknown>
    attributes: Record<string, unknown>
    area: AreaAnswer | null
    issues: { code: string }[]
    conflicts: unknown[]
    stated_area?: { stated_m2: number | string; computed_m2: number | string; diff_m2: number | string } | null
  }[]
}

interface ParcelAnswer {
  id: number
  geometry: { type: 'MultiPolygon'; coordinates: MultiPolygonCoords }
  properties: {
    code: string
    land_class: string
    owner: string
    version: number
    project_id: number
    survey_zone: number | null
    area: AreaAnswer
  }
}

describe('the planner works with files in Chromium', () => {
  let app: { url: string; stop(): Promise<void> } | null = null
  let baseUrl = ''
  let context: BrowserContext
  let page: Page
  let browser: BrowserSession | undefined
  const pageErrors: string[] = []
  const outside: string[] = []
  /** The import's target: a project of the test's own without an acquisition scope (the demo projects' scopes refuse the fixtures' parcels, G33). */
  let projectId = 0

  beforeAll(async () => {
    if (process.env.ZD_E2E_URL) {
      baseUrl = process.env.ZD_E2E_URL
    } else {
      const { startApp } = await import('../helpers/start-app.ts')
      app = await startApp()
      baseUrl = app.url
    }
    projectId = (await createProjectWithoutScope(baseUrl, 'E2E-FILES', '文件导入测试')).id
    browser = await launchBrowser({
      viewport: { width: 1366, height: 860 },
      acceptDownloads: true,
      onRequest: (r) => {
        if (!isLocal(r.url())) outside.push(r.url())
      },
    })
    context = browser.context
    page = browser.page
    page.on('pageerror', (e) => pageErrors.push(e.message))
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })

  /**
   * A GET through the context's request API (it shares the page's cookies). Tried once more on ECONNRESET: a
   * kept-alive socket the server closed after its idle timeout while the browser steps ran is not a failure.
   */
  async function get(url: string) {
    try {
      return await context.request.get(url)
    } catch (err) {
      if (!/ECONNRESET|socket hang up/.test(String(err))) throw err
      return await context.request.get(url)
    }
  }

  /** The session's CSRF token. */
  async function csrf(): Promise<string> {
    const answer = await get(`${baseUrl}/api/auth/me`)
    expect(answer.status()).toBe(200)
    return ((await answer.json()) as { csrf: string }).csrf
  }

  async function getParcel(id: number): Promise<ParcelAnswer> {
    const answer = await get(`${baseUrl}/api/parcels/${id}`)
    expect(answer.status()).toBe(200)
    return (await answer.json()) as ParcelAnswer
  }

  async function projectParcels(projectId: number): Promise<ParcelAnswer[]> {
    const answer = await get(`${baseUrl}/api/parcels?project=${projectId}`)
    expect(answer.status()).toBe(200)
    return ((await answer.json()) as { features: ParcelAnswer[] }).features
  }

  /** Clicks the parcel on the map at an interior point of its server geometry. */
  async function clickParcel(parcel: ParcelAnswer): Promise<void> {
    const lonLat = interiorPoint(parcel.geometry.coordinates)
    await mapIdle(page)
    await expect
      .poll(
        () =>
          page.evaluate(
            ({ lonLat, layer, id }) => {
              const map = window.__zdMap!
              const { x, y } = map.project(lonLat)
              const top = map.queryRenderedFeatures([x, y], { layers: [layer] })[0]
              return !!top && Number(top.id) === id
            },
            { lonLat, layer: parcelFillLayer, id: parcel.id },
          ),
        { timeout: 20_000 },
      )
      .toBe(true)
    const point = await page.evaluate((lonLat) => {
      const map = window.__zdMap!
      const { x, y } = map.project(lonLat)
      const rect = map.getCanvas().getBoundingClientRect()
      return { x: rect.left + x, y: rect.top + y }
    }, lonLat)
    await page.mouse.click(point.x, point.y)
  }

  it('imports a 报盘 file and a Shapefile, edits, compares and restores history, and exports the project', async () => {
    await page.goto(baseUrl)
    await page.getByTestId('login-username').fill('planner')
    await page.getByTestId('login-password').fill('planner-demo')
    await page.getByTestId('login-submit').click()
    await expect.poll(() => page.getByTestId('current-username').textContent()).toBe('planner')

    // The test's own project becomes the target of the import.
    const ownProject = page.locator(`[data-testid="project-item"][data-project-id="${projectId}"]`)
    await ownProject.waitFor()
    await ownProject.click()
    const parcelsBefore = await projectParcels(projectId)

    // ---- 报盘 TXT with two rings: preview ----
    await page.getByTestId('import-open').click()
    const dialog = page.getByTestId('import-dialog')
    await dialog.waitFor()
    await page.getByTestId('import-file').setInputFiles(baopanFile)
    await page.getByTestId('import-preview-button').click()
    const feature = dialog.getByTestId('import-feature')
    await feature.first().waitFor({ timeout: 30_000 })
    expect(await feature.count()).toBe(1)

    // What the server says about the same bytes (nothing is written by a preview).
    const token = await csrf()
    const previewAnswer = await context.request.post(`${baseUrl}/api/imports/preview?format=auto&filename=baopan-two-rings-gbk.txt&project=${projectId}`, {
      headers: { 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': token },
      data: fs.readFileSync(baopanFile),
    })
    expect(previewAnswer.status()).toBe(200)
    const preview = (await previewAnswer.json()) as PreviewAnswer
    expect(preview.format).toBe('baopan')
    expect(preview.zone).toBe(37)
    const pf = preview.features[0]!
    expect(pf.issues).toEqual([])
    expect(pf.conflicts).toEqual([])
    // Two rings of one parcel: the pond is a hole.
    const rings = pf.geometry.type === 'Polygon' ? (pf.geometry.coordinates as unknown[]) : (pf.geometry.coordinates as unknown[][])[0]!
    expect(rings).toHaveLength(2)

    // The dialog shows the server's figures, formatted, never recomputed.
    expect((await feature.getByTestId('import-area-mu').textContent())?.trim()).toBe(expectedFixed(pf.area!.ellipsoidal_mu, 4))
    expect((await feature.getByTestId('import-area-m2').textContent())?.trim()).toBe(expectedFixed(pf.area!.ellipsoidal_m2, 2))
    expect((await feature.getByTestId('import-planar-mu').textContent())?.trim()).toBe(expectedFixed(pf.area!.planar_mu, 4))
    expect(await feature.getByTestId('import-area-planar').textContent()).toContain(pf.area!.planar_crs)
    expect(await feature.getByTestId('import-feature-valid').count()).toBe(1)
    const stated = (await feature.getByTestId('import-stated').textContent())!.replace(/\s+/g, ' ')
    expect(stated).toContain('报盘面积')
    expect(stated).toContain(expectedFixed(pf.stated_area!.stated_m2, 2))
    expect(stated).toContain(expectedFixed(pf.stated_area!.computed_m2, 2))
    expect(await dialog.getByTestId('import-summary').textContent()).toContain('报盘')

    // The defaults read from the file: 地块编号, 地块名称 as the owner, 地类编码.
    expect(await feature.getByTestId('import-code').inputValue()).toBe('HC-BP-2024-07')
    expect(await feature.getByTestId('import-owner').inputValue()).toBe('城南街道坨院村一组')
    expect(await feature.getByTestId('land-class-input').getAttribute('data-value')).toBe('0103')

    // The parsed polygon is on the map, as a preview overlay, before anything is saved.
    await mapIdle(page)
    await expect.poll(() => renderedOverlayKinds(page), { timeout: 20_000 }).toContain('preview')
    expect((await projectParcels(projectId)).length).toBe(parcelsBefore.length)
    fs.mkdirSync(resultsDir, { recursive: true })
    await page.screenshot({ path: path.join(resultsDir, 'e2e-import-preview.png') })

    // ---- commit: one request, all or nothing ----
    const commitResponse = page.waitForResponse((r) => r.url().endsWith('/api/imports/commit') && r.request().method() === 'POST')
    await page.getByTestId('import-commit').click()
    const commit = await commitResponse
    expect(commit.status()).toBe(201)
    expect(commit.request().headers()['idempotency-key']).toBeTruthy()
    const { parcel_ids: importedIds } = (await commit.json()) as { parcel_ids: number[] }
    expect(importedIds).toHaveLength(1)
    await page.getByTestId('import-result').waitFor()
    const imported = await getParcel(importedIds[0]!)
    expect(imported.properties.code).toBe('HC-BP-2024-07')
    expect(imported.properties.owner).toBe('城南街道坨院村一组')
    expect(imported.properties.land_class).toBe('0103')
    expect(imported.properties.survey_zone).toBe(37)
    expect(Number(imported.properties.area.ellipsoidal_m2)).toBeCloseTo(Number(pf.area!.ellipsoidal_m2), 2)
    expect((await projectParcels(projectId)).length).toBe(parcelsBefore.length + 1)

    // The map reloaded: the new parcel is drawn, and the preview overlay is gone.
    await page.getByTestId('import-close').click()
    await mapIdle(page)
    await expect.poll(() => renderedParcelCodes(page), { timeout: 20_000 }).toContain('HC-BP-2024-07')
    expect(await renderedOverlayKinds(page)).not.toContain('preview')

    // ---- the same file again: the preview shows the code taken and the overlap (on the map too); a commit with
    // a new code is refused by the server with 409, shown at the feature, and writes nothing ----
    await page.getByTestId('import-open').click()
    await dialog.waitFor()
    await page.getByTestId('import-file').setInputFiles(baopanFile)
    await page.getByTestId('import-preview-button').click()
    await feature.first().waitFor({ timeout: 30_000 })
    const codeError = feature.locator('[data-testid="field-error"]').first()
    await codeError.waitFor()
    expect(await codeError.textContent()).toContain('HC-BP-2024-07')
    expect(await feature.getByTestId('import-feature-conflicts').textContent()).toContain('HC-BP-2024-07')
    await mapIdle(page)
    await expect.poll(async () => [...new Set(await renderedOverlayKinds(page))].sort(), { timeout: 20_000 }).toEqual(['conflict', 'preview'])
    await feature.getByTestId('import-code').fill('HC-BP-2024-08')
    const refusedResponse = page.waitForResponse((r) => r.url().endsWith('/api/imports/commit'))
    await page.getByTestId('import-commit').click()
    expect((await refusedResponse).status()).toBe(409)
    await page.getByTestId('import-commit-error').waitFor()
    expect(await page.getByTestId('import-commit-error').textContent()).toContain('重叠')
    // The server's conflicts replace the preview's at the feature they name, with the overlap in 亩 and m².
    const refusedConflicts = feature.getByTestId('import-feature-conflicts').locator('li')
    expect(await refusedConflicts.count()).toBe(1)
    expect(await refusedConflicts.first().textContent()).toMatch(/与现有地块 HC-BP-2024-07 重叠 [\d ]+\.\d{4} 亩（[\d ]+\.\d{2} m²）/)
    expect((await projectParcels(projectId)).length).toBe(parcelsBefore.length + 1)
    await page.getByTestId('import-cancel').click()
    await dialog.waitFor({ state: 'detached' })

    // ---- zipped Shapefile with GBK attributes: the preview reads them as Chinese; then nothing is imported ----
    await page.getByTestId('import-open').click()
    await dialog.waitFor()
    await page.getByTestId('import-file').setInputFiles(shapefileZip)
    await page.getByTestId('import-preview-button').click()
    await feature.first().waitFor({ timeout: 30_000 })
    expect(await feature.count()).toBe(1)
    expect(await dialog.getByTestId('import-summary').textContent()).toContain('Shapefile')
    expect(await feature.getByTestId('import-owner').inputValue()).toBe('盈口乡炉天冲村三组')
    expect(await feature.getByTestId('import-code').inputValue()).toBe('Z46-001')
    expect(await feature.getByTestId('land-class-input').getAttribute('data-value')).toBe('0101')
    await feature.locator('details.attrs summary').click()
    const attributes = await feature.getByTestId('import-attributes').textContent()
    expect(attributes).toContain('地类名称=水田')
    expect(attributes).not.toContain('\uFFFD')
    // The guess is said out loud, so a planner with garbled text knows to pick the encoding.
    expect(await dialog.getByTestId('import-warnings').textContent()).toContain('GBK')
    await expect.poll(() => renderedOverlayKinds(page), { timeout: 20_000 }).toContain('preview')
    await page.getByTestId('import-cancel').click()
    await dialog.waitFor({ state: 'detached' })
    expect((await projectParcels(projectId)).length).toBe(parcelsBefore.length + 1)
    await expect.poll(() => renderedOverlayKinds(page)).not.toContain('preview')

    // ---- a zipped Shapefile (EPSG:4525, GBK named by its .cpg) committed: two parcels, one with a hole ----
    await page.getByTestId('import-open').click()
    await dialog.waitFor()
    await page.getByTestId('import-file').setInputFiles(shapefileToCommit)
    await page.getByTestId('import-preview-button').click()
    await feature.first().waitFor({ timeout: 30_000 })
    expect(await feature.count()).toBe(2)
    expect(await feature.getByTestId('import-feature-valid').count()).toBe(2)
    expect(await feature.nth(0).getByTestId('import-owner').inputValue()).toBe('城南街道坨院村二组')
    expect(await feature.nth(1).getByTestId('land-class-input').getAttribute('data-value')).toBe('0201')
    const shpCommitResponse = page.waitForResponse((r) => r.url().endsWith('/api/imports/commit') && r.request().method() === 'POST')
    await page.getByTestId('import-commit').click()
    const shpCommit = await shpCommitResponse
    expect(shpCommit.status()).toBe(201)
    const { parcel_ids: shpIds } = (await shpCommit.json()) as { parcel_ids: number[] }
    expect(shpIds).toHaveLength(2)
    const shpParcels = await Promise.all(shpIds.map((id) => getParcel(id)))
    expect(shpParcels.map((p) => [p.properties.code, p.properties.owner, p.properties.land_class, p.properties.survey_zone])).toEqual([
      ['HC-SHP-001', '城南街道坨院村二组', '0101', 37],
      ['HC-SHP-002', '城南街道坨院村二组', '0201', 37],
    ])
    expect(shpParcels[0]!.geometry.coordinates[0]).toHaveLength(2) // the pond stays a hole
    await page.getByTestId('import-close').click()
    await mapIdle(page)
    await expect.poll(() => renderedParcelCodes(page), { timeout: 20_000 }).toEqual(expect.arrayContaining(['HC-SHP-001', 'HC-SHP-002']))
    const imports = ['HC-BP-2024-07', 'HC-SHP-001', 'HC-SHP-002']

    // ---- attribute edit with the land class picker ----
    await page.evaluate(
      (b) => window.__zdMap!.fitBounds(b, { duration: 0, padding: { top: 120, left: 360, right: 420, bottom: 60 } }),
      ((): [[number, number], [number, number]] => {
        const pts = imported.geometry.coordinates.flat(2)
        const xs = pts.map((p) => p[0])
        const ys = pts.map((p) => p[1])
        return [[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]]
      })(),
    )
    await clickParcel(imported)
    const panel = page.getByTestId('parcel-panel')
    await expect.poll(() => panel.getAttribute('data-parcel-id')).toBe(String(imported.id))
    await expect.poll(() => page.getByTestId('parcel-code').textContent()).toBe('HC-BP-2024-07')
    await page.getByTestId('parcel-edit').click()
    const form = page.getByTestId('parcel-form')
    await form.waitFor()
    const picker = form.getByTestId('land-class-input')
    await picker.click()
    await picker.fill('sj') // pinyin initials of 水浇地
    await expect.poll(() => form.getByTestId('land-class-option').first().getAttribute('data-code')).toBe('0102')
    await picker.press('ArrowDown')
    await picker.press('ArrowUp')
    await picker.press('Enter')
    expect(await picker.getAttribute('data-value')).toBe('0102')
    await form.getByTestId('parcel-form-owner').fill('城南街道坨院村三组')
    await form.getByTestId('parcel-form-reason').fill('按权属调查成果更正')
    const putResponse = page.waitForResponse((r) => r.url().endsWith(`/api/parcels/${imported.id}`) && r.request().method() === 'PUT')
    await form.getByTestId('parcel-form-submit').click()
    const put = await putResponse
    expect(put.status()).toBe(200)
    expect(put.request().headers()['if-match']).toBe('"v1"')
    await expect.poll(() => page.getByTestId('parcel-version').textContent()).toBe('2')
    expect(await page.getByTestId('parcel-land-class').textContent()).toContain('水浇地')
    const edited = await getParcel(imported.id)
    expect(edited.properties).toMatchObject({ land_class: '0102', owner: '城南街道坨院村三组', version: 2, survey_zone: 37 })
    expect(edited.geometry).toEqual(imported.geometry)

    // ---- history: both versions on the map, then v1 restored as v3 ----
    await page.getByTestId('parcel-tab-history').click()
    const items = page.getByTestId('history-item')
    await expect.poll(() => items.count()).toBe(2)
    expect(await items.first().getAttribute('data-operation')).toBe('update')
    expect(await items.first().textContent()).toContain('按权属调查成果更正')
    await page.getByTestId('history-compare').click()
    await page.getByTestId('history-legend').waitFor()
    await mapIdle(page)
    await expect
      .poll(async () => [...new Set(await renderedOverlayKinds(page))].sort(), { timeout: 20_000 })
      .toEqual(['version-a', 'version-b'])
    expect(await page.getByTestId('history-legend').textContent()).toContain('v1')
    expect(await page.getByTestId('history-shape-note').textContent()).toContain('图形相同')
    const changes = await page.getByTestId('history-changes').locator('tr').evaluateAll((rows) =>
      rows.map((r) => [...r.children].map((c) => c.textContent!.trim())))
    expect(changes).toEqual([
      ['地类', '0103', '→', '0102'],
      ['权属单位', '城南街道坨院村一组', '→', '城南街道坨院村三组'],
    ])
    await page.screenshot({ path: path.join(resultsDir, 'e2e-history.png') })

    await page.locator('[data-testid="history-item"][data-version="1"]').getByTestId('history-restore').click()
    await page.getByTestId('history-restore-reason').fill('恢复导入时的权属')
    const restoreResponse = page.waitForResponse((r) => r.url().endsWith(`/api/parcels/${imported.id}/restore`))
    await page.getByTestId('history-restore-confirm').click()
    const restore = await restoreResponse
    expect(restore.status()).toBe(200)
    expect(restore.request().headers()['if-match']).toBe('"v2"')
    await expect.poll(() => items.count()).toBe(3)
    expect(await items.first().getAttribute('data-operation')).toBe('restore')
    await expect.poll(() => renderedOverlayKinds(page)).toEqual([])
    const restored = await getParcel(imported.id)
    expect(restored.properties).toMatchObject({ land_class: '0103', owner: '城南街道坨院村一组', version: 3 })
    expect(restored.geometry).toEqual(imported.geometry)

    // ---- export the project as GeoJSON through the menu's link ----
    await page.getByTestId('export-open').click()
    await page.getByTestId('export-scope-project').check()
    await page.getByTestId('export-format-geojson').check()
    const href = await page.getByTestId('export-download').getAttribute('href')
    expect(href).toBe(`/api/exports/parcels?format=geojson&project=${projectId}`)
    const downloadEvent = page.waitForEvent('download')
    await page.getByTestId('export-download').click()
    const download = await downloadEvent
    const exported = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as {
      type: string
      features: { geometry: { coordinates: unknown }; properties: Record<string, unknown> }[]
    }
    expect(exported.type).toBe('FeatureCollection')
    expect(exported.features).toHaveLength(parcelsBefore.length + imports.length)
    const mine = exported.features.find((f) => f.properties.code === 'HC-BP-2024-07')
    expect(mine).toBeDefined()
    expect(mine!.properties).toMatchObject({ land_class: '0103', owner: '城南街道坨院村一组' })
    expect(new Set(exported.features.map((f) => f.properties.code))).toEqual(new Set([...parcelsBefore.map((p) => p.properties.code), ...imports]))

    expect(pageErrors).toEqual([])
    expect(outside).toEqual([])
  }, 240_000)
})
