import { chromium } from 'playwright-core'
import fs from 'node:fs'
const dir = fs.mkdtempSync('/tmp/zdprof-')
const ctx = await chromium.launchPersistentContext(dir, {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 800 },
})
const page = ctx.pages()[0]
page.on('request', (r) => console.log('REQ', r.method(), r.url()))
await page.goto('http://localhost:8099/')
await page.waitForTimeout(2000)
await page.getByTestId('login-username').fill('planner')
await page.getByTestId('login-password').fill('planner-demo')
await page.getByTestId('login-submit').click()
await page.waitForTimeout(4000)
console.log(await page.evaluate(() => { const m = window.__zdMap; return JSON.stringify({ n: m.querySourceFeatures('parcels').length, r: m.queryRenderedFeatures({ layers: ['parcels-fill'] }).length }) }))
await page.screenshot({ path: '/tmp/zdshot/m.png' })
await ctx.close()
