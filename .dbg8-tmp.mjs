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
await page.evaluate(() => { const m = window.__zdMap; m.setPaintProperty('district-outline-fill','fill-color','#0000ff'); m.setPaintProperty('background','background-color','#ff0000') })
await page.waitForTimeout(800)
const steps = [
  ['none', () => {}],
  ['zoom12.7', () => window.__zdMap.jumpTo({ zoom: 12.7 })],
  ['hideFill', () => window.__zdMap.setLayoutProperty('district-outline-fill', 'visibility', 'none')],
  ['hideAll', () => { for (const l of ['district-outline-line','parcels-fill','parcels-line','parcels-label','district-label']) window.__zdMap.setLayoutProperty(l, 'visibility', 'none') }],
]
for (const [name, fn] of steps) {
  await page.evaluate(fn)
  await page.waitForTimeout(1200)
  const buf = await page.screenshot({ clip: { x: 600, y: 700, width: 1, height: 100 } })
  fs.writeFileSync(`/tmp/zdshot/s-${name}.png`, buf)
  // sample pixel rows via page-side decode
  const cols = await page.evaluate(async (b64) => { const img = new Image(); img.src = 'data:image/png;base64,' + b64; await img.decode(); const c = document.createElement('canvas'); c.width = 1; c.height = 100; const x = c.getContext('2d'); x.drawImage(img, 0, 0); const d = x.getImageData(0, 0, 1, 100).data; const out = []; for (let i = 0; i < 100; i += 4) out.push((700 + i) + ':' + d[i*4] + ',' + d[i*4+1] + ',' + d[i*4+2]); return out.join(' ') }, buf.toString('base64'))
  console.log(name, cols)
}
await ctx.close()
