import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type BrowserSession } from '../helpers/browser.ts'
import { expectNoRequestsWhileIdle } from '../helpers/browser.ts'

// The public portal (/portal/, no login) in Chromium against a real server with the demo notices: on a phone the
// list, the compensation plan's page and a hearing request filed and confirmed (and a duplicate refused in the
// server's words); the map draws the notices from the vector tiles; keyboard only, Tab reaches the search and the
// first notice and Enter opens it; on a desktop the list and the map side by side.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const resultsDir = path.join(repoRoot, 'test-results')
const phone = { width: 390, height: 844 }
const desktop = { width: 1280, height: 800 }
const fillLayer = 'public-notices-fill'

declare global {
  interface Window {
    __zdPortalMap?: import('maplibre-gl').Map
  }
}

/** Resolves once the portal map has loaded its style and tiles and stopped moving. */
async function portalMapIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const map = window.__zdPortalMap
    return !!map && map.loaded() && !map.isMoving() && map.areTilesLoaded() && !!map.getLayer('public-notices-fill')
  })
}

/** Ids of the notices MapLibre has drawn in the portal's fill layer. */
async function renderedNoticeIds(page: Page): Promise<number[]> {
  return page.evaluate((layer) => {
    const map = window.__zdPortalMap!
    return [...new Set(map.queryRenderedFeatures({ layers: [layer] }).map((f) => Number(f.id)))].sort((a, b) => a - b)
  }, fillLayer)
}

