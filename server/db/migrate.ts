import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Database } from './database.ts'

const sqlDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../sql')

function sqlFiles(folder: string): { name: string; text: string }[] {
  const dir = path.join(sqlDir, folder)
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }))
}

/**
 * Brings the schema up to date: numbered migrations in sql/migrations are applied once each, in order, and
 * recorded in schema_migrations; the functions in sql/functions, then the views in sql/views, are re-applied on
 * every start.
 * Each migration runs as one implicit transaction (a multi-statement simple query), together with its record,
 * so a failing migration leaves nothing behind and a concurrent start loses on the primary key.
 */
export async function migrate(db: Database): Promise<{ applied: string[] }> {
  await db.exec(`
    CREATE EXTENSION IF NOT EXISTS postgis;
    CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    );`)
  const done = new Set(
    (await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name),
  )
  const applied: string[] = []
  for (const { name, text } of sqlFiles('migrations')) {
    if (done.has(name)) continue
    const record = `INSERT INTO schema_migrations (name) VALUES ('${name.replace(/'/g, "''")}');`
    await db.exec(`${text}\n;${record}`)
    applied.push(name)
  }
  // Bodies are checked when called, not when created, so the files may refer to each other in any order.
  const functions = sqlFiles('functions').map((f) => f.text).join('\n;\n')
  await db.exec(`SET check_function_bodies = off;\n${functions}\n;RESET check_function_bodies;`)
  // Views are checked when created, so they come after the functions they call.
  for (const { text } of sqlFiles('views')) await db.exec(text)
  return { applied }
}
