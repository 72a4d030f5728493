import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoApi, logIn, openApp, type AppSession } from '../helpers/browser.ts'

// The funds ledger (资金台账) in Chromium against the real server, on a new project of the demo: finance sets a
// budget and records a deposit typed with full-width digits and commas, corrects it, and requests a disbursement;
// the auditor pre-checks it seeing the balance after it and the budget; finance executes it and the balance shown
// is the exact decimal; a larger request, approved, is refused at execution with the server's message; the task
// letter button says why it is disabled until the deposits cover the budget, then the auditor issues one. A legal
// user is not offered the ledger (and the server refuses it).

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const resultsDir = path.join(repoRoot, 'test-results')
const shot = (name: string) => path.join(resultsDir, `e2e-funds-${name}.png`)

describe('the funds ledger in the browser', () => {
  let session: AppSession | undefined
  let baseUrl = ''
  let page: Page
  let projectId = 0
  let pageErrors: string[] = []

  async function as(username: string) {
    await page.goto(baseUrl)
    if (await page.getByTestId('current-username').count()) {
      if ((await page.getByTestId('current-username').textContent()) === username) return
      await page.getByTestId('logout').click()
    }
    await logIn(page, baseUrl, username, `${username}-demo`)
  }

  async function openLedger() {
    await page.locator(`[data-testid="project-dashboard-open"][data-project-id="${projectId}"]`).click()
    await expect.poll(() => page.getByTestId('project-dashboard').getAttribute('data-project-id'), { timeout: 15_000 }).toBe(String(projectId))
    await page.getByTestId('dashboard-funds-open').click()
    await page.locator('[data-testid="funds-ledger"][data-loaded="true"]').waitFor({ timeout: 15_000 })
  }

  const figure = (key: string) => page.locator(`[data-testid="funds-totals"] tr[data-funds="${key}"]`)
  const ledger = () => page.getByTestId('funds-ledger')

  async function fill(kind: string, fields: Record<string, string>) {
    await page.getByTestId(`funds-open-${kind}`).click()
    const form = page.locator(`[data-testid="funds-form"][data-kind="${kind}"]`)
    await form.waitFor()
    for (const [testid, value] of Object.entries(fields)) {
      const el = form.getByTestId(testid)
      if ((await el.evaluate((e) => e.tagName)) === 'SELECT') await el.selectOption(value)
      else await el.fill(value)
    }
    return form
  }

  async function saved(form: ReturnType<Page['locator']>) {
    await form.getByTestId('funds-submit').click()
    await expect.poll(() => form.count(), { timeout: 20_000 }).toBe(0)
  }

  beforeAll(async () => {
    session = await openApp({ viewport: { width: 1280, height: 1600 } })
    ;({ baseUrl, page, pageErrors } = session)
    const planner = await demoApi(baseUrl, 'planner')
    const project = await planner('POST', '/api/projects', { code: `E2E-FUNDS-${Date.now()}`, name: '资金台账测试' })
    expect(project.status).toBe(201)
    projectId = project.body.id
    fs.mkdirSync(resultsDir, { recursive: true })
  }, 240_000)

  afterAll(async () => {
    await session?.close()
  })

  it('finance sets a budget, records a deposit typed with full-width digits, corrects it and requests a disbursement', async () => {
    await as('finance')
    await openLedger()
    expect(await figure('budget').innerText()).toContain('尚未核定预算')

    // No reason, no budget.
    let form = await fill('budget', { 'funds-amount': '1,000,000' })
    await form.getByTestId('funds-submit').click()
    await form.getByTestId('funds-note-error').waitFor()
    await form.getByTestId('funds-note').fill('2026 年度征地预算')
    await saved(form)
    await expect.poll(() => figure('budget').getAttribute('data-yuan'), { timeout: 15_000 }).toBe('1000000.00')

    form = await fill('deposit', { 'funds-amount': '６００，０００', 'funds-payer': '怀化市某用地单位', 'funds-note': '第一笔预存款' })
    expect(await form.getByTestId('funds-amount-echo').getAttribute('data-yuan')).toBe('600000')
    await saved(form)
    await expect.poll(() => figure('deposited').getAttribute('data-yuan'), { timeout: 15_000 }).toBe('600000.00')

    // A correction from the deposit's row: a signed amount with its reason, shown against the deposit.
    const deposit = page.locator('[data-testid="funds-entry"][data-kind="deposit"]').first()
    const depositId = await deposit.getAttribute('data-entry-id')
    await deposit.getByTestId('funds-entry-correct').click()
    form = page.locator('[data-testid="funds-form"][data-kind="correction"]')
    expect(await form.getByTestId('funds-target').inputValue()).toBe(depositId)
    await form.getByTestId('funds-amount').fill('－0.05')
    await form.getByTestId('funds-note').fill('银行回单实为 599 999.95 元')
    await saved(form)
    await expect.poll(() => figure('deposited').getAttribute('data-yuan'), { timeout: 15_000 }).toBe('599999.95')
    const correction = page.locator('[data-testid="funds-entry"][data-kind="correction"]')
    expect(await correction.getByTestId('funds-entry-corrects').innerText()).toContain(`更正第 ${depositId} 条`)
    expect(await deposit.getByTestId('funds-entry-net').getAttribute('data-yuan')).toBe('599999.95')

    form = await fill('request', { 'funds-part': 'acquisition', 'funds-amount': '123,456.78', 'funds-payee': '鹤城区某村一组', 'funds-note': '第一批土地补偿款' })
    await saved(form)
    const request = page.locator('[data-testid="funds-request"]').first()
    await expect.poll(() => request.getAttribute('data-status'), { timeout: 15_000 }).toBe('requested')
    expect(await request.getAttribute('data-amount')).toBe('123456.78')
    await ledger().screenshot({ path: shot('finance') })
    await page.screenshot({ path: shot('page') })
  })

  it('the auditor pre-checks the request against the balance after it and the budget, and approves it', async () => {
    await as('auditor')
    await openLedger()
    // The task letter waits for the deposits: the button says why.
    expect(await page.getByTestId('funds-letter-open').isDisabled()).toBe(true)
    expect(await page.getByTestId('funds-letter-why').innerText()).toContain('差 400 000.05 元')
    const request = page.locator('[data-testid="funds-request"][data-status="requested"]').first()
    const against = request.getByTestId('funds-request-against')
    expect(await request.getByTestId('funds-request-balance-after').getAttribute('data-yuan')).toBe('476543.17')
    expect(await against.innerText()).toContain('1 000 000.00')
    // No write buttons of finance for the auditor.
    expect(await page.getByTestId('funds-actions').count()).toBe(0)
    await request.getByTestId('funds-precheck-reason').fill('附件齐全')
    await ledger().screenshot({ path: shot('precheck') })
    await request.getByTestId('funds-approve').click()
    const approved = page.locator('[data-testid="funds-request"][data-status="approved"]').first()
    await approved.waitFor({ timeout: 15_000 })
    expect(await approved.getByTestId('funds-request-decision').innerText()).toContain('auditor')
    expect(await approved.getByTestId('funds-request-decision').innerText()).toContain('附件齐全')
    expect(await approved.getByTestId('funds-execute').count()).toBe(0)
  })

  it('finance executes it and the balance is the exact decimal; a request larger than the balance is refused with the server’s message', async () => {
    await as('finance')
    await openLedger()
    const approved = page.locator('[data-testid="funds-request"][data-status="approved"]').first()
    await approved.getByTestId('funds-execute').click()
    await page.locator('[data-testid="funds-request"][data-status="executed"]').first().waitFor({ timeout: 15_000 })
    await expect.poll(() => figure('balance').getAttribute('data-yuan'), { timeout: 15_000 }).toBe('476543.17')
    expect(await page.getByTestId('funds-balance').innerText()).toBe('476 543.17')
    expect(await figure('acquisition').getAttribute('data-yuan')).toBe('123456.78')
    expect(await figure('disbursed').getAttribute('data-yuan')).toBe('123456.78')
    const rows = page.getByTestId('funds-entry')
    expect(await rows.last().getAttribute('data-kind')).toBe('disbursement')
    expect(await rows.last().getAttribute('data-balance')).toBe('476543.17')

    // 500 000.00 > the balance: approved (the auditor sees it would go negative), then refused on execution.
    const form = await fill('request', { 'funds-part': 'resettlement', 'funds-amount': '500000', 'funds-payee': '安置户', 'funds-note': '安置补助' })
    await saved(form)
    const big = page.locator('[data-testid="funds-request"][data-status="requested"]').first()
    await big.waitFor({ timeout: 15_000 })
    const bigId = Number(await big.getAttribute('data-request-id'))
    expect(await big.getByTestId('funds-request-balance-after').getAttribute('data-yuan')).toBe('-23456.83')
    const auditor = await demoApi(baseUrl, 'auditor')
    expect((await auditor('POST', `/api/funds/disbursement-requests/${bigId}/precheck`, { approve: true })).status).toBe(200)
    await page.getByTestId('dashboard-figures').click()
    await page.getByTestId('dashboard-funds-open').click()
    const bigApproved = page.locator(`[data-testid="funds-request"][data-request-id="${bigId}"][data-status="approved"]`)
    await bigApproved.waitFor({ timeout: 15_000 })
    await bigApproved.getByTestId('funds-execute').click()
    const refusal = bigApproved.getByTestId('funds-request-error')
    await refusal.waitFor({ timeout: 15_000 })
    expect(await refusal.innerText()).toContain('余额不足')
    expect(await refusal.innerText()).toContain('476543.17')
    expect(await refusal.innerText()).toContain('500000.00')
    await bigApproved.screenshot({ path: shot('refused') })
    expect(await figure('balance').getAttribute('data-yuan')).toBe('476543.17')
    expect(await bigApproved.getAttribute('data-status')).toBe('approved')

    // The rest of the deposits, to the fen of the budget.
    const more = await fill('deposit', { 'funds-amount': '400,000.05', 'funds-payer': '怀化市某用地单位' })
    await saved(more)
    await expect.poll(() => figure('deposited').getAttribute('data-yuan'), { timeout: 15_000 }).toBe('1000000.00')
    expect(await page.getByTestId('funds-cover').getAttribute('data-cover')).toBe('true')
  })

  it('the auditor issues a task letter once the deposits cover the budget', async () => {
    await as('auditor')
    await openLedger()
    const open = page.getByTestId('funds-letter-open')
    expect(await open.isDisabled()).toBe(false)
    expect(await page.getByTestId('funds-letter-why').count()).toBe(0)
    await open.click()
    await page.getByTestId('funds-letter-number').fill(`怀征任〔2026〕${projectId}号`)
    await page.getByTestId('funds-letter-submit').click()
    const letter = page.locator('[data-testid="funds-letter"]')
    await letter.waitFor({ timeout: 15_000 })
    expect(await letter.getAttribute('data-number')).toBe(`怀征任〔2026〕${projectId}号`)
    expect(await letter.innerText()).toContain('1 000 000.00')
    await ledger().screenshot({ path: shot('auditor') })
  })

  it('a legal user is not offered the ledger', async () => {
    await as('legal')
    await page.locator(`[data-testid="project-dashboard-open"][data-project-id="${projectId}"]`).click()
    await page.getByTestId('dashboard-body').waitFor({ timeout: 15_000 })
    expect(await page.getByTestId('dashboard-rates').count()).toBe(1)
    expect(await page.getByTestId('dashboard-funds-open').count()).toBe(0)
    const legal = await demoApi(baseUrl, 'legal')
    expect((await legal('GET', `/api/projects/${projectId}/funds`)).status).toBe(403)
    expect(pageErrors).toEqual([])
  })
})
