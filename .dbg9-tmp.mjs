import { chromium } from 'playwright-core'
import fs from 'node:fs'
const dir = fs.mkdtempSync('/tmp/zdprof-')
const ctx = await chromium.launchPersistentContext(dir, {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 800 },
})
const page = ctx.pages()[0]
await page.goto('http://localhost:8099/')
await page.waitForTimeout(4000)
await page.evaluate(() => { const m = window.__zdMap; m.setPaintProperty('district-outline-fill','fill-color','#0000ff') })
await page.waitForTimeout(800)
await page.screenshot({ path: '/tmp/zdshot/j1.png' })
await page.screenshot({ path: '/tmp/zdshot/j2.png', clip: { x: 0, y: 0, width: 1280, height: 800 } })
await page.screenshot({ path: '/tmp/zdshot/j3.png', clip: { x: 0, y: 600, width: 1280, height: 200 } })
await ctx.close()
