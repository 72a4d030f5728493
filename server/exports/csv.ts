import { encodeText, type ExportEncoding } from './encode.ts'
import { coordinatesOf, type ExportRow } from './rows.ts'

const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

/**
 * The boundary points (界址点) of each parcel as CSV: 地块编号, 圈号 (ring 1, 2, … across the parcel), 点号 (J1, J2, …;
 * the closing point repeats the first), X (northing) and Y (easting with the zone prefix) in CGCS2000 3° GK of the
 * parcel's zone to 4 decimals, 带号, and longitude/latitude to 9 decimals. Points in the same order as 报盘 TXT
 * (outer rings clockwise). The header row names the columns, so the file imports back as a boundary-point table.
 */
export function writePointsCsv(rows: ExportRow[], encoding: ExportEncoding): Uint8Array {
  const out = ['地块编号,圈号,点号,X(北),Y(东),带号,经度,纬度']
  for (const r of rows) {
    const gkParts = coordinatesOf(r.gk_json)
    const llParts = coordinatesOf(r.geometry_cw_json)
    let point = 0
    let ringNo = 0
    gkParts.forEach((part, p) =>
      part.forEach((ring, k) => {
        ringNo++
        const first = point + 1
        ring.forEach(([e, n], j) => {
          const name = j === ring.length - 1 ? first : ++point
          const [lon, lat] = llParts[p]![k]![j]!
          out.push(`${quote(r.code)},${ringNo},J${name},${n.toFixed(4)},${e.toFixed(4)},${r.gk_zone},${lon.toFixed(9)},${lat.toFixed(9)}`)
        })
      }))
  }
  return encodeText(out.join('\r\n') + '\r\n', encoding, { bom: encoding === 'utf-8' })
}
