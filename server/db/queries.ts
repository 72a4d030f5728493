import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const queriesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../sql/queries')

/**
 * Reads sql/queries/<resource>.sql, split at lines `-- name: <query_name>`, into a map of named statements.
 * Keeping SQL in .sql files keeps it out of TypeScript strings; values are always bound as $1…$n.
 */
export function loadQueries<Name extends string>(resource: string, names: readonly Name[]): Record<Name, string> {
  const text = fs.readFileSync(path.join(queriesDir, `${resource}.sql`), 'utf8')
  const found: Record<string, string> = {}
  let current: string | undefined
  for (const line of text.split('\n')) {
    const m = /^--\s*name:\s*([a-z_]+)\s*$/.exec(line)
    if (m) {
      current = m[1]!
      found[current] = ''
    } else if (current) {
      found[current] += line + '\n'
    }
  }
  for (const n of names) {
    if (!found[n]?.trim()) throw new Error(`sql/queries/${resource}.sql has no query named ${n}`)
  }
  return found as Record<Name, string>
}
