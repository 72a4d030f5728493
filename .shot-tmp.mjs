import { chromium } from 'playwright-core'
import fs from 'node:fs'
const url = process.argv[2] || 'http://localhost:8099/'
const out = process.argv[3] || '/tmp/zdshot/a.png'
const dir = fs.mkdtempSync('/tmp/zdprof-')
const ctx = await chromium.launchPersistentContext(dir, {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 800 },
})
const page = ctx.pages()[0] ?? await ctx.newPage()
const reqs = []
ctx.on('request', (r) => reqs.push(r.url()))
page.on('console', (m) => console.log('[console]', m.type(), m.text()))
page.on('pageerror', (e) => console.log('[pageerror]', e.message))
await page.goto(url)
await page.waitForTimeout(3000)
if (process.argv[4] === 'login') {
  await page.getByTestId('login-username').fill('planner')
  await page.getByTestId('login-password').fill('planner-demo')
  await page.getByTestId('login-submit').click()
  await page.waitForTimeout(2000)
  if (process.argv[5]) {
    await page.evaluate((z) => window.__zdMap.jumpTo({ center: [109.984, 27.571], zoom: Number(z) }), process.argv[5])
    await page.waitForTimeout(2500)
  }
}
await page.screenshot({ path: out })
console.log(reqs.filter((u) => !u.startsWith('http://localhost:8099/') ).join('\n') || 'all local', reqs.length)
await ctx.close()
