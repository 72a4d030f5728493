import { chromium } from 'playwright-core'
import fs from 'node:fs'
const dir = fs.mkdtempSync('/tmp/zdprof-')
const ctx = await chromium.launchPersistentContext(dir, {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 800 },
})
const page = ctx.pages()[0]
page.on('console', (m) => console.log('[console]', m.type(), m.text()))
await page.goto('http://localhost:8099/')
await page.waitForTimeout(3000)
console.log(await page.evaluate(() => {
  const m = window.__zdMap
  const c = m.getCanvas()
  return JSON.stringify({ loaded: m.loaded(), styleLoaded: m.isStyleLoaded(), w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight, center: m.getCenter(), zoom: m.getZoom(), layers: m.getStyle().layers.map(l => l.id),
    feats: m.queryRenderedFeatures().map(f => f.layer.id), rect: m.getContainer().getBoundingClientRect() })
}))
await ctx.close()
