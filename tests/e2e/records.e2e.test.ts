import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, logIn, onCanvas, openApp, pagePoint, settled, type AppSession } from '../helpers/browser.ts'
import { pointInRing } from '../helpers/interior-point.ts'

// A parcel's records in the side panel, in Chromium against a real server on a fresh embedded database with the
// demo data: the planner sees a demo parcel's households and buildings, edits a household (phone, a new member),
// meets a concurrent change (412) with a reload, records a resettlement and an agreement, draws a building
// footprint snapped to the parcel's corner and saves it, sees a footprint outside the parcel refused next to the
// footprint, drags a building's corner; the auditor sees the same household masked and no edit buttons. The
// household and the building the test looks for are made through the API first, so it holds with or without demo
// records on that parcel.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const resultsDir = path.join(repoRoot, 'test-results')

type Pos = [number, number]
interface ParcelAnswer {
  id: number
  geometry: { type: 'MultiPolygon'; coordinates: Pos[][][] }
  properties: { code: string; project_id: number; label_point: Pos; area: { ellipsoidal_m2: number | string } }
}
interface HouseholdAnswer {
  id: number
  project_id: number
  name: string
  village_group: string | null
  id_number: string | null
  phone: string | null
  parcel_ids: number[]
  members: { id: number; name: string; relation: string; id_number: string | null; is_resettled: boolean }[]
  version: number
  personal_data: 'full' | 'masked'
}
interface BuildingAnswer {
  id: number
  geometry: { type: 'MultiPolygon'; coordinates: Pos[][][] }
  properties: {
    code: string; parcel_id: number; project_id: number; structure: string; floors: number; floor_area_m2: string
    legal_status: string; version: number; footprint_area_m2: number | string
  }
}

/** A resident ID number with its GB 11643 check character, from 17 digits. */
function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = first17.split('').reduce((s, d, i) => s + Number(d) * weights[i]!, 0)
  return first17 + '10X98765432'[sum % 11]
}

/** Where on the page the drawing happens: clear of the side panels and of the map legend. */
const workSpot = { x: 520, y: 250 }

