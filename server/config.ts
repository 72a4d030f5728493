import path from 'node:path'
import { loadSecurityPolicy, type SecurityPolicy } from './auth/policy.ts'
import { shiftedDatumOf, templateHost } from './domain/shifted-basemaps.ts'

/** Typed configuration, read from the environment once at start. */
export interface Config {
  port: number
  /** PostgreSQL+PostGIS connection string; undefined selects the embedded database. */
  databaseUrl: string | undefined
  /**
   * DATABASE_APP_URL: the application's own login, as the role zd_app (README "Database roles"): after the start-up
   * work on DATABASE_URL every connection logs in here, so no statement can become the owner again. Needs
   * DATABASE_URL. undefined: the owner's login runs as zd_app with `-c role=zd_app`.
   */
  databaseAppUrl: string | undefined
  /**
   * DATABASE_REPLICA_URL: a streaming replica (hot standby) of DATABASE_URL that serves the public's reads (portal,
   * public tiles, notice PDFs, boundary points; server/db/replica.ts). Needs DATABASE_URL. undefined: the primary
   * serves everything.
   */
  databaseReplicaUrl: string | undefined
  /** ZD_REPLICA_MAX_LAG_SECONDS: beyond this replay lag public reads go to the primary until the replica catches up. */
  replicaMaxLagSeconds: number
  /** Folder of the embedded database. */
  dataDir: string
  /** Load demo data and demo users into an empty database. */
  demo: boolean
  /** Passwords, lockout, sessions and log retention (MLPS 2.0): server/auth/policy.ts, ZD_SECURITY_LEVEL and its keys. */
  securityPolicy: SecurityPolicy
  /** Optional online basemap: a raster tile URL template ({z}/{x}/{y}) and its attribution. */
  basemapUrl: string | undefined
  basemapAttribution: string | undefined
  /** Where the built client lives. */
  clientDir: string
  /**
   * Import files are parsed in child processes (server/imports/parse-pool.ts): at most this many, each
   * file given this many milliseconds of wall-clock time and each parser process this many MB of V8 heap.
   */
  importParseWorkers: number
  importParseTimeoutMs: number
  importParseMemoryMb: number
  /**
   * ZD_PII_KEY: base64 of the 32-byte master key for personal data at rest (server/auth/pii-cipher.ts). Required
   * with DATABASE_URL; the embedded database generates one beside its folder when unset.
   */
  piiKey: string | undefined
  /**
   * ZD_PDF_FONT: the CJK font the PDF reports are set in (a .ttf, .otf or .ttc file), and ZD_PDF_FONT_FACE: the
   * PostScript name of the face to use when the file is a collection (.ttc). Default: Debian's fonts-noto-cjk,
   * Noto Sans CJK SC (simplified Chinese glyph forms).
   */
  pdfFont: string
  pdfFontFace: string
  /**
   * ZD_NOTICE_CONTACTS: the office contact text new notices print (联系方式: office, address, phone). The default
   * is an invented example that says so; set the real one before publishing anything.
   */
  noticeContacts: string
  /**
   * ZD_TILE_CACHE_MB: the byte budget of the in-process cache of gzipped vector tiles (server/tiles/tile-cache.ts),
   * in MiB; default 64. 0 turns the cache off.
   */
  tileCacheMb: number
  /**
   * ZD_STATEMENT_TIMEOUT_MS: a server database cancels any statement of the app's pool running longer (503
   * DB_TIMEOUT); default 15000. Long steps that need more (bulk import, migrations) lift it for their transaction.
   */
  statementTimeoutMs: number
  /** ZD_BULK_IMPORT_MAX_MB: the largest file POST /api/imports/bulk and npm run import:bulk read, in MiB; default 2048. */
  bulkImportMaxMb: number
  /**
   * ZD_PUBLIC_RATE_PER_MINUTE: requests one client address may make per minute to the public portal and its API
   * (the portal page, notice list and pages, boundary points, hearing requests; server/http/rate-limit.ts), default
   * 600; ZD_PUBLIC_TILE_RATE_PER_MINUTE: the public map's tiles, default 6000 (one view of a large screen is a few
   * dozen tiles, a pan or zoom as many again, mostly cheap 304s, and a whole office or village may share one address
   * behind NAT); ZD_PUBLIC_PDF_RATE_PER_MINUTE: printable notice PDFs, which take a CPU for a moment each, default 30.
   * Past them: 429 RATE_LIMITED with Retry-After.
   */
  publicRatePerMinute: number
  publicTileRatePerMinute: number
  publicPdfRatePerMinute: number
  /**
   * ZD_TRUST_PROXY: which reverse proxies' X-Forwarded-For and X-Forwarded-Proto are believed (Express's `trust proxy`:
   * `loopback`, `uniquelocal`, or addresses and CIDR ranges, comma-separated); default `loopback`, a proxy on this host.
   * It decides the client address the rate limits count and whether a request came over TLS (HSTS, Secure cookie).
   */
  trustProxy: string
}

