import { describe, expect, it } from 'vitest'
import {
  agreementColors,
  agreementStatuses,
  countParcels,
  parcelFillColor,
  parcelFillOpacity,
  parcelStatusClass,
  paymentColors,
  paymentStatuses,
} from '../../client/map/color-modes.ts'
import {
  buildingClass,
  buildingClasses,
  buildingColors,
  buildingMapFeatures,
  countRecords,
  graveMapFeatures,
  layersOf,
  recordLayers,
} from '../../client/map/record-layers.ts'
import type { BuildingFeature } from '../../client/api/buildings.ts'
import { recordListQuery } from '../../client/api/record-query.ts'
import type { GraveFeature } from '../../client/api/graves.ts'
import { fallbackParcelColor } from '../../client/map/style.ts'

// The map's thematic styles: parcels coloured by agreement or payment status, buildings by legal status, graves,
// and the counts the legend shows. Pure functions over the server's properties: no MapLibre, no DOM.

/** sRGB '#rrggbb' → CIE L*a*b* (D65), after an optional colour-vision-deficiency simulation on linear RGB. */
function lab(hex: string, cvd: number[][] | null): [number, number, number] {
  const lin = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  const rgb = cvd ? cvd.map((row) => Math.min(1, Math.max(0, row[0]! * lin[0]! + row[1]! * lin[1]! + row[2]! * lin[2]!))) : lin
  const [r, g, b] = rgb as [number, number, number]
  const X = 0.4124 * r + 0.3576 * g + 0.1805 * b
  const Y = 0.2126 * r + 0.7152 * g + 0.0722 * b
  const Z = 0.0193 * r + 0.1192 * g + 0.9505 * b
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116)
  return [116 * f(Y) - 16, 500 * (f(X / 0.95047) - f(Y)), 200 * (f(Y) - f(Z / 1.08883))]
}

/** Machado, Oliveira & Fernandes (2009) simulation matrices at severity 1.0. */
const deficiencies: Record<string, number[][]> = {
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
  tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.3039]],
}

function minPairDistance(colors: readonly string[], cvd: number[][] | null): number {
  let min = Infinity
  for (let i = 0; i < colors.length; i++) {
    for (let j = i + 1; j < colors.length; j++) {
      const a = lab(colors[i]!, cvd)
      const b = lab(colors[j]!, cvd)
      min = Math.min(min, Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]))
    }
  }
  return min
}

describe('the status and building palettes', () => {
  const palettes = {
    agreement: agreementStatuses.map((s) => agreementColors[s]),
    payment: paymentStatuses.map((s) => paymentColors[s]),
    buildings: buildingClasses.map((c) => buildingColors[c]),
  }

  it('keeps every pair of classes apart (ΔE ≥ 20) with normal vision and with protanopia, deuteranopia, tritanopia', () => {
    for (const [name, colors] of Object.entries(palettes)) {
      expect(new Set(colors).size, name).toBe(colors.length)
      expect(minPairDistance(colors, null), name).toBeGreaterThanOrEqual(20)
      for (const [cvd, matrix] of Object.entries(deficiencies)) {
        expect(minPairDistance(colors, matrix), `${name} ${cvd}`).toBeGreaterThanOrEqual(20)
      }
    }
  })

  it('gives the status classes lightness at least 10 apart, so they also differ in greyscale print', () => {
    const lightness = palettes.agreement.map((c) => lab(c, null)[0]).sort((a, b) => a - b)
    for (let i = 1; i < lightness.length; i++) expect(lightness[i]! - lightness[i - 1]!).toBeGreaterThanOrEqual(10)
  })

  it('does not use the fallback grey (a parcel without a status) for any class', () => {
    expect([...palettes.agreement, ...palettes.payment]).not.toContain(fallbackParcelColor)
  })
})

