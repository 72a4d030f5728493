import http, { type RequestListener } from 'node:http'
import { loadConfig } from './config.ts'
import { createListener } from './app.ts'
import { openDatabase } from './db/database.ts'
import { migrate } from './db/migrate.ts'
import { openReplicaRouter } from './db/replica.ts'
import { loadDemo } from './demo/load-demo.ts'
import { loadPiiKeys } from './auth/pii-cipher.ts'
import { seedHolidays } from './db/holidays-seed.ts'
import { expireNotices } from './db/notice-writes.ts'
import { sweepRetention } from './auth/retention.ts'
import { closeOrphanedBulkImports } from './db/bulk-import.ts'
import { startingListener, withBackoff } from './startup.ts'

// The only entry that listens. A rejected promise outside a request is logged, never fatal.
process.on('unhandledRejection', (reason) => console.error('[unhandled rejection]', reason))

const started = Date.now()
const config = loadConfig()
// Personal data at rest needs its key before anything is served: a server database without ZD_PII_KEY stops here.
let piiKeys: ReturnType<typeof loadPiiKeys>
try {
  piiKeys = loadPiiKeys(config, (line) => console.log(line))
} catch (err) {
  console.error(`[zhengdi] cannot start: ${(err as Error).message}`)
  process.exit(1)
}
const db = await openDatabase(config)
// The port answers at once: alive, not ready, 503 SERVICE_STARTING (server/startup.ts) until the database is
// prepared; a database that is down at start is waited for with backoff, never a crash loop.
let listener: RequestListener = startingListener
const server = http.createServer((req, res) => listener(req, res)).listen(config.port)
// Node closes an idle keep-alive connection after 5 s; a client (a browser, a proxy, a script's agent) that reuses
// it at that moment gets "socket hang up". Keep idle connections longer than the usual 60 s of proxies and clients.
server.keepAliveTimeout = 65_000
server.headersTimeout = 66_000
const log = (line: string) => console.log(line)
await withBackoff('preparing the database', async () => {
  const { applied } = await migrate(db)
  if (applied.length) console.log(`[db] applied migrations: ${applied.join(', ')}`)
  // The holiday calendar is seeded from data/calendar/cn-holidays.json while empty, before the demo dates its notices.
  const seededDays = await seedHolidays(db)
  if (seededDays) console.log(`[db] seeded the holiday calendar with ${seededDays} days from data/calendar/cn-holidays.json`)
  if (config.demo && (await loadDemo(db, piiKeys))) console.log('[db] loaded the illustrative demo data and demo users')
  const orphans = await closeOrphanedBulkImports(db)
  if (orphans.length) console.log(`[db] bulk imports interrupted by a stop of their server, marked failed: ${orphans.join(', ')}`)
}, log)
// Start-up is done as the owner (migrations, seeds, the demo); everything from here on runs as the application's role
// zd_app, which cannot alter, truncate or rewrite the append-only tables (sql/migrations/022_app_role.sql).
try {
  await db.useAppRole?.()
} catch (err) {
  // DATABASE_APP_URL that cannot log in, or logs in as another role than zd_app.
  console.error(`[zhengdi] cannot start: ${(err as Error).message}`)
  process.exit(1)
}
// Published notices whose period is over become expired: now, then hourly (the internal list also sweeps first). The
// timer is unref'd so that it never keeps the process alive.
const sweepNotices = () =>
  expireNotices(db).then(
    (ids) => ids.length && console.log(`[notices] expired: ${ids.join(', ')}`),
    (err) => console.error('[notices] expiry sweep failed:', err),
  )
await sweepNotices()
setInterval(sweepNotices, 3_600_000).unref()
// Retention (server/auth/retention.ts): operation-log rows past the policy's days (never under 180) and hearing
// attempts past the 24 hours their limits read leave at start, then daily.
const sweepRetained = () =>
  sweepRetention(db, config.securityPolicy).then(
    (deleted) => Object.values(deleted).some((n) => n > 0) && console.log(`[retention] deleted: ${JSON.stringify(deleted)}`),
    (err) => console.error('[retention] sweep failed:', err),
  )
await sweepRetained()
setInterval(sweepRetained, 86_400_000).unref()
// The public's reads go to the read replica when there is one (server/db/replica.ts: its fallback policy).
const publicDb = config.databaseReplicaUrl
  ? await openReplicaRouter(db, config.databaseReplicaUrl, { maxLagSeconds: config.replicaMaxLagSeconds }, config.databaseAppUrl)
  : undefined
listener = createListener({ db, publicDb, config })
const where = config.databaseUrl ? `PostgreSQL server${publicDb ? ' (public reads on the read replica)' : ''}` : `embedded database in ${config.dataDir}`
console.log(`[zhengdi] http://localhost:${config.port} on the ${where}, ready in ${Date.now() - started} ms`)

async function shutdown() {
  server.close()
  await publicDb?.close()
  await db.close()
  process.exit(0)
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
