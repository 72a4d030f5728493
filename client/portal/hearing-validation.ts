/**
 * The hearing form's checks, mirroring server/schemas/hearing-request.ts so that a villager learns of a mistake
 * before sending; the server still decides. A field's fault is the key of its message.
 */
import type { PortalMessageKey } from './portal-i18n.ts'

export interface HearingDraft {
  name: string
  phone: string
  collective: string
  reason: string
  consent: boolean
}

export type HearingField = keyof HearingDraft

/** Whether a phone number as typed is a mainland mobile or landline: the rule of normalizePhone on the server. */
export function isMainlandPhone(raw: string): boolean {
  const s = raw.normalize('NFKC').replace(/[()（）]/g, ' ').replace(/\s+/g, ' ').trim()
  return (
    /^(?:\+?86[ -]?|0086[ -]?)?(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})$/.test(s) ||
    /^(?:\+?86[ -]?)?(0(?:10|2\d|[3-9]\d{2}))[ -]?([2-9]\d{6,7})(?:(?:[ -]|转|ext\.?|x)(\d{1,6}))?$/i.test(s)
  )
}

const length = (s: string) => [...s.trim()].length

/** The faults of a draft, field by field, in the form's order; empty when it may be sent. */
export function validateHearing(draft: HearingDraft, collectives: readonly string[]): Partial<Record<HearingField, PortalMessageKey>> {
  const faults: Partial<Record<HearingField, PortalMessageKey>> = {}
  if (length(draft.name) < 2 || length(draft.name) > 50) faults.name = 'hearing.errName'
  if (!isMainlandPhone(draft.phone)) faults.phone = 'hearing.errPhone'
  if (!collectives.includes(draft.collective)) faults.collective = 'hearing.errCollective'
  if (length(draft.reason) < 5 || length(draft.reason) > 2000) faults.reason = 'hearing.errReason'
  if (!draft.consent) faults.consent = 'hearing.errConsent'
  return faults
}

/** The form field a server fault's `path` names ('name', '/name', 'body.phone'), if any. */
export function fieldOfPath(path: string | undefined): HearingField | undefined {
  const last = (path ?? '').split(/[./]/).filter(Boolean).pop()
  return last === 'name' || last === 'phone' || last === 'collective' || last === 'reason' ? last : undefined
}
