import type { FieldIssue } from '../problem.ts'

/**
 * Fields the server computes or keeps, by the name any answer of the API gives them: a body that sends one where its
 * route does not accept it is refused as READ_ONLY_FIELD, so that a client learns the field is not its to set (API3
 * mass assignment), never silently applied or ignored.
 */
export const serverKeptFields: ReadonlySet<string> = new Set([
  'id', 'version', 'area', 'area_m2', 'area_mu', 'created_at', 'created_by', 'updated_at', 'updated_by', 'approved_by',
  'approved_at', 'land_class_zh', 'land_class_en', 'project_code', 'project_name',
])

/** The one rule for a key a body may not carry: READ_ONLY_FIELD for a field the server keeps, else UNKNOWN_PROPERTY. */
export function unknownFieldIssue(path: string, name: string): FieldIssue {
  return { path, code: serverKeptFields.has(name) ? 'READ_ONLY_FIELD' : 'UNKNOWN_PROPERTY', params: { name } }
}
