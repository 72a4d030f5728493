// The public approximation of the GCJ-02 offset (the coordinates of Amap/Gaode and Tencent maps), used by the demo
// generators to plant one area claim whose outline was traced on a GCJ-02 basemap and then taken as CGCS2000.
// Krasovsky semi-major axis and eccentricity², as in the widely published formula; about 590 m towards ESE at
// 110.0°E 27.55°N (shared/design/area.md).

type Position = [number, number] // [lon, lat]

const A = 6378245.0
const EE = 0.006693421622965943

function offsetLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3
  return r
}

function offsetLon(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3
  return r
}

/** WGS84 (≈ CGCS2000) longitude/latitude → GCJ-02, by the public formula. */
export function wgs84ToGcj02([lon, lat]: Position): Position {
  const dLat0 = offsetLat(lon - 105, lat - 35)
  const dLon0 = offsetLon(lon - 105, lat - 35)
  const radLat = (lat / 180) * Math.PI
  const magic = 1 - EE * Math.sin(radLat) ** 2
  const sqrtMagic = Math.sqrt(magic)
  const dLat = (dLat0 * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI)
  const dLon = (dLon0 * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI)
  return [lon + dLon, lat + dLat]
}

/** A closed ring moved to GCJ-02, each coordinate rounded to 8 decimals as every demo vertex is. */
export function gcj02Ring(ring: Position[]): Position[] {
  const round8 = (v: number): number => Math.round(v * 1e8) / 1e8
  return ring.map((p) => {
    const [lon, lat] = wgs84ToGcj02(p)
    return [round8(lon), round8(lat)]
  })
}
