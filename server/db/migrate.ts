import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Database } from './database.ts'
import { shippedSql, sqlName, sqlText } from './sql-text.ts'

const sqlDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../sql')
/** A migration file's name: 018_bulk_import.sql. */
const migrationName = /^\d{3}_[a-z0-9_]+\.sql$/

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
 * every start whose files differ from those last applied (or after a migration), and then the application's role
 * zd_app is granted its rights on what they made (zd_app_grants). Runs as the owner, before useAppRole.
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
    // No statement timeout inside a migration: a backfill of a million parcels takes minutes, not 15 s. The record
    // goes in the same implicit transaction; a migration's name is a plain file name (no quote can be in it).
    const record = sqlName(name, migrationName)
    await db.exec(sqlText`SET LOCAL statement_timeout = 0;\n${shippedSql(text)}\n;INSERT INTO schema_migrations (name) VALUES ('${record}');`)
    applied.push(name)
  }
  await applySqlFiles(db, applied.length > 0)
  // Fold what a write path left staged in the overview (or build it once after its migration).
  await db.query('SELECT zd_parcel_overview_refresh()')
  return { applied }
}

/**
 * Applies sql/functions, then sql/views, then zd_app_grants, unless exactly these files were applied last (their
 * digest is kept in schema_sql_digest) and no migration ran now. Skipping matters on a busy database: re-creating a
 * trigger takes a lock on its table, so a server starting beside a long bulk import would wait for it and time out.
 */
async function applySqlFiles(db: Database, force: boolean) {
  const functions = sqlFiles('functions').map((f) => f.text).join('\n;\n')
  const views = sqlFiles('views').map((f) => f.text)
  const digest = createHash('sha256').update(functions).update(views.join('\n;\n')).digest('hex')
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_sql_digest (
      one boolean PRIMARY KEY DEFAULT true CHECK (one),
      sha256 text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    );`)
  const [last] = await db.query<{ sha256: string }>('SELECT sha256 FROM schema_sql_digest')
  if (!force && last?.sha256 === digest) return
  // Bodies are checked when called, not when created, so the files may refer to each other in any order.
  await db.exec(sqlText`SET check_function_bodies = off;\n${shippedSql(functions)}\n;RESET check_function_bodies;`)
  // Views are checked when created, so they come after the functions they call.
  for (const text of views) await db.exec(text)
  // The application's role gets its rights on whatever the migrations and views made, before the digest says done.
  await db.query('SELECT zd_app_grants()')
  await db.query(
    `INSERT INTO schema_sql_digest (sha256) VALUES ($1)
     ON CONFLICT (one) DO UPDATE SET sha256 = excluded.sha256, applied_at = now()`, [digest])
}
