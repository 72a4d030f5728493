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
const data = await page.evaluate(() => new Promise((res) => { const m = window.__zdMap; m.setPaintProperty('district-outline-fill','fill-color','#0000ff'); m.once('render', () => res(m.getCanvas().toDataURL('image/png'))); m.triggerRepaint() }))
fs.writeFileSync('/tmp/zdshot/g.png', Buffer.from(data.split(',')[1], 'base64'))
await page.screenshot({ path: '/tmp/zdshot/h.png' })
await ctx.close()
