import type { IncomingMessage, ServerResponse } from 'node:http'
import { problemFromDbError } from './db/errors.ts'
import { issueMessage } from './domain/issue-codes.ts'
import { Problem, renderProblem } from './problem.ts'

/**
 * What the port answers while the server still prepares its database (migrations, seeds, demo): /api/livez 200,
 * /api/readyz and /api/health 503, every other request 503 SERVICE_STARTING as problem+json with Retry-After. So a
 * server started before its database is reachable listens at once, and a supervisor sees it alive but not ready.
 */
export function startingListener(req: IncomingMessage, res: ServerResponse) {
  const path = (req.url ?? '/').split('?')[0] ?? '/'
  const json = (status: number, body: unknown, type = 'application/json') => {
    res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'no-store', ...(status === 503 ? { 'Retry-After': '5' } : {}) })
    res.end(JSON.stringify(body))
  }
  if (path === '/api/livez') return json(200, { status: 'alive', uptime_s: Math.round(process.uptime()) })
  if (path === '/api/readyz' || path === '/api/health') return json(503, { status: 'starting' })
  const lang = /^\s*en\b/i.test(String(req.headers['accept-language'] ?? '')) ? 'en' : 'zh-CN'
  if (!path.startsWith('/api/')) {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '5' })
    return res.end(issueMessage('SERVICE_STARTING', lang))
  }
  json(503, renderProblem(new Problem('SERVICE_STARTING'), lang, (req.url ?? '').slice(0, 200)), 'application/problem+json')
}

/** Whether a start-up failure is the database not being there (retry) rather than a bug or bad data (stop). */
export function isTransient(err: unknown): boolean {
  const p = problemFromDbError(err)
  return p?.code === 'DB_UNAVAILABLE' || p?.code === 'DB_TIMEOUT' || p?.code === 'STORAGE_UNAVAILABLE'
}

/**
 * Runs `step` until it succeeds, waiting 1 s, 2 s, 4 s … at most `maxDelayMs` between attempts while its failure
 * is transient (the database is down or unreachable); any other failure is thrown.
 */
export async function withBackoff<T>(what: string, step: () => Promise<T>, log: (line: string) => void, maxDelayMs = 30_000): Promise<T> {
  for (let attempt = 1, delay = 1000; ; attempt++, delay = Math.min(delay * 2, maxDelayMs)) {
    try {
      return await step()
    } catch (err) {
      if (!isTransient(err)) throw err
      log(`[db] ${what}: attempt ${attempt} failed (${(err as Error).message || (err as { code?: string }).code}); retrying in ${delay / 1000} s`)
      await new Promise((r) => setTimeout(r, delay))
    }
  }
}
