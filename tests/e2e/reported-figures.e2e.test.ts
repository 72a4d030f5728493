import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, logIn, settled, type BrowserSession } from '../helpers/browser.ts'

// 报告数 in the audit workbench's office tab (全局稽核), in a real Chromium against the real server with the demo
// data: finance opens 2021, sees the report's figures with their source and who entered them and the 3.26-yuan
// finding, enters a deposits figure the ledger does not support, and the office findings, re-run after the save,
// list the new discrepancy.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const resultsDir = path.join(repoRoot, 'test-results')
const depositsKey = 'FUNDS_REPORTED_TOTAL_MISMATCH:office:2021-01-01..2021-12-31:deposited_yuan'

describe('reported figures in the office audit tab', () => {
  let app: { url: string; stop(): Promise<void> } | null = null
  let baseUrl = ''
  let page: Page
  let browser: BrowserSession | undefined

  beforeAll(async () => {
    fs.mkdirSync(resultsDir, { recursive: true })
    const { startApp } = await import('../helpers/start-app.ts')
    app = await startApp()
    baseUrl = app.url
    browser = await launchBrowser({ viewport: { width: 1440, height: 900 } })
    page = browser.page
  }, 240_000)

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })

  it('finance enters a deposits figure for 2021 and the office finding appears', async () => {
    await logIn(page, baseUrl, 'finance', 'finance-demo')
    await settled(page)
    await page.getByTestId('audit-open').click()
    await page.getByTestId('audit-tab-office').click()
    await page.getByTestId('audit-office-from').fill('2021-01-01')
    await page.getByTestId('audit-office-to').fill('2021-12-31')
    await page.getByTestId('audit-office-load').click()

    const section = page.getByTestId('reported-figures')
    await section.getByTestId('reported-figures-table').waitFor()
    const rows = section.getByTestId('reported-figure-row')
    const before = await rows.count()
    expect(before).toBeGreaterThanOrEqual(4)
    const table = await section.getByTestId('reported-figures-table').textContent()
    expect(table).toContain('拨付合计')
    expect(table).toContain('135 899 624.72')
    expect(table).toContain('13 589.962472')
    await page.locator('[data-testid="audit-office-finding-row"][data-code="FUNDS_REPORTED_PARTS_MISMATCH"]').waitFor()
    expect(await page.locator(`[data-testid="audit-office-finding-row"][data-key="${depositsKey}"]`).count()).toBe(0)

    // A bad amount is refused before it is sent; the 万元 preview follows the typed yuan.
    const form = section.getByTestId('reported-figure-form')
    await form.getByTestId('reported-figure-kind').selectOption('deposited_yuan')
    expect(await form.getByTestId('reported-figure-start').inputValue()).toBe('2021-01-01')
    expect(await form.getByTestId('reported-figure-end').inputValue()).toBe('2021-12-31')
    await form.getByTestId('reported-figure-amount').fill('12.345')
    expect(await form.getByTestId('reported-figure-wan').textContent()).toContain('最多两位小数')
    await form.getByTestId('reported-figure-amount').fill('150000000.50')
    expect((await form.getByTestId('reported-figure-wan').textContent())?.replace(/\s/g, '')).toBe('=15000.00005万元')
    await form.getByTestId('reported-figure-source').fill('2021 年度征地资金审计报告（复核稿）')
    await form.getByTestId('reported-figure-save').click()
    await form.getByTestId('reported-figure-saved').waitFor()

    // The list shows the new figure with who entered it, and the findings were re-run: the deposits discrepancy.
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(before + 1)
    const newRow = rows.filter({ hasText: '150 000 000.50' })
    expect(await newRow.textContent()).toContain('finance')
    expect(await newRow.textContent()).toContain('预存款')
    const finding = page.locator(`[data-testid="audit-office-finding-row"][data-key="${depositsKey}"]`)
    await finding.waitFor({ timeout: 15_000 })
    expect(await finding.getAttribute('data-severity')).toBe('error')
    expect(await finding.getByTestId('audit-office-finding-records').textContent()).toMatch(/报告数 #\d+（预存资金，2021-01-01 – 2021-12-31）/)
    await section.scrollIntoViewIfNeeded()
    await page.screenshot({ path: path.join(resultsDir, 'e2e-reported-figures.png') })

    // A zero is refused before it is sent, with the same words, and nothing is listed.
    await form.getByTestId('reported-figure-amount').fill('0.00')
    await form.getByTestId('reported-figure-save').click()
    expect(await form.getByTestId('reported-figure-error').textContent()).toContain('最多两位小数')
    expect(await rows.count()).toBe(before + 1)
  })
})
