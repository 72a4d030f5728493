/**
 * Tile hosts whose maps of China are drawn in a shifted datum: GCJ-02 (Amap/高德, Tencent/腾讯, Google's China
 * maps) or BD-09 (Baidu/百度, GCJ-02 shifted again). Parcels are CGCS2000 longitude/latitude; over such a basemap they
 * are drawn 540–650 m away from what they outline in Huaihua (area.md), and a parcel traced on it is stored that far
 * off (hostile-inputs G33). 天地图 (CGCS2000) and OSM (WGS84) are not shifted.
 */
const shiftedHosts: [RegExp, 'GCJ-02' | 'BD-09'][] = [
  [/(^|\.)(autonavi\.com|amap\.com)$/, 'GCJ-02'],
  [/(^|\.)(gtimg\.com|map\.qq\.com)$/, 'GCJ-02'],
  [/(^|\.)(google\.cn|googlecnapps\.cn)$/, 'GCJ-02'],
  [/(^|\.)(bdimg\.com|map\.baidu\.com|bdstatic\.com)$/, 'BD-09'],
]

/** The host of a tile URL template (`{z}`, `{s}` and the like may stand anywhere, so no URL parser). */
export function templateHost(template: string): string {
  return template.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '').split(/[/?#]/)[0]!.replace(/^[^@]*@/, '').replace(/:\d*$/, '')
}

/** The shifted datum a basemap URL template draws in, or null for a host not known to shift. */
export function shiftedDatumOf(template: string): 'GCJ-02' | 'BD-09' | null {
  const host = templateHost(template)
  return shiftedHosts.find(([re]) => re.test(host))?.[1] ?? null
}
