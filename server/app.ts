import fs from 'node:fs'
import path from 'node:path'
import express, { type NextFunction, type Request, type Response } from 'express'
import type { Config } from './config.ts'
import type { Database } from './db/database.ts'
import { problemFromDbError } from './db/errors.ts'
import { logOperation } from './db/operation-log.ts'
import { LoginLimiter } from './auth/login-limiter.ts'
import { resolveReadSession, resolveSession } from './auth/sessions.ts'
import type { Lang } from './domain/issue-codes.ts'
import type { Ctx } from './handlers/context.ts'
import { invalid, Problem, renderProblem } from './problem.ts'
import { routes, type Access, type Route } from './routes.ts'
import { scanJsonBody, maxBodyDepth } from './schemas/json-body.ts'

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const jsonType = /^application\/([a-z.+-]*\+)?json\s*(;|$)/i

function languageOf(req: Request): Lang {
  return /^\s*en\b/i.test(req.get('accept-language') ?? '') ? 'en' : 'zh-CN'
}

function securityHeaders(config: Config) {
  const basemapOrigin = config.basemapUrl ? new URL(config.basemapUrl.replace(/\{[a-z]\}/gi, '0')).origin : ''
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    // MapLibre sets element styles from script and runs its workers from blob: URLs.
    "style-src 'self' 'unsafe-inline'",
    "worker-src 'self' blob:",
    `img-src 'self' data: blob: ${basemapOrigin}`.trim(),
    `connect-src 'self' ${basemapOrigin}`.trim(),
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
  return (req: Request, res: Response, next: NextFunction) => {
    res.set({
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=(self)',
    })
    if (req.secure) res.set('Strict-Transport-Security', 'max-age=31536000')
    next()
  }
}

/** 415 for a request body that is not JSON: a text/plain form post must never reach a handler (CSRF). */
function requireJsonBody(req: Request, _res: Response, next: NextFunction) {
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined
  if (hasBody && !jsonType.test(req.get('content-type') ?? '')) throw new Problem('UNSUPPORTED_MEDIA_TYPE')
  next()
}

/**
 * Content types a raw-body route (a file upload) accepts: the bytes as they are, pasted text, or a photo as the
 * browser labels it. Image types are not CORS-safelisted, so a cross-site form still cannot send them.
 */
const rawType = /^(application\/octet-stream|text\/plain|image\/(jpeg|png|webp))\s*(;|$)/i

/** 415 for a raw-body route sent anything but application/octet-stream or text/plain (e.g. a multipart form). */
function requireRawBody(req: Request, _res: Response, next: NextFunction) {
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined
  if (hasBody && !rawType.test(req.get('content-type') ?? '')) throw new Problem('UNSUPPORTED_MEDIA_TYPE_RAW')
  next()
}

/** Refuses a parsed body that is too deep or holds prototype keys, control characters or lone surrogates. */
function checkBody(body: unknown) {
  if (body === undefined) return
  const result = scanJsonBody(body)
  if (result === 'too-deep') throw new Problem('NESTING_TOO_DEEP', { max: maxBodyDepth })
  if (result.length) throw invalid(result)
}

