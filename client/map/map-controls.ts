import { AttributionControl, NavigationControl, ScaleControl, attributionText, type Map as MapLibreMap } from './maplibre.ts'

/** The UI strings the map needs, already in the UI language. */
export interface MapControlTexts {
  ariaLabel: string
  zoomIn: string
  zoomOut: string
  resetBearing: string
  toggleAttribution: string
  closePopup: string
  /** The district outline's caveat, shown in the attribution. */
  outlineAttribution: string
}

/** MapLibre's own UI strings (control tooltips) in the UI language. */
export function mapLocale(texts: MapControlTexts): Record<string, string> {
  return {
    'Map.Title': texts.ariaLabel,
    'NavigationControl.ZoomIn': texts.zoomIn,
    'NavigationControl.ZoomOut': texts.zoomOut,
    'NavigationControl.ResetBearing': texts.resetBearing,
    'AttributionControl.ToggleAttribution': texts.toggleAttribution,
    'Popup.Close': texts.closePopup,
  }
}

/**
 * The map's zoom buttons, scale and attribution. MapLibre reads a control's UI strings when it is added, so a
 * change of language rebuilds them (`show` again).
 */
export class MapControls {
  private shown: { nav: NavigationControl; scale: ScaleControl; attribution: AttributionControl } | null = null

  constructor(private readonly map: MapLibreMap) {}

  show(texts: MapControlTexts): void {
    const m = this.map
    Object.assign(m._locale, mapLocale(texts))
    if (this.shown) {
      m.removeControl(this.shown.nav)
      m.removeControl(this.shown.scale)
      m.removeControl(this.shown.attribution)
    }
    this.shown = {
      nav: new NavigationControl({ visualizePitch: false }),
      scale: new ScaleControl({ unit: 'metric' }),
      attribution: new AttributionControl({ compact: false, customAttribution: [attributionText(texts.outlineAttribution)] }),
    }
    m.addControl(this.shown.nav, 'bottom-right')
    m.addControl(this.shown.attribution, 'bottom-right')
    m.addControl(this.shown.scale, 'bottom-left')
  }
}
