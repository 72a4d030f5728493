import { describe, expect, it } from 'vitest'
import {
  emptyParcelForm,
  fieldOfPath,
  parcelFormFromFeature,
  toParcelProperties,
  validateParcelForm,
  type ParcelFormValues,
} from '../../client/edit/parcel-form.ts'
import { parseParcelFeature } from '../../server/schemas/parcel-feature.ts'
import { scanJsonBody } from '../../server/schemas/json-body.ts'

// The form must accept exactly what the server accepts, and name a fault with the server's code and path.
// The server's own edge checks (parseParcelFeature, scanJsonBody) are the yardstick here, not a copy of them.

const landClasses = [{ code: '0101' }, { code: '0103' }, { code: '1006' }]
const square = {
  type: 'Polygon' as const,
  coordinates: [[[110.0, 27.55], [110.001, 27.55], [110.001, 27.551], [110.0, 27.551], [110.0, 27.55]]],
}

function valid(overrides: Partial<ParcelFormValues> = {}): ParcelFormValues {
  return {
    project_id: 3,
    code: 'HC-2024-017',
    land_class: '0101',
    owner: '城南村第三村民小组',
    claimed_area_mu: '12.3456',
    status: 'surveyed',
    ...overrides,
  }
}

/** What the server's edge says about these form values once the client has turned them into a body. */
function serverVerdict(values: ParcelFormValues): { path: string; code: string }[] {
  // The body the client would send if it did not check first: the raw texts, exactly as typed.
  const properties: Record<string, unknown> = {
    project_id: values.project_id ?? undefined,
    code: values.code,
    land_class: values.land_class === '' ? undefined : values.land_class,
    owner: values.owner,
    status: values.status,
  }
  if (values.claimed_area_mu.trim() !== '') properties.claimed_area_mu = values.claimed_area_mu
  const body = { type: 'Feature', geometry: square, properties }
  const scanned = scanJsonBody(body)
  if (scanned !== 'too-deep' && scanned.length) return scanned.map((i) => ({ path: i.path, code: i.code }))
  return parseParcelFeature(body).issues.map((i) => ({ path: i.path, code: i.code }))
}

describe('validateParcelForm', () => {
  it('accepts a complete form, and the server accepts its properties', () => {
    const values = valid()
    expect(validateParcelForm(values, landClasses)).toEqual([])
    expect(serverVerdict(values)).toEqual([])
    const props = toParcelProperties(values)
    expect(parseParcelFeature({ type: 'Feature', geometry: square, properties: props }).issues).toEqual([])
  })

  it('lists every missing field with FIELD_REQUIRED at the server path', () => {
    const issues = validateParcelForm(emptyParcelForm(), landClasses)
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['properties.project_id', 'FIELD_REQUIRED'],
      ['properties.code', 'FIELD_REQUIRED'],
      ['properties.land_class', 'FIELD_REQUIRED'],
      ['properties.owner', 'FIELD_REQUIRED'],
    ])
    for (const issue of issues) {
      expect(serverVerdict(emptyParcelForm())).toContainEqual({ path: issue.path, code: 'FIELD_REQUIRED' })
    }
  })

  it('treats a code or owner of only spaces as missing, as the server trims', () => {
    const values = valid({ code: '   ', owner: '\u3000 ' })
    expect(validateParcelForm(values, landClasses).map((i) => [i.path, i.code])).toEqual([
      ['properties.code', 'FIELD_REQUIRED'],
      ['properties.owner', 'FIELD_REQUIRED'],
    ])
    expect(serverVerdict(values)).toEqual([
      { path: 'properties.code', code: 'FIELD_REQUIRED' },
      { path: 'properties.owner', code: 'FIELD_REQUIRED' },
    ])
  })

  it('counts length in code points after NFC, at the limits 64 and 200', () => {
    // 𠀀 is one code point but two UTF-16 units; e + combining acute is one code point after NFC.
    const atLimit = valid({ code: '𠀀'.repeat(64), owner: 'e\u0301'.repeat(200) })
    expect(validateParcelForm(atLimit, landClasses)).toEqual([])
    expect(serverVerdict(atLimit)).toEqual([])

    const over = valid({ code: 'A'.repeat(65), owner: '村'.repeat(201) })
    expect(validateParcelForm(over, landClasses)).toEqual([
      { path: 'properties.code', code: 'FIELD_TOO_LONG', params: { max: 64 } },
      { path: 'properties.owner', code: 'FIELD_TOO_LONG', params: { max: 200 } },
    ])
    expect(serverVerdict(over)).toEqual([
      { path: 'properties.code', code: 'FIELD_TOO_LONG' },
      { path: 'properties.owner', code: 'FIELD_TOO_LONG' },
    ])
  })

  it('refuses NUL and other control characters and lone surrogates as the server does', () => {
    const nul = valid({ owner: '城南村\u0000' })
    expect(validateParcelForm(nul, landClasses)).toEqual([{ path: 'properties.owner', code: 'INVALID_CHARACTER' }])
    expect(serverVerdict(nul)).toEqual([{ path: 'properties.owner', code: 'INVALID_CHARACTER' }])
    const surrogate = valid({ code: 'A\uD800' })
    expect(validateParcelForm(surrogate, landClasses)).toEqual([{ path: 'properties.code', code: 'INVALID_UNICODE' }])
    expect(serverVerdict(surrogate)).toEqual([{ path: 'properties.code', code: 'INVALID_UNICODE' }])
    // A tab inside a name is allowed on both sides.
    expect(validateParcelForm(valid({ owner: '城南\t村' }), landClasses)).toEqual([])
    expect(serverVerdict(valid({ owner: '城南\t村' }))).toEqual([])
  })

  it('takes the claimed area as decimal text with at most 4 places, exactly the server rule', () => {
    const accepted = ['0', '12', '12.3', '12.3456', '0.0001', '9999999999.9999', ' 7.5 ', '']
    const refused = ['12.34567', '-1', '+1', '1e3', '1,5', '.5', '5.', '12 .3', '１２', '10000000000', 'NaN', 'Infinity', '0x10']
    for (const a of accepted) {
      expect(validateParcelForm(valid({ claimed_area_mu: a }), landClasses), a).toEqual([])
      expect(serverVerdict(valid({ claimed_area_mu: a })), a).toEqual([])
    }
    for (const r of refused) {
      expect(validateParcelForm(valid({ claimed_area_mu: r }), landClasses), r).toEqual([
        { path: 'properties.claimed_area_mu', code: 'FIELD_INVALID', params: { why: 'decimal' } },
      ])
      expect(serverVerdict(valid({ claimed_area_mu: r })), r).toEqual([{ path: 'properties.claimed_area_mu', code: 'FIELD_INVALID' }])
    }
  })

  it('checks the land class format like the server, and membership in the GB/T 21010 list like the handler', () => {
    for (const bad of ['101', '01010', 'abcd', '０１０１']) {
      expect(validateParcelForm(valid({ land_class: bad }), landClasses)).toEqual([
        { path: 'properties.land_class', code: 'FIELD_INVALID', params: { why: 'land_class_format' } },
      ])
      expect(serverVerdict(valid({ land_class: bad }))).toEqual([{ path: 'properties.land_class', code: 'FIELD_INVALID' }])
    }
    expect(validateParcelForm(valid({ land_class: '0999' }), landClasses)).toEqual([
      { path: 'properties.land_class', code: 'UNKNOWN_LAND_CLASS', params: { code: '0999' } },
    ])
    // The list not loaded yet: only the format is checked; the server still has the last word.
    expect(validateParcelForm(valid({ land_class: '0999' }), [])).toEqual([])
  })

  it('names a project outside the given list and a status the server does not know', () => {
    expect(validateParcelForm(valid({ project_id: 9 }), landClasses, [1, 3])).toEqual([
      { path: 'properties.project_id', code: 'UNKNOWN_PROJECT', params: { id: 9 } },
    ])
    expect(validateParcelForm(valid({ project_id: 0 }), landClasses)).toEqual([
      { path: 'properties.project_id', code: 'FIELD_INVALID', params: { why: 'project' } },
    ])
    const badStatus = valid({ status: 'archived' as ParcelFormValues['status'] })
    expect(validateParcelForm(badStatus, landClasses)).toEqual([
      { path: 'properties.status', code: 'FIELD_INVALID', params: { why: 'status' } },
    ])
    expect(serverVerdict(badStatus)).toEqual([{ path: 'properties.status', code: 'FIELD_INVALID' }])
  })
})

