/**
 * `npm run bench:pan`: how the office map behaves over the bench data in Chromium (Debian's, headless, software
 * rendering, the flags of the browser tests). Logs in as the bench account, takes screenshots at z10, z14 and z17
 * into test-results/bench-pan-z<zoom>.png, then pans in steps at z14 and z16 and reports frames per second
 * (requestAnimationFrame callbacks while panning), the longest frame, and the time from the end of the last step until
 * the tiles settle (the map loaded, not moving, every tile loaded).
 *
 * Standalone it starts our server on DATABASE_URL (a bench database that holds the data set: run `npm run bench`
 * first); `npm run bench` with ZD_BENCH_PAN=1 runs it against its own server and adds its rows to the table.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { launchBrowser, logIn } from '../helpers/browser.ts'
import { benchUser, ensureBenchUser } from './bench-user.ts'
import { centre } from './generate-parcels.ts'
import { benchServerEnv, startServer } from './server-process.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** One panning run at a zoom. */
export interface PanResult {
  zoom: number
  steps: number
  /** Pixels of each step and its duration. */
  stepPx: number
  stepMs: number
  /** requestAnimationFrame callbacks per second of panning. */
  fps: number
  /** The longest gap between two animation frames while panning, in ms. */
  longestFrameMs: number
  /** From the end of the last step until the tiles settled, in ms. */
  settleMs: number
  /** Parcel tile requests the pan made. */
  tileRequests: number
}

export interface PanReport {
  screenshots: string[]
  pans: PanResult[]
}

const settleTimeoutMs = 120_000

/** Resolves when the map is loaded, still and has every tile (checked each frame); answers the ms it took. */
function waitSettledInPage(page: import('playwright-core').Page, timeoutMs: number): Promise<number> {
  return page.evaluate(
    (limit) =>
      new Promise<number>((resolve, reject) => {
        const map = window.__zdMap!
        const t0 = performance.now()
        const check = () => {
          if (map.loaded() && !map.isMoving() && map.areTilesLoaded()) resolve(performance.now() - t0)
          else if (performance.now() - t0 > limit) reject(new Error(`the map did not settle within ${limit} ms`))
          else requestAnimationFrame(check)
        }
        check()
      }),
    timeoutMs,
  )
}

/**
 * Opens the office client at `base`, logs in as the bench account and measures; screenshots go to `outDir`.
 * `lonLat` is where the data is (the bench grid's centre).
 */
