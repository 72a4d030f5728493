import type { ImportConflict, ImportPreview } from '../api/imports.ts'
import type { ParcelFormValues } from '../edit/parcel-form.ts'
import { bboxOfFeatures, type LonLatBBox } from '../map/geometry.ts'
import type { OverlayFeature } from '../map/overlays.ts'

/** An existing parcel a feature overlaps, fetched for the map. */
export interface ConflictShape {
  code: string
  geometry: OverlayFeature['geometry']
}

/**
 * The preview on the map: each feature labelled with the code the user gave it (else `#n`), the existing parcels
 * they overlap and the overlapping parts (of the preview and of a refused commit). `fit` is the box of the
 * features alone, the view to show them in.
 */
export function previewOverlays(
  preview: ImportPreview,
  values: readonly ParcelFormValues[],
  conflictShapes: ReadonlyMap<number, ConflictShape>,
  commitConflicts: ReadonlyMap<number, ImportConflict[]>,
): { overlays: OverlayFeature[]; fit: LonLatBBox | null } {
  const overlays: OverlayFeature[] = []
  preview.features.forEach((f, i) => {
    if (!f.geometry) return
    const code = values[i]?.code.trim()
    overlays.push({
      type: 'Feature',
      geometry: f.geometry,
      properties: { kind: 'preview', label: code ? code : `#${f.index + 1}` },
    })
  })
  const fit = bboxOfFeatures(overlays)
  for (const [, shape] of conflictShapes) {
    overlays.push({ type: 'Feature', geometry: shape.geometry, properties: { kind: 'conflict', label: shape.code } })
  }
  for (const c of [...preview.features.flatMap((f) => f.conflicts), ...[...commitConflicts.values()].flat()]) {
    if (c.geometry) overlays.push({ type: 'Feature', geometry: c.geometry as OverlayFeature['geometry'], properties: { kind: 'conflict', label: c.code ?? '' } })
  }
  return { overlays, fit }
}
