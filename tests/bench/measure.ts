import fs from 'node:fs'
import http from 'node:http'
import { performance } from 'node:perf_hooks'

/** Latency figures of one series, in milliseconds; `rps` is completed requests per second of wall-clock time. */
export interface Series {
  n: number
  p50: number
  p95: number
  max: number
  rps: number
  /** Mean body size in bytes (as received: gzip bytes when the server sent gzip). */
  bytes: number
}

/** The q-quantile (0…1) of sorted values, by the nearest-rank rule. */
export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)))
  return sorted[rank - 1]!
}

/**
 * Runs `task` once for every item with `clients` tasks in flight at a time (each client takes the next item when its
 * previous one finished) and times each call. Items are shared, never repeated: with a cache in front, every item is
 * the first request for its address.
 */
export async function timeEach<T>(items: T[], clients: number, task: (item: T, client: number) => Promise<number>): Promise<Series> {
  const times: number[] = []
  let bytes = 0
  let next = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: Math.min(clients, items.length) }, async (_, client) => {
      while (next < items.length) {
        const item = items[next++]!
        const s = performance.now()
        bytes += await task(item, client)
        times.push(performance.now() - s)
      }
    }),
  )
  const wall = performance.now() - t0
  times.sort((a, b) => a - b)
  return { n: times.length, p50: quantile(times, 0.5), p95: quantile(times, 0.95), max: times[times.length - 1] ?? NaN, rps: (times.length * 1000) / wall, bytes: times.length ? bytes / times.length : 0 }
}

/** A deterministic PRNG (mulberry32): the same seed gives the same tile sample on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Web Mercator tile x, y of a lon/lat at zoom z (the XYZ scheme, y down). */
export function tileOf(lon: number, lat: number, z: number): { x: number; y: number } {
  const n = 2 ** z
  const x = Math.floor(((lon + 180) / 360) * n)
  const r = (lat * Math.PI) / 180
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)
  return { x, y }
}

export interface Tile { z: number; x: number; y: number }

/**
 * Distinct tiles at zoom z drawn with seed `seed` from the tiles lying wholly inside the lon/lat box (so that every
 * sampled tile is full of data), or touching it when `inside` is false; split into consecutive disjoint sets of the
 * given sizes (a set is shorter when the tiles run out).
 */
export function sampleTiles(box: [number, number, number, number], z: number, sizes: number[], seed: number, inside = true): Tile[][] {
  const a = tileOf(box[0], box[3], z)
  const b = tileOf(box[2], box[1], z)
  const all: Tile[] = []
  const d = inside ? 1 : 0
  for (let x = a.x + d; x <= b.x - d; x++) for (let y = a.y + d; y <= b.y - d; y++) all.push({ z, x, y })
  const random = rng(seed)
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[all[i], all[j]] = [all[j]!, all[i]!]
  }
  const sets: Tile[][] = []
  let at = 0
  for (const size of sizes) {
    sets.push(all.slice(at, at + size))
    at += size
  }
  return sets
}

/** Reply of one HTTP GET: status, headers and the body's byte count (the body itself is kept only when asked). */
export interface Got { status: number; headers: http.IncomingHttpHeaders; size: number; body?: Buffer }

/** Reads a whole reply, body kept. */
function collectReply(res: http.IncomingMessage, resolve: (got: Got) => void, reject: (err: Error) => void) {
  const chunks: Buffer[] = []
  res.on('data', (c: Buffer) => chunks.push(c))
  res.on('end', () => {
    const b = Buffer.concat(chunks)
    resolve({ status: res.statusCode ?? 0, headers: res.headers, size: b.length, body: b })
  })
  res.on('error', reject)
}

/**
 * A keep-alive HTTP client with little overhead of its own (node:http, not fetch), so that a 1 ms answer measures
 * the server rather than the client.
 */
export class HttpClient {
  private agent = new http.Agent({ keepAlive: true, maxSockets: 16 })
  constructor(private base: string, private headers: Record<string, string> = {}) {}

  get(path: string, headers: Record<string, string> = {}, keep = false): Promise<Got> {
    return new Promise((resolve, reject) => {
      const req = http.get(this.base + path, { agent: this.agent, headers: { ...this.headers, ...headers } }, (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (c: Buffer) => {
          size += c.length
          if (keep) chunks.push(c)
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, size, body: keep ? Buffer.concat(chunks) : undefined }))
        res.on('error', reject)
      })
      req.on('error', reject)
    })
  }

  post(path: string, body: string, headers: Record<string, string> = {}): Promise<Got> {
    return new Promise((resolve, reject) => {
      const req = http.request(this.base + path, {
        method: 'POST', agent: this.agent,
        headers: { ...this.headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
      }, (res) => collectReply(res, resolve, reject))
      req.on('error', reject)
      req.end(body)
    })
  }

  /** POSTs a file as the streamed body (never read into memory whole). */
  postFile(path: string, file: string, headers: Record<string, string> = {}): Promise<Got> {
    return new Promise((resolve, reject) => {
      const req = http.request(this.base + path, {
        method: 'POST', agent: this.agent,
        headers: { ...this.headers, 'content-length': String(fs.statSync(file).size), ...headers },
      }, (res) => collectReply(res, resolve, reject))
      req.on('error', reject)
      const body = fs.createReadStream(file)
      body.on('error', (err) => req.destroy(err))
      body.pipe(req)
    })
  }

  close() {
    this.agent.destroy()
  }
}

/** Milliseconds that `fn` takes, with its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now()
  const value = await fn()
  return { ms: performance.now() - t0, value }
}
