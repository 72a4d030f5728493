import fs from 'node:fs'
import path from 'node:path'
import { unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { writeBaopan } from '../../server/exports/baopan.ts'
import { writePointsCsv } from '../../server/exports/csv.ts'
import { encodeGbk } from '../../server/exports/encode.ts'
import { writeGeojson } from '../../server/exports/geojson.ts'
import { writeKml } from '../../server/exports/kml.ts'
import type { ExportRow } from '../../server/exports/rows.ts'
import { writeDbf, writeShapefile } from '../../server/exports/shapefile.ts'
import { contentDisposition } from '../../server/handlers/exports.ts'
import { readDbf } from '../../server/imports/dbf.ts'
import { Problem } from '../../server/problem.ts'

// Exporters as fixtures: tests/fixtures/exports/in/parcels.json (rows as sql/queries/exports.sql returns them,
// made by make-rows.ts) → out/<file>, byte for byte. REGEN=1 rewrites the goldens; review the diff like code.
const root = path.resolve('tests/fixtures/exports')
const rows: ExportRow[] = JSON.parse(fs.readFileSync(path.join(root, 'in/parcels.json'), 'utf8'))
const now = new Date('2024-06-01T02:00:00Z')

const outputs: [string, () => Uint8Array | string][] = [
  ['parcels.geojson', () => writeGeojson(rows, 'HC-2024-地块')],
  ['parcels.kml', () => writeKml(rows, 'HC-2024-地块')],
  ['parcels-utf8.txt', () => writeBaopan(rows, 'utf-8', now)],
  ['parcels-gbk.txt', () => writeBaopan(rows, 'gbk', now)],
  ['parcels.csv', () => writePointsCsv(rows, 'utf-8')],
  ['parcels-gbk.csv', () => writePointsCsv(rows, 'gbk')],
  ['parcels-shp.zip', () => writeShapefile(rows, 'utf-8', now)],
  ['parcels-shp-gbk.zip', () => writeShapefile(rows, 'gbk', now)],
]

describe('exporters: fixture goldens', () => {
  for (const [name, write] of outputs) {
    it(`writes out/${name} as recorded`, () => {
      const made = write()
      const bytes = typeof made === 'string' ? new TextEncoder().encode(made) : made
      const golden = path.join(root, 'out', name)
      if (process.env.REGEN === '1' || !fs.existsSync(golden)) {
        fs.mkdirSync(path.dirname(golden), { recursive: true })
        fs.writeFileSync(golden, bytes)
      }
      expect(Buffer.from(bytes).equals(fs.readFileSync(golden)), name).toBe(true)
    })
  }
})

describe('exporters: details', () => {
  it('writes 报盘 rings numbered across the parcel, each closed by repeating its first point', () => {
    const text = new TextDecoder().decode(writeBaopan(rows.slice(0, 1), 'utf-8', now))
    const lines = text.replace(/^\uFEFF/, '').split('\r\n')
    const start = lines.indexOf('[地块坐标]') + 1
    const header = lines[start]!.split(',')
    expect(header.slice(2)).toEqual(['Z37-001', '盈口乡炉天冲村三组', '面', '', '水田', '0101', '@'])
    expect(Number(header[0])).toBe(12)
    expect(header[1]).toBe((rows[0]!.area.planar_m2 / 10000).toFixed(4))
    const points = lines.slice(start + 1, start + 13).map((l) => l.split(','))
    expect(points.map((p) => `${p[0]}/${p[1]}`)).toEqual(['J1/1', 'J2/1', 'J3/1', 'J4/1', 'J5/1', 'J6/1', 'J1/1', 'J7/2', 'J8/2', 'J9/2', 'J10/2', 'J7/2'])
    expect(text).toContain('数据产生日期=2024-06-01')
  })

  it('keeps the Shapefile field names within 10 ASCII characters, with the sidecar naming them', () => {
    const files = unzipSync(writeShapefile(rows, 'utf-8', now))
    const { fields, records } = readDbf(files['parcels.dbf']!, { encoding: 'UTF-8', override: false })
    for (const f of fields) expect(f.name).toMatch(/^[A-Z0-9_]{1,10}$/)
    expect(records[0]).toMatchObject({ ID: 1, CODE: 'Z37-001', LAND_CLASS: '0101', LC_ZH: '水田', OWNER: '盈口乡炉天冲村三组', CLAIM_MU: 17.064, STATUS: 'approved', SURV_ZONE: 37, PROJECT: 'HC-2024' })
    expect(records[1]!.CLAIM_MU).toBeNull()
    const sidecar = new TextDecoder().decode(files['fields.csv']).replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(sidecar.length).toBe(fields.length + 1)
  })

  it('cuts a dBASE text value over 254 bytes at a character boundary', () => {
    const dbf = writeDbf([{ name: 'OWNER', type: 'C' }], [['村'.repeat(100)]], 'utf-8', now)
    const { records } = readDbf(dbf, { encoding: 'UTF-8', override: false })
    expect(records[0]!.OWNER).toBe('村'.repeat(84))
  })

  it('encodes GBK and refuses what GBK cannot hold', () => {
    expect([...encodeGbk('坐标A')]).toEqual([0xd7, 0xf8, 0xb1, 0xea, 0x41])
    expect(() => encodeGbk('𠀀')).toThrow(Problem)
  })

  it('names downloads with an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('HC-2024-地块-20240601.zip')).toBe(
      `attachment; filename="HC-2024-__-20240601.zip"; filename*=UTF-8''HC-2024-%E5%9C%B0%E5%9D%97-20240601.zip`)
    expect(contentDisposition('a"b;c%d\\e.txt')).toBe(`attachment; filename="a_b_c_d_e.txt"; filename*=UTF-8''a%22b%3Bc%25d%5Ce.txt`)
  })
})
