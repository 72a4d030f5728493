import { describe, expect, it } from 'vitest'
import type { ImportPreview, PreviewFeature } from '../../client/api/imports.ts'
import { emptyParcelForm, type ParcelFormValues } from '../../client/edit/parcel-form.ts'
import { commitProblemByFeature } from '../../client/panels/import-commit-problem.ts'
import { importCommitRequest } from '../../client/panels/import-commit-request.ts'
import { fieldMessages, fileIssues, otherCommitErrors, rowIssues, type ImportRows } from '../../client/panels/import-feature-issues.ts'
import { previewOverlays } from '../../client/panels/import-preview-overlays.ts'

// The import dialog's pure parts: what it sends on commit, how a refusal lands on the preview's features, which
// messages each field shows, and what it draws. Preview positions and positions sent differ once a feature is
// left out: these tests leave out the middle one of three.

const square = (x: number): PreviewFeature['geometry'] => ({
  type: 'Polygon',
  coordinates: [[[x, 27], [x + 0.001, 27], [x + 0.001, 27.001], [x, 27.001], [x, 27]]],
})
const feature = (index: number, extra: Partial<PreviewFeature> = {}): PreviewFeature => ({
  index,
  geometry: square(110 + index * 0.01),
  properties: { code: `P${index + 1}`, land_class: '0101', owner: '甲村', survey_zone: null },
  attributes: {},
  area: null,
  issues: [],
  conflicts: [],
  ...extra,
})
const preview = (features: PreviewFeature[]): ImportPreview => ({
  format: 'geojson',
  filename: 'a.geojson',
  source_crs: 'EPSG:4490',
  encoding: null,
  zone: 37,
  warnings: [],
  features,
})
const value = (code: string, extra: Partial<ParcelFormValues> = {}): ParcelFormValues => ({
  ...emptyParcelForm(null, 'surveyed'),
  code,
  land_class: '0101',
  owner: '甲村',
  ...extra,
})

describe('the import commit request', () => {
  it('sends the included features only, in one project and status, with the zone and the file provenance', () => {
    const p = preview([feature(0), feature(1), feature(2, { area_claim: { basis: 'gk3', decimals: 4, point_error_m: '0.05' } })])
    const request = importCommitRequest(p, [value('A'), value('B'), value(' C ')], [0, 2], { projectId: 7, status: 'approved', reason: '  ' })
    expect(request.project_id).toBe(7)
    expect(request.features.map((f) => f.properties.code)).toEqual(['A', 'C'])
    expect(request.features[1]).toMatchObject({ properties: { status: 'approved', survey_zone: 37 }, area_claim: { basis: 'gk3' } })
    expect(request.features[0]).not.toHaveProperty('area_claim')
    expect(request.source).toEqual({ format: 'geojson', filename: 'a.geojson', source_crs: 'EPSG:4490' })
    expect(request).not.toHaveProperty('reason')
  })
})

describe('a refused commit on the preview', () => {
  it('puts errors and overlaps on the preview positions and keeps what names no feature sent', () => {
    const sorted = commitProblemByFeature(
      {
        code: 'IMPORT_INVALID',
        errors: [
          { path: 'features[1].properties.code', code: 'PARCEL_CODE_TAKEN', message: 'taken' },
          { path: 'reason', code: 'FIELD_TOO_LONG' },
          { path: 'features[5].geometry', code: 'X' },
        ],
        conflicts: [
          { index: 0, other_index: 1, overlap_m2: '2.50' },
          { index: 9, overlap_m2: '1.00' },
        ],
      } as never,
      [0, 2],
    )
    expect([...sorted.errors]).toEqual([[2, [{ path: 'properties.code', code: 'PARCEL_CODE_TAKEN', message: 'taken' }]]])
    expect(sorted.other.map((e) => e.path)).toEqual(['reason', 'features[5].geometry'])
    expect([...sorted.conflicts]).toEqual([[0, [{ index: 2, other_index: undefined, overlap_m2: '2.50' }]]])
    expect(sorted.unplacedConflicts).toEqual([{ index: undefined, other_index: undefined, overlap_m2: '1.00' }])
  })
})

describe('the messages of a preview feature', () => {
  const byCode = (issue: { code: string }) => issue.code
  const rows = (over: Partial<ImportRows> = {}): ImportRows => ({
    features: [feature(0, { issues: [{ path: 'properties.land_class', code: 'UNKNOWN_LAND_CLASS', message: '地类不存在' }] })],
    values: [value('A', { land_class: '9999' })],
    fileValues: [value('A', { land_class: '9999' })],
    include: [true],
    landClasses: [{ code: '0101' }],
    targetProject: 7,
    submitted: false,
    commitErrors: new Map(),
    ...over,
  })

  it('shows a fault the server found in the file until the user changes that value', () => {
    expect(fieldMessages(rows(), 0, 'land_class', byCode)).toEqual(['地类不存在'])
    expect(fileIssues(rows({ values: [value('A', { land_class: '0101' })] }), 0)).toEqual([])
  })

  it("shows the client's own checks only after a commit was tried, and nothing for a feature left out", () => {
    const blank = { values: [value('A', { land_class: '' })], features: [feature(0)] }
    expect(fieldMessages(rows(blank), 0, 'land_class', byCode)).toEqual([])
    expect(fieldMessages(rows({ ...blank, submitted: true }), 0, 'land_class', byCode)).toEqual(['FIELD_REQUIRED'])
    expect(rowIssues(rows({ ...blank, include: [false] }), 0)).toEqual([])
  })

  it("splits the commit's errors into those of a field and the others", () => {
    const commitErrors = new Map([[0, [{ path: 'properties.code', message: 'taken' }, { path: 'geometry', message: 'bad ring' }]]])
    const r = rows({ features: [feature(0)], values: [value('A')], commitErrors })
    expect(fieldMessages(r, 0, 'code', byCode)).toEqual(['taken'])
    expect(otherCommitErrors(r, 0)).toEqual([{ path: 'geometry', message: 'bad ring' }])
  })
})

describe('the preview on the map', () => {
  it("labels features with the user's code (else #n), fits to them alone, and adds the overlapping shapes", () => {
    const overlap = square(120)
    const p = preview([feature(0), feature(1, { geometry: null }), feature(2, { conflicts: [{ id: 5, code: 'OLD-5', overlap_m2: '1.00', geometry: overlap }] })])
    const { overlays, fit } = previewOverlays(p, [value('A'), value(''), value(' ')], new Map([[5, { code: 'OLD-5', geometry: square(130) as never }]]), new Map())
    expect(overlays.map((o) => [o.properties.kind, o.properties.label])).toEqual([
      ['preview', 'A'],
      ['preview', '#3'],
      ['conflict', 'OLD-5'],
      ['conflict', 'OLD-5'],
    ])
    expect(fit).toEqual([110, 27, 110.021, 27.001])
  })
})
