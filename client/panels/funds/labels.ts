import type { EntryKind, FundPart, RequestStatus } from '../../api/funds.ts'
import type { MessageKey } from '../../i18n/zh-CN.ts'

// The words of the funds ledger's codes (funds.* in client/i18n).

/** 征地补偿 / 安置 / 工作经费. */
export const partKeys: Record<FundPart, MessageKey> = {
  acquisition: 'funds.part.acquisition',
  resettlement: 'funds.part.resettlement',
  working: 'funds.part.working',
}

export const entryKindKeys: Record<EntryKind, MessageKey> = {
  deposit: 'funds.kind.deposit',
  disbursement: 'funds.kind.disbursement',
  correction: 'funds.kind.correction',
}

export const statusKeys: Record<RequestStatus, MessageKey> = {
  requested: 'funds.status.requested',
  approved: 'funds.status.approved',
  rejected: 'funds.status.rejected',
  executed: 'funds.status.executed',
}

/** The finance writes of FundsEntryForm. */
export type FundsFormKind = 'budget' | 'deposit' | 'request' | 'correction'