describe('parcel colour modes', () => {
  const projects = [
    { id: 1, color: '#aa0000' },
    { id: 2, color: '#00aa00' },
  ]

  it('fills by project colour in the project mode', () => {
    expect(parcelFillColor('project', projects)).toEqual(['match', ['to-number', ['get', 'project_id']], 1, '#aa0000', 2, '#00aa00', fallbackParcelColor])
  })

  it('fills by the agreement and payment feature-state in the status modes, grey for anything else', () => {
    expect(parcelFillColor('agreement', projects)).toEqual([
      'match', ['feature-state', 'agreement'],
      'no_households', agreementColors.no_households,
      'none_signed', agreementColors.none_signed,
      'partly_signed', agreementColors.partly_signed,
      'all_signed', agreementColors.all_signed,
      fallbackParcelColor,
    ])
    expect(parcelFillColor('payment', [])).toEqual([
      'match', ['feature-state', 'payment'],
      'no_items', paymentColors.no_items,
      'unpaid', paymentColors.unpaid,
      'partly_paid', paymentColors.partly_paid,
      'paid', paymentColors.paid,
      fallbackParcelColor,
    ])
  })

  it('draws status colours more opaque than project tints', () => {
    const base = (mode: 'project' | 'agreement') => parcelFillOpacity(mode).at(-1) as number
    expect(base('project')).toBe(0.4)
    expect(base('agreement')).toBeGreaterThan(base('project'))
  })

  it('classes a parcel by the mode, ignoring unknown or missing statuses', () => {
    const p = { agreement_status: 'partly_signed', payment_status: 'bogus' }
    expect(parcelStatusClass('agreement', p)).toBe('partly_signed')
    expect(parcelStatusClass('payment', p)).toBeNull()
    expect(parcelStatusClass('project', p)).toBeNull()
    expect(parcelStatusClass('agreement', {})).toBeNull()
  })

  it('counts whole projects per project and per status class, from their states where loaded', () => {
    const counts = countParcels([
      { project_id: 3, parcels: 99, states: [[30, 'all_signed', 'paid'], [31, 'no_households', 'paid']] },
      // A status this client does not know counts in the total and its project, in no class.
      { project_id: 1, parcels: 2, states: [[10, 'none_signed', 'unpaid'], [11, 'bogus' as never, 'bogus' as never]] },
      // States not loaded (the project colour mode): the project list's count.
      { project_id: 5, parcels: 7, states: null },
    ])
    expect(counts.total).toBe(11)
    expect(counts.byProject).toEqual({ 1: 2, 3: 2, 5: 7 })
    expect(counts.agreement).toEqual({ no_households: 1, none_signed: 1, partly_signed: 0, all_signed: 1 })
    expect(counts.payment).toEqual({ no_items: 0, unpaid: 1, partly_paid: 0, paid: 2 })
  })
})

describe('building and grave layers', () => {
  const building = (id: number, legal_status: BuildingFeature['properties']['legal_status'], demolished_on: string | null): BuildingFeature => ({
    type: 'Feature',
    id,
    geometry: { type: 'MultiPolygon', coordinates: [[[[110, 27.5], [110.001, 27.5], [110.001, 27.501], [110, 27.5]]]] },
    properties: {
      id, project_id: 3, parcel_id: 30 + id, household_id: null, code: `F${id}`, structure: 'simple', floors: 1,
      floor_area_m2: '230.00', use: 'residential', legal_status, demolished_on, notes: null, footprint_area_m2: 230.1,
      version: 1, updated_at: '2026-01-01T00:00:00Z', updated_by: 'demo',
    },
  })
  const grave = (id: number, coffins: number, relocated_on: string | null): GraveFeature => ({
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: [110, 27.5] },
    properties: {
      id, project_id: 3, parcel_id: id === 9 ? null : 31, household_id: null, code: `G${id}`, coffins, relocated_on,
      notes: null, version: 1, updated_at: '2026-01-01T00:00:00Z', updated_by: 'demo',
    },
  })

  it('classes a standing building by its legal status and a demolished one as demolished', () => {
    expect(buildingClass(building(1, 'temporary', null).properties)).toBe('temporary')
    expect(buildingClass(building(2, 'licensed', '2021-05-01').properties)).toBe('demolished')
  })

  it('hands the layers only id, parcel, code and class (buildings) or the coffin text (graves)', () => {
    expect(buildingMapFeatures([building(1, 'unlicensed', null)])[0]!.properties).toEqual({ id: 1, parcel_id: 31, code: 'F1', class: 'unlicensed' })
    expect(graveMapFeatures([grave(9, 4, '2021-03-15')])[0]!.properties).toEqual({
      id: 9, parcel_id: null, code: 'G9', coffins: '4', relocated: true,
    })
  })

  it('counts buildings per class, graves and coffins for the legend', () => {
    const counts = countRecords(
      [building(1, 'temporary', null), building(2, 'temporary', null), building(3, 'licensed', '2021-01-02')],
      [grave(1, 3, null), grave(2, 2, '2021-03-15')],
    )
    expect(counts).toEqual({
      buildings: { licensed: 0, recognised: 0, temporary: 2, unlicensed: 0, demolished: 1 },
      graves: 2,
      coffins: 5,
    })
  })

  it('toggles exactly the layers it defines, each drawn from zoom 15 on', () => {
    const layers = recordLayers()
    const ids = layers.map((l) => l.id)
    expect([...layersOf.buildings, ...layersOf.graves].sort()).toEqual([...ids].sort())
    for (const l of layers) expect(l.minzoom ?? 0).toBeGreaterThanOrEqual(15)
  })

  it('asks the record lists for a bbox and filters in the query string', () => {
    expect(recordListQuery({ bbox: [110.0221, 27.548, 110.0239, 27.5491], project: 3 })).toBe(
      '?bbox=110.022100%2C27.548000%2C110.023900%2C27.549100&project=3',
    )
    expect(recordListQuery({})).toBe('')
  })
})
