import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, logIn, onCanvas, openApp, pagePoint, renderedProperty, settled, type AppSession } from '../helpers/browser.ts'
import { pointInRing } from '../helpers/interior-point.ts'

// Graves, attachments with photos, and deleting records, in Chromium against a real server on a fresh embedded
// database with the demo data: the planner places a grave by clicking the map and sees it in the list and on the
// map, is refused a grave outside the parcel next to the place, moves the grave by dragging it; creates an
// attachment with a PNG photo (and a fake "photo" the form refuses before upload) and sees its thumbnail and who
// uploaded it; deletes a record with a reason, and meets a household that still has records (409) in Chinese and
// in English; the auditor sees none of the edit or delete actions.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const resultsDir = path.join(repoRoot, 'test-results')

type Pos = [number, number]
interface ParcelAnswer {
  id: number
  geometry: { type: 'MultiPolygon'; coordinates: Pos[][][] }
  properties: { code: string; project_id: number; label_point: Pos; area: { ellipsoidal_m2: number | string } }
}
interface GraveAnswer {
  id: number
  geometry: { type: 'Point'; coordinates: Pos }
  properties: { code: string; parcel_id: number | null; household_id: number | null; coffins: number; version: number }
}
interface AttachmentAnswer {
  id: number
  name: string
  kind: string
  quantity: string
  unit: string
  version: number
  photos: { id: number; content_type: string; size_bytes: number; uploaded_by: string; url: string }[]
}

/** A suffix of this run's codes and names, so that a rerun against one server (ZD_E2E_URL) meets none of its own. */
const run = Date.now().toString(36).slice(-5)
const code1 = `E2E-M1-${run}`
const tree = `柑橘树${run}`

function segmentDistance(p: Pos, a: Pos, b: Pos): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]]
  const len2 = dx * dx + dy * dy
  const k = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2))
  return Math.hypot(p[0] - a[0] - k * dx, p[1] - a[1] - k * dy)
}

/** Where on the page the clicking happens: clear of the side panels and of the map legend. */
const workSpot = { x: 520, y: 250 }

