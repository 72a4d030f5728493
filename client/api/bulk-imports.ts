import { i18n, t } from '../i18n/i18n.svelte.ts'
import { ApiError, apiRequest, csrfHeader, type Problem } from './http.ts'

export type BulkPhase = 'received' | 'validating' | 'inserting' | 'done' | 'failed'

/** A bulk import job as GET /api/imports/bulk/:id answers it. */
export interface BulkImportJob {
  id: number
  project_id: number
  filename: string | null
  phase: BulkPhase
  bytes_received: number
  received: number
  valid: number | null
  invalid: number | null
  inserted: number
  /** How many problems the checks found (problem_list holds the first 1,000). */
  problems: number
  error: { code: string; message: string } | null
  problem_list?: BulkProblem[]
}

/** One problem of one feature: its 0-based index in the file, its code, the issue code and message. */
export interface BulkProblem {
  index: number
  code: string | null
  issue: string
  path: string | null
  message: string
  at?: [number, number]
}

export interface BulkOverlapPair {
  parcel_id: number
  code: string
  other_id: number
  other_code: string
  other_project_id: number
  other_imported: boolean
  overlap_m2: number
  overlap_mu: number
}

/** Files the server reads as GeoJSON text sequences (one feature a line); anything else is a FeatureCollection. */
export function bulkContentType(file: File): string {
  return /\.(geojsonl|geojsons|ndjson|jsonl)$/i.test(file.name) ? 'application/geo+json-seq' : 'application/geo+json'
}

/**
 * POST /api/imports/bulk: uploads the file with XMLHttpRequest, whose upload events give the bytes sent
 * (fetch has none), and resolves with the job once the server has read it all (202).
 */
export function uploadBulkImport(
  file: File,
  projectId: number,
  skipInvalid: boolean,
  onUpload: (loaded: number, total: number) => void,
): Promise<BulkImportJob> {
  const qs = new URLSearchParams({ project: String(projectId), filename: file.name, ...(skipInvalid ? { skip_invalid: 'true' } : {}) })
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `/api/imports/bulk?${qs}`)
    xhr.setRequestHeader('Content-Type', bulkContentType(file))
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json')
    xhr.setRequestHeader('Accept-Language', i18n.lang)
    for (const [k, v] of Object.entries(csrfHeader())) xhr.setRequestHeader(k, v)
    xhr.upload.onprogress = (e) => onUpload(e.loaded, e.lengthComputable ? e.total : file.size)
    xhr.onerror = () => reject(new ApiError(0, {}, t('error.network')))
    xhr.onload = () => {
      let data: unknown
      try {
        data = JSON.parse(xhr.responseText)
      } catch {
        data = undefined
      }
      if (xhr.status === 202) return resolve(data as BulkImportJob)
      const problem = (typeof data === 'object' && data !== null ? data : {}) as Problem
      reject(new ApiError(xhr.status, problem, problem.detail || problem.title || t('error.http', { status: xhr.status })))
    }
    xhr.send(file)
  })
}

export function getBulkImport(id: number): Promise<BulkImportJob> {
  return apiRequest<BulkImportJob>(`/imports/bulk/${id}`)
}

/** The address of the full problem list (a CSV download). */
export function bulkProblemsCsvUrl(id: number): string {
  return `/api/imports/bulk/${id}/problems.csv`
}

export function checkBulkOverlaps(id: number): Promise<{ import_id: number; parcels: number; pairs_total: number; pairs: BulkOverlapPair[] }> {
  return apiRequest(`/imports/bulk/${id}/overlaps`, { method: 'POST' })
}
