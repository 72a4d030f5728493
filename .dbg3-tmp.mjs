import { chromium } from 'playwright-core'
import fs from 'node:fs'
const dir = fs.mkdtempSync('/tmp/zdprof-')
const extra = process.argv[2] ? process.argv[2].split(' ') : []
const ctx = await chromium.launchPersistentContext(dir, {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extra],
  viewport: { width: 1280, height: 800 },
})
const page = ctx.pages()[0]
await page.goto('http://localhost:8099/')
await page.waitForTimeout(4000)
await page.evaluate(() => { const m = window.__zdMap; m.setPaintProperty('background','background-color','#ff0000'); m.setPaintProperty('district-outline-fill','fill-color','#0000ff'); m.setPaintProperty('district-outline-line','line-color','#00ff00'); m.setPaintProperty('district-outline-line','line-width',8) })
await page.waitForTimeout(2000)
await page.screenshot({ path: '/tmp/zdshot/c.png' })
await ctx.close()
