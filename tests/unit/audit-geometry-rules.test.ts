import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { areaVerdict } from '../../server/domain/audit/area-verdict.ts'
import { auditCodes, auditMessage } from '../../server/domain/audit/codes.ts'
import type { Finding } from '../../server/domain/audit/finding.ts'
import { dec, format, m2ToMu, muToM2 } from '../../server/domain/audit/geometry-decimal.ts'
import type { GeometryFacts, ParcelAreaFacts } from '../../server/domain/audit/geometry-facts.ts'
import { parcelVerdicts, runGeometryRules } from '../../server/domain/audit/geometry-rules.ts'
import { ruleAreaClaim } from '../../server/domain/audit/rules/area-claim.ts'
import { ruleBuildingFloorArea } from '../../server/domain/audit/rules/building-floor-area.ts'
import { ruleBuildingOutsideParcel } from '../../server/domain/audit/rules/building-outside-parcel.ts'
import { ruleParcelGap } from '../../server/domain/audit/rules/parcel-gap.ts'
import { ruleParcelOutsideScope } from '../../server/domain/audit/rules/parcel-outside-scope.ts'
import { ruleParcelOverlap } from '../../server/domain/audit/rules/parcel-overlap.ts'
import { ruleProjectAreaClaim } from '../../server/domain/audit/rules/project-area-claim.ts'

// Fixtures as files: tests/fixtures/audit/<rule>/in/<case>.json holds the facts (computed by the real SQL of
// sql/queries/audit-geometry.sql for shapes laid out in the GK plane at 110.0°E 27.55°N, claims set from them),
// out/<case>.json the findings. ZD_UPDATE_FIXTURES=1 rewrites the out files; review their diff like code.

const root = 'tests/fixtures/audit'
const rules: Record<string, (f: GeometryFacts) => Finding[]> = {
  'area-claim': ruleAreaClaim,
  'project-area-claim': ruleProjectAreaClaim,
  'building-floor-area': ruleBuildingFloorArea,
  'building-outside-parcel': ruleBuildingOutsideParcel,
  'parcel-overlap': ruleParcelOverlap,
  'parcel-gap': ruleParcelGap,
  'parcel-outside-scope': ruleParcelOutsideScope,
}

const facts = (rule: string, name: string): GeometryFacts =>
  JSON.parse(fs.readFileSync(path.join(root, rule, 'in', `${name}.json`), 'utf8'))
const only = (rule: string, name: string): ParcelAreaFacts => facts(rule, name).parcels[0]!
const codes = (findings: Finding[]) => findings.map((f) => f.code)

describe('geometry rule fixtures (in → out)', () => {
  for (const [rule, run] of Object.entries(rules)) {
    const dir = path.join(root, rule, 'in')
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const name = file.replace(/\.json$/, '')
      it(`${rule}: ${name}`, () => {
        const findings = run(facts(rule, name))
        const outFile = path.join(root, rule, 'out', file)
        if (process.env.ZD_UPDATE_FIXTURES) {
          fs.mkdirSync(path.dirname(outFile), { recursive: true })
          fs.writeFileSync(outFile, JSON.stringify(findings, null, 2) + '\n')
        }
        expect(findings).toEqual(JSON.parse(fs.readFileSync(outFile, 'utf8')))
        // Every finding is well formed: its code's severity, a key of code and subject, messages with every
        // placeholder filled in both languages.
        for (const f of findings) {
          expect(f.severity).toBe(auditCodes[f.code].severity)
          expect(f.key.startsWith(`${f.code}:`)).toBe(true)
          for (const lang of ['zh', 'en'] as const) expect(auditMessage(f.code, f.params, lang)).not.toMatch(/\{\w+\}/)
        }
      })
    }
  }
})

describe('exact decimals', () => {
  it('reads float8 text as PostgreSQL prints it, exponent form included', () => {
    expect(format(dec('6003.446430530399'), 12)).toBe('6003.446430530399')
    expect(format(dec('1.5e-05'), 6)).toBe('0.000015')
    expect(format(dec('2.5E+3'), 1)).toBe('2500.0')
    expect(() => dec('12,5')).toThrow()
  })

  it('rounds half away from zero and writes no sign on zero', () => {
    expect(format(dec('0.00005'), 4, true)).toBe('+0.0001')
    expect(format(dec('-0.00005'), 4, true)).toBe('-0.0001')
    expect(format(dec('-0.00004'), 4, true)).toBe('0.0000')
    expect(format(dec('9.275'), 3)).toBe('9.275')
  })

  it('converts m² to mu exactly (× 15 / 10000) and back', () => {
    expect(format(m2ToMu(dec('6003.446430530399')), 15)).toBe('9.005169645795599')
    expect(format(muToM2(dec('15')), 6)).toBe('10000.000000')
    // 0.1 + 0.2 never enters: the claim 9.275 minus 9.005 is 0.27 exactly
    expect(dec('9.275') - dec('9.005')).toBe(dec('0.27'))
  })
})

