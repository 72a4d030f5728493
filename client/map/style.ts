import type {
  ExpressionSpecification,
  LayerSpecification,
  RasterSourceSpecification,
  StyleSpecification,
} from 'maplibre-gl'
import { hechengLabelPoint, hechengOutlineApprox } from './hecheng-outline.ts'

/** Source and layer ids of the base style; the parcels' are in client/map/parcel-layers.ts. */
export const sourceIds = {
  basemap: 'basemap',
  outline: 'district-outline',
  outlineLabel: 'district-label',
} as const

export const layerIds = {
  background: 'background',
  basemap: 'basemap',
  outlineFill: 'district-outline-fill',
  outlineLine: 'district-outline-line',
  outlineLabel: 'district-label',
} as const

/**
 * The font stack of every label. The style has NO `glyphs` URL, so MapLibre (GL JS ≥ 5.11) draws every
 * character, Chinese, Latin and digits alike, in the browser with TinySDF from these locally installed fonts
 * (the stack becomes a CSS font-family list, `sans-serif` appended). Nothing is downloaded: no glyph PBFs, no web
 * fonts. Windows offices have Microsoft YaHei, Macs PingFang SC, Linux and CI Noto Sans CJK SC (Debian
 * `fonts-noto-cjk`); a machine with none of them still gets its default sans-serif CJK fallback.
 */
export const labelFont = ['Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', 'Source Han Sans SC', 'sans-serif']

/** Opacity of the district's pale fill on the plain background (0 over an online basemap). */
export const outlineFillOpacity = 0.9

/** Fill colour of parcels of a project missing from the list (e.g. created after the list was loaded). */
export const fallbackParcelColor = '#6b7280'

const hexColor = /^#[0-9a-fA-F]{6}$/

/**
 * The parcel fill colour: a `match` on the feature's `project_id` with each project's colour.
 * A colour that is not '#rrggbb' is ignored, so a bad value cannot break the style.
 */
export function projectColorExpression(projects: readonly { id: number; color: string }[]): ExpressionSpecification | string {
  const pairs: (number | string)[] = []
  const seen = new Set<number>()
  for (const p of projects) {
    if (!Number.isInteger(p.id) || seen.has(p.id) || !hexColor.test(p.color)) continue
    seen.add(p.id)
    pairs.push(p.id, p.color)
  }
  if (pairs.length === 0) return fallbackParcelColor
  return ['match', ['to-number', ['get', 'project_id']], ...pairs, fallbackParcelColor] as unknown as ExpressionSpecification
}

export interface StyleTexts {
  districtLabel: string
}

/**
 * The offline default style: a plain background, the approximate district outline and its label; the office map
 * adds the parcels (client/map/parcel-layers.ts) below the label.
 * It references no remote tiles, fonts or sprites, so the map works with no network beyond the app's server.
 */
export function offlineStyle(texts: StyleTexts): StyleSpecification {
  return {
    version: 8,
    // No `glyphs` and no `sprite`: see `labelFont`.
    sources: {
      [sourceIds.outline]: { type: 'geojson', data: hechengOutlineApprox },
      [sourceIds.outlineLabel]: { type: 'geojson', data: hechengLabelPoint },
    },
    layers: [
      { id: layerIds.background, type: 'background', paint: { 'background-color': '#eef1ec' } },
      {
        id: layerIds.outlineFill,
        type: 'fill',
        source: sourceIds.outline,
        paint: { 'fill-color': '#f8faf5', 'fill-opacity': outlineFillOpacity },
      },
      {
        id: layerIds.outlineLine,
        type: 'line',
        source: sourceIds.outline,
        paint: { 'line-color': '#8a8f7a', 'line-width': 2, 'line-dasharray': [4, 2] },
      },
      {
        id: layerIds.outlineLabel,
        type: 'symbol',
        source: sourceIds.outlineLabel,
        maxzoom: 14,
        layout: {
          'text-field': texts.districtLabel,
          'text-font': labelFont,
          'text-size': 16,
          'text-letter-spacing': 0.1,
        },
        paint: { 'text-color': '#5b6150', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
      },
    ],
  }
}

/**
 * The optional online basemap, drawn under the outline and the parcels.
 *
 * The parcels are CGCS2000 (≈ WGS84) longitude/latitude. A basemap in GCJ-02 (Amap/高德, Tencent/腾讯) is
 * deliberately shifted by the Chinese obfuscation, so at Huaihua the parcels would appear about 540–650 m
 * (≈ 590 m towards ESE at 110.0°E 27.55°N) away from the features beneath them. Configure a CGCS2000/WGS84
 * basemap (e.g. 天地图), never a GCJ-02 one, unless the parcels are transformed for display.
 */
export function basemapSource(url: string, attribution: string): RasterSourceSpecification {
  return { type: 'raster', tiles: [url], tileSize: 256, attribution, maxzoom: 18 }
}
