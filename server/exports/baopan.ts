import { encodeText, type ExportEncoding } from './encode.ts'
import { coordinatesOf, type ExportRow } from './rows.ts'

/** A value in a comma-separated 报盘 line: commas would split it, so they become full-width commas. */
const cell = (s: string) => s.replace(/[,\r\n]/g, (c) => (c === ',' ? '，' : ' '))

/** `YYYY-MM-DD` of a date in China Standard Time. */
function dateCst(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

/**
 * 报盘 TXT (the 国土资源部 coordinate exchange format): the `[属性描述]` header, then per parcel a line
 * `界址点数,地块面积,地块编号,地块名称,面,图幅号,地块用途,地类编码,@` and its `点号,圈号,X,Y` lines, in CGCS2000 3°
 * Gauss-Krüger coordinates of the parcel's zone (its survey zone, else its centroid's) with the zone prefix on
 * Y, to 4 decimals (0.1 mm). 地块面积 is the planar GK area of zd_area in 公顷 (4 decimals); 地块名称 carries the owner
 * collective, 地块用途 the land class name. Rings are numbered 1, 2, … across the parcel, points J1, J2, … with
 * each ring closed by repeating its first point. CRLF line ends; UTF-8 with a byte-order mark, or GBK.
 */
export function writeBaopan(rows: ExportRow[], encoding: ExportEncoding, now = new Date()): Uint8Array {
  const zones = new Map<number, number>()
  for (const r of rows) zones.set(r.gk_zone, (zones.get(r.gk_zone) ?? 0) + 1)
  // The header names one zone: the most common; parcels in another zone say theirs through the Y prefix.
  const zone = [...zones.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? ''
  const out = [
    '[属性描述]',
    '格式版本号=1.01版本',
    '数据产生单位=征地一张图 Zhengdi',
    `数据产生日期=${dateCst(now)}`,
    '坐标系=2000国家大地坐标系',
    '几度分带=3',
    '投影类型=高斯克吕格',
    '计量单位=米',
    `带号=${zone}`,
    '精度=0.0001',
    '转换参数=,,,,,,',
    '[地块坐标]',
  ]
  for (const r of rows) {
    const lines: string[] = []
    let point = 0
    let ringNo = 0
    for (const part of coordinatesOf(r.gk_json)) {
      for (const ring of part) {
        ringNo++
        const first = point + 1
        ring.forEach(([e, n], k) => {
          // The closing position repeats the ring's first point and its number.
          const name = k === ring.length - 1 ? first : ++point
          lines.push(`J${name},${ringNo},${n.toFixed(4)},${e.toFixed(4)}`)
        })
      }
    }
    const hectares = (r.area.planar_m2 / 10000).toFixed(4)
    out.push(`${lines.length},${hectares},${cell(r.code)},${cell(r.owner)},面,,${cell(r.land_class_zh)},${r.land_class},@`)
    out.push(...lines)
  }
  return encodeText(out.join('\r\n') + '\r\n', encoding, { bom: encoding === 'utf-8' })
}