describe('the public portal in Chromium', () => {
  let app: { url: string; stop(): Promise<void> } | null = null
  let baseUrl = ''
  const sessions: BrowserSession[] = []
  const pageErrors: string[] = []

  async function open(viewport: { width: number; height: number }, pathname = '/portal/'): Promise<Page> {
    const session = await launchBrowser({ viewport })
    sessions.push(session)
    session.page.on('pageerror', (e) => pageErrors.push(e.message))
    await session.page.goto(`${baseUrl}${pathname}`)
    return session.page
  }

  beforeAll(async () => {
    if (process.env.ZD_E2E_URL) baseUrl = process.env.ZD_E2E_URL
    else {
      const { startApp } = await import('../helpers/start-app.ts')
      app = await startApp()
      baseUrl = app.url
    }
  }, 180_000)

  // Each test's browsers close when it ends, so that no page of one test runs on (fetching, drawing) beside the next.
  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.close()
  })

  afterAll(async () => {
    await app?.stop()
    expect(pageErrors).toEqual([])
  })

  it('serves the portal page at /portal/ and under it, uncached and without a session', async () => {
    for (const p of ['/portal', '/portal/', '/portal/notices/1']) {
      const res = await fetch(`${baseUrl}${p}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(await res.text()).toContain('<div id="portal">')
    }
    // The office's app stays at / with its own page.
    expect(await (await fetch(`${baseUrl}/`)).text()).toContain('<div id="app">')
  })

  it('on a phone: the list, the compensation plan notice and a hearing request filed and confirmed', async () => {
    const page = await open(phone)
    const links = page.getByTestId('portal-notice-link')
    await links.first().waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN')
    // The list says in words what each notice is: kind, status, area in 亩 and 公顷.
    const firstText = await links.first().innerText()
    expect(firstText).toMatch(/亩（[\d.,]+ 公顷）/)
    expect(firstText).toMatch(/公告期内/)
    await page.screenshot({ path: path.join(resultsDir, 'e2e-portal-phone-list.png'), fullPage: true })

    // Tap targets are at least 44 px high.
    for (const testId of ['portal-search', 'portal-tab-map', 'portal-lang']) {
      const box = await page.getByTestId(testId).boundingBox()
      expect(box!.height, testId).toBeGreaterThanOrEqual(44)
    }

    const plan = page.locator('[data-testid="portal-notice-link"][data-kind="compensation_plan"]').first()
    const id = Number(await plan.getAttribute('data-notice-id'))
    await plan.click()
    await page.getByTestId('portal-notice-title').waitFor()
    expect(new URL(page.url()).pathname).toBe(`/portal/notices/${id}`)
    // The heading takes the focus, so a screen reader starts at the notice.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('portal-notice-title')
    const notice = page.getByTestId('portal-notice')
    await expect.poll(() => page.getByTestId('portal-land-classes').locator('tbody tr').count()).toBeGreaterThan(0)
    expect(await page.getByTestId('portal-rates').locator('tbody tr').count()).toBeGreaterThan(0)
    expect(await notice.innerText()).toMatch(/还剩 \d+ 天|今天是最后一天/)
    expect(await page.getByTestId('portal-pdf-a4').getAttribute('href')).toBe(`/api/public/notices/${id}/pdf?paper=a4&lang=zh-CN`)
    expect(await page.getByTestId('portal-pdf-a3').getAttribute('href')).toBe(`/api/public/notices/${id}/pdf?paper=a3&lang=zh-CN`)
    // Its own scope map on a phone.
    await page.getByTestId('portal-scope-map').locator('canvas').waitFor()
    await page.waitForTimeout(800)
    await page.screenshot({ path: path.join(resultsDir, 'e2e-portal-phone-notice.png') })
    // A notice left open stays quiet: its load must not start again on its own answer.
    await expectNoRequestsWhileIdle(page)

    // Sending an empty form is stopped here, field by field, with the focus on the first fault.
    await page.getByTestId('hr-submit').click()
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('hr-name')
    expect(await page.locator('#hr-name').getAttribute('aria-invalid')).toBe('true')
    expect(await page.getByTestId('portal-hearing-error').innerText()).toContain('5 处问题')

    const phoneNumber = `139${String(Date.now()).slice(-8)}`
    await page.getByTestId('hr-name').fill('王小明')
    await page.getByTestId('hr-phone').fill(phoneNumber)
    const collective = await page.getByTestId('hr-collective').locator('option').nth(1).getAttribute('value')
    await page.getByTestId('hr-collective').selectOption(collective!)
    await page.getByTestId('hr-reason').fill('对青苗补偿标准有异议，申请听证。')
    await page.getByTestId('hr-consent').check()
    await page.getByTestId('hr-submit').click()
    const done = page.getByTestId('portal-hearing-done')
    await done.waitFor()
    expect(await done.innerText()).toMatch(/申请已提交[\s\S]*\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}（北京时间）登记，登记号 \d+/)
    await done.scrollIntoViewIfNeeded()
    await page.screenshot({ path: path.join(resultsDir, 'e2e-portal-phone-hearing.png') })
    // Nothing the villager typed is shown back on the page.
    expect(await page.locator('body').innerText()).not.toContain(phoneNumber)

    // The same phone again, now in English: the server refuses it and its problem+json is shown in English.
    await page.reload()
    await page.getByTestId('portal-lang').click()
    await page.getByTestId('hr-submit').waitFor()
    await page.getByTestId('hr-name').fill('王小明')
    await page.getByTestId('hr-phone').fill(phoneNumber)
    await page.getByTestId('hr-collective').selectOption(collective!)
    await page.getByTestId('hr-reason').fill('A second request on the same notice.')
    await page.getByTestId('hr-consent').check()
    await page.getByTestId('hr-submit').click()
    const alert = page.getByTestId('portal-hearing-error')
    await expect.poll(() => alert.innerText()).toMatch(/\S/)
    const message = await alert.innerText()
    expect(message).toMatch(/[A-Za-z]{3,}/)
    expect(message).not.toMatch(/[\u4e00-\u9fff]/)
    expect(message).not.toContain(phoneNumber)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('portal-hearing-error')
  })

  it('draws the notices on the map from the vector tiles, and a tap on one opens it', async () => {
    const page = await open(phone)
    await page.getByTestId('portal-notice-link').first().waitFor()
    const listed = (await page.getByTestId('portal-notice-link').evaluateAll((as) => as.map((a) => Number(a.getAttribute('data-notice-id'))))).sort((a, b) => a - b)
    await page.getByTestId('portal-tab-map').click()
    await portalMapIdle(page)
    // Every listed notice is drawn (the map is fitted to the results), and nothing else.
    await expect.poll(() => renderedNoticeIds(page)).toEqual(listed)

    // A tap inside the compensation plan's polygon opens its page; its scope is shared with the project's
    // pre-announcement, so the tap hits both and the map asks which one.
    const target = await page.evaluate((layer) => {
      const map = window.__zdPortalMap!
      const f = map.queryRenderedFeatures({ layers: [layer] }).find((x) => x.properties.kind === 'compensation_plan')!
      const rect = map.getCanvas().getBoundingClientRect()
      // Probe a grid over the canvas for a pixel inside the polygon.
      for (let y = 10; y < rect.height; y += 4) {
        for (let x = 10; x < rect.width; x += 4) {
          const hit = map.queryRenderedFeatures([x, y], { layers: [layer] })
          if (hit.some((h) => h.id === f.id)) return { id: Number(f.id), hits: new Set(hit.map((h) => h.id)).size, x: rect.left + x, y: rect.top + y }
        }
      }
      return null
    }, fillLayer)
    expect(target).not.toBeNull()
    await page.mouse.click(target!.x, target!.y)
    if (target!.hits > 1) {
      const chooser = page.getByTestId('portal-map-chooser')
      await chooser.waitFor()
      expect(await chooser.locator('a').count()).toBe(target!.hits)
      // The choice is a named link, focused for a keyboard.
      expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="portal-map-chooser"]') !== null)).toBe(true)
      await chooser.locator(`a[data-notice-id="${target!.id}"]`).click()
    }
    await page.getByTestId('portal-notice-title').waitFor()
    expect(new URL(page.url()).pathname).toBe(`/portal/notices/${target!.id}`)
  })

  it('keyboard only: Tab reaches the search and the first notice, Enter opens it, Back returns', async () => {
    const page = await open(phone)
    await page.getByTestId('portal-notice-link').first().waitFor()
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName)
    let reachedSearch = false
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab')
      const f = await focused()
      if (f === 'portal-search') reachedSearch = true
      if (f === 'portal-notice-link') break
    }
    expect(reachedSearch).toBe(true)
    expect(await focused()).toBe('portal-notice-link')
    // The focus is visible: an outline of at least 2 px.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineWidth)
    expect(parseFloat(outline)).toBeGreaterThanOrEqual(2)
    const id = await page.evaluate(() => document.activeElement!.getAttribute('data-notice-id'))
    await page.keyboard.press('Enter')
    await page.getByTestId('portal-notice-title').waitFor()
    expect(new URL(page.url()).pathname).toBe(`/portal/notices/${id}`)
    expect(await focused()).toBe('portal-notice-title')
    await page.goBack()
    await page.getByTestId('portal-notice-link').first().waitFor()
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-notice-id'))).toBe(id)
  })

  it('on a desktop: the list and the map side by side, filters that narrow both, a deep link to a notice', async () => {
    const page = await open(desktop)
    await page.getByTestId('portal-notice-link').first().waitFor()
    await portalMapIdle(page)
    const list = await page.getByTestId('portal-notice-list').boundingBox()
    const map = await page.getByTestId('portal-map').boundingBox()
    expect(list!.x + list!.width).toBeLessThanOrEqual(map!.x + 1)
    expect(map!.width).toBeGreaterThan(600)
    expect(map!.y).toBeLessThan(list!.y + 50)
    await page.waitForTimeout(500)
    await page.screenshot({ path: path.join(resultsDir, 'e2e-portal-desktop.png') })

    // One kind: the list and the map show only that kind.
    await page.getByTestId('portal-filter-kind').selectOption('pre_announcement')
    await expect.poll(async () => new Set(await page.getByTestId('portal-notice-link').evaluateAll((as) => as.map((a) => a.getAttribute('data-kind'))))).toEqual(new Set(['pre_announcement']))
    await portalMapIdle(page)
    await expect.poll(() => page.evaluate((layer) => [...new Set(window.__zdPortalMap!.queryRenderedFeatures({ layers: [layer] }).map((f) => f.properties.kind))], fillLayer)).toEqual(['pre_announcement'])
    expect(new URL(page.url()).searchParams.get('kind')).toBe('pre_announcement')

    // A search that matches nothing says so.
    await page.getByTestId('portal-search').fill('没有这样的公告')
    await page.getByTestId('portal-search').press('Enter')
    await expect.poll(() => page.locator('#portal-list-title').innerText()).toContain('共 0 条公告')
    expect(await page.getByTestId('portal-notice-link').count()).toBe(0)

    // A notice's address opens it directly; an unknown one says it was not found.
    const p2 = await open(desktop, '/portal/notices/999999')
    await expect.poll(() => p2.getByTestId('portal-notice').innerText()).toContain('未找到该公告')
  })
})
