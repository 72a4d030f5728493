import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestApi } from '../helpers/api.ts'
import { privacyScanner } from '../helpers/privacy-scan.ts'
import { testDb } from '../helpers/test-db.ts'

// Personal data never reaches the public (issue 6, rule 5), in the portal's own files: its HTML at /portal/ and
// every script and stylesheet it loads hold no canary string, ID-number pattern or mainland mobile number
// (tests/helpers/privacy-scan.ts). The portal's API: public-privacy-crawl.test.ts.

const { findings, scanReply } = privacyScanner()
let api: TestApi

const pub = (method: string, url: string) => api.request(method, url)

beforeAll(async () => {
  api = await new TestApi(await testDb()).start()
})

afterAll(async () => {
  await api?.stop()
})

describe('crawling every public route finds no personal data', () => {
  const clientDir = path.resolve('dist/client')
  it.skipIf(!fs.existsSync(clientDir))('the portal at /portal/: its HTML and every script and stylesheet it loads', async () => {
    const before = findings.length
    const seen = new Set<string>()
    // The page as the portal's address serves it, and the built file itself (its scripts are the same either way).
    const queue = ['/portal/', ...(fs.existsSync(path.join(clientDir, 'portal/index.html')) ? ['/portal/index.html'] : [])]
    while (queue.length) {
      const url = queue.shift()!
      if (seen.has(url) || seen.size > 400) continue
      seen.add(url)
      const r = await pub('GET', url)
      expect(r.status, url).toBe(200)
      const isScript = /\.m?js$/.test(url)
      scanReply(url, r, isScript ? 'script' : 'all')
      const base = new URL(url, 'http://portal.invalid')
      const refs = [
        ...[...r.text.matchAll(/(?:src|href)\s*=\s*["']([^"'#?]+)["']/g)].map((m) => m[1]!),
        ...[...r.text.matchAll(/["'`]((?:\.{1,2}\/|\/)[\w./-]*?[\w-]+\.(?:m?js|css|json|webmanifest))["'`]/g)].map((m) => m[1]!),
        ...[...r.text.matchAll(/["'`]((?:portal\/)?assets\/[\w./-]+\.(?:m?js|css))["'`]/g)].map((m) => `/${m[1]!}`),
      ]
      for (const ref of refs) {
        if (/^[a-z]+:/i.test(ref) || ref.startsWith('//')) continue
        const next = new URL(ref, base)
        if (next.origin !== base.origin || next.pathname.startsWith('/api/')) continue
        if (/\.(m?js|css|json|webmanifest|html)$/.test(next.pathname) || next.pathname.endsWith('/')) queue.push(next.pathname)
      }
    }
    console.log(`[public-privacy] portal: ${seen.size} files`)
    expect(seen.size).toBeGreaterThan(1)
    expect(findings.slice(before)).toEqual([])
  }, 120_000)
})
