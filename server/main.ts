import { loadConfig } from './config.ts'
import { createApp } from './app.ts'
import { openDatabase } from './db/database.ts'
import { migrate } from './db/migrate.ts'
import { openReplicaRouter } from './db/replica.ts'
import { loadDemo } from './demo/load-demo.ts'
import { loadPiiKeys } from './auth/pii-cipher.ts'
import { seedHolidays } from './db/holidays-seed.ts'
import { expireNotices } from './db/notice-writes.ts'

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
const { applied } = await migrate(db)
if (applied.length) console.log(`[db] applied migrations: ${applied.join(', ')}`)
// The holiday calendar is seeded from data/calendar/cn-holidays.json while empty, before the demo dates its notices.
const seededDays = await seedHolidays(db)
if (seededDays) console.log(`[db] seeded the holiday calendar with ${seededDays} days from data/calendar/cn-holidays.json`)
if (config.demo && (await loadDemo(db, piiKeys))) console.log('[db] loaded the illustrative demo data and demo users')
// Published notices whose period is over become expired: now, then hourly (the internal list also sweeps first). The
// timer is unref'd so that it never keeps the process alive.
const sweepNotices = () =>
  expireNotices(db).then(
    (ids) => ids.length && console.log(`[notices] expired: ${ids.join(', ')}`),
    (err) => console.error('[notices] expiry sweep failed:', err),
  )
await sweepNotices()
setInterval(sweepNotices, 3_600_000).unref()
// The public's reads go to the read replica when there is one (server/db/replica.ts: its fallback policy).
const publicDb = config.databaseReplicaUrl
  ? await openReplicaRouter(db, config.databaseReplicaUrl, { maxLagSeconds: config.replicaMaxLagSeconds })
  : undefined
const server = createApp({ db, publicDb, config }).listen(config.port, () => {
  const where = config.databaseUrl ? `PostgreSQL server${publicDb ? ' (public reads on the read replica)' : ''}` : `embedded database in ${config.dataDir}`
  console.log(`[zhengdi] http://localhost:${config.port} on the ${where}, ready in ${Date.now() - started} ms`)
})
// Node closes an idle keep-alive connection after 5 s; a client (a browser, a proxy, a script's agent) that reuses
// it at that moment gets "socket hang up". Keep idle connections longer than the usual 60 s of proxies and clients.
server.keepAliveTimeout = 65_000
server.headersTimeout = 66_000

async function shutdown() {
  server.close()
  await publicDb?.close()
  await db.close()
  process.exit(0)
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
