import { apiRequest } from './http.ts'

// The funds ledger (资金台账) of a project, server/handlers/funds.ts. Every amount is yuan as a decimal string with
// 2 decimals ("1234.50"; a correction may be negative, "-0.05"); the client sends decimal strings too and never
// computes money through floats.

/** The three parts a disbursement belongs to: 征地补偿, 安置, 工作经费. */
export type FundPart = 'acquisition' | 'resettlement' | 'working'
export const fundParts: readonly FundPart[] = ['acquisition', 'resettlement', 'working']

export type EntryKind = 'deposit' | 'disbursement' | 'correction'
export type RequestStatus = 'requested' | 'approved' | 'rejected' | 'executed'

/** One budget version; the current one is the last. */
export interface BudgetVersion {
  id: number
  budget_yuan: string
  set_by: string
  set_at: string
  note: string | null
}

/** One row of the append-only ledger. */
export interface FundEntry {
  id: number
  project_id: number
  kind: EntryKind
  /** For a disbursement. */
  part: FundPart | null
  /** Positive, except a correction's, which is signed. */
  amount_yuan: string
  /** For a deposit: the land-using unit (用地单位) that paid. */
  payer: string | null
  /** For a disbursement: the request it executed. */
  request_id: number | null
  /** For a correction: the entry it corrects. */
  corrects_id: number | null
  entered_by: string
  entered_at: string
  /** For a correction: its reason (always given). */
  note: string | null
}

export interface DisbursementRequest {
  id: number
  project_id: number
  part: FundPart
  amount_yuan: string
  payee: string | null
  /** The purpose. */
  note: string | null
  status: RequestStatus
  requested_by: string
  requested_at: string
  decided_by: string | null
  decided_at: string | null
  decision_reason: string | null
  executed_by: string | null
  executed_at: string | null
  /** The ledger entry made when it was executed. */
  entry_id: number | null
}

/** 征收补偿安置任务书, with the budget and deposits of the moment it was issued. */
export interface TaskLetter {
  id: number
  project_id: number
  number: string
  budget_yuan: string
  deposited_yuan: string
  issued_by: string
  issued_at: string
  note: string | null
}

/** GET /api/projects/:id/funds: the figures and the lists, read in one snapshot so that they add up. */
export interface FundsView {
  project_id: number
  /** The current budget, null before the first one is set. */
  budget_yuan: string | null
  deposited_yuan: string
  disbursed_yuan: { acquisition: string; resettlement: string; working: string; total: string }
  balance_yuan: string
  /** null without a budget. */
  deposits_cover_budget: boolean | null
  budgets: BudgetVersion[]
  entries: FundEntry[]
  requests: DisbursementRequest[]
  task_letters: TaskLetter[]
}

export function getFunds(projectId: number, signal?: AbortSignal): Promise<FundsView> {
  return apiRequest<FundsView>(`/projects/${projectId}/funds`, { signal })
}

/** PUT /api/projects/:id/budget (finance, admin): a new budget version; answers the whole view. */
export function setBudget(projectId: number, body: { budget_yuan: string; note: string | null }): Promise<FundsView> {
  return apiRequest<FundsView>(`/projects/${projectId}/budget`, { method: 'PUT', body })
}

/** POST /api/projects/:id/funds/deposits (finance, admin). */
export function postDeposit(projectId: number, body: { amount_yuan: string; payer: string; note: string | null }): Promise<FundEntry> {
  return apiRequest<FundEntry>(`/projects/${projectId}/funds/deposits`, { method: 'POST', body })
}

/** POST /api/projects/:id/funds/corrections (finance, admin): a signed amount and its reason (note). */
export function postCorrection(projectId: number, body: { corrects_entry_id: number; amount_yuan: string; note: string }): Promise<FundEntry> {
  return apiRequest<FundEntry>(`/projects/${projectId}/funds/corrections`, { method: 'POST', body })
}

/** POST /api/projects/:id/funds/disbursement-requests (finance, admin). */
export function postDisbursementRequest(
  projectId: number,
  body: { part: FundPart; amount_yuan: string; payee: string | null; note: string | null },
): Promise<DisbursementRequest> {
  return apiRequest<DisbursementRequest>(`/projects/${projectId}/funds/disbursement-requests`, { method: 'POST', body })
}

/** POST /api/funds/disbursement-requests/:id/precheck (auditor, admin); a rejection needs its reason. */
export function precheckRequest(requestId: number, body: { approve: boolean; reason: string | null }): Promise<DisbursementRequest> {
  return apiRequest<DisbursementRequest>(`/funds/disbursement-requests/${requestId}/precheck`, { method: 'POST', body })
}

/** POST /api/funds/disbursement-requests/:id/execute (finance, admin): answers the new ledger entry. */
export function executeRequest(requestId: number, body: { note: string | null } = { note: null }): Promise<FundEntry> {
  return apiRequest<FundEntry>(`/funds/disbursement-requests/${requestId}/execute`, { method: 'POST', body })
}

/** POST /api/projects/:id/task-letters (auditor, admin). */
export function issueTaskLetter(projectId: number, body: { number: string; note: string | null }): Promise<TaskLetter> {
  return apiRequest<TaskLetter>(`/projects/${projectId}/task-letters`, { method: 'POST', body })
}
