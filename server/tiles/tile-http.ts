import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Express, NextFunction, Request, Response } from 'express'

/**
 * The tile routes' way past Express's router. A map pan asks for dozens of tiles at once and most are answered from
 * the cache or with 304, so the few hundred microseconds Express spends to reach a route (its router tries every
 * route of the API in turn) were most of such an answer's cost. A GET or HEAD of a tile address in its one canonical
 * form (/api/tiles/parcels/14/13470/6929.mvt: tile numbers as parseTileAddress accepts them, any query) goes
 * straight to its route's own middleware chain — the very functions Express runs for it (server/app.ts: the
 * security headers, Cache-Control, the rate limit, the body check, session, authorization and the handler) — with
 * the request made an Express request as Express makes it. Every other request, including any other spelling of a
 * tile address, is Express's, so it is answered exactly as before.
 */

export type Middleware = (req: Request, res: Response, next: NextFunction) => unknown
export type ErrorMiddleware = (err: unknown, req: Request, res: Response, next: NextFunction) => unknown

/** A tile route: its path under /api (ending in /:z/:x/:y.mvt) and its middleware chain as Express runs it. */
export interface TileRoute {
  path: string
  chain: Middleware[]
}

/** The tile routes among an API's GET routes: those whose path ends in the tile address. */
export const tileAddressSuffix = '/:z/:x/:y.mvt'

/** One tile number as server/tiles/tiles.ts parseTileAddress accepts it: decimal, no sign or leading zero. */
const tileNumber = '(0|[1-9]\\d{0,7})'

interface Compiled {
  prefix: string
  pattern: RegExp
  path: string
  chain: Middleware[]
}

function compile(route: TileRoute): Compiled {
  const prefix = `/api${route.path.slice(0, -tileAddressSuffix.length)}/`
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return { prefix, pattern: new RegExp(`^${escaped}${tileNumber}/${tileNumber}/${tileNumber}\\.mvt(?:\\?.*)?$`), ...route }
}

/**
 * A request listener's first step: answers the tile requests it recognises and returns true, else returns false
 * without touching the request. `before` are the middlewares Express runs for every API request ahead of a route's
 * own, `onError` its error middleware; `app` is the Express app whose request and response prototypes the request
 * takes on (app.handle does the same), so that every middleware finds what Express gives it.
 */
export function tileFastPath(app: Express, before: Middleware[], tileRoutes: TileRoute[], onError: ErrorMiddleware) {
  // Each route's whole chain is joined once here, not on every request.
  const compiled = tileRoutes.map((r) => compile({ path: r.path, chain: [...before, ...r.chain] }))
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false
    const url = req.url ?? ''
    const route = compiled.find((r) => url.startsWith(r.prefix))
    const m = route?.pattern.exec(url)
    if (!route || !m) return false
    const ereq = req as Request
    const eres = res as Response
    // As Express's app.handle and its router do for a route under /api.
    ereq.res = eres
    eres.req = ereq
    Object.setPrototypeOf(req, app.request)
    Object.setPrototypeOf(res, app.response)
    eres.locals ??= Object.create(null)
    ereq.originalUrl = url
    ereq.baseUrl = '/api'
    ereq.url = url.slice(4)
    ereq.params = { z: m[1]!, x: m[2]!, y: m[3]! }
    ;(ereq as { route?: { path: string } }).route = { path: route.path }
    const { chain } = route
    let i = 0
    const fail = (err: unknown) => onError(err, ereq, eres, () => {})
    const next: NextFunction = (err?: unknown) => {
      if (err) return void fail(err)
      const fn = chain[i++]
      if (!fn) return void fail(new Error(`the chain of ${route.path} ended without an answer`))
      try {
        const ret = fn(ereq, eres, next)
        if (ret instanceof Promise) ret.then(undefined, (e: unknown) => fail(e ?? new Error('Rejected promise')))
      } catch (e) {
        fail(e)
      }
    }
    next()
    return true
  }
}
