import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mapIdle, onCanvas, openApp, pagePoint, settled, type AppSession } from '../helpers/browser.ts'
import { locateLabel } from '../helpers/label-point-fixtures.ts'
import { createProjectWithoutScope } from '../helpers/own-project.ts'

// The drawing workbench in Chromium, driven by real mouse clicks on the map canvas and real keys, against a real
// server on a fresh embedded database: live area while drawing, undo/redo, Esc, save with the server's area within
// 10 ppm of the estimate, snapping that makes two parcels share an edge exactly, the self-intersection hint, the
// overlap preview, editing an existing parcel, split and merge, and one label per parcel.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const resultsDir = path.join(repoRoot, 'test-results')

type Pos = [number, number]
interface ParcelAnswer {
  id: number
  geometry: { type: 'MultiPolygon'; coordinates: Pos[][][] }
  properties: { code: string; version: number; area: { ellipsoidal_m2: number | string; ellipsoidal_mu: number | string } }
}

/** An empty spot inside the jurisdiction, east of the demo parcels. */
const center: Pos = [110.0315, 27.5605]
/** Parcel A, drawn first; B shares A's east edge. */
const A: Pos[] = [[110.03, 27.56], [110.031, 27.56], [110.031, 27.5608], [110.03, 27.5608]]
const B: Pos[] = [[110.031, 27.56], [110.032, 27.56], [110.032, 27.5608], [110.031, 27.5608]]

