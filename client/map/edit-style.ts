import type { LayerSpecification } from 'maplibre-gl'
import { labelFont } from './style.ts'

/** The source of the editing session's marks (client/edit/marks.ts): lengths, issues, chosen vertex, holes, line. */
export const editMarksSourceId = 'edit-marks'

export const editMarkLayerIds = {
  line: 'edit-marks-line',
  issue: 'edit-marks-issue',
  vertex: 'edit-marks-vertex',
  label: 'edit-marks-label',
} as const

/**
 * The marks' layers, drawn above the drawing tool's own: holes and the split line as lines, an issue as a red
 * ring with a cross-hair (the self-intersection point), the chosen vertex as a larger blue ring, and the
 * segment length labels.
 */
export function editMarkLayers(): LayerSpecification[] {
  return [
    {
      id: editMarkLayerIds.line,
      type: 'line',
      source: editMarksSourceId,
      filter: ['in', ['get', 'kind'], ['literal', ['hole', 'line']]],
      paint: {
        'line-color': ['match', ['get', 'kind'], 'line', '#b91c1c', '#1d4ed8'],
        'line-width': ['match', ['get', 'kind'], 'line', 3, 2],
      },
    },
    {
      id: editMarkLayerIds.issue,
      type: 'circle',
      source: editMarksSourceId,
      filter: ['==', ['get', 'kind'], 'issue'],
      paint: {
        'circle-radius': 9,
        'circle-color': 'rgba(220, 38, 38, 0.25)',
        'circle-stroke-color': '#dc2626',
        'circle-stroke-width': 3,
      },
    },
    {
      id: editMarkLayerIds.vertex,
      type: 'circle',
      source: editMarksSourceId,
      filter: ['==', ['get', 'kind'], 'vertex'],
      paint: {
        'circle-radius': 8,
        'circle-color': 'rgba(37, 99, 235, 0.2)',
        'circle-stroke-color': '#1d4ed8',
        'circle-stroke-width': 2.5,
      },
    },
    {
      id: editMarkLayerIds.label,
      type: 'symbol',
      source: editMarksSourceId,
      filter: ['==', ['get', 'kind'], 'segment'],
      layout: {
        'text-field': ['get', 'label'],
        'text-font': labelFont,
        'text-size': 11,
        'text-offset': [0, -0.8],
        'text-allow-overlap': false,
      },
      paint: { 'text-color': '#1e3a8a', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    },
  ]
}
