import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { logIn, openApp, type AppSession } from '../helpers/browser.ts'

// The legal section's notices (公告) in Chromium against a real server on a fresh embedded database with the demo
// data: `legal` generates a compensation-plan draft for 正清路延长线, edits its text and is refused approval of their
// own draft (four eyes: the button says why, and the server answers 403 NOTICE_APPROVER_IS_DRAFTER); `legal2`
// approves it, publishes it today and sees the deadlines the server's calendar gives, uploads a posting photo and
// sees its thumbnail; a hearing request filed through the public API shows in the legal list with name and phone,
// counted by collective, and is answered.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const resultsDir = path.join(repoRoot, 'test-results')

/** A suffix of this run's texts, so that a rerun against one server (ZD_E2E_URL) meets none of its own. */
const run = Date.now().toString(36).slice(-5)

interface NoticeAnswer {
  id: number
  status: string
  title: string
  body: string
  version: number
  starts_on: string | null
  ends_on: string | null
  hearing_deadline: string | null
  figures: { collectives: { name: string }[]; area_mu: string; area_ha: string }
  events: { action: string; actor: string }[]
  evidence: { id: number; place: string | null }[]
}

describe('the legal section drafts, approves (four eyes), publishes and follows up a notice', () => {
  let baseUrl = ''
  let session: AppSession | undefined
  let page: Page
  let pageErrors: string[] = []
  let projectId = 0
  let noticeId = 0

  async function csrf(): Promise<string> {
    return ((await (await page.request.get(`${baseUrl}/api/auth/me`)).json()) as { csrf: string }).csrf
  }

  async function api<T>(method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) {
    const r = await page.request.fetch(`${baseUrl}${url}`, {
      method,
      headers: method === 'GET' ? headers : { 'X-CSRF-Token': await csrf(), 'Content-Type': 'application/json', ...headers },
      data: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await r.text()
    return { status: r.status(), body: (text ? JSON.parse(text) : undefined) as T }
  }

  async function openNotices(p: Page) {
    await p.getByTestId('notices-open').click()
    await p.getByTestId('notices-panel').waitFor()
    await p.getByTestId('notices-project').selectOption(String(projectId))
  }

  const editor = (p: Page) => p.getByTestId('notice-editor')

  beforeAll(async () => {
    session = await openApp({ user: 'legal' })
    baseUrl = session.baseUrl
    page = session.page
    pageErrors = session.pageErrors
    const projects = await api<{ id: number; name: string }[] | { items: { id: number; name: string }[] }>('GET', '/api/projects')
    const list = Array.isArray(projects.body) ? projects.body : projects.body.items
    const project = list.find((p) => p.name === '正清路延长线')
    expect(project, '正清路延长线 is a demo project').toBeTruthy()
    projectId = project!.id
    fs.mkdirSync(resultsDir, { recursive: true })
  }, 180_000)

  afterAll(async () => {
    await session?.close()
  })

  it('legal generates a compensation-plan draft, edits its text, and may not approve it', async () => {
    await openNotices(page)
    await page.getByTestId('notices-new-kind').selectOption('compensation_plan')
    await page.getByTestId('notices-new').click()
    await expect.poll(() => editor(page).getAttribute('data-status')).toBe('draft')
    noticeId = Number(await editor(page).getAttribute('data-notice-id'))
    expect(noticeId).toBeGreaterThan(0)

    // The generated figures are shown read-only; the period field shows the kind's legal minimum.
    await expect.poll(() => page.getByTestId('notice-area').textContent()).toMatch(/公顷.*亩/)
    expect(await page.getByTestId('notice-period-min').textContent()).toContain('《土地管理法》第四十七条')

    const title = `正清路延长线征地补偿安置方案公告（E2E ${run}）`
    await page.getByTestId('notice-title-input').fill(title)
    const body = page.getByTestId('notice-body-input')
    const added = `\n\n本公告的补偿标准以附件为准（E2E ${run}）。`
    await body.fill(`${await body.inputValue()}${added}`)
    // A period below the legal minimum is refused before it is sent.
    await page.getByTestId('notice-period-days').fill('20')
    await page.getByTestId('record-form-submit').click()
    await expect.poll(() => page.locator('[data-testid="field-error"][data-field="period_days"]').textContent()).toContain('30')
    await page.getByTestId('notice-period-days').fill('30')
    await page.getByTestId('record-form-submit').click()
    await expect.poll(() => page.getByTestId('notice-done').textContent()).toBe('草稿已保存。')
    expect(await page.getByTestId('notice-title').textContent()).toBe(title)
    const saved = await api<NoticeAnswer>('GET', `/api/notices/${noticeId}`)
    expect(saved.body.title).toBe(title)
    expect(saved.body.body.endsWith(added)).toBe(true)
    expect(saved.body.events.map((e) => e.action)).toEqual(['created', 'edited'])

    // Four eyes: the drafter's approve button is disabled with the reason, and the server refuses too.
    const approve = page.getByTestId('notice-approve')
    expect(await approve.isDisabled()).toBe(true)
    expect(await page.getByTestId('notice-approve-why').textContent()).toContain('草稿人不能审核自己的草稿')
    const refused = await api<{ code: string }>('POST', `/api/notices/${noticeId}/approve`, undefined, { 'If-Match': `"v${saved.body.version}"` })
    expect(refused.status).toBe(403)
    expect(refused.body.code).toBe('NOTICE_APPROVER_IS_DRAFTER')
    // Publishing waits for approval.
    expect(await page.getByTestId('notice-publish').isDisabled()).toBe(true)
    expect(await page.getByTestId('notice-publish-why').textContent()).toContain('审核')

    await editor(page).evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await page.screenshot({ path: path.join(resultsDir, 'e2e-notices-editor.png') })
  }, 120_000)

  it('legal2 approves and publishes it and sees the deadlines; uploads a posting photo', async () => {
    await page.getByTestId('logout').click()
    await logIn(page, baseUrl, 'legal2', 'legal2-demo')
    await openNotices(page)
    await page.locator(`[data-testid="notice-row"][data-notice-id="${noticeId}"] [data-testid="notice-open"]`).click()
    await expect.poll(() => editor(page).getAttribute('data-status')).toBe('draft')

    // The deadline preview for today, from the server's calendar.
    const previewText = page.getByTestId('notice-preview-result')
    await expect.poll(() => previewText.textContent()).toMatch(/期满日 \d{4}-\d{2}-\d{2}/)

    expect(await page.getByTestId('notice-approve').isDisabled()).toBe(false)
    await page.getByTestId('notice-approve').click()
    await expect.poll(() => editor(page).getAttribute('data-status')).toBe('approved')
    expect(await page.getByTestId('notice-done').textContent()).toBe('公告已审核通过。')
    // Frozen: no form any more, the text is read-only.
    expect(await page.getByTestId('notice-form').count()).toBe(0)

    const preview = (await previewText.textContent())!
    await page.getByTestId('notice-publish').click()
    await expect.poll(() => editor(page).getAttribute('data-status')).toBe('published')
    const published = await api<NoticeAnswer>('GET', `/api/notices/${noticeId}`)
    expect(published.body.status).toBe('published')
    expect(await page.getByTestId('notice-starts-on').textContent()).toBe(published.body.starts_on)
    expect(await page.getByTestId('notice-ends-on').textContent()).toBe(published.body.ends_on)
    expect(preview).toContain(published.body.ends_on!)
    // 30 days counted from the day after publication, moved off a rest day: never earlier than starts_on + 30.
    const days = (Date.parse(published.body.ends_on!) - Date.parse(published.body.starts_on!)) / 86_400_000
    expect(days).toBeGreaterThanOrEqual(30)
    expect(published.body.hearing_deadline).toBe(published.body.ends_on)
    expect(await page.getByTestId('notice-hearing-deadline').textContent()).toContain(published.body.hearing_deadline!)

    // A posting photo: a real PNG (a piece of the page), checked by its first bytes before upload.
    const png = await page.screenshot({ clip: { x: 0, y: 0, width: 48, height: 36 } })
    await page.getByTestId('notice-evidence-input').setInputFiles({ name: 'posted.png', mimeType: 'image/png', buffer: png })
    await page.getByTestId('notice-evidence-place').fill(`凉亭坳村村委会公告栏 ${run}`)
    await page.getByTestId('notice-evidence-upload').click()
    const thumb = page.locator('[data-testid="notice-evidence-item"] [data-testid="notice-evidence-thumb"]').first()
    await thumb.waitFor()
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(48)
    expect(await page.getByTestId('notice-evidence').textContent()).toContain(`凉亭坳村村委会公告栏 ${run}`)
    const withEvidence = await api<NoticeAnswer>('GET', `/api/notices/${noticeId}`)
    expect(withEvidence.body.evidence.map((e) => e.place)).toEqual([`凉亭坳村村委会公告栏 ${run}`])

    // A fake "photo" is refused before upload, as the server would.
    await page.getByTestId('notice-evidence-input').setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not an image') })
    await page.getByTestId('notice-evidence-problem').waitFor()
    expect(await page.getByTestId('notice-evidence-upload').isDisabled()).toBe(true)

    await page.getByTestId('notice-workflow').scrollIntoViewIfNeeded()
    await page.screenshot({ path: path.join(resultsDir, 'e2e-notices-published.png') })
  }, 120_000)

  it('shows a hearing request filed by the public, counted by collective, and answers it', async () => {
    const notice = await api<NoticeAnswer>('GET', `/api/notices/${noticeId}`)
    const collective = notice.body.figures.collectives[0]?.name
    expect(collective, 'the notice names an owner collective').toBeTruthy()
    const filed = await page.request.post(`${baseUrl}/api/public/notices/${noticeId}/hearing-requests`, {
      headers: { 'Content-Type': 'application/json' },
      data: JSON.stringify({ name: `测试申请人${run}`, phone: '13807451234', collective, reason: `认为安置补偿标准偏低，申请听证（${run}）。` }),
    })
    expect(filed.status(), await filed.text()).toBe(201)

    await page.getByTestId('hearings-reload').click()
    const row = page.locator('[data-testid="hearing-row"]').first()
    await row.waitFor()
    expect(await row.getByTestId('hearing-name').textContent()).toBe(`测试申请人${run}`)
    expect(await row.getByTestId('hearing-phone').textContent()).toBe('13807451234')
    expect(await page.locator(`[data-testid="hearings-by-collective"] tr[data-collective="${collective}"]`).textContent()).toContain('1')

    await row.getByTestId('hearing-answer-open').click()
    await row.getByTestId('hearing-answer-input').fill('已登记，听证会时间地点另行书面通知。')
    await row.getByTestId('hearing-answer-submit').click()
    await expect.poll(() => page.locator('[data-testid="hearing-row"]').first().getAttribute('data-status')).toBe('answered')
    expect(await page.locator('[data-testid="hearing-row"]').first().getByTestId('hearing-answer').textContent()).toBe('已登记，听证会时间地点另行书面通知。')

    await page.getByTestId('notice-hearings').scrollIntoViewIfNeeded()
    await page.screenshot({ path: path.join(resultsDir, 'e2e-notices-hearings.png') })
    expect(pageErrors).toEqual([])
  }, 120_000)
})
