import { z } from 'zod'
import type { FieldIssue } from '../problem.ts'
import { text } from './parcel-feature.ts'
import { id, notAnObject, optionalDate, reason, recordIssues } from './record-fields.ts'

/** The most parcels one batch may list in one body. */
export const maxBatchParcels = 5000

const body = z.strictObject({
  project_id: id,
  code: text(64),
  name: text(200),
  declared_authority: z.enum(['state_council', 'province']),
  submitted_on: optionalDate('1949-10-01'),
  parcel_ids: z.array(id).max(maxBatchParcels),
  reason,
})

export interface ApprovalBatchInput {
  projectId: number
  code: string
  name: string
  declaredAuthority: 'state_council' | 'province'
  submittedOn: string | null
  /** Distinct, ascending. */
  parcelIds: number[]
  reason: string | null
}

/**
 * Checks a batch body (POST/PUT /api/approval-batches): `{ project_id, code (≤ 64), name (≤ 200),
 * declared_authority: 'state_council'|'province', submitted_on?: YYYY-MM-DD, parcel_ids: [id…] (0–5000; repeats
 * collapse), reason? }`. Whether the parcels may join the batch is decided against the database.
 */
export function parseApprovalBatch(value: unknown): { value?: ApprovalBatchInput; issues: FieldIssue[] } {
  const notObject = notAnObject(value)
  if (notObject) return { issues: notObject }
  const r = body.safeParse(value)
  if (!r.success) return { issues: recordIssues(r.error, '') }
  const d = r.data
  return {
    value: {
      projectId: d.project_id, code: d.code, name: d.name, declaredAuthority: d.declared_authority,
      submittedOn: d.submitted_on, parcelIds: [...new Set(d.parcel_ids)].sort((a, b) => a - b), reason: d.reason ?? null,
    },
    issues: [],
  }
}
