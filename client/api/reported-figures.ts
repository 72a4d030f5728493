import { apiRequest } from './http.ts'

/** The figures a report states (报告数), as the server's reported_figures CHECK lists them, in the form's order. */
export const reportedFigureKinds = [
  'deposited_yuan', 'disbursed_yuan', 'disbursed_acquisition_yuan', 'disbursed_resettlement_yuan', 'disbursed_working_yuan',
] as const
export type ReportedFigureKind = (typeof reportedFigureKinds)[number]

/** GET/POST /api/reported-figures: one stated figure; `stands` is false once a later restatement replaced it. */
export interface ReportedFigure {
  id: number
  /** null: office-wide (all projects). */
  project_id: number | null
  project_code: string | null
  project_name: string | null
  period_start: string
  period_end: string
  figure: ReportedFigureKind
  /** Yuan, a decimal string with 2 decimals. */
  stated_yuan: string
  source: string
  created_by: string
  created_at: string
  stands: boolean
}

export interface ReportedFigureBody {
  project_id: number | null
  period_start: string
  period_end: string
  figure: ReportedFigureKind
  /** A decimal string of yuan, never a number. */
  stated_yuan: string
  source: string
}

/** The office-wide figures (project_id null) whose period lies within [from, to], newest period first. */
export function getOfficeReportedFigures(period: { from: string; to: string }, signal?: AbortSignal): Promise<ReportedFigure[]> {
  const params = new URLSearchParams({ project: 'office', from: period.from, to: period.to })
  return apiRequest<ReportedFigure[]>(`/reported-figures?${params}`, { signal })
}

/** Enters a figure (a restatement is a new one: the latest per scope, period and figure stands). */
export function postReportedFigure(body: ReportedFigureBody): Promise<ReportedFigure> {
  return apiRequest<ReportedFigure>('/reported-figures', { method: 'POST', body })
}
