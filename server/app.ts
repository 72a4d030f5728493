import fs from 'node:fs'
import path from 'node:path'
import type { RequestListener } from 'node:http'
import express, { type NextFunction, type Request, type Response } from 'express'
import type { Config } from './config.ts'
import type { Database } from './db/database.ts'
import { problemFromDbError } from './db/errors.ts'
import { logOperation } from './db/operation-log.ts'
import { LoginLimiter } from './auth/login-limiter.ts'
import { rateLimited, RequestRateLimiter, retryAfterSeconds } from './http/rate-limit.ts'
import { markClaimsInTransactions, withIdempotencyKey } from './http/idempotency.ts'
import { resolveReadSession, resolveSession } from './auth/sessions.ts'
import { accountRestriction, type AccountRestriction } from './auth/account-restriction.ts'
import type { Lang } from './domain/issue-codes.ts'
import type { Ctx } from './handlers/context.ts'
import { invalid, Problem, renderProblem } from './problem.ts'
import { routes, type Access, type Route } from './routes.ts'
import { scanJsonBody, maxBodyDepth } from './schemas/json-body.ts'
import { tileAddressSuffix, tileFastPath, type Middleware, type TileRoute } from './tiles/tile-http.ts'

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

/**
 * 400 UNKNOWN_PARAMETER for a query parameter the route does not list (Route.query): a `sort`, `filter` or
 * `properties` a route does not have is refused rather than silently ignored (I01, I06, I07 in hostile-inputs.md).
 */
function checkQueryNames(req: Request, known: ReadonlySet<string>) {
  for (const name of Object.keys(req.query as Record<string, unknown>)) {
    if (!known.has(name)) throw new Problem('UNKNOWN_PARAMETER', { name: [...name].slice(0, 40).join('') })
  }
}

/** Refuses a parsed body that is too deep or holds prototype keys, control characters or lone surrogates. */
function checkBody(body: unknown) {
  if (body === undefined) return
  const result = scanJsonBody(body)
  if (result === 'too-deep') throw new Problem('NESTING_TOO_DEEP', { max: maxBodyDepth })
  if (result.length) throw invalid(result)
}

