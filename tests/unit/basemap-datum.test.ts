import geographiclib from 'geographiclib-geodesic'
import { MercatorCoordinate } from 'maplibre-gl'
import { describe, expect, it } from 'vitest'
import { basemapSource, offlineStyle } from '../../client/map/style.ts'
import { loadConfig } from '../../server/config.ts'
import { shiftedDatumOf } from '../../server/domain/shifted-basemaps.ts'

// hostile-inputs G33, the client half: a parcel traced over a GCJ-02 basemap is stored ~591 m off. The default map
// draws no basemap; a configured one must be CGCS2000/WGS84 (a GCJ-02 or BD-09 host stops the server at start); and
// over such a basemap a clicked control point comes back through MapLibre's own projection within 1 m.

const grs80 = new geographiclib.Geodesic.Geodesic(6378137, 1 / 298.257222101)
const metres = ([lon1, lat1]: [number, number], [lon2, lat2]: [number, number]) => grs80.Inverse(lat1, lon1, lat2, lon2).s12!

const tianditu = 'https://t0.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=T'
const shifted: [string, 'GCJ-02' | 'BD-09'][] = [
  ['https://webrd01.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}', 'GCJ-02'],
  ['https://wprd0{s}.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}&style=7', 'GCJ-02'],
  ['https://rt1.map.gtimg.com/tile?z={z}&x={x}&y={y}&styleid=1000&version=256', 'GCJ-02'],
  ['http://mt1.google.cn/vt/lyrs=m&hl=zh-CN&gl=cn&x={x}&y={y}&z={z}', 'GCJ-02'],
  ['https://maponline1.bdimg.com/tile/?qt=vtile&x={x}&y={y}&z={z}', 'BD-09'],
  ['HTTPS://WEBST02.IS.AUTONAVI.COM:443/appmaptile?x={x}&y={y}&z={z}', 'GCJ-02'],
]

describe('G33: the basemap is CGCS2000 or none', () => {
  it('draws no basemap by default: the offline style has no raster source', () => {
    const style = offlineStyle({ districtLabel: '鹤城区' })
    expect(Object.values(style.sources).filter((s) => s.type === 'raster')).toEqual([])
    expect(basemapSource(tianditu, '天地图')).toMatchObject({ type: 'raster', tiles: [tianditu], tileSize: 256 })
  })

  it('names GCJ-02 and BD-09 tile hosts, and no CGCS2000 or WGS84 one', () => {
    for (const [url, datum] of shifted) expect([url, shiftedDatumOf(url)]).toEqual([url, datum])
    for (const url of [tianditu, 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', 'https://notamap.com.example/{z}/{x}/{y}.png', 'https://amap.com.example.org/{z}/{x}/{y}']) {
      expect([url, shiftedDatumOf(url)]).toEqual([url, null])
    }
  })

  it('refuses to start with a GCJ-02 or BD-09 ZD_BASEMAP_URL, and starts with 天地图', () => {
    for (const [url, datum] of shifted) expect(() => loadConfig({ ZD_BASEMAP_URL: url })).toThrow(datum)
    expect(loadConfig({ ZD_BASEMAP_URL: tianditu }).basemapUrl).toBe(tianditu)
  })

  it('brings a control point clicked at z18 back within 1 m through MapLibre\'s projection; the GCJ-02 offset there is ~591 m', () => {
    // MapLibre's world is 512 px × 2^z wide; a click lands on a whole pixel (0.47 m at 27.5°N, z18).
    const worldSize = 512 * 2 ** 18
    for (const control of [[110.0, 27.5], [109.95, 27.55], [110.0123, 27.4877]] as [number, number][]) {
      const m = MercatorCoordinate.fromLngLat(control)
      const click = [Math.round(m.x * worldSize), Math.round(m.y * worldSize)]
      const back = new MercatorCoordinate(click[0]! / worldSize, click[1]! / worldSize).toLngLat()
      expect(metres(control, [back.lng, back.lat])).toBeLessThan(1)
    }
    // The same point read off a GCJ-02 basemap: S shifted as in hostile-inputs G33.
    expect(metres([110.0, 27.5], [110.00468, 27.496686])).toBeGreaterThan(550)
  })
})
