/**
 * The one way anything but a bound parameter enters SQL text. Values always go to PostgreSQL as $1…$n; what cannot
 * be bound (a table or column name, a file of the repository's own SQL) is spliced only as a `SqlPart`, and a
 * SqlPart exists only for a name on an explicit allow-list (`sqlName`, `sqlNames`) or for shipped SQL
 * (`shippedSql`, migrate.ts only). tests/lint/sql-lint.ts (npm run lint:sql) refuses every other template literal
 * with substitutions, concatenation or string replacement that reaches a query function.
 */
const partBrand: unique symbol = Symbol('SqlPart')

/** Text that may be spliced into SQL: made only by the functions below. */
export interface SqlPart {
  readonly [partBrand]: string
}

const part = (text: string): SqlPart => ({ [partBrand]: text })

/** A name may only ever be letters, digits, underscores and dots, whatever the allow-list says: no quote can pass. */
const plainName = /^[A-Za-z0-9_][A-Za-z0-9_.]*$/

/** An allow-list: the names themselves, or an anchored pattern for a family of names (bulk_import_rows_<job>). */
export type AllowList = readonly string[] | RegExp

function checkedName(name: string, allowed: AllowList): string {
  const listed = Array.isArray(allowed) ? allowed.includes(name) : (allowed as RegExp).test(name)
  if (!listed || !plainName.test(name)) throw new Error(`SQL name not allowed: ${JSON.stringify(name).slice(0, 80)}`)
  return name
}

/** One name (identifier, keyword, file name) from an allow-list; throws for anything else. */
export function sqlName(name: string, allowed: AllowList): SqlPart {
  return part(checkedName(name, allowed))
}

/** Several names from an allow-list, comma-separated (a column list). */
export function sqlNames(names: readonly string[], allowed: AllowList): SqlPart {
  if (!names.length) throw new Error('SQL name list is empty')
  return part(names.map((n) => checkedName(n, allowed)).join(', '))
}

/** SQL the repository ships in sql/ (migrations, functions, views), read from disk: code, not input. */
export function shippedSql(text: string): SqlPart {
  return part(text)
}

/** The SQL text of a template whose substitutions are all SqlParts. */
export function sqlText(strings: TemplateStringsArray, ...parts: SqlPart[]): string {
  return strings.reduce((text, s, i) => text + s + (i < parts.length ? parts[i]![partBrand] : ''), '')
}

/** A named query with `{placeholder}` names (sql/queries/bulk-import.sql's `{rows}`), each filled with a SqlPart. */
export function withSqlNames(sql: string, names: Record<string, SqlPart>): string {
  let text = sql
  for (const [key, p] of Object.entries(names)) text = text.replaceAll(`{${key}}`, p[partBrand])
  return text
}
