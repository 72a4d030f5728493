import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoApi, launchBrowser, logIn, openApp, pagePoint, settled, type AppSession, type DemoApi } from '../helpers/browser.ts'
import { expectedFixed } from '../helpers/expected-decimal.ts'

// Finance in Chromium against the real server: opens a project's compensation rates from its dashboard, raises
// the land rate in a new version saved with a reason, and sees the parcel's land compensation change by exactly
// quantity × the rate's change, rounded to the fen (the server's answer and the parcel's records agree); then
// adds a manual item priced by a rate, marks it paid, marks the computed land item paid and sees it held when the
// rates change again, and deletes the manual item with a reason. A planner reads the rates without edit buttons.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const resultsDir = path.join(repoRoot, 'test-results')

type Pos = [number, number]
/** An empty spot inside the jurisdiction, east of the demo parcels: a 0.001° square, 0101 水田. */
const ring: Pos[] = [[110.04, 27.57], [110.041, 27.57], [110.041, 27.571], [110.04, 27.571], [110.04, 27.57]]
const centre: Pos = [110.0405, 27.5705]

/** Exact decimal arithmetic on strings, independent of the client: fen (or 10⁻⁶) as BigInt. */
function units(v: string, scale: number): bigint {
  const [i, f = ''] = v.split('.')
  return BigInt(i! + f.padEnd(scale, '0').slice(0, scale))
}
function yuanText(fen: bigint): string {
  const neg = fen < 0n
  const s = (neg ? -fen : fen).toString().padStart(3, '0')
  return `${neg ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`
}
/** round(quantity × rate, 2) half away from zero, as numeric does it (quantity 4 decimals, rate 2). */
function amountOf(quantity: string, rate: string): bigint {
  const p = units(quantity, 4) * units(rate, 2) // 10⁻⁶ yuan
  const sign = p < 0n ? -1n : 1n
  const a = p < 0n ? -p : p
  return sign * ((a + 5000n) / 10000n)
}

interface Item {
  id: number
  item_type: string
  origin: string
  quantity: string
  rate_yuan: string | null
  amount_yuan: string
  paid_on: string | null
}

