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
console.log(await page.evaluate(() => {
  const out = []
  for (const y of [700, 735, 760]) { const e = document.elementFromPoint(640, y); out.push(y + ' ' + e.tagName + '.' + e.className + ' ' + JSON.stringify(e.getBoundingClientRect())) }
  return out.join('\n')
}))
await page.evaluate(() => window.__zdMap.jumpTo({ center: [110.0, 27.53] }))
await page.waitForTimeout(2000)
await page.screenshot({ path: '/tmp/zdshot/d.png' })
await ctx.close()
