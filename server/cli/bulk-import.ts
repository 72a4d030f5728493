import fs from 'node:fs'
import path from 'node:path'
import { loadConfig } from '../config.ts'
import { bulkImportParcels, type BulkImportProgress } from '../db/bulk-import.ts'
import { openDatabase } from '../db/database.ts'
import { migrate } from '../db/migrate.ts'
import { issueMessage } from '../domain/issue-codes.ts'
import type { BulkFormat } from '../imports/bulk/geojson-stream.ts'

// Bulk-imports a GeoJSON file into a project on the configured database (DATABASE_URL, or the embedded ZD_DATA_DIR):
//   npm run import:bulk -- --project <id> [--skip-invalid] [--actor <username>] <file.geojson | file.geojsonl>
// A .geojsonl/.geojsons/.ndjson/.jsonl file is read as GeoJSON text sequences, anything else as a FeatureCollection.
// Prints a progress line while it runs and the report at the end; exit code 0 when done, 1 when it failed.
const usage = 'usage: npm run import:bulk -- --project <id> [--skip-invalid] [--actor <username>] <file>'

function parseArgs(argv: string[]) {
  const out: { project?: number; skipInvalid: boolean; actor: string; file?: string } = { skipInvalid: false, actor: 'bulk-import' }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--project') out.project = Number(argv[++i])
    else if (a === '--skip-invalid') out.skipInvalid = true
    else if (a === '--actor') out.actor = argv[++i] ?? ''
    else if (!a.startsWith('--') && !out.file) out.file = a
    else throw new Error(`unknown argument ${a}\n${usage}`)
  }
  if (!Number.isInteger(out.project) || out.project! <= 0 || !out.file || !out.actor) throw new Error(usage)
  return out as Required<typeof out>
}

let args: ReturnType<typeof parseArgs>
try {
  args = parseArgs(process.argv.slice(2))
} catch (err) {
  console.error((err as Error).message)
  process.exit(2)
}
const format: BulkFormat = /\.(geojsonl|geojsons|ndjson|jsonl)$/i.test(args.file) ? 'geojsonseq' : 'geojson'
const size = fs.statSync(args.file).size
const config = loadConfig()
const db = await openDatabase(config)
await migrate(db)
// As the server does after its start-up: the rest runs as the application's role.
await db.useAppRole?.()

const line = (p: BulkImportProgress) => {
  const pct = size ? Math.min(100, Math.round((p.bytes / size) * 100)) : 100
  const counts = p.valid === null ? '' : ` valid ${p.valid} invalid ${p.invalid}`
  return `import ${p.id}: ${p.phase.padEnd(10)} ${pct}% of ${(size / 1024 / 1024).toFixed(1)} MB, ${p.received} features${counts}, ${p.inserted} inserted`
}
const tty = process.stdout.isTTY
const report = await bulkImportParcels(db, fs.createReadStream(args.file), {
  projectId: args.project, actor: args.actor, format, skipInvalid: args.skipInvalid, filename: path.basename(args.file),
  maxBytes: config.bulkImportMaxMb * 1024 * 1024,
  onProgress: (p) => (tty ? process.stdout.write(`\r${line(p)}`) : console.log(line(p))),
}).catch(async (err) => {
  console.error(`\n${(err as Error).message}${'code' in (err as object) ? ` (${(err as { code: string }).code})` : ''}`)
  await db.close()
  process.exit(1)
})
if (tty) process.stdout.write('\n')
console.log(JSON.stringify({
  import_id: report.id, project_id: report.projectId, phase: report.phase, bytes: report.bytes, received: report.received,
  valid: report.valid, invalid: report.invalid, inserted: report.inserted, seconds: report.seconds,
  rows_per_second: report.seconds.total > 0 ? Math.round(report.inserted / report.seconds.total) : null,
  error: report.error ? { code: report.error.code, message: issueMessage(report.error.code, 'en', report.error.params) } : null,
}, null, 2))
await db.close()
process.exit(report.phase === 'done' ? 0 : 1)