describe('graves, attachments with photos, and deleting records in the records tab', () => {
  let baseUrl = ''
  let session: AppSession | undefined
  let page: Page
  let csrf = ''
  let pageErrors: string[] = []
  let parcel: ParcelAnswer
  let householdId = 0
  let grave: GraveAnswer

  async function api<T>(method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) {
    const r = await page.request.fetch(`${baseUrl}${url}`, {
      method,
      headers: method === 'GET' ? {} : { 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
      data: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await r.text()
    return { status: r.status(), etag: r.headers()['etag'], body: (text ? JSON.parse(text) : undefined) as T }
  }

  async function bringTo(p: Page, ll: Pos, zoom: number) {
    await p.evaluate(([c, z]) => window.__zdMap!.jumpTo({ center: c as [number, number], zoom: z as number }), [ll, zoom] as const)
    const at = await pagePoint(p, ll)
    await p.evaluate(([dx, dy]) => window.__zdMap!.panBy([dx!, dy!], { duration: 0 }), [at.x - workSpot.x, at.y - workSpot.y])
    await settled(p)
  }

  async function clickAt(p: Page, ll: Pos) {
    const at = await pagePoint(p, ll)
    expect(await onCanvas(p, at), `${ll} is on the map canvas`).toBe(true)
    await p.mouse.move(at.x, at.y, { steps: 4 })
    await p.mouse.click(at.x, at.y)
  }

  const ring = () => parcel.geometry.coordinates[0]![0]!
  /**
   * The point of the parcel farthest from every building and grave (a click on one opens its card over the map), on
   * a 24 × 24 grid over the parcel's box; `avoid` adds points to keep away from.
   */
  async function clearPoint(avoid: Pos[] = []): Promise<Pos> {
    const [buildings, graves] = await Promise.all([
      api<{ features: { geometry: { coordinates: Pos[][][] } }[] }>('GET', `/api/buildings?parcel=${parcel.id}`),
      api<{ features: GraveAnswer[] }>('GET', `/api/graves?parcel=${parcel.id}`),
    ])
    const boxes = [
      ...buildings.body.features.map((f) => f.geometry.coordinates.flat(2)),
      ...graves.body.features.map((g) => [g.geometry.coordinates]),
      ...avoid.map((q) => [q]),
    ].map((pts) => [Math.min(...pts.map((q) => q[0])), Math.min(...pts.map((q) => q[1])), Math.max(...pts.map((q) => q[0])), Math.max(...pts.map((q) => q[1]))])
    const r = ring()
    const [x0, y0, x1, y1] = [Math.min(...r.map((q) => q[0])), Math.min(...r.map((q) => q[1])), Math.max(...r.map((q) => q[0])), Math.max(...r.map((q) => q[1]))]
    // Distance to the nearest record box, and to the parcel's edge (a click too near it may land outside).
    const edgeDistance = (q: Pos) => Math.min(...r.slice(1).map((b, i) => segmentDistance(q, r[i]!, b)))
    let best: { q: Pos; d: number } | null = null
    for (let i = 1; i < 24; i++) {
      for (let j = 1; j < 24; j++) {
        const q: Pos = [x0 + ((x1 - x0) * i) / 24, y0 + ((y1 - y0) * j) / 24]
        if (!pointInRing(q, r)) continue
        const toRecords = Math.min(Infinity, ...boxes.map(([bx0, by0, bx1, by1]) => Math.hypot(Math.max(bx0! - q[0], 0, q[0] - bx1!), Math.max(by0! - q[1], 0, q[1] - by1!))))
        const d = Math.min(toRecords, edgeDistance(q))
        if (!best || d > best.d) best = { q, d }
      }
    }
    if (!best || best.d < 0.00003) throw new Error(`no point of parcel ${parcel.properties.code} is clear of its records`)
    return best.q
  }

  async function openRecords(p: Page) {
    const at = await clearPoint()
    await bringTo(p, at, 17)
    await clickAt(p, at)
    const panel = p.getByTestId('parcel-panel')
    await expect.poll(() => panel.getAttribute('data-parcel-id')).toBe(String(parcel.id))
    await p.getByTestId('parcel-tab-records').click()
    await p.locator('[data-testid="parcel-records"][data-loaded="true"]').waitFor()
  }

  const graveCard = (p: Page, id: number) => p.locator(`[data-testid="grave"][data-grave-id="${id}"]`)

  beforeAll(async () => {
    session = await openApp({ user: 'planner' })
    baseUrl = session.baseUrl
    page = session.page
    pageErrors = session.pageErrors
    csrf = ((await (await page.request.get(`${baseUrl}/api/auth/me`)).json()) as { csrf: string }).csrf

    const parcels = await api<{ features: ParcelAnswer[] }>('GET', '/api/parcels?bbox=108.76,25.83,111.12,29.05')
    expect(parcels.body.features.length).toBeGreaterThan(0)
    parcel = parcels.body.features.reduce((a, b) => (Number(b.properties.area.ellipsoidal_m2) > Number(a.properties.area.ellipsoidal_m2) ? b : a))
    const made = await api<{ id: number }>('POST', '/api/households', {
      project_id: parcel.properties.project_id, name: `坟主测试户${run}`, village_group: '测试村二组', parcel_ids: [parcel.id],
    })
    expect(made.status, JSON.stringify(made.body)).toBe(201)
    householdId = made.body.id
    fs.mkdirSync(resultsDir, { recursive: true })
  }, 180_000)

  afterAll(async () => {
    await session?.close()
  })

  it('places a grave by clicking the map, saves it on the parcel, and shows it in the list and on the map', async () => {
    await openRecords(page)
    await page.getByTestId('grave-add').click()
    const form = page.getByTestId('grave-form')
    await form.waitFor()
    const place = page.getByTestId('grave-point')
    expect(await place.getAttribute('data-placed')).toBe('false')

    const at = await clearPoint()
    await bringTo(page, at, 18)
    await clickAt(page, at)
    await expect.poll(() => place.getAttribute('data-placed')).toBe('true')
    expect(await page.getByTestId('grave-outside-hint').count()).toBe(0)
    await form.getByTestId('grave-code').fill(code1)
    await form.getByTestId('grave-coffins').fill('3')
    await form.getByTestId('grave-household').selectOption(String(householdId))
    await page.screenshot({ path: path.join(resultsDir, 'e2e-grave-form.png') })
    await form.getByTestId('record-form-submit').click()
    await form.waitFor({ state: 'detached' })

    const list = await api<{ features: GraveAnswer[] }>('GET', `/api/graves?parcel=${parcel.id}`)
    const saved = list.body.features.find((g) => g.properties.code === code1)
    expect(saved, 'grave E2E-M1 saved').toBeDefined()
    expect(saved!.properties).toMatchObject({ parcel_id: parcel.id, household_id: householdId, coffins: 3, version: 1 })
    // The click's place, to a pixel at zoom 18 (about 0.6 m).
    expect(Math.abs(saved!.geometry.coordinates[0] - at[0])).toBeLessThan(1e-5)
    expect(Math.abs(saved!.geometry.coordinates[1] - at[1])).toBeLessThan(1e-5)
    grave = saved!

    const card = graveCard(page, grave.id)
    await card.waitFor()
    expect(await card.getByTestId('grave-code').textContent()).toBe(code1)
    expect(await card.getByTestId('grave-coffins').textContent()).toBe('3 棺')
    await expect.poll(() => renderedProperty(page, 'graves-circle', 'code'), { timeout: 15_000 }).toContain(code1)
    await page.screenshot({ path: path.join(resultsDir, 'e2e-grave-saved.png') })
    expect(pageErrors).toEqual([])
  })

  it('shows the server’s refusal of a grave outside the parcel next to its place, and saves nothing', async () => {
    await page.getByTestId('grave-add').click()
    const form = page.getByTestId('grave-form')
    await form.waitFor()
    const v = ring()[0]!
    const c = parcel.properties.label_point
    const outside: Pos = [v[0] + 0.15 * (v[0] - c[0]), v[1] + 0.15 * (v[1] - c[1])]
    await bringTo(page, v, 18)
    await clickAt(page, outside)
    await page.getByTestId('grave-outside-hint').waitFor()
    await form.getByTestId('grave-code').fill(`E2E-OUT-${run}`)
    await form.getByTestId('record-form-submit').click()
    const error = form.locator('[data-testid="field-error"][data-field="geometry"]')
    await error.waitFor()
    expect(await error.textContent()).toContain(`坟墓在所属地块之外：E2E-OUT-${run}`)
    await page.screenshot({ path: path.join(resultsDir, 'e2e-grave-outside.png') })
    await form.getByTestId('record-form-cancel').click()
    await form.waitFor({ state: 'detached' })
    const list = await api<{ features: GraveAnswer[] }>('GET', `/api/graves?project=${parcel.properties.project_id}`)
    expect(list.body.features.some((g) => g.properties.code === `E2E-OUT-${run}`)).toBe(false)
  })

  it('moves the grave by dragging its point and saves it with If-Match as version 2', async () => {
    await graveCard(page, grave.id).getByTestId('grave-edit').click()
    const form = page.getByTestId('grave-form')
    await form.waitFor()
    const place = page.getByTestId('grave-point')
    expect(await place.getAttribute('data-placed')).toBe('true')
    const from = grave.geometry.coordinates
    await bringTo(page, from, 19)
    const a = await pagePoint(page, from)
    const target = { x: a.x + 30, y: a.y + 20 }
    await page.mouse.move(a.x, a.y, { steps: 3 })
    await page.mouse.down()
    await page.mouse.move(target.x, target.y, { steps: 10 })
    await page.mouse.up()
    await expect.poll(async () => Number(await place.getAttribute('data-lon'))).toBeGreaterThan(from[0] + 1e-6)
    const lonLat = await page.evaluate(([x, y]) => window.__zdMap!.unproject([x!, y!]).toArray(), [target.x, target.y])
    await form.getByTestId('record-form-submit').click()
    await form.waitFor({ state: 'detached' })
    const one = await api<GraveAnswer>('GET', `/api/graves/${grave.id}`)
    expect(one.etag).toBe('"v2"')
    expect(Math.abs(one.body.geometry.coordinates[0] - lonLat[0]!)).toBeLessThan(1e-5)
    expect(Math.abs(one.body.geometry.coordinates[1] - lonLat[1]!)).toBeLessThan(1e-5)
    await expect.poll(() => graveCard(page, grave.id).getAttribute('data-version')).toBe('2')
    grave = one.body
  })

  it('creates an attachment with a PNG photo, refuses a fake one before upload, and shows the thumbnail and who uploaded it', async () => {
    // A real PNG of 40 × 30 pixels: a piece of the page itself.
    const png = await page.screenshot({ clip: { x: 0, y: 0, width: 40, height: 30 } })
    await page.getByTestId('attachment-add').click()
    const form = page.getByTestId('attachment-form')
    await form.waitFor()
    await form.getByTestId('attachment-kind').selectOption('tree')
    await form.getByTestId('attachment-name').fill(tree)
    await form.getByTestId('attachment-quantity').fill('12')
    await form.getByTestId('attachment-unit').selectOption('plant')
    await form.getByTestId('attachment-photo-input').setInputFiles([
      { name: '柑橘.png', mimeType: 'image/png', buffer: png },
      // Named and typed as a PNG, but text: refused by its first bytes, as the server would.
      { name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not an image at all') },
    ])
    const pending = page.getByTestId('attachment-photo-pending')
    await expect.poll(() => pending.count()).toBe(2)
    expect(await pending.nth(0).getAttribute('data-ok')).toBe('true')
    expect(await pending.nth(0).getByTestId('attachment-photo-size').textContent()).toBe(png.length < 1024 ? `${png.length} B` : `${(png.length / 1024).toFixed(1)} KB`)
    expect(await pending.nth(1).getAttribute('data-ok')).toBe('false')
    expect(await pending.nth(1).getByTestId('attachment-photo-error').textContent()).toContain('不是 JPEG、PNG 或 WebP 图片')
    await page.screenshot({ path: path.join(resultsDir, 'e2e-attachment-form.png') })
    // The refused file goes; the PNG is uploaded on Save.
    await pending.nth(1).getByRole('button').click()
    await expect.poll(() => pending.count()).toBe(1)
    await form.getByTestId('record-form-submit').click()
    await form.waitFor({ state: 'detached' })

    const list = await api<{ items: AttachmentAnswer[] }>('GET', `/api/attachments?parcel=${parcel.id}`)
    const made = list.body.items.find((x) => x.name === tree)
    expect(made, 'attachment saved').toBeDefined()
    expect(made).toMatchObject({ kind: 'tree', quantity: '12.00', unit: 'plant', version: 1 })
    expect(made!.photos).toHaveLength(1)
    expect(made!.photos[0]).toMatchObject({ content_type: 'image/png', size_bytes: png.length, uploaded_by: 'planner' })

    const card = page.locator(`[data-testid="attachment"][data-attachment-id="${made!.id}"]`)
    const thumb = card.getByTestId('attachment-photo')
    await thumb.waitFor()
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(40)

    // The form shows the stored photo as evidence: who and when.
    await card.getByTestId('attachment-edit').click()
    const edit = page.getByTestId('attachment-form')
    await edit.waitFor()
    const stored = edit.getByTestId('attachment-photo-stored')
    await stored.waitFor()
    expect(await stored.getByTestId('attachment-photo-by').textContent()).toContain('planner 上传于')
    await expect.poll(() => stored.getByTestId('attachment-thumbnail').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(40)
    await page.screenshot({ path: path.join(resultsDir, 'e2e-attachment-form-photos.png') })
    await edit.getByTestId('record-form-cancel').click()
    await edit.waitFor({ state: 'detached' })
    expect(pageErrors).toEqual([])
  })

  it('deletes the attachment with a reason after a confirmation; it is gone, its history keeps the reason', async () => {
    const list = await api<{ items: AttachmentAnswer[] }>('GET', `/api/attachments?parcel=${parcel.id}`)
    const a = list.body.items.find((x) => x.name === tree)!
    const card = page.locator(`[data-testid="attachment"][data-attachment-id="${a.id}"]`)
    await card.getByTestId('record-delete').click()
    const confirm = card.getByTestId('record-delete-confirm')
    await confirm.waitFor()
    expect(await confirm.textContent()).toContain(`删除附着物 ${tree}（连同 1 张照片）？`)
    // No reason, no deletion.
    await confirm.getByTestId('record-delete-submit').click()
    await confirm.getByTestId('record-delete-reason-missing').waitFor()
    await confirm.getByTestId('record-delete-reason').fill('重复登记')
    await page.screenshot({ path: path.join(resultsDir, 'e2e-delete-confirm.png') })
    await confirm.getByTestId('record-delete-submit').click()
    await card.waitFor({ state: 'detached' })

    expect((await api('GET', `/api/attachments/${a.id}`)).status).toBe(404)
    expect((await api('GET', `/api/attachments/${a.id}/photos/${a.photos[0]!.id}`)).status).toBe(404)
    const history = await api<{ items: { operation: string; reason: string | null }[] }>('GET', `/api/attachments/${a.id}/history`)
    expect(history.body.items.at(-1)).toMatchObject({ operation: 'delete', reason: '重复登记' })
  })

  it('refuses to delete a household that still has records (409), in Chinese and in English, and deletes its grave', async () => {
    const household = page.locator(`[data-testid="household"][data-household-id="${householdId}"]`)
    await household.getByTestId('record-delete').first().click()
    let confirm = household.getByTestId('record-delete-confirm')
    await confirm.getByTestId('record-delete-reason').fill('测试删除')
    await confirm.getByTestId('record-delete-submit').click()
    const error = confirm.getByTestId('record-delete-error')
    await error.waitFor()
    expect(await error.textContent()).toContain('该户还有房屋、坟墓、附着物、安置、协议或补偿记录')
    await page.screenshot({ path: path.join(resultsDir, 'e2e-delete-refused.png') })

    await confirm.getByTestId('record-delete-cancel').click()

    // The same refusal in English (the language toggle shows the panel anew).
    await page.getByTestId('lang-toggle').click()
    await household.getByTestId('record-delete').first().click()
    confirm = household.getByTestId('record-delete-confirm')
    await confirm.getByTestId('record-delete-reason').fill('test deletion')
    await confirm.getByTestId('record-delete-submit').click()
    await confirm.getByTestId('record-delete-error').waitFor()
    expect(await confirm.getByTestId('record-delete-error').textContent()).toContain('deal with them before deleting it')
    await page.screenshot({ path: path.join(resultsDir, 'e2e-delete-refused-en.png') })
    await confirm.getByTestId('record-delete-cancel').click()
    await page.getByTestId('lang-toggle').click()

    // The household's grave goes first (If-Match on version 2), then the household.
    await graveCard(page, grave.id).getByTestId('record-delete').click()
    confirm = graveCard(page, grave.id).getByTestId('record-delete-confirm')
    await confirm.getByTestId('record-delete-reason').fill('已迁出，登记作废')
    await confirm.getByTestId('record-delete-submit').click()
    await graveCard(page, grave.id).waitFor({ state: 'detached' })
    expect((await api('GET', `/api/graves/${grave.id}`)).status).toBe(404)
    await expect.poll(() => renderedProperty(page, 'graves-circle', 'code'), { timeout: 15_000 }).not.toContain(code1)

    await household.getByTestId('record-delete').first().click()
    confirm = household.getByTestId('record-delete-confirm')
    await confirm.getByTestId('record-delete-reason').fill('测试删除')
    await confirm.getByTestId('record-delete-submit').click()
    await household.waitFor({ state: 'detached' })
    expect((await api('GET', `/api/households/${householdId}`)).status).toBe(404)
    expect(pageErrors).toEqual([])
  })

  it('shows the auditor no add, edit or delete actions on graves and attachments', async () => {
    // A grave and an attachment to look at.
    const g = await api<GraveAnswer>('POST', '/api/graves', {
      type: 'Feature', geometry: { type: 'Point', coordinates: await clearPoint() },
      properties: { project_id: parcel.properties.project_id, parcel_id: parcel.id, code: `E2E-M2-${run}`, coffins: 1 },
    })
    expect(g.status, JSON.stringify(g.body)).toBe(201)
    const a = await api<AttachmentAnswer>('POST', '/api/attachments', {
      project_id: parcel.properties.project_id, parcel_id: parcel.id, kind: 'well', name: '水井', quantity: '1', unit: 'unit',
    })
    expect(a.status, JSON.stringify(a.body)).toBe(201)

    const auditor = await launchBrowser()
    try {
      const p = auditor.page
      const errors: string[] = []
      p.on('pageerror', (e) => errors.push(e.message))
      await logIn(p, baseUrl, 'auditor', 'auditor-demo')
      await openRecords(p)
      await graveCard(p, g.body.id).waitFor()
      await p.locator(`[data-testid="attachment"][data-attachment-id="${a.body.id}"]`).waitFor()
      for (const id of ['grave-add', 'grave-edit', 'attachment-add', 'attachment-edit', 'record-delete', 'household-edit', 'building-edit']) {
        expect(await p.getByTestId(id).count(), id).toBe(0)
      }
      await p.screenshot({ path: path.join(resultsDir, 'e2e-graves-attachments-auditor.png') })
      expect(errors).toEqual([])
    } finally {
      await auditor.close()
    }
  })
})
