import type { Request, Response } from 'express'
import type { Config } from '../config.ts'
import type { Database } from '../db/database.ts'
import type { SessionUser } from '../auth/sessions.ts'
import type { Lang } from '../domain/issue-codes.ts'
import type { LoginLimiter } from '../auth/login-limiter.ts'

/** What every handler gets besides the request: the databases, the config, the caller and their language. */
export interface Ctx {
  db: Database
  /**
   * The public's reads (server/db/public-reads.ts asPublic, public-version.ts): the read replica's router
   * (server/db/replica.ts) when DATABASE_REPLICA_URL is set, else `db`. Read-only: the public's writes use `db`.
   */
  publicDb: Database
  config: Config
  user: SessionUser | undefined
  lang: Lang
  limiters: { ip: LoginLimiter; unknownUser: LoginLimiter }
}

export type Handler = (ctx: Ctx, req: Request, res: Response) => Promise<void>