/** The example contact text of ZD_NOTICE_CONTACTS; it names itself an example so that it cannot pass for real. */
export const exampleNoticeContacts = '（示例，请通过 ZD_NOTICE_CONTACTS 设置）联系单位：示例市征收事务中心政策法规科；地址：示例市示例路 1 号；电话：0745-0000000；办公时间：工作日 8:30–12:00，14:30–17:30。'

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${value}"`)
  return n
}

function nonNegativeIntFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number ≥ 0, got "${value}"`)
  return n
}

/** ZD_BASEMAP_URL, refused at start when its host draws China shifted (GCJ-02, BD-09): parcels would sit ~600 m off it. */
function basemapUrlFrom(value: string | undefined): string | undefined {
  if (!value) return undefined
  const datum = shiftedDatumOf(value)
  if (datum) {
    throw new Error(`ZD_BASEMAP_URL: ${templateHost(value)} draws its maps in ${datum}, about 600 m off the CGCS2000 parcels in Huaihua; use a CGCS2000 or WGS84 basemap such as 天地图`)
  }
  return value
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined
  const demoDefault = databaseUrl ? '0' : '1'
  const databaseReplicaUrl = env.DATABASE_REPLICA_URL || undefined
  if (databaseReplicaUrl && !databaseUrl) throw new Error('DATABASE_REPLICA_URL needs DATABASE_URL: the embedded database has no replica')
  const databaseAppUrl = env.DATABASE_APP_URL || undefined
  if (databaseAppUrl && !databaseUrl) throw new Error('DATABASE_APP_URL needs DATABASE_URL: the embedded database has no logins')
  return {
    port: intFrom(env.PORT, 8080, 'PORT'),
    databaseUrl,
    databaseAppUrl,
    databaseReplicaUrl,
    replicaMaxLagSeconds: intFrom(env.ZD_REPLICA_MAX_LAG_SECONDS, 30, 'ZD_REPLICA_MAX_LAG_SECONDS'),
    dataDir: path.resolve(env.ZD_DATA_DIR || './var/db'),
    demo: (env.ZD_DEMO ?? demoDefault) === '1',
    securityPolicy: loadSecurityPolicy(env),
    basemapUrl: basemapUrlFrom(env.ZD_BASEMAP_URL),
    basemapAttribution: env.ZD_BASEMAP_ATTRIBUTION || undefined,
    clientDir: path.resolve(env.ZD_CLIENT_DIR || './dist/client'),
    importParseWorkers: intFrom(env.ZD_IMPORT_PARSE_WORKERS, 2, 'ZD_IMPORT_PARSE_WORKERS'),
    importParseTimeoutMs: intFrom(env.ZD_IMPORT_PARSE_TIMEOUT_MS, 20_000, 'ZD_IMPORT_PARSE_TIMEOUT_MS'),
    importParseMemoryMb: intFrom(env.ZD_IMPORT_PARSE_MEMORY_MB, 512, 'ZD_IMPORT_PARSE_MEMORY_MB'),
    piiKey: env.ZD_PII_KEY || undefined,
    pdfFont: env.ZD_PDF_FONT || '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    pdfFontFace: env.ZD_PDF_FONT_FACE || 'NotoSansCJKsc-Regular',
    noticeContacts: [...(env.ZD_NOTICE_CONTACTS || exampleNoticeContacts).normalize('NFC').trim()].slice(0, 1000).join(''),
    tileCacheMb: nonNegativeIntFrom(env.ZD_TILE_CACHE_MB, 64, 'ZD_TILE_CACHE_MB'),
    statementTimeoutMs: intFrom(env.ZD_STATEMENT_TIMEOUT_MS, 15_000, 'ZD_STATEMENT_TIMEOUT_MS'),
    bulkImportMaxMb: intFrom(env.ZD_BULK_IMPORT_MAX_MB, 2048, 'ZD_BULK_IMPORT_MAX_MB'),
    publicRatePerMinute: intFrom(env.ZD_PUBLIC_RATE_PER_MINUTE, 600, 'ZD_PUBLIC_RATE_PER_MINUTE'),
    publicTileRatePerMinute: intFrom(env.ZD_PUBLIC_TILE_RATE_PER_MINUTE, 6000, 'ZD_PUBLIC_TILE_RATE_PER_MINUTE'),
    publicPdfRatePerMinute: intFrom(env.ZD_PUBLIC_PDF_RATE_PER_MINUTE, 30, 'ZD_PUBLIC_PDF_RATE_PER_MINUTE'),
    trustProxy: env.ZD_TRUST_PROXY?.trim() || 'loopback',
  }
}