describe('a parcel’s records in the side panel', () => {
  let baseUrl = ''
  let session: AppSession | undefined
  let page: Page
  let csrf = ''
  let pageErrors: string[] = []
  let parcel: ParcelAnswer
  let household: HouseholdAnswer
  let building: BuildingAnswer
  const headId = idNumber('11010519700101201')
  const householdName = '测试户甲'

  async function api<T>(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, headers: Record<string, string> = {}) {
    const r = await page.request.fetch(`${baseUrl}${url}`, {
      method,
      headers: method === 'GET' ? headers : { 'X-CSRF-Token': csrf, 'Content-Type': 'application/json', ...headers },
      data: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: r.status(), etag: r.headers()['etag'], body: (await r.json()) as T }
  }

  /** Centres `ll` at `workSpot` at `zoom` (the parcel panel, once open, does not cover it). */
  async function bringTo(p: Page, ll: Pos, zoom: number) {
    await p.evaluate(([c, z]) => window.__zdMap!.jumpTo({ center: c as [number, number], zoom: z as number }), [ll, zoom] as const)
    const at = await pagePoint(p, ll)
    await p.evaluate(([dx, dy]) => window.__zdMap!.panBy([dx!, dy!], { duration: 0 }), [at.x - workSpot.x, at.y - workSpot.y])
    await settled(p)
  }

  async function clickAt(p: Page, ll: Pos, dx = 0, dy = 0) {
    const at = await pagePoint(p, ll)
    const target = { x: at.x + dx, y: at.y + dy }
    expect(await onCanvas(p, target), `${ll} is on the map canvas`).toBe(true)
    await p.mouse.move(target.x, target.y, { steps: 4 })
    await p.mouse.click(target.x, target.y)
  }

  /**
   * A point of the parcel on no building (a click on a building opens its card over the map): the label point or
   * a point on the way from it to a corner, clear of every building's box by about 3 m.
   */
  async function clearPoint(): Promise<Pos> {
    const buildings = await api<{ features: BuildingAnswer[] }>('GET', `/api/buildings?parcel=${parcel.id}`)
    const boxes = buildings.body.features.map((f) => {
      const pts = f.geometry.coordinates.flat(2)
      const pad = 0.00003
      return [Math.min(...pts.map((q) => q[0])) - pad, Math.min(...pts.map((q) => q[1])) - pad,
        Math.max(...pts.map((q) => q[0])) + pad, Math.max(...pts.map((q) => q[1])) + pad]
    })
    const c = parcel.properties.label_point
    const ring = parcel.geometry.coordinates[0]![0]!
    for (const k of [0, 0.1, 0.2, 0.3, 0.4, 0.5]) {
      for (const v of ring.slice(0, -1)) {
        const q: Pos = [c[0] + k * (v[0] - c[0]), c[1] + k * (v[1] - c[1])]
        const free = boxes.every(([x0, y0, x1, y1]) => q[0] < x0! || q[0] > x1! || q[1] < y0! || q[1] > y1!)
        if (free && pointInRing(q, ring)) return q
      }
    }
    throw new Error(`no point of parcel ${parcel.properties.code} is clear of its buildings`)
  }

  /** Clicks the parcel (off its buildings) and opens the 记录 tab. */
  async function openRecords(p: Page) {
    const at = await clearPoint()
    await bringTo(p, at, 17)
    await clickAt(p, at)
    const panel = p.getByTestId('parcel-panel')
    await expect.poll(() => panel.getAttribute('data-parcel-id')).toBe(String(parcel.id))
    await p.getByTestId('parcel-tab-records').click()
    await p.locator('[data-testid="parcel-records"][data-loaded="true"]').waitFor()
  }

  const householdCard = (p: Page) => p.locator(`[data-testid="household"][data-household-id="${household.id}"]`)

  beforeAll(async () => {
    session = await openApp({ user: 'planner' })
    baseUrl = session.baseUrl
    page = session.page
    pageErrors = session.pageErrors
    csrf = ((await (await page.request.get(`${baseUrl}/api/auth/me`)).json()) as { csrf: string }).csrf

    // The largest demo parcel: room for a building between its corner and its label.
    const parcels = await api<{ features: ParcelAnswer[] }>('GET', '/api/parcels?bbox=108.76,25.83,111.12,29.05')
    expect(parcels.body.features.length).toBeGreaterThan(0)
    parcel = parcels.body.features.reduce((a, b) => (Number(b.properties.area.ellipsoidal_m2) > Number(a.properties.area.ellipsoidal_m2) ? b : a))

    const made = await api<HouseholdAnswer>('POST', '/api/households', {
      project_id: parcel.properties.project_id,
      name: householdName,
      village_group: '测试村一组',
      id_number: headId,
      phone: '13900001111',
      parcel_ids: [parcel.id],
      members: [{ name: '测试配偶', relation: '配偶', is_resettled: true }],
    })
    expect(made.status, JSON.stringify(made.body)).toBe(201)
    household = made.body

    // A small building 10 m north-east of the label point (about 6 m × 6 m).
    const [lon, lat] = parcel.properties.label_point
    const d = 0.00003
    const x0 = lon + 0.0001
    const y0 = lat + 0.00009
    const b = await api<BuildingAnswer>('POST', '/api/buildings', {
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x0 + 2 * d, y0], [x0 + 2 * d, y0 + 2 * d], [x0, y0 + 2 * d], [x0, y0]]] },
      properties: {
        project_id: parcel.properties.project_id, parcel_id: parcel.id, household_id: household.id, code: 'E2E-B1',
        structure: 'brick_wood', floors: 2, floor_area_m2: '70.50', legal_status: 'recognised',
      },
    })
    expect(b.status, JSON.stringify(b.body)).toBe(201)
    building = b.body
  }, 180_000)

  afterAll(async () => {
    await session?.close()
  })

  it('shows the clicked demo parcel’s households and buildings in the records tab', async () => {
    await openRecords(page)
    const card = householdCard(page)
    await card.waitFor()
    // The planner's list shows names in full and ID numbers and phones masked, as the server sends them.
    expect((await card.getByTestId('household-name').textContent())?.trim()).toBe(householdName)
    expect(await card.getByTestId('household-phone').textContent()).toBe('139****1111')
    expect(await card.getByTestId('household-id-number').textContent()).toMatch(/^1101\*+\d{3}[\dX]$/)
    expect(await card.getByTestId('household-persons').getAttribute('data-persons')).toBe('1')
    expect(await card.getByTestId('household-persons').getAttribute('data-resettled')).toBe('1')
    // Every household of the parcel is listed, the test's own among them.
    const listed = await page.getByTestId('household').count()
    const all = await api<{ items: unknown[] }>('GET', `/api/households?parcel=${parcel.id}`)
    expect(listed).toBe(all.body.items.length)

    const b = page.locator(`[data-testid="building"][data-building-id="${building.id}"]`)
    await b.waitFor()
    expect(await b.getByTestId('building-code').textContent()).toBe('E2E-B1')
    expect(await b.getByTestId('building-floor-area').textContent()).toBe('70.50')
    expect(await b.getByTestId('building-legal').textContent()).toBe('认定合法')
    expect(await page.getByTestId('building-edit').count()).toBeGreaterThan(0)

    fs.mkdirSync(resultsDir, { recursive: true })
    await page.screenshot({ path: path.join(resultsDir, 'e2e-records-planner.png') })
  })

  it('edits a household: a new phone and a new member, saved with If-Match as version 2; the ID number it did not touch is kept', async () => {
    await householdCard(page).getByTestId('household-edit').click()
    const form = page.getByTestId('household-form')
    await form.waitFor()
    // The form holds the full values (a single read by the planner).
    expect(await form.getByTestId('household-form-id-number').inputValue()).toBe(headId)
    await form.getByTestId('household-form-phone').fill('139 1234 5678')
    await form.getByTestId('member-add').click()
    const row = form.getByTestId('member-row').last()
    await row.getByTestId('member-name').fill('测试子女')
    await row.getByTestId('member-relation').fill('子女')
    await row.getByTestId('member-is_resettled').check()
    await page.screenshot({ path: path.join(resultsDir, 'e2e-records-household-form.png') })
    await form.getByTestId('record-form-submit').click()

    await form.waitFor({ state: 'detached' })
    await expect.poll(() => householdCard(page).getAttribute('data-version')).toBe('2')
    expect(await householdCard(page).getByTestId('household-phone').textContent()).toBe('139****5678')
    expect(await householdCard(page).getByTestId('household-persons').getAttribute('data-persons')).toBe('2')

    const saved = await api<HouseholdAnswer>('GET', `/api/households/${household.id}`)
    expect(saved.etag).toBe('"v2"')
    expect(saved.body.version).toBe(2)
    expect(saved.body.phone).toBe('13912345678')
    expect(saved.body.id_number).toBe(headId)
    expect(saved.body.parcel_ids).toEqual([parcel.id])
    expect(saved.body.members.map((m) => [m.name, m.relation, m.is_resettled])).toEqual([
      ['测试配偶', '配偶', true],
      ['测试子女', '子女', true],
    ])
    household = saved.body
  })

  it('says “已被他人修改” when someone else saved the household meanwhile (412), and reloads it', async () => {
    await householdCard(page).getByTestId('household-edit').click()
    const form = page.getByTestId('household-form')
    await form.waitFor()
    // Another planner saves first.
    const other = await api<HouseholdAnswer>('PUT', `/api/households/${household.id}`, {
      project_id: household.project_id, name: household.name, village_group: household.village_group, parcel_ids: household.parcel_ids,
      notes: '另一位规划员的修改',
      members: household.members.map((m) => ({ id: m.id, name: m.name, relation: m.relation, is_resettled: m.is_resettled })),
    }, { 'If-Match': `"v${household.version}"` })
    expect(other.status, JSON.stringify(other.body)).toBe(200)

    await form.getByTestId('household-form-notes').fill('我的修改')
    await form.getByTestId('record-form-submit').click()
    const error = page.getByTestId('record-form-error')
    await error.waitFor()
    expect(await error.textContent()).toContain('已被他人修改')
    await page.getByTestId('record-reload').click()
    await form.waitFor({ state: 'detached' })
    await expect.poll(() => householdCard(page).getAttribute('data-version')).toBe('3')
    const now = await api<HouseholdAnswer & { notes: string }>('GET', `/api/households/${household.id}`)
    expect(now.body.notes).toBe('另一位规划员的修改')
  })

  it('records the household’s resettlement and its signed agreement, shown on its card', async () => {
    const card = householdCard(page)
    expect(await card.getByTestId('household-resettlement').textContent()).toContain('未登记安置')
    await card.getByTestId('resettlement-edit').click()
    const rf = page.getByTestId('resettlement-form')
    await rf.waitFor()
    await rf.getByTestId('resettlement-persons').fill('2')
    await rf.getByTestId('resettlement-method').selectOption('property_swap')
    await rf.getByTestId('resettlement-site').fill('测试安置区')
    await rf.getByTestId('resettlement-start').fill('2024-01-01')
    await rf.getByTestId('resettlement-end').fill('2025-06-30')
    await rf.getByTestId('resettlement-delay').fill('3')
    await rf.getByTestId('record-form-submit').click()
    await rf.waitFor({ state: 'detached' })
    await expect.poll(() => card.getByTestId('household-resettlement').textContent()).toContain('测试安置区')
    expect(await card.getByTestId('household-resettlement').textContent()).toContain('延期 3 个月')

    await card.getByTestId('agreement-edit').click()
    const af = page.getByTestId('agreement-form')
    await af.waitFor()
    await af.getByTestId('agreement-number').fill('E2E-XY-0001')
    await af.getByTestId('agreement-signed-on').fill('2024-02-01')
    await af.getByTestId('record-form-submit').click()
    await af.waitFor({ state: 'detached' })
    await expect.poll(() => card.getByTestId('household-agreement').getAttribute('data-signed')).toBe('true')
    expect(await card.getByTestId('household-agreement').textContent()).toContain('已签订 2024-02-01')

    const r = await api<{ items: { household_id: number; persons: number; method: string; transition_end: string; delay_months: number }[] }>(
      'GET', `/api/resettlements?household=${household.id}`)
    expect(r.body.items.map(({ persons, method, transition_end, delay_months }) => ({ persons, method, transition_end, delay_months })))
      .toEqual([{ persons: 2, method: 'property_swap', transition_end: '2025-06-30', delay_months: 3 }])
    const a = await api<{ items: { number: string; signed: boolean; signed_on: string }[] }>('GET', `/api/agreements?household=${household.id}`)
    expect(a.body.items.map(({ number, signed, signed_on }) => ({ number, signed, signed_on }))).toEqual([
      { number: 'E2E-XY-0001', signed: true, signed_on: '2024-02-01' },
    ])
  })

  it('draws a building footprint on the map, its first corner snapped onto the parcel’s own corner, and saves it', async () => {
    await page.getByTestId('building-add').click()
    const form = page.getByTestId('building-form')
    await form.waitFor()
    const footprint = page.getByTestId('building-footprint')
    expect(await footprint.getAttribute('data-tool')).toBe('polygon')

    // A quadrilateral in the triangle of a parcel corner, the next corner and the label point (inside a convex
    // parcel); the corner itself is clicked 3 px off and must snap to the parcel's exact coordinates.
    const ring = parcel.geometry.coordinates[0]![0]!
    const v0 = ring[0]!
    const v1 = ring[1]!
    const c = parcel.properties.label_point
    const mix = (a: number, b: number, k: number): Pos => [a * v0[0] + b * v1[0] + k * c[0], a * v0[1] + b * v1[1] + k * c[1]]
    const corners: Pos[] = [v0, mix(0.7, 0.25, 0.05), mix(0.5, 0.25, 0.25), mix(0.7, 0.05, 0.25)]
    await bringTo(page, mix(0.6, 0.2, 0.2), 18)
    const offsets: Pos[] = [[3, -2], [0, 0], [0, 0], [0, 0]]
    for (let i = 0; i < corners.length; i++) {
      await clickAt(page, corners[i]!, offsets[i]![0], offsets[i]![1])
      await expect.poll(() => footprint.getAttribute('data-vertices')).toBe(String(i + 1))
    }
    await page.keyboard.press('Enter')
    await expect.poll(() => footprint.getAttribute('data-parts')).toBe('1')
    await expect.poll(() => footprint.getAttribute('data-tool')).toBe('select')
    const estimate = Number(await page.getByTestId('building-footprint-estimate').getAttribute('data-area-m2'))
    expect(estimate).toBeGreaterThan(10)

    await form.getByTestId('building-code-input').fill('E2E-B2')
    await form.getByTestId('building-structure').selectOption('frame')
    await form.getByTestId('building-floors').fill('3')
    await form.getByTestId('building-floor-area-input').fill('256.75')
    await form.getByTestId('building-legal-status').selectOption('temporary')
    await form.getByTestId('building-household').selectOption(String(household.id))
    await page.screenshot({ path: path.join(resultsDir, 'e2e-records-building-drawn.png') })
    await form.getByTestId('record-form-submit').click()
    await form.waitFor({ state: 'detached' })

    const list = await api<{ features: BuildingAnswer[] }>('GET', `/api/buildings?parcel=${parcel.id}`)
    const made = list.body.features.find((f) => f.properties.code === 'E2E-B2')
    expect(made, 'building E2E-B2 saved').toBeDefined()
    const one = await api<BuildingAnswer>('GET', `/api/buildings/${made!.id}`)
    expect(one.status).toBe(200)
    expect(one.etag).toBe('"v1"')
    expect(one.body.properties).toMatchObject({
      code: 'E2E-B2', parcel_id: parcel.id, project_id: parcel.properties.project_id, structure: 'frame', floors: 3,
      floor_area_m2: '256.75', legal_status: 'temporary', household_id: household.id,
    })
    const stored = one.body.geometry.coordinates[0]![0]!
    expect(stored.some((p) => p[0] === v0[0] && p[1] === v0[1]), 'the snapped corner is the parcel’s own').toBe(true)
    // The server's footprint area (ellipsoidal) agrees with the live estimate.
    expect(Math.abs(Number(one.body.properties.footprint_area_m2) / estimate - 1)).toBeLessThan(1e-3)

    const card = page.locator(`[data-testid="building"][data-building-id="${made!.id}"]`)
    await card.waitFor()
    expect(await card.getByTestId('building-floor-area').textContent()).toBe('256.75')
    await page.screenshot({ path: path.join(resultsDir, 'e2e-records-building-saved.png') })
    expect(pageErrors).toEqual([])
  })

  it('shows the server’s refusal of a footprint that leaves the parcel next to the footprint, and saves nothing', async () => {
    await page.getByTestId('building-add').click()
    const form = page.getByTestId('building-form')
    await form.waitFor()
    const footprint = page.getByTestId('building-footprint')
    await form.getByTestId('building-draw-rectangle').click()
    const ring = parcel.geometry.coordinates[0]![0]!
    const v0 = ring[0]!
    const c = parcel.properties.label_point
    const inside: Pos = [0.85 * v0[0] + 0.15 * c[0], 0.85 * v0[1] + 0.15 * c[1]]
    const outside: Pos = [v0[0] + 0.15 * (v0[0] - c[0]), v0[1] + 0.15 * (v0[1] - c[1])]
    await bringTo(page, v0, 18)
    await clickAt(page, inside)
    await clickAt(page, outside)
    await expect.poll(() => footprint.getAttribute('data-parts')).toBe('1')
    await form.getByTestId('building-code-input').fill('E2E-OUT')
    await form.getByTestId('building-floor-area-input').fill('50.00')
    await form.getByTestId('record-form-submit').click()
    const error = form.locator('[data-testid="field-error"][data-field="geometry"]')
    await error.waitFor()
    expect(await error.textContent()).toContain('在所属地块之外')
    await page.screenshot({ path: path.join(resultsDir, 'e2e-records-building-outside.png') })
    await form.getByTestId('record-form-cancel').click()
    await form.waitFor({ state: 'detached' })
    const list = await api<{ features: BuildingAnswer[] }>('GET', `/api/buildings?parcel=${parcel.id}`)
    expect(list.body.features.some((f) => f.properties.code === 'E2E-OUT')).toBe(false)
  })

  it('edits a building’s footprint by dragging a corner and saves it with If-Match as version 2', async () => {
    const card = page.locator(`[data-testid="building"][data-building-id="${building.id}"]`)
    await card.getByTestId('building-edit').click()
    const form = page.getByTestId('building-form')
    await form.waitFor()
    const footprint = page.getByTestId('building-footprint')
    expect(await footprint.getAttribute('data-tool')).toBe('select')
    expect(await footprint.getAttribute('data-parts')).toBe('1')
    const before = Number(building.properties.footprint_area_m2)

    // Drag the north-east corner about 2 m further north-east.
    const corner = building.geometry.coordinates[0]![0]!.reduce((a, b) => (b[0] + b[1] > a[0] + a[1] ? b : a))
    await bringTo(page, corner, 19)
    const from = await pagePoint(page, corner)
    const to = await pagePoint(page, [corner[0] + 0.00002, corner[1] + 0.00002])
    expect(await onCanvas(page, from)).toBe(true)
    await page.mouse.move(from.x, from.y, { steps: 3 })
    await page.mouse.down()
    await page.mouse.move(to.x, to.y, { steps: 8 })
    await page.mouse.up()
    const estimate = page.getByTestId('building-footprint-estimate')
    await expect.poll(async () => Number(await estimate.getAttribute('data-area-m2'))).toBeGreaterThan(before + 2)

    await form.getByTestId('building-floor-area-input').fill('75.25')
    await form.getByTestId('record-form-submit').click()
    await form.waitFor({ state: 'detached' })
    const one = await api<BuildingAnswer>('GET', `/api/buildings/${building.id}`)
    expect(one.etag).toBe('"v2"')
    expect(one.body.properties.floor_area_m2).toBe('75.25')
    expect(Number(one.body.properties.footprint_area_m2)).toBeGreaterThan(before + 2)
    await expect.poll(() => card.getAttribute('data-version')).toBe('2')
    building = one.body
  })

  it('shows the auditor the household masked and no edit buttons', async () => {
    const auditor = await launchBrowser()
    try {
      const p = auditor.page
      const errors: string[] = []
      p.on('pageerror', (e) => errors.push(e.message))
      await logIn(p, baseUrl, 'auditor', 'auditor-demo')
      await openRecords(p)
      const card = householdCard(p)
      await card.waitFor()
      expect(await card.getAttribute('data-personal')).toBe('masked')
      const name = (await card.getByTestId('household-name').textContent())?.trim()
      expect(name).not.toBe(householdName)
      expect(name).toContain('*')
      expect(await card.getByTestId('household-phone').textContent()).toBe('139****5678')
      expect(await card.getByTestId('household-id-number').textContent()).not.toContain(headId.slice(4, 14))
      await p.locator(`[data-testid="building"][data-building-id="${building.id}"]`).waitFor()
      for (const id of ['household-edit', 'household-add', 'building-edit', 'building-add', 'resettlement-edit', 'agreement-edit']) {
        expect(await p.getByTestId(id).count(), id).toBe(0)
      }
      await p.screenshot({ path: path.join(resultsDir, 'e2e-records-auditor.png') })
      expect(errors).toEqual([])
    } finally {
      await auditor.close()
    }
  })
})