describe('the tolerance T = rounding + 2·m_P + 10 ppm·A against area.md §3.2', () => {
  it('is 0.079 mu for a 330 mu square with claims to 0.01 mu (area.md: 0.079 mu, ≈ 240 ppm)', () => {
    const p = { ...only('area-claim', 'square-330mu-gk-claim-unknown-basis-consistent'), decimals: 2 }
    const v = areaVerdict(p)
    expect(v.tolerance!.tolerance_mu).toBe('0.0787')
    expect(Number(v.tolerance!.tolerance_mu)).toBeCloseTo(0.079, 3)
    expect(v.tolerance!.rounding_mu).toBe('0.0050')
  })

  it('is 0.0089 mu for a 1 mu square with claims to 0.01 mu', () => {
    const v = areaVerdict(only('area-claim', 'square-1mu-two-decimals-consistent'))
    expect(v.tolerance!.tolerance_mu).toBe('0.0089')
    // 2·m_P = 2 × 0.05 m × √A: √666.5 m² = 25.8 m → 2.58 m² = 0.0039 mu
    expect(v.tolerance!.survey_m2).toBe('2.58')
    expect(v.verdict).toBe('consistent')
  })

  it('is 0.32 mu (3 600 ppm) for the 20 m × 3 km strip: width precision dominates', () => {
    const strip = only('area-claim', 'thin-strip-20m-by-3km')
    // with claims to 0.01 mu as in area.md's table: 0.005 + 0.3182 + 0.0009
    expect(areaVerdict({ ...strip, decimals: 2 }).tolerance!.tolerance_mu).toBe('0.3241')
    const v = areaVerdict(strip)
    expect(v.tolerance!.tolerance_mu).toBe('0.3196')
    expect((Number(v.tolerance!.tolerance_mu) / Number(v.measured_mu)) * 1e6).toBeCloseTo(3552, -1)
    expect(v.verdict).toBe('within_tolerance')
  })
})

describe('the verdict in the claim\'s own basis', () => {
  it('reports the basis it matched for an unknown basis: a GK claim on 330 mu is consistent in gk3', () => {
    const v = areaVerdict(only('area-claim', 'square-330mu-gk-claim-unknown-basis-consistent'))
    expect(v).toMatchObject({ verdict: 'consistent', basis: 'unknown', basis_used: 'gk3', diagnosis: null })
    expect(v.measured_mu).toBe(v.gk_mu)
  })

  it('gives 9.277 against 9.0072 as +0.2698 mu, +29 953 ppm, beyond T = 0.0122 mu', () => {
    const v = areaVerdict(only('area-claim', 'plus-3-percent-exceeds'))
    expect(v).toMatchObject({
      claimed_mu: '9.277', measured_mu: '9.0072', delta_mu: '+0.2698', delta_ppm: '+29953', tolerance_mu: '0.0122',
      verdict: 'exceeds', diagnosis: null, basis_used: 'ellipsoid',
    })
    expect(dec(v.claimed_mu!) - dec(v.measured_mu)).toBe(dec(v.delta_mu!))
  })

  it('is consistent when the claim is the measured area rounded to its decimals', () => {
    const v = areaVerdict(only('area-claim', 'consistent-no-finding'))
    expect(v.verdict).toBe('consistent')
    expect(v.claimed_mu).toBe(format(dec(v.ellipsoidal_mu), 3))
  })

  it('has no verdict without a claim, and shows the ellipsoidal area', () => {
    const v = areaVerdict(only('area-claim', 'no-claim-no-finding'))
    expect(v).toMatchObject({ verdict: 'no_claim', claimed_mu: null, delta_mu: null, tolerance: null })
    expect(v.measured_mu).toBe(v.ellipsoidal_mu)
  })
})

