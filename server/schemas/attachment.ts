import { z } from 'zod'
import type { FieldIssue } from '../problem.ts'
import { text } from './parcel-feature.ts'
import { decimalField, id, notAnObject, optionalId, optionalText, reason, recordIssues } from './record-fields.ts'

export const attachmentKinds = ['tree', 'crop', 'well', 'shed', 'fence', 'pond', 'other'] as const
/** 株 plant, 个/口/处 unit, ㎡ m2, 米 m, 立方米 m3, 亩 mu. */
export const attachmentUnits = ['plant', 'unit', 'm2', 'm', 'm3', 'mu'] as const

const body = z.strictObject({
  project_id: id,
  parcel_id: id,
  household_id: optionalId,
  kind: z.enum(attachmentKinds),
  name: text(100),
  quantity: z.unknown().optional(),
  unit: z.enum(attachmentUnits),
  notes: optionalText(2000),
  reason,
})

export interface AttachmentInput {
  projectId: number
  parcelId: number
  householdId: number | null
  kind: (typeof attachmentKinds)[number]
  name: string
  /** Exact decimal text with 2 decimals, > 0 and < 10000000. */
  quantity: string
  unit: (typeof attachmentUnits)[number]
  notes: string | null
  reason: string | null
}

/**
 * Checks an attachment body (POST/PUT /api/attachments): `{ project_id, parcel_id, household_id?, kind, name,
 * quantity ("12.50"), unit, notes?, reason? }`.
 */
export function parseAttachmentBody(value: unknown): { value?: AttachmentInput; issues: FieldIssue[] } {
  const notObject = notAnObject(value)
  if (notObject) return { issues: notObject }
  const issues: FieldIssue[] = []
  const r = body.safeParse(value)
  if (!r.success) issues.push(...recordIssues(r.error, ''))
  const quantity = decimalField((value as Record<string, unknown>).quantity, 'quantity', { scale: 2, max: 10000000 }, issues)
  if (issues.length || !r.success || quantity === undefined) return { issues }
  const b = r.data
  return {
    value: {
      projectId: b.project_id, parcelId: b.parcel_id, householdId: b.household_id, kind: b.kind, name: b.name, quantity,
      unit: b.unit, notes: b.notes, reason: b.reason,
    },
    issues: [],
  }
}

/** Largest photo, bytes (the attachment_photos CHECK). */
export const maxPhotoBytes = 5 * 1024 * 1024

/** The image type named by a photo's first bytes (never by a header or a file name), or undefined. */
export function photoContentType(bytes: Uint8Array): 'image/jpeg' | 'image/png' | 'image/webp' | undefined {
  const at = (i: number) => bytes[i]
  if (bytes.length >= 3 && at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg'
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  if (bytes.length >= 8 && png.every((b, i) => at(i) === b)) return 'image/png'
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to))
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp'
  return undefined
}
