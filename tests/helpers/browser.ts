import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core'

/**
 * Browser-test helpers shared by the e2e files: Chromium as tests/e2e/map.e2e.test.ts launches it (Debian's,
 * headless, no network beyond this machine), logging in, waiting for the map, and placing the mouse at a lon/lat.
 */

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Whether a request stays on this machine (data: and blob: URLs are no request at all). */
export function isLocal(url: string): boolean {
  const u = new URL(url)
  if (u.protocol === 'data:' || u.protocol === 'blob:') return true
  return ['localhost', '127.0.0.1', '[::1]', '::1'].includes(u.hostname)
}

export interface BrowserSession {
  context: BrowserContext
  page: Page
  close(): Promise<void>
}

export interface LaunchOptions {
  viewport?: { width: number; height: number }
  acceptDownloads?: boolean
  /** Sees every request the browser makes, before requests off this machine are blocked. */
  onRequest?: (request: Request) => void
}

/** A fresh Chromium profile with requests off this machine blocked. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<BrowserSession> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-e2e-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.ZD_CHROMIUM || '/usr/bin/chromium',
    args: chromiumArgs,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    locale: 'zh-CN',
    acceptDownloads: options.acceptDownloads ?? false,
  })
  if (options.onRequest) context.on('request', options.onRequest)
  await context.route((url) => !isLocal(url.href), (route) => route.abort('blockedbyclient'))
  const page = context.pages()[0] ?? (await context.newPage())
  return {
    context,
    page,
    async close() {
      await context.close()
      fs.rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}

/** One property of every feature MapLibre has drawn in a layer (one entry per rendered piece). */
export async function renderedProperty(page: Page, layer: string, property: string): Promise<string[]> {
  return page.evaluate(
    ([l, p]) => {
      const map = window.__zdMap
      if (!map || !map.getLayer(l)) return []
      return map.queryRenderedFeatures({ layers: [l] }).map((f) => String(f.properties[p]))
    },
    [layer, property] as const,
  )
}

/** Logs in through the form and waits until the user is shown. */
export async function logIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(baseUrl)
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
  await page.getByTestId('current-username').waitFor()
}

/** One JSON request of a DemoApi: `body` sent as JSON; the answer's status and parsed JSON. */
export type DemoApi = (method: string, url: string, body?: unknown) => Promise<{ status: number; body: any }>

/**
 * A demo user's API session outside the browser (for setting up data): logs in as `username` with the demo password
 * `<username>-demo` and sends each request with the session's cookie and CSRF token.
 */
export async function demoApi(baseUrl: string, username: string): Promise<DemoApi> {
  const r = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: `${username}-demo` }),
  })
  if (r.status !== 200) throw new Error(`login as ${username}: ${r.status} ${await r.text()}`)
  const cookie = r.headers.get('set-cookie')!.split(';')[0]!
  const { csrf } = (await r.json()) as { csrf: string }
  return async (method, url, body) => {
    const a = await fetch(`${baseUrl}${url}`, {
      method, headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: a.status, body: (await a.json()) as any }
  }
}

export interface AppSession extends BrowserSession {
  /** The server's origin: ZD_E2E_URL, or the server started for this session. */
  baseUrl: string
  /** The messages of the page's uncaught errors, in order; a test expects it to stay empty. */
  pageErrors: string[]
}

export interface OpenAppOptions extends LaunchOptions {
  /** A demo user (`planner`, `legal`, …) to log in as, with the demo password `<user>-demo`; none stays logged out. */
  user?: string
}

/**
 * The usual start of a browser test: the server at ZD_E2E_URL, or else a fresh one (tests/helpers/start-app.ts:
 * embedded database, demo data), then Chromium with the page's errors collected, logged in as `user`.
 * close() closes the browser and stops a server it started.
 */
export async function openApp(options: OpenAppOptions = {}): Promise<AppSession> {
  const { user, ...launch } = options
  let app: { url: string; stop(): Promise<void> } | undefined
  let baseUrl = process.env.ZD_E2E_URL
  if (!baseUrl) {
    const { startApp } = await import('./start-app.ts')
    app = await startApp()
    baseUrl = app.url
  }
  let browser: BrowserSession | undefined
  try {
    browser = await launchBrowser(launch)
    const pageErrors: string[] = []
    browser.page.on('pageerror', (e) => pageErrors.push(e.message))
    if (user) await logIn(browser.page, baseUrl, user, `${user}-demo`)
    const b = browser
    return {
      ...b,
      baseUrl,
      pageErrors,
      async close() {
        await b.close()
        await app?.stop()
      },
    }
  } catch (err) {
    await browser?.close()
    await app?.stop()
    throw err
  }
}

declare global {
  interface Window {
    __zdMap?: import('maplibre-gl').Map
  }
}

/** Resolves once the map has finished moving and drawing. */
export async function mapIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const map = window.__zdMap
    return !!map && map.loaded() && !map.isMoving() && map.areTilesLoaded()
  })
}

/** Resolves once the map is idle and the parcel load its last move scheduled (debounced) has finished. */
export async function settled(page: Page): Promise<void> {
  await mapIdle(page)
  await page.waitForTimeout(400) // longer than the client's moveend debounce
  await page.getByTestId('map-status').waitFor({ state: 'detached' })
  await mapIdle(page)
}

/** Page coordinates of a lon/lat on the map canvas. */
export async function pagePoint(page: Page, lonLat: [number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate((ll) => {
    const map = window.__zdMap!
    const { x, y } = map.project(ll)
    const rect = map.getCanvas().getBoundingClientRect()
    return { x: rect.left + x, y: rect.top + y }
  }, lonLat)
}

/** Whether a page point is on the bare map canvas (not under a panel). */
export async function onCanvas(page: Page, p: { x: number; y: number }): Promise<boolean> {
  return page.evaluate(({ x, y }) => {
    const el = document.elementFromPoint(x, y)
    return !!el && el === window.__zdMap!.getCanvas()
  }, p)
}

/**
 * Fails when the page sends any /api/ request during `ms` of idle: a view that has loaded must stay quiet. Catches an
 * `$effect` that tracks the state its own load writes, and so fetches again after every answer, without end.
 */
export async function expectNoRequestsWhileIdle(page: Page, ms = 1500): Promise<void> {
  const seen: string[] = []
  const onRequest = (r: Request) => {
    const url = new URL(r.url())
    if (url.pathname.startsWith('/api/')) seen.push(`${r.method()} ${url.pathname}${url.search}`)
  }
  page.on('request', onRequest)
  try {
    await page.waitForTimeout(ms)
  } finally {
    page.off('request', onRequest)
  }
  if (seen.length) throw new Error(`${seen.length} /api/ requests in ${ms} ms of idle (a reload loop?): ${seen.slice(0, 5).join(', ')}`)
}
