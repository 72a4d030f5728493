import type { PreviewFeature } from '../api/imports.ts'
import type { ProblemError } from '../api/http.ts'
import { fieldOfPath, validateParcelForm, type ParcelFormIssue, type ParcelFormValues } from '../edit/parcel-form.ts'

/** What the import preview knows about its features' attributes, the inputs of the messages shown per field. */
export interface ImportRows {
  features: readonly PreviewFeature[]
  /** The values as the user completed them, by preview position. */
  values: readonly ParcelFormValues[]
  /** The values as read from the file: an attribute fault the server found there holds until the value changes. */
  fileValues: readonly ParcelFormValues[]
  include: readonly boolean[]
  landClasses: readonly { code: string }[]
  /** The project the commit goes to (the preview's own checks were made against it). */
  targetProject: number | null
  /** A commit was attempted: the client's own checks show from then on. */
  submitted: boolean
  /** Server errors of the last commit by preview position (paths `properties.…`). */
  commitErrors: ReadonlyMap<number, ProblemError[]>
}

/** The issues of a feature's attributes, found by the client. Only included features have any. */
export function rowIssues(rows: ImportRows, i: number): ParcelFormIssue[] {
  const v = rows.values[i]
  if (!v || !rows.include[i]) return []
  return validateParcelForm({ ...v, project_id: rows.targetProject ?? v.project_id }, rows.landClasses).filter(
    (issue) => issue.path !== 'properties.project_id',
  )
}

/** Faults of the geometry (or of the feature as a whole): only a corrected file cures them. */
export function geometryIssues(f: PreviewFeature) {
  return f.issues.filter((issue) => fieldOfPath(issue.path) === null)
}

/** Faults the server found in an attribute read from the file, while the user has not changed that value. */
export function fileIssues(rows: ImportRows, i: number, field?: keyof ParcelFormValues) {
  const f = rows.features[i]
  if (!f || !rows.include[i]) return []
  return f.issues.filter((issue) => {
    const at = fieldOfPath(issue.path)
    return at !== null && (field === undefined || at === field) && rows.values[i]?.[at] === rows.fileValues[i]?.[at]
  })
}

/**
 * Every message on one field of one feature: the file's faults, the client's checks after a commit attempt (in
 * words by `issueMessage`, form-messages.ts's formIssueMessage), the server's errors of the last commit.
 */
export function fieldMessages(
  rows: ImportRows,
  i: number,
  field: keyof ParcelFormValues,
  issueMessage: (issue: ParcelFormIssue) => string,
): string[] {
  const out: string[] = fileIssues(rows, i, field).map((issue) => issue.message || issue.code)
  if (rows.submitted) for (const issue of rowIssues(rows, i)) if (fieldOfPath(issue.path) === field) out.push(issueMessage(issue))
  for (const e of rows.commitErrors.get(i) ?? []) if (fieldOfPath(e.path) === field) out.push(e.message ?? e.code ?? '')
  return out
}

/** The commit's errors on a feature that name none of its fields. */
export function otherCommitErrors(rows: ImportRows, i: number): ProblemError[] {
  return (rows.commitErrors.get(i) ?? []).filter((e) => fieldOfPath(e.path) === null)
}