describe('the drawing workbench in Chromium', () => {
  let baseUrl = ''
  let session: AppSession | undefined
  let page: Page
  let csrf = ''
  let pageErrors: string[] = []
  /** The test's own project without an acquisition scope: the demo projects' scopes refuse parcels drawn here (G33). */
  let projectId = 0

  beforeAll(async () => {
    session = await openApp({ user: 'planner' })
    baseUrl = session.baseUrl
    page = session.page
    pageErrors = session.pageErrors
    csrf = ((await (await page.request.get(`${baseUrl}/api/auth/me`)).json()) as { csrf: string }).csrf
    projectId = (await createProjectWithoutScope(baseUrl, 'E2E-WB', '绘图工作台测试')).id
    // Reloaded so that the project list and the parcel form's project choice hold the new project.
    await page.reload()
    await page.locator(`[data-testid="project-item"][data-project-id="${projectId}"]`).waitFor()
    await page.evaluate((c) => window.__zdMap!.jumpTo({ center: c, zoom: 17 }), center)
    await settled(page)
  }, 180_000)

  afterAll(async () => {
    await session?.close()
  })

  const toolbar = () => page.getByTestId('edit-toolbar')

  /** Each test starts from no editing session (a failed test before it may have left one open). */
  async function idle() {
    if ((await toolbar().getAttribute('data-session')) !== 'idle') await page.getByTestId('edit-cancel').click()
    await expect.poll(() => toolbar().getAttribute('data-session')).toBe('idle')
    await settled(page)
  }
  const vertexCount = async () => Number(await page.getByTestId('vertex-count').getAttribute('data-count'))

  /** Moves the mouse to a lon/lat (plus a pixel offset) in a few steps and clicks there, on the bare canvas. */
  async function clickAt(ll: Pos, dx = 0, dy = 0, modifiers: { shift?: boolean } = {}) {
    const p = await pagePoint(page, ll)
    const target = { x: p.x + dx, y: p.y + dy }
    expect(await onCanvas(page, target), `${ll} is on the map canvas`).toBe(true)
    await page.mouse.move(target.x, target.y, { steps: 4 })
    if (modifiers.shift) await page.keyboard.down('Shift')
    await page.mouse.click(target.x, target.y)
    if (modifiers.shift) await page.keyboard.up('Shift')
  }

  /** Clicks the vertices of a ring one by one, waiting for each to count. */
  async function clickVertices(points: Pos[], offsets: Pos[] = []) {
    const start = await vertexCount()
    for (let i = 0; i < points.length; i++) {
      const [dx, dy] = offsets[i] ?? [0, 0]
      await clickAt(points[i]!, dx, dy)
      await expect.poll(vertexCount).toBe(start + i + 1)
    }
  }

  async function api<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; body: T }> {
    const r = await page.request.fetch(`${baseUrl}${url}`, {
      method,
      headers: method === 'POST' ? { 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' } : {},
      data: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: r.status(), body: (await r.json()) as T }
  }

  async function fillNewParcelForm(code: string) {
    await page.getByTestId('parcel-form').waitFor()
    await page.getByTestId('parcel-form-project').selectOption(String(projectId))
    await page.getByTestId('parcel-form-code').fill(code)
    await page.getByTestId('land-class-input').click()
    await page.getByTestId('land-class-input').fill('0101')
    await page.getByTestId('land-class-option').first().dispatchEvent('mousedown')
    await page.getByTestId('parcel-form-owner').fill('测试村一组')
    await page.getByTestId('parcel-form-submit').click()
  }

  /** Saves the drawn new parcel through the attribute form; returns the server's parcel. */
  async function saveNew(code: string): Promise<{ parcel: ParcelAnswer; estimateM2: number }> {
    await page.getByTestId('edit-save').click()
    await fillNewParcelForm(code)
    const saved = page.getByTestId('edit-saved')
    await saved.waitFor()
    const estimateM2 = Number(await saved.getAttribute('data-estimate-m2'))
    const list = await api<{ features: ParcelAnswer[] }>('GET', `/api/parcels?bbox=110.02,27.55,110.04,27.57`)
    const parcel = list.body.features.find((f) => f.properties.code === code)
    expect(parcel, `parcel ${code} saved`).toBeDefined()
    return { parcel: parcel!, estimateM2 }
  }

  let parcelA: ParcelAnswer
  let parcelB: ParcelAnswer

  it('draws a polygon with its live area in mu, undoes and redoes a vertex, cancels with Esc, and saves it with the server’s area within 10 ppm of the estimate', async () => {
    // Esc cancels a drawing in progress.
    await page.getByTestId('edit-draw-polygon').click()
    await clickVertices(A.slice(0, 2))
    await page.keyboard.press('Escape')
    await expect.poll(vertexCount).toBe(0)

    // Three vertices and the pointer: the live area shows while drawing, labelled as an estimate.
    await clickVertices(A.slice(0, 3))
    const liveArea = page.getByTestId('live-area')
    await liveArea.waitFor()
    expect(await liveArea.textContent()).toContain('实时估算')
    expect(await liveArea.textContent()).toContain('亩')
    const threeM2 = Number(await liveArea.getAttribute('data-area-m2'))
    expect(threeM2).toBeGreaterThan(0)

    // Undo takes back the third vertex, redo brings it back (Ctrl+Z / Ctrl+Shift+Z), as do the buttons.
    await page.keyboard.press('Control+z')
    await expect.poll(vertexCount).toBe(2)
    await page.keyboard.press('Control+Shift+z')
    await expect.poll(vertexCount).toBe(3)
    await page.getByTestId('edit-undo').click()
    await expect.poll(vertexCount).toBe(2)
    await page.getByTestId('edit-redo').click()
    await expect.poll(vertexCount).toBe(3)

    await clickVertices(A.slice(3))
    const cursorAt = await pagePoint(page, [110.0303, 27.5611])
    await page.mouse.move(cursorAt.x, cursorAt.y, { steps: 4 })
    await expect.poll(async () => Number(await liveArea.getAttribute('data-area-m2'))).not.toBe(threeM2)
    fs.mkdirSync(resultsDir, { recursive: true })
    await page.screenshot({ path: path.join(resultsDir, 'e2e-workbench-drawing.png') })

    // Close the ring by clicking its first vertex: the tool switches to vertex editing.
    await clickAt(A[0]!)
    await expect.poll(() => toolbar().getAttribute('data-tool')).toBe('select')
    expect(await vertexCount()).toBe(4)
    await page.getByTestId('edit-no-conflicts').waitFor()

    const { parcel, estimateM2 } = await saveNew('WB-A')
    parcelA = parcel
    const serverM2 = Number(parcel.properties.area.ellipsoidal_m2)
    expect(Math.abs(estimateM2 / serverM2 - 1) * 1e6).toBeLessThan(10)
    expect(Number(await page.getByTestId('edit-saved').getAttribute('data-server-m2'))).toBe(serverM2)
    expect((await page.getByTestId('saved-server-mu').textContent())?.trim()).toBe(
      Number(parcel.properties.area.ellipsoidal_mu).toFixed(4),
    )
    // The drawn vertices are the stored ones (rounded to 9 places, which the server keeps exactly).
    expect(parcel.geometry.coordinates[0]![0]!.slice(0, -1).sort()).toEqual(A.slice().sort())
  })

  it('snaps a neighbour’s vertices clicked a few pixels off onto the first parcel’s corners: a shared edge, no gap, no overlap', async () => {
    await idle()
    await page.getByTestId('edit-draw-polygon').click()
    // The two shared corners are clicked 3–4 px away from A's corners; the others where they are.
    await clickVertices(B, [[4, 3], [0, 0], [0, 0], [-3, 4]])
    await page.keyboard.press('Enter')
    await expect.poll(() => toolbar().getAttribute('data-tool')).toBe('select')
    await page.getByTestId('edit-no-conflicts').waitFor()
    const { parcel } = await saveNew('WB-B')
    parcelB = parcel

    // On the server: B's ring holds A's two east corners with exactly the same coordinates, next to each other.
    const ringA = parcelA.geometry.coordinates[0]![0]!
    const ringB = parcel.geometry.coordinates[0]![0]!
    const key = (p: Pos) => `${p[0]},${p[1]}`
    const shared = ringB.slice(0, -1).filter((p) => ringA.some((q) => key(q) === key(p)))
    expect(shared.map(key).sort()).toEqual([key([110.031, 27.56]), key([110.031, 27.5608])].sort())
    const edgesOf = (ring: Pos[]) => ring.slice(1).map((p, i) => [key(ring[i]!), key(p)].sort().join('|'))
    expect(edgesOf(ringB).filter((e) => edgesOf(ringA).includes(e))).toHaveLength(1)
    // No overlap (the server's check of B against every other parcel) and no gap (the union's area is the sum).
    const check = await api<{ conflicts: unknown[]; area: { ellipsoidal_m2: number } }>('POST', '/api/parcels/check', {
      geometry: parcel.geometry,
      exclude_id: parcel.id,
    })
    expect(check.status).toBe(200)
    expect(check.body.conflicts).toEqual([])
    const union = { type: 'Polygon', coordinates: [[[110.03, 27.56], [110.032, 27.56], [110.032, 27.5608], [110.03, 27.5608], [110.03, 27.56]]] }
    const unionArea = await api<{ ellipsoidal_m2: number }>('POST', '/api/area', union)
    const sum = Number(parcelA.properties.area.ellipsoidal_m2) + Number(parcel.properties.area.ellipsoidal_m2)
    expect(Math.abs(Number(unionArea.body.ellipsoidal_m2) - sum)).toBeLessThan(1e-6)
  })

  it('marks a self-intersecting drawing on the map with the server’s code and does not let it be saved', async () => {
    await idle()
    await page.getByTestId('edit-draw-polygon').click()
    // South of A, clear of the panels.
    const bowtie: Pos[] = [[110.0302, 27.559], [110.0308, 27.5596], [110.0308, 27.559], [110.0302, 27.5596]]
    await clickVertices(bowtie)
    await page.keyboard.press('Enter')
    const hint = page.getByTestId('edit-issues')
    await hint.waitFor()
    expect(await hint.locator('li').first().getAttribute('data-code')).toBe('GEOM_SELF_INTERSECTION')
    expect(await hint.textContent()).toContain('图形自相交')
    expect(await page.getByTestId('edit-save').isDisabled()).toBe(true)
    // The marker sits at the crossing, drawn by MapLibre.
    await mapIdle(page)
    const markers = await page.evaluate(() =>
      window.__zdMap!.queryRenderedFeatures({ layers: ['edit-marks-issue'] }).map((f) => (f.geometry as { coordinates: number[] }).coordinates),
    )
    expect(markers.length).toBeGreaterThan(0)
    expect(markers[0]![0]).toBeCloseTo(110.0305, 5)
    expect(markers[0]![1]).toBeCloseTo(27.5593, 5)
    // The server agrees: the same code for the same shape.
    const check = await api<{ issues: { code: string }[] }>('POST', '/api/parcels/check', {
      geometry: { type: 'Polygon', coordinates: [[...bowtie, bowtie[0]!]] },
    })
    expect(check.body.issues[0]?.code).toBe('GEOM_SELF_INTERSECTION')
    await page.getByTestId('edit-cancel').click()
    await expect.poll(() => toolbar().getAttribute('data-session')).toBe('idle')
  })

  it('shows the overlap with an existing parcel and its area before saving, and draws the server’s 409 the same way', async () => {
    await idle()
    await page.getByTestId('edit-draw-rectangle').click()
    // A rectangle reaching 0.0002° into A from the south (clear of B).
    await clickAt([110.0302, 27.5596])
    await clickAt([110.0306, 27.5602])
    await expect.poll(() => toolbar().getAttribute('data-tool')).toBe('select')
    const conflicts = page.getByTestId('edit-conflicts')
    await conflicts.waitFor()
    expect(await conflicts.locator('li').count()).toBe(1)
    const item = conflicts.locator('li').first()
    expect(Number(await item.getAttribute('data-parcel-id'))).toBe(parcelA.id)
    const overlapM2 = Number(await item.getAttribute('data-overlap-m2'))
    const expected = await api<{ ellipsoidal_m2: number }>('POST', '/api/area', {
      type: 'Polygon', coordinates: [[[110.0302, 27.56], [110.0306, 27.56], [110.0306, 27.5602], [110.0302, 27.5602], [110.0302, 27.56]]],
    })
    expect(Math.abs(overlapM2 / Number(expected.body.ellipsoidal_m2) - 1)).toBeLessThan(1e-4)
    expect(await item.textContent()).toContain('WB-A')
    // The overlap is drawn on the map as a conflict overlay, labelled with its area.
    await mapIdle(page)
    await expect
      .poll(() => page.evaluate(() => window.__zdMap!.queryRenderedFeatures({ layers: ['overlays-fill'] }).filter((f) => f.properties.kind === 'conflict').length))
      .toBeGreaterThan(0)
    await page.screenshot({ path: path.join(resultsDir, 'e2e-workbench-overlap.png') })

    // Saving anyway: the server refuses with 409, and its conflicts are drawn the same way.
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/parcels') && r.request().method() === 'POST')
    await page.getByTestId('edit-save').click()
    await fillNewParcelForm('WB-OVERLAP')
    expect((await refused).status()).toBe(409)
    await page.getByTestId('edit-message').waitFor()
    await conflicts.waitFor()
    expect(Number(await conflicts.locator('li').first().getAttribute('data-parcel-id'))).toBe(parcelA.id)
    await expect
      .poll(() => page.evaluate(() => window.__zdMap!.queryRenderedFeatures({ layers: ['overlays-fill'] }).filter((f) => f.properties.kind === 'conflict').length))
      .toBeGreaterThan(0)
    await page.getByTestId('edit-cancel').click()
  })

  it('edits an existing parcel: drags a vertex, undoes and redoes the drag, and saves with If-Match', async () => {
    await idle()
    await clickAt([110.0315, 27.5604])
    await expect.poll(() => page.getByTestId('parcel-panel').getAttribute('data-parcel-id')).toBe(String(parcelB.id))
    await page.getByTestId('edit-start').click()
    await expect.poll(() => toolbar().getAttribute('data-tool')).toBe('select')
    await mapIdle(page)
    // Drag B's north-east corner 0.0001° further north-east.
    const from = await pagePoint(page, [110.032, 27.5608])
    const to = await pagePoint(page, [110.0321, 27.5609])
    await page.mouse.move(from.x, from.y, { steps: 3 })
    await page.mouse.down()
    await page.mouse.move(to.x, to.y, { steps: 8 })
    await page.mouse.up()
    const live = page.getByTestId('live-area')
    const before = Number(parcelB.properties.area.ellipsoidal_m2)
    await expect.poll(async () => Number(await live.getAttribute('data-area-m2'))).toBeGreaterThan(before + 1)
    const dragged = Number(await live.getAttribute('data-area-m2'))
    await page.keyboard.press('Control+z')
    await expect.poll(async () => Math.abs(Number(await live.getAttribute('data-area-m2')) / before - 1)).toBeLessThan(1e-6)
    await page.keyboard.press('Control+y')
    await expect.poll(async () => Number(await live.getAttribute('data-area-m2'))).toBe(dragged)

    // A click on a vertex chooses it (marked on the map); Delete removes it; undo brings it back.
    await clickAt([110.032, 27.56])
    await expect
      .poll(() => page.evaluate(() => window.__zdMap!.queryRenderedFeatures({ layers: ['edit-marks-vertex'] }).length))
      .toBe(1)
    await page.keyboard.press('Delete')
    await expect.poll(vertexCount).toBe(3)
    await page.keyboard.press('Control+z')
    await expect.poll(vertexCount).toBe(4)
    await expect.poll(async () => Number(await live.getAttribute('data-area-m2'))).toBe(dragged)

    const put = page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith(`/api/parcels/${parcelB.id}`))
    await page.getByTestId('edit-save').click()
    expect((await put).headers()['if-match']).toBe(`"v${parcelB.properties.version}"`)
    const saved = page.getByTestId('edit-saved')
    await saved.waitFor()
    const fresh = (await api<ParcelAnswer>('GET', `/api/parcels/${parcelB.id}`)).body
    expect(fresh.properties.version).toBe(parcelB.properties.version + 1)
    expect(Math.abs(Number(await saved.getAttribute('data-estimate-m2')) / Number(fresh.properties.area.ellipsoidal_m2) - 1) * 1e6).toBeLessThan(10)
    // The shared edge with A was not touched: its corners are still A's.
    const ring = fresh.geometry.coordinates[0]![0]!.map((p) => `${p[0]},${p[1]}`)
    expect(ring).toContain('110.031,27.56')
    expect(ring).toContain('110.031,27.5608')
    // The dragged corner is where the mouse let go (to a fraction of a pixel).
    const ne = fresh.geometry.coordinates[0]![0]!.find((p) => Math.abs(p[0] - 110.0321) < 1e-6 && Math.abs(p[1] - 27.5609) < 1e-6)
    expect(ne).toBeDefined()
  })

  let children: number[] = []

  it('splits a parcel by a drawn line and shows the children with the area conserved', async () => {
    await idle()
    await clickAt([110.0302, 27.5604])
    await expect.poll(() => page.getByTestId('parcel-panel').getAttribute('data-parcel-id')).toBe(String(parcelA.id))
    await page.getByTestId('split-start').click()
    await expect.poll(() => toolbar().getAttribute('data-tool')).toBe('line')
    await clickAt([110.0305, 27.5597])
    await clickAt([110.0305, 27.5611])
    await page.keyboard.press('Enter')
    await page.getByTestId('split-ready').waitFor()
    const split = page.waitForResponse((r) => r.url().endsWith(`/api/parcels/${parcelA.id}/split`))
    await page.getByTestId('split-confirm').click()
    const answer = (await (await split).json()) as { parent_id: number; children: { features: ParcelAnswer[] } }
    expect(answer.parent_id).toBe(parcelA.id)
    children = answer.children.features.map((f) => f.id)
    expect(children).toHaveLength(2)
    const result = page.getByTestId('edit-result')
    await result.waitFor()
    expect(await page.getByTestId('edit-result-conserved').getAttribute('data-conserved')).toBe('true')
    const sum = answer.children.features.reduce((s, f) => s + Number(f.properties.area.ellipsoidal_mu), 0)
    expect(Math.abs(sum - Number(parcelA.properties.area.ellipsoidal_mu))).toBeLessThanOrEqual(0.001)
    expect(Number(await result.getAttribute('data-after-mu'))).toBeCloseTo(sum, 9)
    await settled(page)
    await page.screenshot({ path: path.join(resultsDir, 'e2e-workbench-split.png') })
  })

  it('merges two neighbours chosen with shift+click and shows the area conserved', async () => {
    await idle()
    await page.getByTestId('edit-result').getByRole('button').click()
    await clickAt([110.03025, 27.5604])
    await clickAt([110.03075, 27.5604], 0, 0, { shift: true })
    const mergeButton = page.getByTestId('merge-start')
    await expect.poll(() => mergeButton.isDisabled()).toBe(false)
    await mergeButton.click()
    await page.getByTestId('merge-list').waitFor()
    expect(await page.getByTestId('merge-list').locator('li').count()).toBe(2)
    const merge = page.waitForResponse((r) => r.url().endsWith('/api/parcels/merge'))
    await page.getByTestId('merge-confirm').click()
    const response = await merge
    expect(response.status()).toBe(201)
    const merged = (await response.json()) as ParcelAnswer
    const result = page.getByTestId('edit-result')
    await result.waitFor()
    expect(await page.getByTestId('edit-result-conserved').getAttribute('data-conserved')).toBe('true')
    expect(Math.abs(Number(merged.properties.area.ellipsoidal_mu) - Number(parcelA.properties.area.ellipsoidal_mu))).toBeLessThanOrEqual(0.001)
    const body = JSON.parse(response.request().postData() ?? '{}') as { parcels: { id: number }[] }
    expect(body.parcels.map((p) => p.id).sort()).toEqual(children.slice().sort())
    await settled(page)
    await page.screenshot({ path: path.join(resultsDir, 'e2e-workbench-merge.png') })
    expect(pageErrors).toEqual([])
  })

  it('labels a parcel with a hole once, at the server’s label point, though it crosses a tile border, and hides the label while the parcel is edited', async () => {
    await idle()
    // A square around 110.0390625°E, a tile border at every zoom from 14 on, with a hole where its centroid is.
    const outer: Pos[] = [[110.0385, 27.56], [110.0397, 27.56], [110.0397, 27.5611], [110.0385, 27.5611], [110.0385, 27.56]]
    const hole: Pos[] = [[110.0389, 27.5604], [110.0389, 27.5607], [110.0393, 27.5607], [110.0393, 27.5604], [110.0389, 27.5604]]
    const geometry = { type: 'Polygon' as const, coordinates: [outer, hole] }
    const created = await api<ParcelAnswer & { properties: { label_point: Pos } }>('POST', '/api/parcels', {
      type: 'Feature', geometry,
      properties: { project_id: projectId, code: 'WB-HOLE', land_class: '0101', owner: '测试村二组' },
    })
    expect(created.status).toBe(201)
    const labelPoint = created.body.properties.label_point
    expect(locateLabel(geometry, labelPoint).part).toBe(0)

    await page.evaluate((c) => window.__zdMap!.jumpTo({ center: c, zoom: 17 }), [110.0391, 27.56055] as Pos)
    await settled(page)
    const rendered = (layer: string) =>
      page.evaluate(
        ([l, id]) => window.__zdMap!.queryRenderedFeatures({ layers: [l] })
          .filter((f) => Number(f.id) === id)
          .map((f) => (f.geometry.type === 'Point' ? f.geometry.coordinates : null)),
        [layer, created.body.id] as const,
      )
    // The polygon is cut into tile pieces (MapLibre labelled each piece before); the label layer draws one point.
    await expect.poll(async () => (await rendered('parcels-fill')).length).toBeGreaterThanOrEqual(2)
    await expect.poll(async () => (await rendered('parcels-label')).length).toBe(1)
    const [drawn] = await rendered('parcels-label')
    expect(Math.abs(drawn![0]! - labelPoint[0])).toBeLessThan(1e-6)
    expect(Math.abs(drawn![1]! - labelPoint[1])).toBeLessThan(1e-6)
    fs.mkdirSync(resultsDir, { recursive: true })
    await page.screenshot({ path: path.join(resultsDir, 'e2e-workbench-hole-label.png') })

    // Editing the parcel hides its label with its polygon; cancelling brings both back.
    await clickAt(labelPoint)
    await expect.poll(() => page.getByTestId('parcel-panel').getAttribute('data-parcel-id')).toBe(String(created.body.id))
    await page.getByTestId('edit-start').click()
    await expect.poll(() => toolbar().getAttribute('data-tool')).toBe('select')
    await expect.poll(async () => (await rendered('parcels-label')).length).toBe(0)
    await expect.poll(async () => (await rendered('parcels-fill')).length).toBe(0)
    await page.getByTestId('edit-cancel').click()
    await expect.poll(() => toolbar().getAttribute('data-session')).toBe('idle')
    await expect.poll(async () => (await rendered('parcels-label')).length).toBe(1)
    expect(pageErrors).toEqual([])
  })
})