async function authorize(ctx: Ctx, req: Request, access: Access) {
  if (access === 'public') return
  if (!ctx.user) throw new Problem(req.get('cookie')?.includes('zd_session=') ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED')
  if (stateChanging.has(req.method) && req.get('x-csrf-token') !== ctx.user.csrf) throw new Problem('CSRF_TOKEN_INVALID')
  if (access !== 'session' && !access.includes(ctx.user.role)) {
    await logOperation(ctx.db, {
      username: ctx.user.username, action: `${req.method} ${req.route?.path ?? req.path}`, target: req.originalUrl.slice(0, 200),
      result: 'denied', status: 403, ip: req.ip,
    })
    throw new Problem('FORBIDDEN')
  }
}

function bodyParserProblem(err: { type?: string; limit?: number }): Problem | undefined {
  switch (err.type) {
    case 'entity.too.large': {
      const limit = err.limit ?? 0
      return new Problem('BODY_TOO_LARGE', { max: limit >= 1024 * 1024 ? `${Math.round(limit / 1024 / 1024)} MB` : `${Math.round(limit / 1024)} kB` })
    }
    case 'entity.parse.failed':
    case 'request.size.invalid':
    case 'request.aborted':
      return new Problem('MALFORMED_JSON')
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new Problem('UNSUPPORTED_MEDIA_TYPE')
    default:
      return undefined
  }
}

/**
 * Builds the Express app over a database: the API under /api and the built client at /. `publicDb` serves the
 * public's reads (a read replica's router, server/db/replica.ts); default `db`.
 */
export function createApp({ db, publicDb = db, config }: { db: Database; publicDb?: Database; config: Config }) {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', 'loopback')
  app.set('query parser', 'simple')
  const limiters = { ip: new LoginLimiter(config.loginRatePerMinute, 60_000), unknownUser: new LoginLimiter(config.lockoutAttempts, config.lockoutMinutes * 60_000) }
  app.use(securityHeaders(config))

  const api = express.Router()
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store')
    next()
  })
  // Who is asking is settled before the body is read, so a refused caller never gets a large body parsed.
  const run = (route: Route) => {
    const raw = route.body === 'raw' || route.body === 'stream'
    const parseBody = bodyParserOf(route)
    return async (req: Request, res: Response) => {
      const session = await (route.cachedSession && req.method === 'GET' ? resolveReadSession : resolveSession)(db, req, config)
      const ctx: Ctx = { db, publicDb, config, user: typeof session === 'object' ? session : undefined, lang: languageOf(req), limiters }
      await authorize(ctx, req, route.access)
      await new Promise<void>((resolve, reject) => parseBody(req, res, (err?: unknown) => (err ? reject(err) : resolve())))
      if (!raw) checkBody(req.body)
      await route.handler(ctx, req, res)
    }
  }
  const bodyCheck = { raw: requireRawBody, stream: passThrough, json: requireJsonBody }
  for (const route of routes) api[route.method](route.path, bodyCheck[route.body ?? 'json'], run(route))
  for (const p of new Set(routes.map((r) => r.path))) {
    api.all(p, (_req, res) => {
      res.set('Allow', routes.filter((r) => r.path === p).map((r) => r.method.toUpperCase()).join(', '))
      throw new Problem('METHOD_NOT_ALLOWED')
    })
  }
  api.use(() => {
    throw new Problem('NOT_FOUND')
  })
  app.use('/api', api)

  const index = path.join(config.clientDir, 'index.html')
  // The public portal (client/portal/), no session: its own page for /portal and every path under it, so that a
  // notice's address (/portal/notices/<id>) opens directly. Answered before the static files so that the page
  // itself is always revalidated (no-cache), as the main page is.
  const portalIndex = path.join(config.clientDir, 'portal', 'index.html')
  app.get(/^\/portal(?:\/.*)?$/, (_req, res) => {
    if (fs.existsSync(portalIndex)) res.set('Cache-Control', 'no-cache').sendFile(portalIndex)
    else res.status(503).type('text/plain').send('The client is not built: run `npm run build` (npm start does it).')
  })
  app.use(express.static(config.clientDir, { index: false, maxAge: '1h' }))
  app.get(/^\/(?!api\/).*/, (_req, res) => {
    if (fs.existsSync(index)) res.set('Cache-Control', 'no-cache').sendFile(index)
    else res.status(503).type('text/plain').send('The client is not built: run `npm run build` (npm start does it).')
  })

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const lang = languageOf(req)
    let problem = err instanceof Problem ? err : bodyParserProblem(err as { type?: string }) ?? problemFromDbError(err)
    if (!problem) {
      console.error(`[error] ${req.method} ${req.originalUrl.slice(0, 200)}:`, err)
      problem = new Problem('INTERNAL')
    }
    if (res.headersSent) return res.destroy()
    if (problem.status === 503) res.set('Retry-After', '5')
    res
      .status(problem.status)
      .set('Content-Language', lang)
      .type('application/problem+json')
      .send(JSON.stringify(renderProblem(problem, lang, req.originalUrl.slice(0, 200))))
  })
  return app
}

const passThrough = (_req: Request, _res: Response, next: NextFunction) => next()

/** How a route's body is read: parsed as JSON, kept as raw bytes, or left to the handler to stream ('stream'). */
function bodyParserOf(route: Route) {
  const limit = route.bodyLimit ?? '256kb'
  if (route.body === 'stream') return passThrough
  if (route.body === 'raw') return express.raw({ limit, type: () => true })
  return express.json({ limit, type: () => true, strict: true })
}
