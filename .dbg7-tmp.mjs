import { chromium } from 'playwright-core'
import fs from 'node:fs'
const dir = fs.mkdtempSync('/tmp/zdprof-')
const ctx = await chromium.launchPersistentContext(dir, {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 800 },
})
const page = ctx.pages()[0]
await page.setContent(`<body style="margin:0;background:#eee"><canvas id=c width=1280 height=800 style="position:absolute;left:0;top:0;width:1280px;height:800px"></canvas><script>
const gl = document.getElementById('c').getContext('webgl2'); function f(){ gl.clearColor(0,0,1,1); gl.clear(gl.COLOR_BUFFER_BIT); } f()</script></body>`)
await page.waitForTimeout(1500)
await page.screenshot({ path: '/tmp/zdshot/i.png' })
await ctx.close()
