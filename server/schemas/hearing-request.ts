import { z } from 'zod'
import { normalizePhone } from '../domain/personal-data.ts'
import type { FieldIssue } from '../problem.ts'
import { text, zodIssues } from './parcel-feature.ts'

/**
 * A hearing request as the public sends it (POST /api/public/notices/:id/hearing-requests). `website` is a
 * honeypot: the portal hides it, so only a form-filling robot puts anything in it.
 */
export const hearingRequestBody = z.strictObject({
  name: text(50).refine((s) => [...s].length >= 2, { message: 'at least 2 characters' }),
  phone: z.string().max(40, 'too_long:40'),
  collective: text(200),
  reason: text(2000).refine((s) => [...s].length >= 5, { message: 'at least 5 characters' }),
  website: z.string().max(200, 'too_long:200').optional(),
})

export interface HearingRequestInput {
  name: string
  /** Normalised: `13812345678` or `0745-2381234` (server/domain/personal-data.ts normalizePhone). */
  phone: string
  collective: string
  reason: string
}

/**
 * Checks a hearing request at the edge. Issues name the field and the rule, never the value sent (a name or a
 * phone number must not come back in an error). A filled honeypot is its own issue (HEARING_HONEYPOT).
 */
export function parseHearingRequest(body: unknown): { value?: HearingRequestInput; issues: FieldIssue[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { issues: [{ path: '(body)', code: 'FIELD_INVALID', params: { why: 'a JSON object is expected' } }] }
  }
  const parsed = hearingRequestBody.safeParse(body)
  if (!parsed.success) return { issues: zodIssues(parsed.error, '') }
  const b = parsed.data
  if (b.website !== undefined && b.website.trim() !== '') return { issues: [{ path: 'website', code: 'HEARING_HONEYPOT' }] }
  const phone = normalizePhone(b.phone)
  if (!phone) {
    return { issues: [{ path: 'phone', code: 'FIELD_INVALID', params: { why: 'a mainland mobile (11 digits) or a landline with its area code' } }] }
  }
  return { value: { name: b.name, phone, collective: b.collective, reason: b.reason }, issues: [] }
}

/** The answer of the legal section to a hearing request (POST /api/hearing-requests/:id/answer). */
export const hearingAnswerBody = z.strictObject({ answer: text(2000) })

export function parseHearingAnswer(body: unknown): { value?: string; issues: FieldIssue[] } {
  const parsed = hearingAnswerBody.safeParse(body ?? {})
  if (!parsed.success) return { issues: zodIssues(parsed.error, '') }
  return { value: parsed.data.answer, issues: [] }
}
