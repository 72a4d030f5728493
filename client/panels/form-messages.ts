import type { ParcelFormIssue, ParcelFormValues } from '../edit/parcel-form.ts'
import { fieldOfPath } from '../edit/parcel-form.ts'
import type { ProblemError } from '../api/http.ts'
import { t } from '../i18n/i18n.svelte.ts'
import type { MessageKey } from '../i18n/zh-CN.ts'

const whyKeys: Record<NonNullable<NonNullable<ParcelFormIssue['params']>['why']>, MessageKey> = {
  decimal: 'form.why.decimal',
  land_class_format: 'form.why.landClassFormat',
  status: 'form.why.status',
  project: 'form.why.project',
}

/** The sentence for an issue the form found itself, in the UI language. */
export function formIssueMessage(issue: ParcelFormIssue): string {
  const p = issue.params ?? {}
  switch (issue.code) {
    case 'FIELD_REQUIRED':
      return t('form.issue.required')
    case 'FIELD_TOO_LONG':
      return t('form.issue.tooLong', { max: p.max ?? '' })
    case 'FIELD_INVALID':
      return p.why ? t(whyKeys[p.why]) : t('form.issue.invalid')
    case 'UNKNOWN_LAND_CLASS':
      return t('form.issue.unknownLandClass', { code: p.code ?? '' })
    case 'UNKNOWN_PROJECT':
      return t('form.issue.unknownProject', { id: p.id ?? '' })
    case 'INVALID_CHARACTER':
      return t('form.issue.invalidCharacter')
    case 'INVALID_UNICODE':
      return t('form.issue.invalidUnicode')
  }
}

/** Messages per form field: the form's own issues, then the server's errors for that field (by path). */
export type FieldMessages = Partial<Record<keyof ParcelFormValues, string[]>>

export function messagesByField(issues: readonly ParcelFormIssue[], serverErrors: readonly ProblemError[]): {
  fields: FieldMessages
  /** Server errors that name no form field (geometry, the body as a whole). */
  other: ProblemError[]
} {
  const fields: FieldMessages = {}
  const other: ProblemError[] = []
  const push = (field: keyof ParcelFormValues, message: string) => {
    const list = (fields[field] ??= [])
    if (!list.includes(message)) list.push(message)
  }
  for (const issue of issues) push(fieldOfPath(issue.path)!, formIssueMessage(issue))
  for (const e of serverErrors) {
    const field = fieldOfPath(e.path)
    if (field) push(field, e.message ?? e.code ?? '')
    else other.push(e)
  }
  return { fields, other }
}

/**
 * A record form's server errors by field: `path` with `prefix` removed (e.g. 'properties.' for a Feature body)
 * names the field when `isField` knows it (`name`, `members[1].id_number`); the rest name no field.
 */
export function serverMessagesByPath(
  serverErrors: readonly ProblemError[],
  isField: (field: string) => boolean,
  prefix = '',
): { fields: Record<string, string[]>; other: ProblemError[] } {
  const fields: Record<string, string[]> = {}
  const other: ProblemError[] = []
  for (const e of serverErrors) {
    const field = e.path?.startsWith(prefix) ? e.path.slice(prefix.length) : undefined
    if (field && isField(field)) {
      const list = (fields[field] ??= [])
      const message = e.message ?? e.code ?? ''
      if (!list.includes(message)) list.push(message)
    } else other.push(e)
  }
  return { fields, other }
}