describe('compensation rates and items for finance', () => {
  let session: AppSession | undefined
  let baseUrl = ''
  let page: Page
  let projectId = 0
  let parcelId = 0
  let finance: DemoApi
  let pageErrors: string[] = []

  const items = async (): Promise<Item[]> => (await finance('GET', `/api/compensation-items?parcel=${parcelId}`)).body.items
  const landItem = async () => (await items()).find((i) => i.item_type === 'land' && i.origin === 'computed')!

  async function openDashboardRates(p: Page) {
    await p.locator(`[data-testid="project-dashboard-open"][data-project-id="${projectId}"]`).click()
    await expect.poll(() => p.getByTestId('project-dashboard').getAttribute('data-project-id'), { timeout: 15_000 }).toBe(String(projectId))
    await p.getByTestId('dashboard-rates').click()
    await p.getByTestId('rate-set-current').waitFor()
  }

  async function openRecords(p: Page) {
    await p.evaluate((c) => window.__zdMap!.jumpTo({ center: c as [number, number], zoom: 17 }), centre)
    await settled(p)
    const at = await pagePoint(p, centre)
    await p.mouse.click(at.x, at.y)
    await expect.poll(() => p.getByTestId('parcel-panel').getAttribute('data-parcel-id'), { timeout: 15_000 }).toBe(String(parcelId))
    await p.getByTestId('parcel-tab-records').click()
    await p.locator('[data-testid="parcel-records"][data-loaded="true"]').waitFor()
  }

  const row = (p: Page, itemId: number) => p.locator(`[data-testid="compensation-item"][data-item-id="${itemId}"]`)

  beforeAll(async () => {
    session = await openApp()
    ;({ baseUrl, page, pageErrors } = session)
    const planner = await demoApi(baseUrl, 'planner')
    finance = await demoApi(baseUrl, 'finance')
    const project = await planner('POST', '/api/projects', { code: `E2E-RATES-${Date.now()}`, name: '补偿标准测试' })
    expect(project.status).toBe(201)
    projectId = project.body.id
    const parcel = await planner('POST', '/api/parcels', {
      type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] },
      properties: { project_id: projectId, code: 'RS-1', land_class: '0101', owner: '测试村一组' },
    })
    expect(parcel.status).toBe(201)
    parcelId = parcel.body.id
    const v1 = await finance('POST', `/api/projects/${projectId}/rate-sets`, {
      name: '测试标准', basis: '示例', effective_from: '2024-01-01', note: '首版',
      rates: [{ item_type: 'land', key: '0101', rate_yuan: '45000.00' }, { item_type: 'young_crops', rate_yuan: '1200.00' }],
    })
    expect(v1.status).toBe(201)
    fs.mkdirSync(resultsDir, { recursive: true })
  }, 240_000)

  afterAll(async () => {
    await session?.close()
  })

  it('saves a new land rate as version 2 with a reason, and the parcel’s land compensation moves by exactly quantity × Δrate', async () => {
    const before = await landItem()
    expect(before.rate_yuan).toBe('45000.00')
    await logIn(page, baseUrl, 'finance', 'finance-demo')
    await openDashboardRates(page)
    const editor = page.getByTestId('rate-set-editor')
    expect(await page.getByTestId('rate-set-current').getAttribute('data-version')).toBe('1')
    const landRow = page.locator('[data-testid="rate-set-rates"] [data-testid="rate-row"][data-item-type="land"][data-key="0101"]')
    expect(await landRow.getAttribute('data-rate')).toBe('45000.00')
    expect((await landRow.innerText()).replace(/\s+/g, ' ')).toContain('45 000.00 元/亩')
    expect(await landRow.innerText()).toContain('水田')

    await page.getByTestId('rate-set-edit').click()
    const input = page.locator('[data-testid="rate-input"][data-item-type="land"][data-key="0101"]')
    expect(await input.inputValue()).toBe('45000.00')
    // Typed the way people write money: with a thousands separator.
    await input.fill('45,123.45')
    const diff = page.locator('[data-testid="rate-diff"][data-item-type="land"][data-key="0101"]')
    await expect.poll(() => diff.getAttribute('data-delta-yuan'), { timeout: 15_000 }).toBe('123.45')
    expect(await diff.innerText()).toContain('+123.45')
    // No reason, no save.
    await page.getByTestId('rate-set-save').click()
    await page.getByTestId('rate-set-reason-error').waitFor()
    await page.getByTestId('rate-set-reason').fill('2026 年土地补偿标准调整')
    await editor.screenshot({ path: path.join(resultsDir, 'e2e-rate-set-edit.png') })
    await page.getByTestId('rate-set-save').click()

    const saved = page.getByTestId('rate-set-saved')
    await saved.waitFor({ timeout: 20_000 })
    expect(await saved.getAttribute('data-version')).toBe('2')
    const expectedNew = amountOf(before.quantity, '45123.45')
    const expectedDelta = expectedNew - units(before.amount_yuan, 2)
    expect(expectedDelta).toBe(amountOf(before.quantity, '45123.45') - amountOf(before.quantity, '45000.00'))
    const change = saved.locator(`[data-testid="rate-set-change"][data-source-key="parcel:${parcelId}"][data-item-type="land"]`)
    expect(await change.getAttribute('data-delta-yuan')).toBe(yuanText(expectedDelta))
    expect(await change.getAttribute('data-change')).toBe('update')
    expect(await saved.getAttribute('data-delta-yuan')).toBe(yuanText(expectedDelta))
    expect(await saved.innerText()).toContain('已保存第 2 版')
    // The current version is 2, version 1 is listed read-only with who and when.
    await expect.poll(() => page.getByTestId('rate-set-current').getAttribute('data-version'), { timeout: 15_000 }).toBe('2')
    const old = page.locator('[data-testid="rate-set-version"][data-version="1"]')
    expect(await old.locator('summary').innerText()).toContain('finance')
    await saved.locator('details summary').click()
    await editor.screenshot({ path: path.join(resultsDir, 'e2e-rate-set-saved.png') })

    // The server stored exactly that.
    const after = await landItem()
    expect(after.rate_yuan).toBe('45123.45')
    expect(after.amount_yuan).toBe(yuanText(expectedNew))
    const sets = (await finance('GET', `/api/projects/${projectId}/rate-sets`)).body.items
    expect(sets.map((s: { version_no: number; note: string }) => [s.version_no, s.note])).toEqual([[2, '2026 年土地补偿标准调整'], [1, '首版']])

    // The parcel's records show the new amount.
    await page.getByTestId('dashboard-close').click()
    await openRecords(page)
    const land = row(page, after.id)
    await land.waitFor()
    expect(await land.getAttribute('data-amount')).toBe(yuanText(expectedNew))
  })

  it('adds a manual item priced by a rate, marks it paid, holds a paid computed item when the rates change, deletes the manual item', async () => {
    await page.getByTestId('compensation-add').click()
    const form = page.getByTestId('compensation-form')
    await form.waitFor()
    await page.getByTestId('compensation-type').selectOption('attachments')
    await page.getByTestId('compensation-quantity').fill('3')
    await page.getByTestId('compensation-rate').fill('150.5')
    await page.getByTestId('compensation-notes').fill('围墙')
    await form.screenshot({ path: path.join(resultsDir, 'e2e-compensation-manual-form.png') })
    await page.getByTestId('record-form-submit').click()
    await form.waitFor({ state: 'detached' })
    const manual = (await items()).find((i) => i.origin === 'manual')!
    expect([manual.quantity, manual.rate_yuan, manual.amount_yuan]).toEqual(['3.0000', '150.50', '451.50'])
    const manualRow = row(page, manual.id)
    await manualRow.waitFor()
    expect(await manualRow.getAttribute('data-amount')).toBe('451.50')

    // Paid on a chosen date.
    await manualRow.getByTestId('compensation-mark-paid').click()
    await manualRow.getByTestId('compensation-paid-date').fill('2026-11-20')
    await manualRow.getByTestId('compensation-paid-confirm').click()
    await expect.poll(() => row(page, manual.id).getAttribute('data-paid'), { timeout: 15_000 }).toBe('true')
    expect(await row(page, manual.id).innerText()).toContain('已支付 2026-11-20')
    expect((await items()).find((i) => i.id === manual.id)!.paid_on).toBe('2026-11-20')

    // The computed land item paid too; then the rates change again: it is held at its paid amount.
    const land = await landItem()
    await row(page, land.id).getByTestId('compensation-mark-paid').click()
    await row(page, land.id).getByTestId('compensation-paid-date').fill('2026-11-21')
    await row(page, land.id).getByTestId('compensation-paid-confirm').click()
    await expect.poll(() => row(page, land.id).getAttribute('data-paid'), { timeout: 15_000 }).toBe('true')
    const v3 = await finance('POST', `/api/projects/${projectId}/rate-sets`, {
      name: '测试标准', effective_from: '2026-12-01', note: '再次调整',
      rates: [{ item_type: 'land', key: '0101', rate_yuan: '46000.00' }, { item_type: 'young_crops', rate_yuan: '1200.00' }],
    })
    expect(v3.status).toBe(201)
    const heldChange = v3.body.changes.find((c: { item_id: number }) => c.item_id === land.id)
    expect(heldChange.change).toBe('held')
    await page.getByTestId('parcel-tab-details').click()
    await page.getByTestId('parcel-tab-records').click()
    await page.locator('[data-testid="parcel-records"][data-loaded="true"]').waitFor()
    await expect.poll(() => row(page, land.id).getAttribute('data-held'), { timeout: 15_000 }).toBe('true')
    expect(await row(page, land.id).getAttribute('data-amount')).toBe(land.amount_yuan)
    const heldText = (await row(page, land.id).getByTestId('compensation-held').innerText()).replace(/\s+/g, ' ')
    expect(heldText).toContain(`${expectedFixed(yuanText(amountOf(land.quantity, '46000.00')), 2)} 元`)
    // The totals are the exact sums of the items.
    const all = await items()
    const total = all.reduce((s, i) => s + units(i.amount_yuan, 2), 0n)
    expect(await page.getByTestId('compensation-total').getAttribute('data-total-yuan')).toBe(yuanText(total))
    await page.getByTestId('parcel-panel').screenshot({ path: path.join(resultsDir, 'e2e-compensation-paid-held.png') })

    // Deleting the manual item asks for a reason, which the history keeps.
    await row(page, manual.id).getByTestId('compensation-delete').click()
    expect(await row(page, manual.id).getByTestId('compensation-delete-confirm').isDisabled()).toBe(true)
    await row(page, manual.id).getByTestId('compensation-delete-reason').fill('重复登记')
    await row(page, manual.id).getByTestId('compensation-delete-confirm').click()
    await row(page, manual.id).waitFor({ state: 'detached' })
    const history = (await finance('GET', `/api/compensation-items/${manual.id}/history`)).body.items
    expect(history.at(-1).operation).toBe('delete')
    expect(history.at(-1).reason).toBe('重复登记')
    expect(pageErrors).toEqual([])
  })

  it('a planner reads the rates and their versions without edit buttons', async () => {
    const second = await launchBrowser()
    const p = second.page
    try {
      await logIn(p, baseUrl, 'planner', 'planner-demo')
      await openDashboardRates(p)
      expect(await p.getByTestId('rate-set-current').getAttribute('data-version')).toBe('3')
      expect(await p.getByTestId('rate-set-edit').count()).toBe(0)
      await p.getByTestId('rate-set-read-only').waitFor()
      expect(await p.locator('[data-testid="rate-set-version"]').count()).toBe(2)
      await p.getByTestId('project-dashboard').screenshot({ path: path.join(resultsDir, 'e2e-rate-set-read-only.png') })
      await p.getByTestId('dashboard-close').click()
      await openRecords(p)
      expect(await p.getByTestId('compensation-add').count()).toBe(0)
      expect(await p.getByTestId('compensation-mark-paid').count()).toBe(0)
    } finally {
      await second.close()
    }
  })
})
