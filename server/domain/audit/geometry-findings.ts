import { type AuditCode, auditCodes } from './codes.ts'
import type { Finding, FindingRecord, FindingShape } from './finding.ts'

/** A finding of a geometry rule: severity from codes.ts, key = `${code}:${subject}`. */
export function geometryFinding(
  code: AuditCode, subject: string, projectId: number,
  f: { parcels: number[]; records?: FindingRecord[]; params: Record<string, string | number>; shapes?: FindingShape[] },
): Finding {
  return {
    code,
    severity: auditCodes[code].severity,
    key: `${code}:${subject}`,
    project_id: projectId,
    parcels: f.parcels,
    records: f.records ?? [],
    params: f.params,
    ...(f.shapes?.length ? { shapes: f.shapes } : {}),
  }
}

/** `parcels:4,9`: the subject of a finding about several parcels, ids ascending. */
export const parcelsSubject = (ids: number[]) => `parcels:${[...ids].sort((a, b) => a - b).join(',')}`
