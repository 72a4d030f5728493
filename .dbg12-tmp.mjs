import { chromium } from 'playwright-core'
import fs from 'node:fs'
const dir = fs.mkdtempSync('/tmp/zdprof-')
const ctx = await chromium.launchPersistentContext(dir, {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 800 },
})
const page = ctx.pages()[0]
page.on('console', (m) => { if (!m.text().includes('GPU stall')) console.log('[console]', m.type(), m.text().slice(0, 200)) })
await page.goto('http://localhost:8098/')
await page.waitForTimeout(3000)
console.log(await page.evaluate(() => JSON.stringify({ layers: window.__zdMap.getStyle().layers.map(l => l.id), attrib: document.querySelector('.maplibregl-ctrl-attrib-inner')?.textContent, attribHTML: document.querySelector('.maplibregl-ctrl-attrib-inner')?.innerHTML })))
// wrong password -> problem detail shown
await page.getByTestId('login-username').fill('planner')
await page.getByTestId('login-password').fill('wrong')
await page.getByTestId('login-submit').click()
await page.getByTestId('login-error').waitFor()
console.log('zh error:', await page.getByTestId('login-error').textContent())
await page.getByTestId('lang-toggle').click()
await page.getByTestId('login-submit').click()
await page.waitForTimeout(500)
console.log('en error:', await page.getByTestId('login-error').textContent())
await page.screenshot({ path: '/tmp/zdshot/n.png' })
await ctx.close()
