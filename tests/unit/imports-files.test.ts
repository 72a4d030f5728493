import fs from 'node:fs'
import path from 'node:path'
import { zipSync } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import { encodeGbk } from '../../server/exports/encode.ts'
import { prjCgcs2000, writeDbf, writeShpShx } from '../../server/exports/shapefile.ts'
import { readDbf } from '../../server/imports/dbf.ts'
import { parseGeojson } from '../../server/imports/geojson.ts'
import { parseImport } from '../../server/imports/index.ts'
import { parseKml } from '../../server/imports/kml.ts'
import { parseLonLat } from '../../server/imports/lonlat.ts'
import { sridOfPrj } from '../../server/imports/prj.ts'
import { parseShapefile, readShp } from '../../server/imports/shapefile.ts'
import { decodeText, encodingLabel, sanitiseFilename } from '../../server/imports/text.ts'
import { parseWkt } from '../../server/imports/wkt.ts'
import { crc32, readZip, zipLimits } from '../../server/imports/zip.ts'
import { Problem } from '../../server/problem.ts'

// The file formats as pure parsers: bytes in, features in source coordinates out, or a Problem with its code.

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    if (e instanceof Problem) return e.code
    throw e
  }
  throw new Error('expected a Problem')
}

const utf8 = (s: string) => new TextEncoder().encode(s)
const fixture = (p: string) => new Uint8Array(fs.readFileSync(path.resolve('tests/fixtures/imports', p)))
const sq = (x: number, y: number, s: number): [number, number][] => [[x, y], [x, y + s], [x + s, y + s], [x + s, y], [x, y]]

describe('text', () => {
  it('decodes UTF-8, GBK, BOMs, and doubts a GBK declaration on valid UTF-8', () => {
    expect(decodeText(utf8('坐标'))).toMatchObject({ text: '坐标', encoding: 'utf-8', guessed: true })
    expect(decodeText(encodeGbk('坐标'))).toMatchObject({ text: '坐标', encoding: 'gbk', guessed: true })
    expect(decodeText(encodeGbk('坐标'), 'GBK')).toMatchObject({ text: '坐标', encoding: 'gbk', guessed: false })
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('x')]))).toMatchObject({ text: 'x', guessed: false })
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x2d, 0x4e]))).toMatchObject({ text: '中', encoding: 'utf-16le' })
    expect(decodeText(utf8('坐标'), '936')).toMatchObject({ text: '坐标', encoding: 'utf-8', declaredWrong: '936' })
    expect(decodeText(utf8('坐标'), 'gbk', { override: true }).encoding).toBe('gbk')
    expect(decodeText(encodeGbk('坐标'), 'UTF-8')).toMatchObject({ text: '坐标', encoding: 'gbk', declaredWrong: 'UTF-8' })
  })

  it('names encodings as .cpg files and people write them', () => {
    expect(['UTF-8', 'utf8', '65001', 'GBK', 'cp936', 'ANSI 936', 'GB2312', 'GB18030', 'latin1'].map(encodingLabel))
      .toEqual(['utf-8', 'utf-8', 'utf-8', 'gbk', 'gbk', 'gbk', 'gbk', 'gb18030', undefined])
  })

  it('F01: keeps only a sanitised base name of an upload', () => {
    expect(sanitiseFilename('../../etc/passwd.shp')).toBe('passwd.shp')
    expect(sanitiseFilename('/var/www/a.shp')).toBe('a.shp')
    expect(sanitiseFilename('..\\..\\web.config')).toBe('web.config')
    expect(sanitiseFilename('C:\\a.shp')).toBe('a.shp')
    expect(sanitiseFilename('a.shp\u0000.png')).toBe('a.shp.png')
    expect([...sanitiseFilename('名'.repeat(300))!].length).toBe(255)
    expect(sanitiseFilename('/')).toBeNull()
  })
})

