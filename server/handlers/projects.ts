import { z } from 'zod'
import { loadQueries } from '../db/queries.ts'
import { logOperation } from '../db/operation-log.ts'
import { invalid, Problem } from '../problem.ts'
import { parseId } from '../schemas/query-params.ts'
import type { Handler } from './context.ts'
import { unknownFieldIssue } from '../schemas/unknown-field.ts'

const q = loadQueries('projects', ['list', 'insert', 'land_classes'])

const text = (max: number) => z.string().transform((s) => s.normalize('NFC').trim()).refine((s) => s.length > 0 && [...s].length <= max)
const projectBody = z.strictObject({
  code: text(64),
  name: text(200),
  name_en: text(200).nullable().optional(),
  district: text(100).nullable().optional(),
  color: z.string().regex(/^#[0-9a-f]{6}$/).nullable().optional(),
})

export const listProjects: Handler = async (ctx, _req, res) => {
  res.json({ items: await ctx.db.query(q.list, [null]) })
}

export const getProject: Handler = async (ctx, req, res) => {
  const [item] = await ctx.db.query(q.list, [parseId(req.params.id as string, 'path')])
  if (!item) throw new Problem('NOT_FOUND')
  res.json(item)
}

export const createProject: Handler = async (ctx, req, res) => {
  const parsed = projectBody.safeParse(req.body)
  if (!parsed.success) {
    throw invalid(parsed.error.issues.flatMap((i) =>
      i.code === 'unrecognized_keys'
        ? i.keys.map((key) => unknownFieldIssue(key, key))
        : [{ path: i.path.join('.') || '(body)', code: 'FIELD_INVALID' as const, params: { why: i.message } }]))
  }
  const b = parsed.data
  // The project and its operation-log row commit together or not at all (fail-closed audit).
  const item = await ctx.db.transaction(async (tx) => {
    let id: number
    try {
      const [row] = await tx.query<{ id: number }>(q.insert, [b.code, b.name, b.name_en ?? null, b.district ?? null, b.color ?? null])
      id = row!.id
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new Problem('PROJECT_CODE_TAKEN', { code: b.code })
      throw err
    }
    await logOperation(tx, { username: ctx.user!.username, action: 'project.create', target: `project:${id}`, result: 'ok', status: 201, ip: req.ip })
    const [created] = await tx.query(q.list, [id])
    return created
  })
  res.status(201).json(item)
}

export const listLandClasses: Handler = async (ctx, _req, res) => {
  res.set('Cache-Control', 'public, max-age=3600').json({ items: await ctx.db.query(q.land_classes) })
}
