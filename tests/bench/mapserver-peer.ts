import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { FastCgiClient } from './fastcgi-client.ts'
import type { Tile } from './measure.ts'

/**
 * MapServer as the bench's peer: Debian's `mapserv` (cgi-mapserver) run as FastCGI processes by `cgi-fcgi -start`
 * (libfcgi-bin), serving MVT of the same parcels from the bench database through tests/bench/mapserver/parcels.map.
 */

const here = path.dirname(fileURLToPath(import.meta.url))
const mapserv = '/usr/lib/cgi-bin/mapserv'
const cgiFcgi = '/usr/bin/cgi-fcgi'

/** Why the peer cannot run here, or null when `mapserv` and `cgi-fcgi` are installed. */
export function mapserverMissing(): string | null {
  if (!fs.existsSync(mapserv)) return `${mapserv} is missing (apt-get install cgi-mapserver mapserver-bin libfcgi-bin)`
  if (!fs.existsSync(cgiFcgi)) return `${cgiFcgi} is missing (apt-get install libfcgi-bin)`
  return null
}

/** `mapserv -v`'s first words, e.g. "MapServer version 8.0.0". */
export function mapserverVersion(): string {
  const out = spawnSync(mapserv, ['-v'], { encoding: 'utf8' }).stdout ?? ''
  return out.split(' OUTPUT=')[0]!.trim()
}

/** libpq keyword settings for the mapfile's CONNECTION from a postgres:// URL (MapServer takes the keyword form). */
export function libpqKeywords(url: string): string {
  const u = new URL(url)
  const quote = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
  const kv: [string, string][] = [['dbname', decodeURIComponent(u.pathname.slice(1))]]
  const host = u.searchParams.get('host') ?? u.hostname
  if (host) kv.push(['host', decodeURIComponent(host)])
  if (u.port) kv.push(['port', u.port])
  if (u.username) kv.push(['user', decodeURIComponent(u.username)])
  if (u.password) kv.push(['password', decodeURIComponent(u.password)])
  return kv.map(([k, v]) => `${k}=${quote(v)}`).join(' ')
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

export interface MapServerPeer {
  /** One FastCGI connection per bench client. */
  clients: FastCgiClient[]
  /** The tile's MVT bytes (empty when MapServer drew nothing). Throws when MapServer answers an error. */
  tile(t: Tile, client: number): Promise<Buffer>
  stop(): Promise<void>
}

/**
 * Starts `processes` mapserv FastCGI processes on a free local port with the mapfile filled in for `databaseUrl`
 * (written, with MapServer 8's config file, into a temporary folder), and opens `processes` connections to them: a
 * libfcgi process serves one kept-open connection at a time, so each bench client has its own process, as each of
 * ours has its own database connection.
 */
export async function startMapServer(databaseUrl: string, processes: number): Promise<MapServerPeer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-bench-mapserver-'))
  const mapfile = path.join(dir, 'parcels.map')
  const template = fs.readFileSync(path.join(here, 'mapserver/parcels.map'), 'utf8')
  fs.writeFileSync(mapfile, template.replaceAll('@CONNECTION@', libpqKeywords(databaseUrl).replace(/"/g, '\\"')))
  // MapServer 8 needs a config file; the map is reached by its alias only (no paths in requests).
  const config = path.join(dir, 'mapserver.conf')
  fs.writeFileSync(config, `CONFIG\n  ENV\n    MS_MAP_NO_PATH "1"\n  END\n  MAPS\n    "PARCELS" "${mapfile}"\n  END\nEND\n`)
  const port = await freePort()
  // cgi-fcgi forks the processes and exits; started as a process group leader, its children keep its group, so that
  // stop() ends exactly them (kill of the negative group id), nothing else on the machine.
  const starter = spawn(cgiFcgi, ['-start', '-connect', `127.0.0.1:${port}`, mapserv, String(processes)], {
    detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, MAPSERVER_CONFIG_FILE: config },
  })
  const group = starter.pid!
  let stderr = ''
  starter.stderr!.on('data', (c: Buffer) => (stderr += c.toString()))
  const code = await new Promise<number | null>((resolve) => starter.once('exit', resolve))
  if (code !== 0) throw new Error(`cgi-fcgi -start failed (${code}): ${stderr}`)
  const stop = async () => {
    for (const c of clients) c.close()
    try {
      // SIGKILL: libfcgi's processes wait in accept() through a SIGTERM. Their database sessions simply end.
      process.kill(-group, 'SIGKILL')
    } catch {
      // The group is gone already.
    }
    fs.rmSync(dir, { recursive: true, force: true })
  }
  const clients: FastCgiClient[] = []
  try {
    for (let i = 0; i < processes; i++) clients.push(await FastCgiClient.connect('127.0.0.1', port))
  } catch (err) {
    await stop()
    throw err
  }
  return {
    clients,
    async tile(t, client) {
      const reply = await clients[client]!.request({
        GATEWAY_INTERFACE: 'CGI/1.1', REQUEST_METHOD: 'GET', SERVER_PROTOCOL: 'HTTP/1.1', SERVER_NAME: '127.0.0.1', SERVER_PORT: '80',
        SCRIPT_NAME: '/cgi-bin/mapserv', REMOTE_ADDR: '127.0.0.1',
        QUERY_STRING: `map=PARCELS&mode=tile&tilemode=gmap&tile=${t.x}+${t.y}+${t.z}&layers=parcels&map.imagetype=mvt`,
      })
      const type = reply.headers['content-type'] ?? ''
      if (reply.status !== 200 || !type.includes('vector-tile')) {
        throw new Error(`MapServer tile ${t.z}/${t.x}/${t.y}: ${reply.status} ${type} ${reply.stderr} ${reply.body.subarray(0, 300).toString()}`)
      }
      return reply.body
    },
    stop,
  }
}

/** Features per layer of an MVT (decoded with @mapbox/vector-tile, as MapLibre reads it). */
export function featureCounts(mvt: Buffer): Record<string, number> {
  const counts: Record<string, number> = {}
  if (!mvt.length) return counts
  const vt = new VectorTile(new PbfReader(mvt))
  for (const [name, layer] of Object.entries(vt.layers)) counts[name] = layer.length
  return counts
}

/** The property names of a layer's first feature and whether it has an id: to check that both tiles carry the same. */
export function firstFeature(mvt: Buffer, layer: string): { id: number | undefined; properties: string[] } | null {
  if (!mvt.length) return null
  const l = new VectorTile(new PbfReader(mvt)).layers[layer]
  if (!l || !l.length) return null
  const f = l.feature(0)
  return { id: f.id, properties: Object.keys(f.properties).sort() }
}
