import type { Request, Response } from 'express'
import type { Config } from '../config.ts'
import type { Database } from '../db/database.ts'
import type { SessionUser } from '../auth/sessions.ts'
import type { Lang } from '../domain/issue-codes.ts'
import type { LoginLimiter } from '../auth/login-limiter.ts'

/** What every handler gets besides the request: the database, the config, the caller and their language. */
export interface Ctx {
  db: Database
  config: Config
  user: SessionUser | undefined
  lang: Lang
  limiters: { ip: LoginLimiter; unknownUser: LoginLimiter }
}

export type Handler = (ctx: Ctx, req: Request, res: Response) => Promise<void>