export async function measurePanning(base: string, outDir: string, lonLat: [number, number], log: (line: string) => void): Promise<PanReport> {
  fs.mkdirSync(outDir, { recursive: true })
  const browser = await launchBrowser({ viewport: { width: 1280, height: 800 } })
  const tileRequests: string[] = []
  browser.page.on('request', (r) => {
    if (r.url().includes('/api/tiles/parcels/')) tileRequests.push(r.url())
  })
  try {
    const page = browser.page
    // tsx keeps function names with a helper `__name` that the functions sent to the page refer to.
    await page.addInitScript('globalThis.__name = (f) => f')
    await logIn(page, base, benchUser.username, benchUser.password)
    await page.waitForFunction(() => !!window.__zdMap, undefined, { timeout: settleTimeoutMs })
    const jump = async (zoom: number) => {
      await page.evaluate(([c, z]) => window.__zdMap!.jumpTo({ center: c as [number, number], zoom: z as number }), [lonLat, zoom] as const)
      return waitSettledInPage(page, settleTimeoutMs)
    }
    const screenshots: string[] = []
    for (const zoom of [10, 14, 17]) {
      const ms = await jump(zoom)
      const file = path.join(outDir, `bench-pan-z${zoom}.png`)
      await page.screenshot({ path: file })
      screenshots.push(file)
      log(`screenshot z${zoom} after ${ms.toFixed(0)} ms: ${file}`)
    }
    const pans: PanResult[] = []
    const steps = 8
    const stepPx = 400
    const stepMs = 500
    for (const zoom of [14, 16]) {
      await jump(zoom)
      const before = tileRequests.length
      // Four steps east, then four south: every step brings new tiles into view.
      const r = await page.evaluate(
        ({ steps, stepPx, stepMs }) =>
          new Promise<{ fps: number; longest: number; panEnd: number }>((resolve) => {
            const map = window.__zdMap!
            const frames: number[] = []
            let running = true
            const tick = (t: number) => {
              frames.push(t)
              if (running) requestAnimationFrame(tick)
            }
            requestAnimationFrame(tick)
            const t0 = performance.now()
            const step = (i: number) => {
              if (i === steps) {
                running = false
                const panEnd = performance.now()
                const during = frames.filter((t) => t >= t0 && t <= panEnd)
                let longest = 0
                for (let k = 1; k < during.length; k++) longest = Math.max(longest, during[k]! - during[k - 1]!)
                resolve({ fps: (during.length * 1000) / (panEnd - t0), longest, panEnd })
                return
              }
              map.once('moveend', () => step(i + 1))
              map.panBy(i < steps / 2 ? [stepPx, 0] : [0, stepPx], { duration: stepMs, easing: (t) => t })
            }
            step(0)
          }),
        { steps, stepPx, stepMs },
      )
      const settleMs = await waitSettledInPage(page, settleTimeoutMs)
      const result: PanResult = { zoom, steps, stepPx, stepMs, fps: r.fps, longestFrameMs: r.longest, settleMs, tileRequests: tileRequests.length - before }
      pans.push(result)
      log(`pan z${zoom}: ${result.fps.toFixed(1)} fps, longest frame ${result.longestFrameMs.toFixed(0)} ms, settled ${result.settleMs.toFixed(0)} ms after, ${result.tileRequests} tile requests`)
    }
    return { screenshots, pans }
  } finally {
    await browser.close()
  }
}

/** The panning rows of the bench table. */
export function panRows(report: PanReport) {
  return report.pans.flatMap((p) => [
    { what: `panning z${p.zoom}, frames per second`, ours: `${p.fps.toFixed(1)} fps`, floor: '—', ratio: null, goal: '—', met: null, note: `${p.steps} steps of ${p.stepPx} px in ${p.stepMs} ms each, Chromium headless with software rendering` },
    { what: `panning z${p.zoom}, longest frame`, ours: `${p.longestFrameMs.toFixed(0)} ms`, floor: '—', ratio: null, goal: '—', met: null },
    { what: `panning z${p.zoom}, tiles settled after the last step`, ours: `${p.settleMs.toFixed(0)} ms`, floor: '—', ratio: null, goal: '—', met: null, note: `${p.tileRequests} parcel tile requests` },
  ])
}

async function main() {
  const url = process.env.DATABASE_URL
  if (!url || !/bench/i.test(new URL(url).pathname)) throw new Error('DATABASE_URL must name the bench database (its name contains "bench"), loaded by npm run bench')
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  const log = (line: string) => console.log(`[bench:pan] ${line}`)
  try {
    const { rows } = await admin.query<{ n: string }>(`SELECT count(*) AS n FROM parcels`)
    if (Number(rows[0]!.n) === 0) throw new Error('the bench database holds no parcels: run npm run bench first')
    await ensureBenchUser(admin)
    const server = await startServer(benchServerEnv(url), path.join(os.tmpdir(), `zd-bench-pan-server-${process.pid}.log`))
    try {
      const report = await measurePanning(server.base, path.join(root, 'test-results'), [centre.lon, centre.lat], log)
      for (const r of panRows(report)) console.log(`| ${r.what} | ${r.ours} |${r.note ? ` ${r.note}` : ''}`)
      log(`server memory (peak RSS): ${server.peakRssMb().toFixed(0)} MB`)
    } finally {
      await server.stop()
    }
  } finally {
    await admin.end()
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