describe('zip archives', () => {
  const saved = { ...zipLimits }
  afterEach(() => Object.assign(zipLimits, saved))

  it('lists entries and inflates them with their checksum checked', () => {
    const entries = readZip(zipSync({ 'a/b.txt': utf8('hello'), 'c.bin': new Uint8Array(1000).fill(7) }))
    expect(entries.map((e) => e.name)).toEqual(['a/b.txt', 'c.bin'])
    expect(new TextDecoder().decode(entries[0]!.read())).toBe('hello')
    expect(crc32(utf8('hello'))).toBe(0x3610a686)
    const z = zipSync({ 'x.txt': [utf8('hello hello hello'), { level: 0 }] })
    z[z.indexOf(0x68)] = 0x48
    expect(codeOf(() => readZip(z)[0]!.read())).toBe('ARCHIVE_CORRUPT')
  })

  it('F04: stops inflating at the per-entry and total caps, counting real bytes, whatever the headers claim', () => {
    zipLimits.maxEntryBytes = 1024 * 1024
    zipLimits.maxTotalBytes = 2 * 1024 * 1024
    const bytes = zipSync({ 'a.shp': new Uint8Array(1024 * 1024 + 1) })
    const big = readZip(bytes)
    expect(codeOf(() => big[0]!.read())).toBe('ARCHIVE_TOO_LARGE')
    // The same entry with its sizes in both headers rewritten to claim 10 bytes: still stopped at the cap.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    for (let i = 0; i + 4 <= bytes.length; i++) {
      if (view.getUint32(i, true) === 0x04034b50) view.setUint32(i + 22, 10, true)
      if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 10, true)
    }
    const lying = readZip(bytes)
    expect(lying[0]!.declaredSize).toBe(10)
    expect(codeOf(() => lying[0]!.read())).toBe('ARCHIVE_TOO_LARGE')
    const many = readZip(zipSync({ 'a.shp': new Uint8Array(900 * 1024), 'a.shx': new Uint8Array(900 * 1024), 'a.dbf': new Uint8Array(900 * 1024) }))
    many[0]!.read()
    many[1]!.read()
    expect(codeOf(() => many[2]!.read())).toBe('ARCHIVE_TOO_LARGE')
  })

  it('F02/F03/F04: refuses unsafe paths, symlinks, nested archives, too many entries, garbage', () => {
    for (const name of ['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\b']) {
      expect(codeOf(() => readZip(zipSync({ [name]: utf8('x') }))), name).toBe('ARCHIVE_UNSAFE_PATH')
    }
    expect(codeOf(() => readZip(zipSync({ l: [utf8('/etc'), { os: 3, attrs: 0o120777 << 16 }] })))).toBe('ARCHIVE_SYMLINK')
    expect(codeOf(() => readZip(zipSync({ 'in.kmz': utf8('x') })))).toBe('ARCHIVE_NESTED')
    zipLimits.maxEntries = 3
    expect(codeOf(() => readZip(zipSync({ a: utf8(''), b: utf8(''), c: utf8(''), d: utf8('') })))).toBe('ARCHIVE_TOO_MANY_ENTRIES')
    expect(codeOf(() => readZip(utf8('PK\u0003\u0004 but not really a zip archive at all')))).toBe('ARCHIVE_CORRUPT')
    const z = zipSync({ 'a.txt': utf8('hello') })
    expect(codeOf(() => readZip(z.subarray(0, z.length - 10)))).toBe('ARCHIVE_CORRUPT')
  })
})

describe('.prj', () => {
  const gk = (fe: number, cm: number, datum = 'D_China_2000') =>
    `PROJCS["x",GEOGCS["g",DATUM["${datum}",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",${fe}],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",${cm}],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`

  it('recognises CGCS2000 and WGS84 degrees and the CGCS2000 GK zones by their parameters or EPSG authority', () => {
    expect(sridOfPrj(prjCgcs2000)).toBe(4490)
    expect(sridOfPrj('GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]]')).toBe(4326)
    expect(sridOfPrj(gk(37500000, 111))).toBe(4525)
    expect(sridOfPrj(gk(500000, 111))).toBe(4546)
    expect(sridOfPrj(gk(36500000, 108))).toBe(4524)
    expect(sridOfPrj(gk(19500000, 111))).toBe(4497)
    expect(sridOfPrj('PROJCS["CGCS2000 / 3-degree Gauss-Kruger zone 37",GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]]],PROJECTION["Transverse_Mercator"],AUTHORITY["EPSG","4525"]]')).toBe(4525)
  })

  it('refuses other datums, projections and malformed text', () => {
    expect(codeOf(() => sridOfPrj(gk(37500000, 111, 'D_Xian_1980')))).toBe('CRS_UNSUPPORTED')
    expect(codeOf(() => sridOfPrj(gk(37500000, 112)))).toBe('CRS_UNSUPPORTED')
    expect(codeOf(() => sridOfPrj(gk(37500000, 111).replace('Gauss_Kruger', 'Lambert_Conformal_Conic')))).toBe('CRS_UNSUPPORTED')
    expect(codeOf(() => sridOfPrj('PROJCS["WGS 84 / Pseudo-Mercator",GEOGCS["WGS 84",DATUM["WGS_1984"]],AUTHORITY["EPSG","3857"]]'))).toBe('CRS_UNSUPPORTED')
    expect(codeOf(() => sridOfPrj('GEOGCS["x"'))).toBe('IMPORT_MALFORMED')
    expect(codeOf(() => sridOfPrj('['.repeat(100)))).toBe('IMPORT_MALFORMED')
  })
})

