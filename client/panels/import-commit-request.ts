import type { CommitRequest, ImportPreview } from '../api/imports.ts'
import { toParcelProperties, type ParcelFormStatus, type ParcelFormValues } from '../edit/parcel-form.ts'

/**
 * The body of POST /api/imports/commit: the included features (`included`, preview positions, in order) with the
 * values the user completed, all in one project and status, and where they came from. The caller has checked the
 * values (toParcelProperties throws on a value the form would refuse).
 */
export function importCommitRequest(
  preview: ImportPreview,
  values: readonly ParcelFormValues[],
  included: readonly number[],
  choice: { projectId: number; status: ParcelFormStatus; reason: string },
): CommitRequest {
  const features = included.map((i) => {
    const f = preview.features[i]!
    const { project_id: _project, ...properties } = toParcelProperties(
      { ...values[i]!, project_id: choice.projectId, status: choice.status },
      { survey_zone: f.properties.survey_zone ?? preview.zone ?? null },
    )
    // The area claim the file states (报盘: GK planar, its digits, m_j from 精度) is saved with the parcel.
    return { geometry: f.geometry!, properties, ...(f.area_claim ? { area_claim: f.area_claim } : {}) }
  })
  const reason = choice.reason.trim()
  return {
    project_id: choice.projectId,
    features,
    source: {
      format: preview.format,
      ...(preview.filename ? { filename: preview.filename } : {}),
      ...(preview.source_crs ? { source_crs: preview.source_crs } : {}),
      ...(preview.encoding ? { encoding: preview.encoding } : {}),
    },
    ...(reason ? { reason } : {}),
  }
}
