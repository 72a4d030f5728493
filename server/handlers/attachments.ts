import { createHash } from 'node:crypto'
import type { Queryable } from '../db/database.ts'
import { loadQueries } from '../db/queries.ts'
import { Problem } from '../problem.ts'
import { maxPhotoBytes, parseAttachmentBody, photoContentType, type AttachmentInput } from '../schemas/attachment.ts'
import { parseId, singleParam } from '../schemas/query-params.ts'
import type { Handler } from './context.ts'
import { auditIn } from './parcels.ts'
import { checkReferences, recordHandlers } from './record-crud.ts'
import { uploadHeaders } from '../http/upload-headers.ts'

const q = loadQueries('attachments', [
  'select_one', 'list', 'for_update', 'lock_for_photo', 'insert', 'update', 'delete', 'delete_photos', 'photo_by_sha',
  'insert_photo', 'photo_meta', 'photo_bytes', 'delete_photo',
])

async function prepare(tx: Queryable, a: AttachmentInput): Promise<unknown[]> {
  await checkReferences(tx, a.projectId, { parcelId: a.parcelId, householdId: a.householdId })
  return [a.projectId, a.parcelId, a.householdId, a.kind, a.name, a.quantity, a.unit, a.notes]
}

/** /api/attachments: 地上附着物 with quantities and photos, written by planner and admin. */
export const attachments = recordHandlers<AttachmentInput>({
  type: 'attachment',
  queries: q,
  format: 'json',
  parse: (body) => parseAttachmentBody(body),
  prepare,
  compensation: true,
  // The photos go with the attachment; its tombstone in record_history keeps the record itself.
  beforeDelete: async (tx, id) => {
    await tx.query(q.delete_photos, [id])
  },
})

/**
 * POST /api/attachments/:id/photos, raw body (application/octet-stream): a JPEG, PNG or WebP photo, its type
 * decided by its first bytes (422 PHOTO_TYPE_UNSUPPORTED otherwise), at most 5 MB (413 BODY_TOO_LARGE from the body
 * limit), `?caption=` up to 200 characters. 201 with the photo `{ id, content_type, caption, size_bytes,
 * uploaded_by, uploaded_at, url }`. The same bytes again for the same attachment answer 200 with the photo
 * already stored (found by sha256), so a retried upload never makes a second copy.
 */
export const addPhoto: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const bytes: Uint8Array = Buffer.isBuffer(req.body) ? new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.length) : new Uint8Array(0)
  const captionRaw = singleParam(req.query as Record<string, unknown>, 'caption')
  const caption = captionRaw?.normalize('NFC').trim() || null
  if (caption !== null && [...caption].length > 200) {
    throw new Problem('INVALID_PARAMETER', { name: 'caption', why: 'at most 200 characters' })
  }
  if (bytes.length > maxPhotoBytes) throw new Problem('BODY_TOO_LARGE', { max: '5 MB' })
  const contentType = photoContentType(bytes)
  if (!contentType) throw new Problem('PHOTO_TYPE_UNSUPPORTED', {}, [{ path: '(body)', code: 'PHOTO_TYPE_UNSUPPORTED' }])
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const { photoId, created } = await ctx.db.transaction(async (tx) => {
    if (!(await tx.query(q.lock_for_photo, [id])).length) throw new Problem('NOT_FOUND')
    const [same] = await tx.query<{ id: number }>(q.photo_by_sha, [id, sha256])
    if (same) return { photoId: same.id, created: false }
    const [row] = await tx.query<{ id: number }>(q.insert_photo, [id, contentType, bytes, sha256, caption, ctx.user!.username])
    if (row) {
      await auditIn(tx, ctx, req, 'attachment.photo.create', `attachment:${id}`, 201, { photo_id: row.id, sha256, bytes: bytes.length })
      return { photoId: row.id, created: true }
    }
    const [raced] = await tx.query<{ id: number }>(q.photo_by_sha, [id, sha256])
    return { photoId: raced!.id, created: false }
  })
  const [meta] = await ctx.db.query(q.photo_meta, [id, photoId])
  res.status(created ? 201 : 200).json(meta)
}

/** GET /api/attachments/:id/photos/:photoId: the bytes with their stored type, as a sandboxed download (uploadHeaders). */
export const getPhoto: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const photoId = parseId(req.params.photoId as string, 'path')
  const [row] = await ctx.db.query<{ content_type: string; bytes: Uint8Array }>(q.photo_bytes, [id, photoId])
  if (!row) throw new Problem('NOT_FOUND')
  res
    .status(200)
    .set(uploadHeaders(row.content_type))
    .end(Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength))
}

/** DELETE /api/attachments/:id/photos/:photoId → 204. */
export const deletePhoto: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const photoId = parseId(req.params.photoId as string, 'path')
  await ctx.db.transaction(async (tx) => {
    if (!(await tx.query(q.lock_for_photo, [id])).length) throw new Problem('NOT_FOUND')
    if (!(await tx.query(q.delete_photo, [id, photoId])).length) throw new Problem('NOT_FOUND')
    await auditIn(tx, ctx, req, 'attachment.photo.delete', `attachment:${id}`, 204, { photo_id: photoId })
  })
  res.status(204).end()
}