describe('the basis diagnosis (area.md §3.1 item 4)', () => {
  const diagnosed = (name: string) => {
    const [f] = ruleAreaClaim(facts('area-claim', name))
    return f!
  }

  it('names Turf 7\'s sphere for a claim +1 612 ppm over on 330 mu, as a 口径差异 (info), not 面积超限', () => {
    const f = diagnosed('turf7-claim-is-basis-difference')
    expect(f).toMatchObject({ code: 'AREA_BASIS_DIFFERENCE', severity: 'info', params: { method: 'sphere_turf7', method_verdict: 'consistent' } })
    expect(Number(f.params.delta_ppm)).toBeGreaterThan(1528)
    expect(Number(f.params.delta_ppm)).toBeLessThan(1721)
    expect(auditMessage(f.code, f.params, 'zh')).toContain('口径差异')
  })

  it('names Turf 6 / Leaflet.draw for +3 858 ppm over the ellipsoid, a claim of unknown basis', () => {
    const p = only('area-claim', 'turf6-claim-is-basis-difference')
    const f = diagnosed('turf6-claim-is-basis-difference')
    expect(f.params).toMatchObject({ method: 'sphere_turf6', basis: 'unknown', basis_used: 'gk3' })
    const overEllipsoid = (Number(p.claimed_area_mu) / (Number(p.ellipsoidal_m2) * 0.0015) - 1) * 1e6
    expect(overEllipsoid).toBeGreaterThan(3770)
    expect(overEllipsoid).toBeLessThan(3965)
  })

  it('names GK planar for a claim declared ellipsoidal that is +240 ppm at 110.0°E on 1000 mu', () => {
    const f = diagnosed('gk-planar-claim-declared-ellipsoid')
    expect(f.params).toMatchObject({ method: 'gk_planar', method_zone: 37 })
    expect(Number(f.params.delta_ppm)).toBeCloseTo(241, -1)
  })

  it('names the ellipsoid for a claim declared GK planar that was computed on the ellipsoid', () => {
    expect(diagnosed('ellipsoidal-claim-declared-gk3').params).toMatchObject({ method: 'ellipsoid', basis_used: 'gk3' })
  })

  it('names the wrong zone for a GK claim made in zone 36 for a parcel at 110.0°E (+963 ppm)', () => {
    const f = diagnosed('wrong-zone-963ppm')
    expect(f.params).toMatchObject({ method: 'gk_wrong_zone', method_zone: 36 })
    // against the GK area of zone 37 (+240 ppm from the ellipsoid): 963 − 240 ≈ +720 ppm
    expect(Number(f.params.delta_ppm)).toBeCloseTo(722, -1)
  })

  it('names GCJ-02 for a claim measured on an outline shifted about 590 m towards ESE', () => {
    const f = diagnosed('gcj02-shifted-outline')
    expect(f.params).toMatchObject({ method: 'gcj02' })
    expect(Number(f.params.shift_m)).toBeGreaterThan(540)
    expect(Number(f.params.shift_m)).toBeLessThan(646)
    expect(Number(f.params.shift_bearing_deg)).toBeGreaterThan(90)
    expect(Number(f.params.shift_bearing_deg)).toBeLessThan(135)
    expect(f.shapes).toEqual([{ kind: 'claimed_outline', geometry: expect.objectContaining({ type: 'MultiPolygon' }) }])
  })

  it('does not explain +0.01 mu on 1 mu by the wrong zone, whose +0.004 mu lies within T: 面积超限', () => {
    const [f] = ruleAreaClaim(facts('area-claim', 'square-1mu-two-decimals-exceeds'))
    expect(f).toMatchObject({ code: 'AREA_CLAIM_EXCEEDS_TOLERANCE', params: { claimed: '1.01', tolerance_mu: '0.0089' } })
  })

  it('does not explain a −3 % claim of unknown basis: 面积超限 (error)', () => {
    expect(codes(ruleAreaClaim(facts('area-claim', 'minus-3-percent-unknown-basis-exceeds')))).toEqual(['AREA_CLAIM_EXCEEDS_TOLERANCE'])
  })

  it('puts the diagnosis in the per-parcel row with what the claim is in that basis', () => {
    const [row] = parcelVerdicts(facts('area-claim', 'turf7-claim-is-basis-difference'))
    expect(row).toMatchObject({ verdict: 'exceeds', diagnosis: 'sphere_turf7', diagnosis_detail: { verdict: 'consistent' } })
  })
})

describe('the project sum', () => {
  it('flags five claims each +0.007 mu high (within each parcel\'s 0.0090) as a project discrepancy', () => {
    const [f] = ruleProjectAreaClaim(facts('project-area-claim', 'bias-each-within-parcel-tolerance-exceeds'))
    expect(f).toMatchObject({ code: 'AREA_PROJECT_CLAIM_EXCEEDS_TOLERANCE', key: 'AREA_PROJECT_CLAIM_EXCEEDS_TOLERANCE:project:2' })
    expect(ruleAreaClaim(facts('project-area-claim', 'bias-each-within-parcel-tolerance-exceeds'))).toEqual([])
  })
})

describe('buildings', () => {
  it('warns of a floor area padded by 30 % and one 15.6 % short, not of −1 % or +7.5 % (balconies)', () => {
    const found = ruleBuildingFloorArea(facts('building-floor-area', 'floor-areas-against-footprint-times-floors'))
    expect(found.map((f) => f.params.building_code)).toEqual(['FX-H2', 'FX-H4'])
  })
})

describe('runGeometryRules', () => {
  it('runs every rule and keeps every key unique', () => {
    for (const [rule] of Object.entries(rules)) {
      for (const file of fs.readdirSync(path.join(root, rule, 'in'))) {
        const keys = runGeometryRules(facts(rule, file.replace(/\.json$/, ''))).map((f) => f.key)
        expect(new Set(keys).size).toBe(keys.length)
      }
    }
  })
})
