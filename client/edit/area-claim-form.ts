import type { AreaClaim, AreaClaimBasis, AreaClaimBody } from '../api/area-claims.ts'

/** What the 申报面积口径 form edits, as typed; m_j is decimal text (never a float). */
export interface AreaClaimFormValues {
  basis: AreaClaimBasis
  /** '0'…'4'. */
  decimals: string
  point_error_m: string
  source: string
}

/** A form fault with the server's code, at the field's API name. */
export interface AreaClaimFormIssue {
  field: 'decimals' | 'point_error_m' | 'source'
  code: 'FIELD_INVALID' | 'AREA_CLAIM_POINT_ERROR_RANGE' | 'DECIMAL_TOO_PRECISE' | 'DECIMAL_MALFORMED' | 'FIELD_TOO_LONG'
}

/** The values of a stored claim, or the audit's defaults for a parcel without one ('unknown', 3, 0.05 m). */
export function areaClaimFormValues(claim: AreaClaim | null): AreaClaimFormValues {
  if (!claim) return { basis: 'unknown', decimals: '3', point_error_m: '0.05', source: '' }
  return {
    basis: claim.basis,
    decimals: String(claim.decimals),
    // '0.050' → '0.05': the column's scale is not what the user typed.
    point_error_m: claim.point_error_m.includes('.') ? claim.point_error_m.replace(/0+$/, '').replace(/\.$/, '') : claim.point_error_m,
    source: claim.source ?? '',
  }
}

/**
 * The checks the server makes (server/schemas/area-claim.ts), as live hints with the same codes: decimals 0–4,
 * m_j a decimal with at most 3 decimals, > 0 and ≤ 10 m, source at most 200 characters.
 */
export function validateAreaClaimForm(v: AreaClaimFormValues): AreaClaimFormIssue[] {
  const issues: AreaClaimFormIssue[] = []
  if (!/^[0-4]$/.test(v.decimals.trim())) issues.push({ field: 'decimals', code: 'FIELD_INVALID' })
  const m = /^(\d+)(?:\.(\d+))?$/.exec(v.point_error_m.trim())
  if (!m) issues.push({ field: 'point_error_m', code: 'DECIMAL_MALFORMED' })
  else if ((m[2] ?? '').replace(/0+$/, '').length > 3) issues.push({ field: 'point_error_m', code: 'DECIMAL_TOO_PRECISE' })
  else {
    // Compared in thousandths as integers: no float decides the bound.
    const milli = BigInt(m[1]!) * 1000n + BigInt((m[2] ?? '').slice(0, 3).padEnd(3, '0'))
    if (milli <= 0n || milli > 10000n) issues.push({ field: 'point_error_m', code: 'AREA_CLAIM_POINT_ERROR_RANGE' })
  }
  if ([...v.source.trim()].length > 200) issues.push({ field: 'source', code: 'FIELD_TOO_LONG' })
  return issues
}

/** The API body of valid values for parcel `parcelId`; the claimed outline is kept as stored. */
export function toAreaClaimBody(parcelId: number, v: AreaClaimFormValues, stored: AreaClaim | null, reason: string): AreaClaimBody {
  return {
    parcel_id: parcelId,
    basis: v.basis,
    decimals: Number(v.decimals.trim()),
    point_error_m: v.point_error_m.trim(),
    ...(stored?.claimed_geom ? { claimed_geom: stored.claimed_geom } : {}),
    source: v.source.trim() || null,
    ...(reason.trim() ? { reason: reason.trim() } : {}),
  }
}
