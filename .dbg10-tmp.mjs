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
async function sample(name) {
  const buf = await page.screenshot()
  fs.writeFileSync('/tmp/zdshot/k.png', buf)
  const px = await page.evaluate(async (b64) => { const img = new Image(); img.src = 'data:image/png;base64,' + b64; await img.decode(); const c = document.createElement('canvas'); c.width = 1280; c.height = 800; const x = c.getContext('2d'); x.drawImage(img, 0, 0); const d = x.getImageData(600, 735, 1, 1).data; return d.slice(0,3).join(',') }, buf.toString('base64'))
  console.log(name, px)
}
await sample('start')
for (const sel of ['.maplibregl-control-container', '.side', '.demo-banner', '.topbar']) {
  await page.evaluate((s) => document.querySelector(s)?.remove(), sel)
  await page.waitForTimeout(500)
  await sample('removed ' + sel)
}
await ctx.close()
