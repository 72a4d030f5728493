import { chromium } from 'playwright-core'
import fs from 'node:fs'
const dir = fs.mkdtempSync('/tmp/zdprof-')
const ctx = await chromium.launchPersistentContext(dir, {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 800 },
})
const page = ctx.pages()[0]
page.on('pageerror', (e) => console.log('[pageerror]', e.message))
await page.goto('http://localhost:8099/')
await page.waitForTimeout(2500)
const titles = () => page.evaluate(() => [...document.querySelectorAll('.maplibregl-ctrl button')].map((b) => b.title).join(' | ') + ' || scale=' + document.querySelector('.maplibregl-ctrl-scale')?.textContent + ' || attrib=' + document.querySelector('.maplibregl-ctrl-attrib-inner')?.textContent + ' n=' + document.querySelectorAll('.maplibregl-ctrl-attrib').length)
console.log(await titles())
await page.getByTestId('lang-toggle').click()
await page.waitForTimeout(500)
console.log(await titles())
await page.reload()
await page.waitForTimeout(2500)
console.log('after reload lang=', await page.evaluate(() => document.documentElement.lang), await page.getByTestId('lang-toggle').textContent())
await page.setViewportSize({ width: 420, height: 800 })
await page.waitForTimeout(800)
await page.screenshot({ path: '/tmp/zdshot/narrow.png' })
await ctx.close()