describe('Shapefile', () => {
  const fields = [{ name: 'DKBH', type: 'C' as const }, { name: 'QSDWMC', type: 'C' as const }, { name: 'MU', type: 'N' as const, decimals: 4 }, { name: '地类名称', type: 'C' as const }]
  // sq() runs clockwise: outer rings as the Shapefile rule has them; holes reversed.
  const records = [
    { parts: [[sq(110, 27.5, 0.001), sq(110.0003, 27.5003, 0.0002).reverse()]], values: ['A-1', '盈口乡炉天冲村三组', 16.424, '水田'] },
    { parts: [[sq(110.01, 27.5, 0.001)], [sq(110.02, 27.5, 0.001)]], values: ['A-2', null, null, null] },
  ]

  it('reads back what the writer wrote: rings by the orientation rule, GBK and UTF-8 attributes, numbers', () => {
    for (const encoding of ['gbk', 'utf-8'] as const) {
      const { shp, shx } = writeShpShx(records)
      const dbf = writeDbf(fields, records.map((r) => r.values), encoding)
      const result = parseShapefile(readZip(zipSync({ 'p.shp': shp, 'p.shx': shx, 'p.dbf': dbf, 'p.prj': utf8(prjCgcs2000), 'p.cpg': utf8(encoding) })), {})
      expect(result.encoding).toBe(encoding)
      expect(result.features.map((f) => f.parts.map((p) => p.length))).toEqual([[2], [1, 1]])
      // A field name is 10 bytes: 地类名称 fits in GBK (8 bytes) but is cut to 地类名 in UTF-8 (9 of 12 bytes).
      const zhName = encoding === 'gbk' ? '地类名称' : '地类名'
      expect(result.features[0]!.attributes).toEqual({ DKBH: 'A-1', QSDWMC: '盈口乡炉天冲村三组', MU: 16.424, [zhName]: '水田' })
      expect(result.features[1]!.attributes).toEqual({ DKBH: 'A-2', QSDWMC: null, MU: null, [zhName]: null })
      expect(result.features[0]!.properties).toEqual({ code: 'A-1', owner: '盈口乡炉天冲村三组' })
    }
  })

  it('follows the encoding parameter over the .cpg, and reports a .cpg that does not fit', () => {
    const { shp, shx } = writeShpShx(records)
    const dbf = writeDbf(fields, records.map((r) => r.values), 'gbk')
    const files = { 'p.shp': shp, 'p.shx': shx, 'p.dbf': dbf, 'p.prj': utf8(prjCgcs2000), 'p.cpg': utf8('UTF-8') }
    const lying = parseShapefile(readZip(zipSync(files)), {})
    expect(lying.features[0]!.attributes.QSDWMC).toBe('盈口乡炉天冲村三组')
    expect(lying.warnings).toContainEqual({ code: 'ENCODING_DECLARED_WRONG', params: { declared: 'UTF-8', encoding: 'gbk' } })
  })

  it('refuses records whose lengths or offsets leave the file, without allocating what they claim', () => {
    const { shp, shx } = writeShpShx(records)
    const bad = new Uint8Array(shp)
    new DataView(bad.buffer).setInt32(100 + 8 + 40, 0x7fffffff, true)
    expect(codeOf(() => readShp(bad, shx))).toBe('SHAPEFILE_CORRUPT')
    const parts = new Uint8Array(shp)
    new DataView(parts.buffer).setInt32(100 + 8 + 44, 3, true)
    expect(codeOf(() => readShp(parts, shx))).toBe('SHAPEFILE_CORRUPT')
    expect(codeOf(() => readShp(shp.subarray(0, 99), shx))).toBe('SHAPEFILE_CORRUPT')
    expect(codeOf(() => readShp(shp, shx.subarray(0, 105)))).toBe('SHAPEFILE_CORRUPT')
    const points = new Uint8Array(shp)
    new DataView(points.buffer).setInt32(32, 1, true)
    expect(codeOf(() => readShp(points, shx))).toBe('SHAPEFILE_NOT_POLYGON')
  })

  it('reads the dBASE header strictly', () => {
    const dbf = writeDbf(fields, records.map((r) => r.values), 'utf-8')
    expect(readDbf(dbf, { override: false }).records).toHaveLength(2)
    const wide = new Uint8Array(dbf)
    new DataView(wide.buffer).setUint16(10, 9999, true)
    expect(codeOf(() => readDbf(wide, { override: false }))).toBe('SHAPEFILE_CORRUPT')
    expect(codeOf(() => readDbf(dbf.subarray(0, 20), { override: false }))).toBe('SHAPEFILE_CORRUPT')
  })
})

