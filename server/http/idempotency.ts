import { AsyncLocalStorage } from 'node:async_hooks'
import { createHash, randomUUID } from 'node:crypto'
import type { Request, Response } from 'express'
import type { Database, Queryable } from '../db/database.ts'
import { loadQueries } from '../db/queries.ts'
import type { Ctx } from '../handlers/context.ts'
import { Problem } from '../problem.ts'

const q = loadQueries('idempotency-keys', ['claim', 'by_key', 'take_over', 'mark_committed', 'complete', 'release'])

/** The header's value: 1…200 visible ASCII characters (a UUID is the usual choice). */
export const idempotencyKeyPattern = /^[\x21-\x7E]{1,200}$/

/**
 * How long a retry waits for the first request with its key to finish, how old an unfinished, uncommitted claim must
 * be before a retry may take it over (its request died with its process), and the largest answer kept for replay.
 */
export const idempotencyLimits = { waitMs: 30_000, pollMs: 50, leaseSeconds: 120, maxAnswerBytes: 4 * 1024 * 1024 }

/** The answer headers a replay repeats: what a create answer carries besides its body. */
const replayedHeaders = ['content-type', 'content-language', 'location', 'etag']

interface KeyRecord {
  id: string
  request_hash: string
  claim_token: string
  committed: boolean
  answer_status: number | null
  answer_headers: Record<string, string> | null
  answer_body: Uint8Array | null
  stale: boolean
}

interface Claim {
  id: string
  token: string
}

/**
 * Runs a JSON create request (a POST; also the streamed bulk import) at most once per user and `Idempotency-Key` header (IETF
 * draft-ietf-httpapi-idempotency-key-header): without the header, `run` runs as usual. With it, the first request
 * claims the key, its writes mark the claim committed inside their own transaction (markClaimsInTransactions), and its
 * 2xx answer is stored before it is sent; a retry with the same key and body gets that answer again (status, body,
 * Location, ETag, plus `Idempotent-Replayed: true`), waiting while the first still runs. The same key with another
 * body or path is 422 IDEMPOTENCY_KEY_REUSED. A refused or failed first request writes nothing and gives its key back.
 */
export async function withIdempotencyKey(ctx: Ctx, req: Request, res: Response, run: () => Promise<void>) {
  const key = req.get('idempotency-key')
  if (key === undefined) return run()
  if (!idempotencyKeyPattern.test(key)) throw new Problem('INVALID_PARAMETER', { name: 'Idempotency-Key', why: '1…200 visible ASCII characters' })
  const username = ctx.user!.username
  // A streamed upload (the bulk import) has no body yet: its key names the request by its address and parameters.
  const hash = createHash('sha256').update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`).digest('hex')
  const claim = await claimOrReplay(ctx.db, username, key, hash, res)
  if (!claim) return
  // A thrown error is answered by the error middleware, and that answer (not 2xx) gives the key back.
  keepAnswer(ctx.db, claim, res)
  await activeClaim.run(claim, run)
}

/** The claim of a new key, or null after answering a used one (replay or 422); waits while it is in progress. */
async function claimOrReplay(db: Database, username: string, key: string, hash: string, res: Response): Promise<Claim | null> {
  const deadline = Date.now() + idempotencyLimits.waitMs
  for (;;) {
    const token = randomUUID()
    const [claimed] = await db.query<{ id: string }>(q.claim, [username, key, hash, token])
    if (claimed) return { id: String(claimed.id), token }
    const [found] = await db.query<KeyRecord>(q.by_key, [username, key, idempotencyLimits.leaseSeconds])
    if (!found) continue // given back between the two statements: claim again
    if (found.request_hash !== hash) throw new Problem('IDEMPOTENCY_KEY_REUSED')
    if (found.answer_status !== null) {
      replay(res, found)
      return null
    }
    // Committed long ago without an answer: its process died after the write. Never run it twice.
    if (found.stale && found.committed) throw new Problem('IDEMPOTENCY_KEY_IN_PROGRESS')
    if (found.stale) {
      const [taken] = await db.query<{ id: string }>(q.take_over, [found.id, found.claim_token, token])
      if (taken) return { id: String(taken.id), token }
      continue
    }
    if (Date.now() > deadline) throw new Problem('IDEMPOTENCY_KEY_IN_PROGRESS')
    await new Promise((resolve) => setTimeout(resolve, idempotencyLimits.pollMs))
  }
}

function replay(res: Response, found: KeyRecord) {
  res.status(found.answer_status!).set(found.answer_headers ?? {}).set('Idempotent-Replayed', 'true')
  res.end(Buffer.from(found.answer_body ?? new Uint8Array()))
}

/** The claim of the request being handled, for the transactions it runs (markClaimsInTransactions). */
const activeClaim = new AsyncLocalStorage<Claim>()
const hooked = new WeakSet<Database>()

/**
 * Makes every transaction that runs for a request holding a claim mark the claim committed as its last statement,
 * so that the write and the mark commit together; when the claim was taken over meanwhile, the write rolls back
 * (409). Installed once per database by the app (app.ts), in place: per-database state such as the tile versions
 * is keyed by the database object, so the handlers must keep seeing the same one.
 */
export function markClaimsInTransactions(db: Database) {
  if (hooked.has(db)) return
  hooked.add(db)
  const transaction = db.transaction.bind(db)
  db.transaction = <T>(fn: (tx: Queryable) => Promise<T>) =>
    transaction(async (tx) => {
      const value = await fn(tx)
      const claim = activeClaim.getStore()
      if (claim) {
        const [marked] = await tx.query(q.mark_committed, [claim.id, claim.token])
        if (!marked) throw new Problem('IDEMPOTENCY_KEY_IN_PROGRESS')
      }
      return value
    })
}

/**
 * Holds the answer back until it is recorded: a 2xx is stored for replay, anything else gives the key back (when no
 * write committed). The client sees the answer only after the record, so a retry can never miss it.
 */
function keepAnswer(db: Database, claim: Claim, res: Response) {
  const chunks: Buffer[] = []
  let size = 0
  const collect = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return
    const buf = Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string'
      ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
      : Buffer.from(chunk as Uint8Array)
    size += buf.length
    if (size <= idempotencyLimits.maxAnswerBytes) chunks.push(buf)
  }
  const write = res.write.bind(res) as (...args: unknown[]) => boolean
  const end = res.end.bind(res) as (...args: unknown[]) => Response
  res.write = ((...args: unknown[]) => {
    collect(args[0], args[1])
    return write(...args)
  }) as Response['write']
  res.end = ((...args: unknown[]) => {
    collect(args[0], args[1])
    res.end = end as Response['end']
    record(db, claim, res, size <= idempotencyLimits.maxAnswerBytes ? Buffer.concat(chunks) : null)
      .catch((err: unknown) => console.error('[idempotency] could not record an answer:', err))
      .finally(() => end(...args))
    return res
  }) as Response['end']
}

async function record(db: Queryable, claim: Claim, res: Response, body: Buffer | null) {
  if (res.statusCode >= 200 && res.statusCode < 300 && body) {
    const headers: Record<string, string> = {}
    for (const name of replayedHeaders) {
      const value = res.getHeader(name)
      if (value !== undefined) headers[name] = String(value)
    }
    await db.query(q.complete, [claim.id, claim.token, res.statusCode, JSON.stringify(headers), body])
  } else {
    await db.query(q.release, [claim.id, claim.token])
  }
}
