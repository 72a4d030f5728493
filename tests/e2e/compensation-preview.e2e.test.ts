import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, logIn, mapIdle, pagePoint, settled, type BrowserSession } from '../helpers/browser.ts'

// The workbench shows, before saving, what a parcel's new shape would change in its project's computed
// compensation (POST /api/parcels/check → compensation), in the server's exact yuan, and saving applies it.

type Pos = [number, number]
/** An empty spot inside the jurisdiction, east of the demo parcels: a 0.001° square, 0101 水田. */
const ring: Pos[] = [[110.04, 27.57], [110.041, 27.57], [110.041, 27.571], [110.04, 27.571], [110.04, 27.57]]

describe('the compensation preview of the workbench', () => {
  let app: { url: string; stop(): Promise<void> } | null = null
  let baseUrl = ''
  let browser: BrowserSession
  let page: Page
  let parcelId = 0
  let projectId = 0
  let finance: Awaited<ReturnType<typeof session>>

  async function session(username: string) {
    const r = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: `${username}-demo` }),
    })
    const cookie = r.headers.get('set-cookie')!.split(';')[0]!
    const { csrf } = (await r.json()) as { csrf: string }
    return async (method: string, url: string, body?: unknown) => {
      const a = await fetch(`${baseUrl}${url}`, {
        method, headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: a.status, body: (await a.json()) as any }
    }
  }

  beforeAll(async () => {
    if (process.env.ZD_E2E_URL) baseUrl = process.env.ZD_E2E_URL
    else {
      const { startApp } = await import('../helpers/start-app.ts')
      app = await startApp()
      baseUrl = app.url
    }
    const planner = await session('planner')
    finance = await session('finance')
    const project = await planner('POST', '/api/projects', { code: `E2E-COMP-${Date.now()}`, name: '补偿预览测试' })
    expect(project.status).toBe(201)
    const parcel = await planner('POST', '/api/parcels', {
      type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] },
      properties: { project_id: project.body.id, code: 'CP-1', land_class: '0101', owner: '测试村一组' },
    })
    expect(parcel.status).toBe(201)
    parcelId = parcel.body.id
    projectId = project.body.id
    const rates = await finance('POST', `/api/projects/${project.body.id}/rate-sets`, {
      name: '预览标准', effective_from: '2024-01-01', rates: [{ item_type: 'land', key: '0101', rate_yuan: '45000.00' }, { item_type: 'young_crops', rate_yuan: '1200.00' }],
    })
    expect(rates.status).toBe(201)
    browser = await launchBrowser()
    page = browser.page
    await logIn(page, baseUrl, 'planner', 'planner-demo')
    await page.evaluate(() => window.__zdMap!.jumpTo({ center: [110.0405, 27.5705], zoom: 17 }))
    await settled(page)
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })

  it('shows "补偿将变化 +… 元" with a line per item while a vertex is dragged, then saves it', async () => {
    const inside = await pagePoint(page, [110.0405, 27.5705])
    await page.mouse.click(inside.x, inside.y)
    await expect.poll(() => page.getByTestId('parcel-panel').getAttribute('data-parcel-id')).toBe(String(parcelId))
    await page.getByTestId('edit-start').click()
    await expect.poll(() => page.getByTestId('edit-toolbar').getAttribute('data-tool')).toBe('select')
    await mapIdle(page)
    // Drag the south-west corner 0.0002° further south-west (the legend covers the north-east one): a larger
    // parcel, more land compensation.
    const from = await pagePoint(page, [110.04, 27.57])
    const to = await pagePoint(page, [110.0398, 27.5698])
    await page.mouse.move(from.x, from.y, { steps: 3 })
    await page.mouse.down()
    await page.mouse.move(to.x, to.y, { steps: 8 })
    await page.mouse.up()
    const box = page.getByTestId('edit-compensation')
    await box.waitFor({ timeout: 20_000 })
    const delta = await box.getAttribute('data-delta-yuan')
    expect(delta).toMatch(/^\d+\.\d\d$/)
    expect(Number(delta)).toBeGreaterThan(0)
    const text = await box.innerText()
    expect(text).toContain('补偿将变化 +')
    expect(text).toContain('土地补偿费')
    expect(text).toContain('青苗补偿费')
    expect(await box.locator('li[data-change="update"]').count()).toBe(2)
    await page.screenshot({ path: '/tmp/zd-compensation-preview.png' })

    const before = (await finance('POST', `/api/projects/${projectId}/compensation/recompute`, { dry_run: true })).body
    expect(before.changes).toEqual([])
    await page.getByTestId('edit-save').click()
    await page.getByTestId('edit-saved').waitFor()
    // Saved: the stored land and young-crops items moved by exactly the previewed delta.
    const after = (await finance('POST', `/api/projects/${projectId}/compensation/recompute`, { dry_run: true })).body
    expect(after.changes).toEqual([])
    const fen = (yuan: string) => BigInt(yuan.replace('.', ''))
    expect(fen(after.total_before_yuan) - fen(before.total_before_yuan)).toBe(fen(delta!))
  })
})