describe('GeoJSON and KML', () => {
  it('flattens GeometryCollections of polygons, skips points, drops Z with a warning, keeps properties', () => {
    const r = parseGeojson(JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { 地块编号: 'G-1', n: { deep: 1 } }, geometry: { type: 'GeometryCollection', geometries: [{ type: 'Polygon', coordinates: [sq(110, 27.5, 0.001).map(([x, y]) => [x, y, 5])] }, { type: 'Point', coordinates: [110, 27.5] }] } },
        { type: 'Feature', properties: null, geometry: null },
      ],
    }))
    expect(r.features).toHaveLength(1)
    expect(r.features[0]!.properties.code).toBe('G-1')
    expect(r.features[0]!.attributes.n).toBe('{"deep":1}')
    expect(r.warnings.map((w) => w.code).sort()).toEqual(['FEATURES_SKIPPED', 'Z_DROPPED'])
  })

  it('honours a crs member naming CGCS2000 GK, and refuses others', () => {
    const gk = parseGeojson(JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4525' } }, features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [sq(37401229, 3048973, 50)] } }] }))
    expect(gk.features[0]!.crs).toEqual({ srid: 4525, zone: 37 })
    expect(codeOf(() => parseGeojson(JSON.stringify({ type: 'Polygon', crs: { type: 'name', properties: { name: 'EPSG:3857' } }, coordinates: [sq(12245143, 3185473, 100)] })))).toBe('CRS_UNSUPPORTED')
  })

  it('refuses metres under degrees (F08), broken JSON, and reports broken structure per feature', () => {
    expect(codeOf(() => parseGeojson(JSON.stringify({ type: 'Polygon', coordinates: [sq(401229, 3048973, 50)] })))).toBe('GEOM_COORD_OUT_OF_RANGE')
    expect(codeOf(() => parseGeojson('{"type":'))).toBe('IMPORT_MALFORMED')
    const r = parseGeojson(JSON.stringify({ type: 'Polygon', coordinates: [[[110, '27.5'], [110.001, 27.5], [110, 27.501], [110, 27.5]]] }))
    expect(r.features[0]!.issues[0]).toMatchObject({ code: 'GEOM_COORD_NOT_NUMBER' })
  })

  it('refuses a KML with a DOCTYPE before parsing it, and non-KML XML', () => {
    expect(codeOf(() => parseKml('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><kml/>'))).toBe('XML_DOCTYPE_NOT_ALLOWED')
    expect(codeOf(() => parseKml('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBe('IMPORT_FORMAT_MISMATCH')
    expect(codeOf(() => parseKml('<kml><Placemark></kml>'))).toBe('IMPORT_MALFORMED')
  })

  it('reads KML attributes without style noise', () => {
    const r = parseImport(fixture('in/kml-placemarks.kml'), 'auto')
    expect(r.features[0]!.attributes).toEqual({ name: 'KM-001', owner: '盈口乡炉天冲村三组', land_class: '0101' })
  })
})

describe('WKT and lon/lat', () => {
  it('reads POLYGON and MULTIPOLYGON with SRID, drops Z, and several geometries', () => {
    const r = parseWkt('SRID=4490;POLYGON Z((110 27.5 1, 110.001 27.5 1, 110.001 27.501 1, 110 27.5 1))\nMULTIPOLYGON(((110.01 27.5, 110.011 27.5, 110.011 27.501, 110.01 27.5)),((110.02 27.5, 110.021 27.5, 110.021 27.501, 110.02 27.5)))', {})
    expect(r.features.map((f) => f.parts.length)).toEqual([1, 2])
    expect(r.warnings.map((w) => w.code)).toEqual(['Z_DROPPED'])
    expect(codeOf(() => parseWkt('LINESTRING(110 27, 111 28)', {}))).toBe('GEOM_TYPE_NOT_ALLOWED')
    expect(codeOf(() => parseWkt('SRID=3857;POLYGON((0 0, 1 0, 1 1, 0 0))', {}))).toBe('CRS_UNSUPPORTED')
    expect(codeOf(() => parseWkt('POLYGON((110 27.5, 110.001', {}))).toBe('IMPORT_SYNTAX_ERROR')
  })

  it('refuses metres that do not fit the declared GK code, before PROJ sees them', () => {
    expect(codeOf(() => parseImport(utf8('SRID=4525;POLYGON((401229 3048973, 401279 3048973, 401279 3049023, 401229 3048973))'), 'wkt'))).toBe('COORDS_NOT_GK')
    expect(codeOf(() => parseImport(utf8('SRID=4546;POLYGON((1e300 3048973, 401279 3048973, 401279 3049023, 1e300 3048973))'), 'wkt'))).toBe('COORDS_NOT_GK')
    expect(parseImport(utf8('SRID=4546;POLYGON((401229 3048973, 401279 3048973, 401279 3049023, 401229 3048973))'), 'wkt').features[0]!.crs.srid).toBe(4546)
  })

  it('reads metre WKT as GK [easting, northing] with the zone from the prefix', () => {
    const r = parseWkt('POLYGON((37401229 3048973, 37401279 3048973, 37401279 3049023, 37401229 3048973))', {})
    expect(r.features[0]!.crs).toEqual({ srid: 4525, zone: 37 })
  })

  it('reads lon/lat pairs, swaps (lat, lon), and refuses metres', () => {
    const r = parseLonLat('110.0,27.5\n110.001,27.5\n110.001,27.501\n')
    expect(r.features[0]!.parts[0]![0]).toHaveLength(4)
    const swapped = parseLonLat('27.5 110.0 27.5 110.001 27.501 110.001')
    expect(swapped.warnings[0]!.code).toBe('LONLAT_SWAPPED')
    expect(swapped.features[0]!.parts[0]![0]![0]).toEqual([110.0, 27.5])
    expect(codeOf(() => parseLonLat('401229 3048973\n401279 3048973\n401279 3049023\n'))).toBe('GEOM_COORD_OUT_OF_RANGE')
  })
})

describe('format detection', () => {
  it('detects each format from magic bytes and content', () => {
    const cases: [string, string][] = [
      ['in/baopan-gbk.txt', 'baopan'], ['in/points-prefixed.txt', 'points'], ['in/lonlat-pairs.txt', 'lonlat'],
      ['in/wkt-polygon-hole.wkt', 'wkt'], ['in/geojson-fc.geojson', 'geojson'], ['in/kml-placemarks.kml', 'kml'],
      ['in/kmz-doc.kmz', 'kml'], ['in/shp-4525.zip', 'shp'],
    ]
    for (const [file, format] of cases) expect(parseImport(fixture(file), 'auto').format, file).toBe(format)
  })

  it('refuses binary files that are not what they claim, naming GeoPackage', () => {
    expect(codeOf(() => parseImport(utf8('SQLite format 3\u0000....'), 'auto'))).toBe('IMPORT_FORMAT_MISMATCH')
    expect(codeOf(() => parseImport(fixture('in/shp-4525.zip'), 'geojson'))).toBe('IMPORT_FORMAT_MISMATCH')
    expect(codeOf(() => parseImport(utf8('%PDF-1.7'), 'shp'))).toBe('IMPORT_FORMAT_MISMATCH')
    expect(codeOf(() => parseImport(utf8('hello world'), 'auto'))).toBe('IMPORT_FORMAT_UNKNOWN')
  })

  it('marks rings that are not closed or too short, in files that must close them', () => {
    const r = parseImport(utf8(JSON.stringify({ type: 'Polygon', coordinates: [[[110, 27.5], [110.001, 27.5], [110.001, 27.501], [110, 27.501]]] })), 'geojson')
    expect(r.features[0]!.issues).toEqual([{ path: 'geometry.coordinates[0][0]', code: 'GEOM_RING_NOT_CLOSED', at: [110, 27.5] }])
  })
})

describe('warning codes', () => {
  it('every warning has zh-CN and en text with the same placeholders', async () => {
    const { warningCodes, warningMessage } = await import('../../server/domain/issue-codes.ts')
    for (const [code, entry] of Object.entries(warningCodes)) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
      expect(names(entry.zh), code).toEqual(names(entry.en))
    }
    expect(warningMessage('ZONE_INFERRED', 'en', { zone: 37 })).toContain('zone 37')
  })
})
