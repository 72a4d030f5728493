import { chromium } from 'playwright-core'
import fs from 'node:fs'
const dir = fs.mkdtempSync('/tmp/zdprof-')
const h = Number(process.argv[2] || 900)
const ctx = await chromium.launchPersistentContext(dir, {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--window-size=1280,' + h],
  viewport: { width: 1280, height: h },
})
const page = ctx.pages()[0]
await page.goto('http://localhost:8099/')
await page.waitForTimeout(4000)
await page.evaluate(() => { const m = window.__zdMap; m.setPaintProperty('district-outline-fill','fill-color','#0000ff') })
await page.waitForTimeout(1000)
await page.screenshot({ path: '/tmp/zdshot/e.png' })
await page.evaluate(() => { for (const e of document.querySelectorAll('.maplibregl-control-container')) e.style.display = 'none' })
await page.waitForTimeout(1000)
await page.screenshot({ path: '/tmp/zdshot/f.png' })
await ctx.close()
