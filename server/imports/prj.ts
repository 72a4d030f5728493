import { Problem } from '../problem.ts'
import { gk, gkOfSrid } from './gk.ts'

/** A node of WKT1 (OGC or ESRI flavour): KEYWORD[arg, …], where an arg is text, a number or a node. */
export interface WktNode {
  name: string
  args: (string | number | WktNode)[]
}

/** Parses WKT1 CRS text without recursion; 422 IMPORT_MALFORMED on anything that is not well formed. */
export function parseWktCrs(text: string): WktNode {
  const bad = (why: string) => new Problem('IMPORT_MALFORMED', { why: `.prj: ${why}` })
  if (text.length > 64 * 1024) throw bad('too long')
  const re = /\s+|([A-Za-z_][A-Za-z0-9_]*)|"((?:[^"]|"")*)"|([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|([[(])|([\])])|(,)|(.)/gy
  const stack: WktNode[] = []
  let root: WktNode | undefined
  let pendingName: string | undefined
  let m: RegExpExecArray | null
  while ((m = re.exec(text))) {
    if (m[1] !== undefined) {
      if (pendingName !== undefined) throw bad(`unexpected ${m[1]}`)
      pendingName = m[1]
    } else if (m[2] !== undefined) {
      const top = stack[stack.length - 1]
      if (!top) throw bad('text outside brackets')
      top.args.push(m[2].replace(/""/g, '"'))
    } else if (m[3] !== undefined) {
      const top = stack[stack.length - 1]
      if (!top) throw bad('number outside brackets')
      top.args.push(Number(m[3]))
    } else if (m[4] !== undefined) {
      if (pendingName === undefined) throw bad('bracket without keyword')
      if (stack.length >= 16) throw bad('nested too deeply')
      const node: WktNode = { name: pendingName.toUpperCase(), args: [] }
      pendingName = undefined
      const top = stack[stack.length - 1]
      if (top) top.args.push(node)
      else if (root) throw bad('more than one CRS')
      else root = node
      stack.push(node)
    } else if (m[5] !== undefined) {
      if (pendingName !== undefined) {
        // A bare keyword such as AXIS["X",EAST]: keep it as text.
        stack[stack.length - 1]?.args.push(pendingName)
        pendingName = undefined
      }
      if (!stack.pop()) throw bad('unbalanced brackets')
    } else if (m[6] !== undefined) {
      if (pendingName !== undefined) {
        stack[stack.length - 1]?.args.push(pendingName)
        pendingName = undefined
      }
    } else if (m[7] !== undefined) throw bad(`unexpected character "${m[7]}"`)
  }
  if (!root || stack.length) throw bad('incomplete')
  return root
}

const child = (n: WktNode, name: string) => n.args.find((a): a is WktNode => typeof a === 'object' && a.name === name)
const children = (n: WktNode, name: string) => n.args.filter((a): a is WktNode => typeof a === 'object' && a.name === name)
const title = (n: WktNode | undefined) => (n && typeof n.args[0] === 'string' ? n.args[0] : '')

/** EPSG code of a node's own AUTHORITY["EPSG", "…"], if any. */
function epsgOf(n: WktNode): number | undefined {
  const a = child(n, 'AUTHORITY')
  return a && String(a.args[0]).toUpperCase() === 'EPSG' ? Number(a.args[1]) : undefined
}

function datumOf(geog: WktNode | undefined): 'cgcs2000' | 'wgs84' | undefined {
  if (!geog) return undefined
  const code = epsgOf(geog)
  if (code === 4490) return 'cgcs2000'
  if (code === 4326) return 'wgs84'
  const names = `${title(geog)} ${title(child(geog, 'DATUM'))}`.toLowerCase().replace(/[\s_-]+/g, '')
  if (/china2000|cgcs2000|chinageodeticcoordinatesystem2000/.test(names)) return 'cgcs2000'
  if (/wgs1984|wgs84|worldgeodeticsystem1984/.test(names)) return 'wgs84'
  return undefined
}

/** A PARAMETER's value by name, case- and underscore-insensitive. */
function param(projcs: WktNode, name: string): number | undefined {
  const want = name.toLowerCase().replace(/_/g, '')
  const p = children(projcs, 'PARAMETER').find((x) => String(x.args[0]).toLowerCase().replace(/[_\s]/g, '') === want)
  return p && typeof p.args[1] === 'number' ? p.args[1] : undefined
}

/**
 * The EPSG code a .prj names, among those an import accepts: CGCS2000 longitude/latitude (4490), WGS84 (4326,
 * taken as CGCS2000 by the caller), and the CGCS2000 Gauss-Krüger 3° and 6° zones with or without the zone prefix
 * (4491–4554), recognised by their EPSG authority or by their parameters (transverse Mercator on CGCS2000, central
 * meridian, scale 1, false easting 500 000 m with or without zone·10⁶). Anything else is 422 CRS_UNSUPPORTED.
 */
export function sridOfPrj(text: string): number {
  const root = parseWktCrs(text.trim())
  const unsupported = () => new Problem('CRS_UNSUPPORTED', { name: (title(root) || root.name).slice(0, 80) })
  if (root.name === 'GEOGCS' || root.name === 'GEOGCRS') {
    const d = datumOf(root)
    if (d === 'cgcs2000') return 4490
    if (d === 'wgs84') return 4326
    throw unsupported()
  }
  if (root.name !== 'PROJCS') throw unsupported()
  const code = epsgOf(root)
  if (code !== undefined && gkOfSrid(code)) return code
  if (datumOf(child(root, 'GEOGCS')) !== 'cgcs2000') throw unsupported()
  const projection = title(child(root, 'PROJECTION')).toLowerCase().replace(/[\s_-]+/g, '')
  if (!/transversemercator|gausskruger|gausskrueger/.test(projection)) throw unsupported()
  const unit = child(root, 'UNIT')
  if (unit && Math.abs(Number(unit.args[1]) - 1) > 1e-12) throw unsupported()
  const cm = param(root, 'central_meridian')
  const fe = param(root, 'false_easting')
  const fn = param(root, 'false_northing') ?? 0
  const k = param(root, 'scale_factor') ?? 1
  const lat0 = param(root, 'latitude_of_origin') ?? 0
  if (cm === undefined || fe === undefined || fn !== 0 || Math.abs(k - 1) > 1e-12 || lat0 !== 0) throw unsupported()
  if (Number.isInteger(cm / 3) && cm >= 75 && cm <= 135) {
    const zone = cm / 3
    if (fe === 500000) return gk.plain3(zone)
    if (fe === zone * 1e6 + 500000) return gk.prefixed3(zone)
  }
  if (Number.isInteger((cm + 3) / 6)) {
    const zone6 = (cm + 3) / 6
    if (zone6 >= 13 && zone6 <= 23 && fe === zone6 * 1e6 + 500000) return gk.prefixed6(zone6)
  }
  throw unsupported()
}