describe('parcelFormFromFeature', () => {
  it('reads an API parcel, keeping the claimed area as the server wrote it', () => {
    const values = parcelFormFromFeature({
      properties: {
        project_id: 2, code: 'P-1', land_class: '0103', owner: '坨院村', claimed_area_mu: '3.2000', status: 'approved',
      },
    })
    expect(values).toEqual({
      project_id: 2, code: 'P-1', land_class: '0103', owner: '坨院村', claimed_area_mu: '3.2000', status: 'approved',
    })
  })

  it('fills an imported feature from the file attributes it has, and leaves the rest empty', () => {
    const values = parcelFormFromFeature(
      { properties: { code: 'J1', owner: null, claimed_area_mu: 1.25, land_class: undefined } },
      { project_id: 4, status: 'surveyed' },
    )
    expect(values).toEqual({ project_id: 4, code: 'J1', land_class: '', owner: '', claimed_area_mu: '1.25', status: 'surveyed' })
    expect(parcelFormFromFeature({ properties: null })).toEqual(emptyParcelForm())
    expect(parcelFormFromFeature({ properties: { status: 'bogus', project_id: -1 } }, { project_id: 7 })).toEqual(emptyParcelForm(7))
  })
})

describe('toParcelProperties', () => {
  it('sends NFC, trimmed texts, the claimed area as text (never a float) and null for none', () => {
    const props = toParcelProperties(valid({ code: '  Cafe\u0301 ', owner: ' 城南村 ', claimed_area_mu: ' 0.1000 ' }))
    expect(props).toEqual({
      project_id: 3, code: 'Café', land_class: '0101', owner: '城南村', claimed_area_mu: '0.1000', status: 'surveyed',
    })
    expect(typeof props.claimed_area_mu).toBe('string')
    expect(toParcelProperties(valid({ claimed_area_mu: '' })).claimed_area_mu).toBeNull()
  })

  it('carries an existing survey zone through an attribute edit', () => {
    expect(toParcelProperties(valid(), { survey_zone: 37 }).survey_zone).toBe(37)
    expect(toParcelProperties(valid(), { survey_zone: null }).survey_zone).toBeNull()
    expect('survey_zone' in toParcelProperties(valid())).toBe(false)
  })

  it('refuses to build properties from values that do not validate', () => {
    expect(() => toParcelProperties(valid({ code: '' }))).toThrow(/properties.code FIELD_REQUIRED/)
    expect(() => toParcelProperties(valid({ project_id: null }))).toThrow()
  })
})

describe('fieldOfPath', () => {
  it('maps the server paths of a parcel and of an import commit to a form field', () => {
    expect(fieldOfPath('properties.code')).toBe('code')
    expect(fieldOfPath('features[12].properties.land_class')).toBe('land_class')
    expect(fieldOfPath('geometry')).toBeNull()
    expect(fieldOfPath('properties.area')).toBeNull()
    expect(fieldOfPath(undefined)).toBeNull()
  })
})