async function authorize(ctx: Ctx, req: Request, access: Access, whileRestricted: readonly AccountRestriction[] = []) {
  if (access === 'public') return
  if (!ctx.user) throw new Problem(req.get('cookie')?.includes('zd_session=') ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED')
  // A logged-in user's refusals are security events and are logged with who; an anonymous 401 is not (it has no
  // who, and logging it would let anyone write to the log at will).
  const refuse = async (code: 'CSRF_TOKEN_INVALID' | 'FORBIDDEN') => {
    await logOperation(ctx.db, {
      username: ctx.user!.username, action: `${req.method} ${req.route?.path ?? req.path}`, target: req.originalUrl.slice(0, 200),
      result: 'denied', status: 403, ip: req.ip, detail: code === 'FORBIDDEN' ? undefined : { code },
    })
    return new Problem(code)
  }
  if (stateChanging.has(req.method) && req.get('x-csrf-token') !== ctx.user.csrf) throw await refuse('CSRF_TOKEN_INVALID')
  const restriction = accountRestriction(ctx.user, ctx.config.securityPolicy)
  if (restriction && !whileRestricted.includes(restriction)) throw new Problem(restriction)
  if (access !== 'session' && !access.includes(ctx.user.role)) throw await refuse('FORBIDDEN')
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
export function createApp(deps: AppDeps) {
  return buildApp(deps).app
}

export interface AppDeps { db: Database; publicDb?: Database; config: Config }

/**
 * The server's request listener (server/main.ts, tests/helpers/api.ts): the tile routes' fast path
 * (server/tiles/tile-http.ts), which runs the same middleware chains as the Express app, and the app for the rest.
 */
export function createListener(deps: AppDeps): RequestListener {
  const { app, tiles } = buildApp(deps)
  return (req, res) => {
    if (!tiles(req, res)) app(req, res)
  }
}

function buildApp({ db, publicDb = db, config }: AppDeps) {
  markClaimsInTransactions(db)
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', config.trustProxy)
  app.set('query parser', 'simple')
  const policy = config.securityPolicy
  const limiters = { ip: new LoginLimiter(policy.loginRatePerMinute, 60_000), unknownUser: new LoginLimiter(policy.lockoutAttempts, policy.lockoutMinutes * 60_000) }
  // What Express runs for an API request ahead of the route's own middlewares: the security headers (for every
  // request, API or not) and no-store (every API answer). The tile fast path runs the same functions.
  const everyApiRequest: Middleware[] = [
    securityHeaders(config),
    (_req, res, next) => {
      res.set('Cache-Control', 'no-store')
      next()
    },
  ]
  app.use(everyApiRequest[0]!)

  const api = express.Router()
  api.use(everyApiRequest.slice(1))
  // Who is asking is settled before the body is read, so a refused caller never gets a large body parsed.
  const run = (route: Route) => {
    const raw = route.body === 'raw' || route.body === 'stream'
    const parseBody = bodyParserOf(route)
    const knownQuery = new Set(route.query ?? [])
    // The JSON creates of the office's roles and the bulk import honour an Idempotency-Key header
    // (server/http/idempotency.ts); the raw uploads (previews, photos) do not need one.
    const idempotent = route.method === 'post' && route.body !== 'raw' && typeof route.access !== 'string'
    return async (req: Request, res: Response) => {
      const session = await (route.cachedSession && req.method === 'GET' ? resolveReadSession : resolveSession)(db, req, config)
      const ctx: Ctx = { db, publicDb, config, user: typeof session === 'object' ? session : undefined, lang: languageOf(req), limiters }
      await authorize(ctx, req, route.access, route.whileRestricted)
      checkQueryNames(req, knownQuery)
      await new Promise<void>((resolve, reject) => parseBody(req, res, (err?: unknown) => (err ? reject(err) : resolve())))
      if (!raw) checkBody(req.body)
      if (idempotent) await withIdempotencyKey(ctx, req, res, () => route.handler(ctx, req, res))
      else await route.handler(ctx, req, res)
    }
  }
  const bodyCheck = { raw: requireRawBody, stream: passThrough, json: requireJsonBody }
  // The public endpoints' budgets per client address, counted before anything else is done for the request.
  const publicLimits = {
    public: rateLimited(new RequestRateLimiter(config.publicRatePerMinute)),
    'public-tiles': rateLimited(new RequestRateLimiter(config.publicTileRatePerMinute)),
    'public-pdf': rateLimited(new RequestRateLimiter(config.publicPdfRatePerMinute)),
  }
  const tileRoutes: TileRoute[] = []
  for (const route of routes) {
    const chain: Middleware[] = [route.rateLimit ? publicLimits[route.rateLimit] : passThrough, bodyCheck[route.body ?? 'json'], run(route)]
    api[route.method](route.path, ...chain)
    if (route.method === 'get' && route.path.endsWith(tileAddressSuffix)) tileRoutes.push({ path: route.path, chain })
  }
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
  app.get(/^\/portal(?:\/.*)?$/, publicLimits.public, (_req, res) => {
    if (fs.existsSync(portalIndex)) res.set('Cache-Control', 'no-cache').sendFile(portalIndex)
    else res.status(503).type('text/plain').send('The client is not built: run `npm run build` (npm start does it).')
  })
  app.use(express.static(config.clientDir, { index: false, maxAge: '1h' }))
  app.get(/^\/(?!api\/).*/, (_req, res) => {
    if (fs.existsSync(index)) res.set('Cache-Control', 'no-cache').sendFile(index)
    else res.status(503).type('text/plain').send('The client is not built: run `npm run build` (npm start does it).')
  })

  const answerError = (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const lang = languageOf(req)
    let problem = err instanceof Problem ? err : bodyParserProblem(err as { type?: string }) ?? problemFromDbError(err)
    if (!problem) {
      console.error(`[error] ${req.method} ${req.originalUrl.slice(0, 200)}:`, err)
      problem = new Problem('INTERNAL')
    }
    if (res.headersSent) return res.destroy()
    if (problem.status === 503) res.set('Retry-After', '5')
    if (problem.status === 429) res.set('Retry-After', String(retryAfterSeconds(problem)))
    res
      .status(problem.status)
      .set('Content-Language', lang)
      .type('application/problem+json')
      .send(JSON.stringify(renderProblem(problem, lang, req.originalUrl.slice(0, 200))))
  }
  app.use(answerError)
  return { app, tiles: tileFastPath(app, everyApiRequest, tileRoutes, answerError) }
}

const passThrough = (_req: Request, _res: Response, next: NextFunction) => next()

/** How a route's body is read: parsed as JSON, kept as raw bytes, or left to the handler to stream ('stream'). */
function bodyParserOf(route: Route) {
  const limit = route.bodyLimit ?? '256kb'
  if (route.body === 'stream') return passThrough
  if (route.body === 'raw') return express.raw({ limit, type: () => true })
  return express.json({ limit, type: () => true, strict: true })
}
