import type { Role } from './auth/sessions.ts'
import type { Handler } from './handlers/context.ts'
import { computeArea } from './handlers/area.ts'
import { exportParcels } from './handlers/exports.ts'
import {
  executeDisbursement, getFunds, issueTaskLetter, postCorrection, postDeposit, postDisbursementRequest, precheckDisbursement, setBudget,
} from './handlers/funds.ts'
import { commitImport, previewImport } from './handlers/imports.ts'
import { getBulkImport, getBulkImportProblemsCsv, postBulkImport, postBulkImportOverlaps } from './handlers/bulk-imports.ts'
import { changePassword, login, logout, me } from './handlers/auth.ts'
import { confirmTotp, removeTotp, setUpTotp } from './handlers/totp.ts'
import { listUsers, resetPassword } from './handlers/users.ts'
import { anyRestriction, type AccountRestriction } from './auth/account-restriction.ts'
import { clientConfig, health, livez, readyz } from './handlers/health.ts'
import { mergeParcels, restoreParcel, splitParcel } from './handlers/parcel-lineage.ts'
import {
  checkParcel, createParcel, deleteParcel, getParcel, listParcels, parcelHistory, parcelVersion, updateParcel,
} from './handlers/parcels.ts'
import { createProject, getProject, listLandClasses, listProjects } from './handlers/projects.ts'
import {
  createHousehold, deleteHousehold, getHousehold, householdHistory, listHouseholds, parcelRecords, updateHousehold,
} from './handlers/households.ts'
import { agreements } from './handlers/agreements.ts'
import { addPhoto, attachments, deletePhoto, getPhoto } from './handlers/attachments.ts'
import { buildings } from './handlers/buildings.ts'
import { compensationItems } from './handlers/compensation-items.ts'
import { createRateSet, listItemTypes, listRateSets, recompute } from './handlers/compensation.ts'
import { graves } from './handlers/graves.ts'
import type { RecordHandlers } from './handlers/record-crud.ts'
import { resettlements } from './handlers/resettlements.ts'
import { getAuditReport } from './handlers/audit-report.ts'
import {
  getOfficeAudit, getProjectAudit, getSignoff, listSignoffs, postOfficeDecision, postProjectDecision, postSignoff,
} from './handlers/audits.ts'
import { overallSummary, projectSummary } from './handlers/summary.ts'
import { getParcelStates } from './handlers/parcel-states.ts'
import { acquisitionScopes, proposeScopeFromParcels } from './handlers/acquisition-scopes.ts'
import { approvalBatches } from './handlers/approval-batches.ts'
import { areaClaims, getAreaVerdict } from './handlers/area-claims.ts'
import { listBasicFarmland } from './handlers/basic-farmland.ts'
import { getReportedFigures, postReportedFigure } from './handlers/reported-figures.ts'
import { getPublicNotice, listPublicNotices } from './handlers/public-notices.ts'
import { getNoticeTile } from './handlers/public-tiles.ts'
import { getParcelTile } from './handlers/parcel-tiles.ts'
import { getBoundaryPoints, getNoticePdf } from './handlers/notice-map.ts'
import {
  addEvidence, approveNoticeHandler, createNotice, deleteNoticeHandler, getEvidence, getNotice, listNotices, previewDeadlines,
  publishNoticeHandler, regenerateNoticeText, updateNotice, withdrawNoticeHandler,
} from './handlers/notices.ts'
import { listNoticeKinds } from './handlers/notice-kinds.ts'
import { deleteHoliday, listHolidays, putHoliday } from './handlers/holidays.ts'
import { answerHearingRequest, fileHearingRequest, listHearingRequests } from './handlers/hearing-requests.ts'

/** 'public': anyone; 'session': any logged-in user; a role list: only those roles. */
export type Access = 'public' | 'session' | readonly Role[]

export interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  path: string
  access: Access
  handler: Handler
  /** Largest accepted body; the default is 256 kB. */
  bodyLimit?: string
  /**
   * A read-only GET asked for in bursts (map tiles): its session may come from the few-second session cache
   * (server/auth/session-cache.ts) instead of a database statement.
   */
  cachedSession?: boolean
  /**
   * 'raw': the body is bytes (application/octet-stream or text/plain), for file uploads; 'stream': the handler reads
   * the request itself as it arrives and checks its type and size (bulk import); default 'json'.
   */
  body?: 'json' | 'raw' | 'stream'
  /**
   * The account restrictions (server/auth/account-restriction.ts) under which this route still answers: the account's
   * own routes that put it in order. Every other route answers a restricted session 403 with the restriction's code.
   */
  whileRestricted?: readonly AccountRestriction[]
  /**
   * Requests per client address per minute (server/http/rate-limit.ts): 'public' the portal's budget
   * (ZD_PUBLIC_RATE_PER_MINUTE), 'public-pdf' the printable PDF's (ZD_PUBLIC_PDF_RATE_PER_MINUTE); over it, 429.
   */
  rateLimit?: 'public' | 'public-tiles' | 'public-pdf'
  /**
   * The query parameters the handler reads; any other name is 400 UNKNOWN_PARAMETER (app.ts), so that a `sort`,
   * `filter` or `properties` the route does not have is refused, never silently ignored. Default: none.
   * tests/api/injection.test.ts checks each list against what the handler reads.
   */
  query?: readonly string[]
}

const everyone = ['planner', 'auditor', 'finance', 'legal', 'admin'] as const
/** A session that must change its password may do only that; one that must set up a second factor, only that. */
const passwordRestrictions: readonly AccountRestriction[] = ['PASSWORD_CHANGE_REQUIRED', 'PASSWORD_EXPIRED']
const enrolment: readonly AccountRestriction[] = ['SECOND_FACTOR_ENROLMENT_REQUIRED']
const editors = ['planner', 'admin'] as const
/** The funds ledger: finance writes money, audit pre-checks and issues task letters; legal has no part in it. */
const fundsReaders = ['planner', 'auditor', 'finance', 'admin'] as const
const fundsWriters = ['finance', 'admin'] as const
const fundsAuditors = ['auditor', 'admin'] as const
/** The audit (稽核): planner and finance read a project's findings; the audit section decides and signs. */
const auditReaders = ['planner', 'auditor', 'finance', 'admin'] as const
const auditors = ['auditor', 'admin'] as const
/** Notices and the holiday calendar: the legal section writes, admin may too. */
const noticeWriters = ['legal', 'admin'] as const

/** The six routes of a record type (handlers/record-crud.ts): everyone reads, `writers` write. */
function recordRoutes(path: string, h: RecordHandlers, writers: Access, bodyLimit?: string): Route[] {
  return [
    { method: 'get', path, access: everyone, handler: h.list, query: h.listQuery },
    { method: 'post', path, access: writers, handler: h.create, bodyLimit },
    { method: 'get', path: `${path}/:id`, access: everyone, handler: h.get },
    { method: 'put', path: `${path}/:id`, access: writers, handler: h.update, bodyLimit },
    { method: 'delete', path: `${path}/:id`, access: writers, handler: h.remove },
    { method: 'get', path: `${path}/:id/history`, access: everyone, handler: h.history },
  ]
}

/** The whole API, under /api. Every route names who may call it; app.ts enforces it before the handler. */
export const routes: Route[] = [
  { method: 'get', path: '/health', access: 'public', handler: health },
  { method: 'get', path: '/livez', access: 'public', handler: livez },
  { method: 'get', path: '/readyz', access: 'public', handler: readyz },
  { method: 'get', path: '/config', access: 'public', handler: clientConfig },
  { method: 'post', path: '/auth/login', access: 'public', handler: login },
  { method: 'post', path: '/auth/logout', access: 'session', handler: logout, whileRestricted: anyRestriction },
  { method: 'get', path: '/auth/me', access: 'session', handler: me, whileRestricted: anyRestriction },
  { method: 'post', path: '/auth/password', access: 'session', handler: changePassword, whileRestricted: passwordRestrictions },
  // The second factor (handlers/totp.ts): each user sets up and confirms their own; removal only where not required.
  { method: 'post', path: '/auth/totp/setup', access: 'session', handler: setUpTotp, whileRestricted: enrolment },
  { method: 'post', path: '/auth/totp/confirm', access: 'session', handler: confirmTotp, whileRestricted: enrolment },
  { method: 'delete', path: '/auth/totp', access: 'session', handler: removeTotp },
  // The office's accounts (handlers/users.ts): the administrator lists them and resets a forgotten password or lost phone.
  { method: 'get', path: '/users', access: ['admin'], handler: listUsers },
  { method: 'post', path: '/users/:id/password-reset', access: ['admin'], handler: resetPassword },
  { method: 'get', path: '/land-classes', access: 'public', handler: listLandClasses },
  { method: 'get', path: '/projects', access: everyone, handler: listProjects },
  { method: 'post', path: '/projects', access: editors, handler: createProject },
  { method: 'get', path: '/projects/:id', access: everyone, handler: getProject },
  // The report figures (handlers/summary.ts, SQL zd_summary): every logged-in user.
  { method: 'get', path: '/projects/:id/summary', access: 'session', handler: projectSummary },
  { method: 'get', path: '/summary', access: 'session', handler: overallSummary },
  // Each parcel's agreement and payment status, which the map's vector tiles leave out (handlers/parcel-states.ts).
  { method: 'get', path: '/projects/:id/parcel-states', access: everyone, handler: getParcelStates },
  { method: 'post', path: '/area', access: everyone, handler: computeArea, bodyLimit: '2mb' },
  { method: 'get', path: '/parcels', access: everyone, handler: listParcels, query: ['bbox', 'project', 'limit'] },
  { method: 'post', path: '/parcels', access: editors, handler: createParcel, bodyLimit: '2mb' },
  { method: 'get', path: '/parcels/:id', access: everyone, handler: getParcel },
  { method: 'put', path: '/parcels/:id', access: editors, handler: updateParcel, bodyLimit: '2mb' },
  { method: 'delete', path: '/parcels/:id', access: editors, handler: deleteParcel },
  { method: 'get', path: '/parcels/:id/history', access: everyone, handler: parcelHistory },
  { method: 'get', path: '/parcels/:id/history/:version', access: everyone, handler: parcelVersion },
  { method: 'get', path: '/parcels/:id/records', access: everyone, handler: parcelRecords },
  { method: 'post', path: '/parcels/check', access: editors, handler: checkParcel, bodyLimit: '2mb' },
  { method: 'post', path: '/parcels/merge', access: editors, handler: mergeParcels },
  { method: 'post', path: '/parcels/:id/split', access: editors, handler: splitParcel, bodyLimit: '2mb' },
  { method: 'post', path: '/parcels/:id/restore', access: editors, handler: restoreParcel },
  { method: 'post', path: '/imports/preview', access: editors, handler: previewImport, bodyLimit: '50mb', body: 'raw', query: ['format', 'filename', 'project', 'zone', 'encoding'] },
  { method: 'post', path: '/imports/commit', access: editors, handler: commitImport, bodyLimit: '20mb' },
  // Large files and the land-survey base layer: streamed, checked and inserted as a job (server/db/bulk-import.ts).
  { method: 'post', path: '/imports/bulk', access: editors, handler: postBulkImport, body: 'stream', query: ['project', 'skip_invalid', 'filename'] },
  { method: 'get', path: '/imports/bulk/:id', access: editors, handler: getBulkImport },
  { method: 'get', path: '/imports/bulk/:id/problems.csv', access: editors, handler: getBulkImportProblemsCsv },
  { method: 'post', path: '/imports/bulk/:id/overlaps', access: editors, handler: postBulkImportOverlaps },
  { method: 'get', path: '/exports/parcels', access: everyone, handler: exportParcels, query: ['format', 'encoding', 'project', 'ids'] },
  // Parcel vector tiles (handlers/parcel-tiles.ts): every parcel from z14, the overview aggregates below.
  { method: 'get', path: '/tiles/parcels/:z/:x/:y.mvt', access: 'session', handler: getParcelTile, cachedSession: true },
  // Households: personal data, never public; full values only to planner and finance (handlers/households.ts).
  { method: 'get', path: '/households', access: everyone, handler: listHouseholds, query: ['project', 'parcel', 'limit'] },
  { method: 'post', path: '/households', access: editors, handler: createHousehold },
  { method: 'get', path: '/households/:id', access: everyone, handler: getHousehold },
  { method: 'put', path: '/households/:id', access: editors, handler: updateHousehold },
  { method: 'delete', path: '/households/:id', access: editors, handler: deleteHousehold },
  { method: 'get', path: '/households/:id/history', access: everyone, handler: householdHistory },
  { method: 'get', path: '/projects/:id/funds', access: fundsReaders, handler: getFunds },
  { method: 'put', path: '/projects/:id/budget', access: fundsWriters, handler: setBudget },
  { method: 'post', path: '/projects/:id/funds/deposits', access: fundsWriters, handler: postDeposit },
  { method: 'post', path: '/projects/:id/funds/corrections', access: fundsWriters, handler: postCorrection },
  { method: 'post', path: '/projects/:id/funds/disbursement-requests', access: fundsWriters, handler: postDisbursementRequest },
  { method: 'post', path: '/funds/disbursement-requests/:id/precheck', access: fundsAuditors, handler: precheckDisbursement },
  { method: 'post', path: '/funds/disbursement-requests/:id/execute', access: fundsWriters, handler: executeDisbursement },
  { method: 'post', path: '/projects/:id/task-letters', access: fundsAuditors, handler: issueTaskLetter },
  // Records tied to parcels and households (issue 4): survey records by planner and admin, money by finance and admin.
  ...recordRoutes('/buildings', buildings, editors, '2mb'),
  ...recordRoutes('/graves', graves, editors),
  ...recordRoutes('/attachments', attachments, editors),
  { method: 'post', path: '/attachments/:id/photos', access: editors, handler: addPhoto, bodyLimit: '5mb', body: 'raw', query: ['caption'] },
  { method: 'get', path: '/attachments/:id/photos/:photoId', access: everyone, handler: getPhoto },
  { method: 'delete', path: '/attachments/:id/photos/:photoId', access: editors, handler: deletePhoto },
  ...recordRoutes('/resettlements', resettlements, editors),
  ...recordRoutes('/agreements', agreements, editors),
  ...recordRoutes('/compensation-items', compensationItems, fundsWriters),
  // Compensation computed from versioned rate sets (handlers/compensation.ts): finance and admin write money.
  { method: 'get', path: '/compensation-item-types', access: 'session', handler: listItemTypes },
  { method: 'get', path: '/projects/:id/rate-sets', access: everyone, handler: listRateSets },
  { method: 'post', path: '/projects/:id/rate-sets', access: fundsWriters, handler: createRateSet },
  { method: 'post', path: '/projects/:id/compensation/recompute', access: fundsWriters, handler: recompute },
  // The audit report of a period (handlers/audit-report.ts): JSON, CSV, XLSX or PDF; auditor, finance, admin.
  { method: 'get', path: '/audit/report', access: ['auditor', 'finance', 'admin'], handler: getAuditReport, query: ['from', 'to', 'projects', 'format', 'lang'] },
  // The audit (handlers/audits.ts): findings, decisions and sign-offs; legal has no part in it.
  { method: 'get', path: '/projects/:id/audit', access: auditReaders, handler: getProjectAudit },
  { method: 'post', path: '/projects/:id/audit/decisions', access: auditors, handler: postProjectDecision },
  { method: 'get', path: '/projects/:id/audit/signoffs', access: auditReaders, handler: listSignoffs },
  { method: 'post', path: '/projects/:id/audit/signoffs', access: auditors, handler: postSignoff },
  { method: 'get', path: '/projects/:id/audit/signoffs/:signoffId', access: auditReaders, handler: getSignoff },
  { method: 'get', path: '/audit/office', access: ['auditor', 'finance', 'admin'], handler: getOfficeAudit, query: ['from', 'to'] },
  { method: 'post', path: '/audit/office/decisions', access: auditors, handler: postOfficeDecision },
  // 拟征收范围 (one per project) and 报批批次 with their Art. 46 authority; the 永久基本农田 layer for the map.
  ...recordRoutes('/acquisition-scopes', acquisitionScopes, editors, '2mb'),
  { method: 'post', path: '/projects/:id/acquisition-scope/from-parcels', access: editors, handler: proposeScopeFromParcels },
  ...recordRoutes('/approval-batches', approvalBatches, editors, '1mb'),
  // 申报面积口径 (handlers/area-claims.ts): how each parcel's claimed area was obtained, one per parcel; its verdict is
  // the audit's per-parcel area row.
  ...recordRoutes('/area-claims', areaClaims, editors, '2mb'),
  { method: 'get', path: '/parcels/:id/area-verdict', access: auditReaders, handler: getAreaVerdict },
  { method: 'get', path: '/basic-farmland', access: everyone, handler: listBasicFarmland, query: ['bbox', 'limit'] },
  // Reported figures (报告数, handlers/reported-figures.ts): what reports state, compared with the ledger by the audit.
  { method: 'get', path: '/reported-figures', access: ['auditor', 'finance', 'admin'], handler: getReportedFigures, query: ['project', 'from', 'to'] },
  { method: 'post', path: '/reported-figures', access: ['finance', 'auditor', 'admin'], handler: postReportedFigure },
  // Notices (公告, handlers/notices.ts): everyone logged in reads; the legal section (and admin) drafts, approves (four
  // eyes), publishes and withdraws; the workflow is server/domain/notices/workflow.ts, the writes server/db/notice-writes.ts.
  // The kinds with their legal posting periods (handlers/notice-kinds.ts), from server/domain/notices/kinds.ts.
  { method: 'get', path: '/notice-kinds', access: 'session', handler: listNoticeKinds },
  { method: 'get', path: '/notices', access: 'session', handler: listNotices, query: ['project_id', 'status', 'kind'] },
  { method: 'post', path: '/notices', access: noticeWriters, handler: createNotice },
  { method: 'get', path: '/notices/:id', access: 'session', handler: getNotice },
  { method: 'put', path: '/notices/:id', access: noticeWriters, handler: updateNotice, bodyLimit: '512kb' },
  { method: 'delete', path: '/notices/:id', access: noticeWriters, handler: deleteNoticeHandler },
  { method: 'post', path: '/notices/:id/regenerate', access: noticeWriters, handler: regenerateNoticeText },
  { method: 'post', path: '/notices/:id/approve', access: noticeWriters, handler: approveNoticeHandler },
  { method: 'post', path: '/notices/:id/publish', access: noticeWriters, handler: publishNoticeHandler },
  { method: 'post', path: '/notices/:id/withdraw', access: noticeWriters, handler: withdrawNoticeHandler },
  { method: 'get', path: '/notices/:id/deadline-preview', access: 'session', handler: previewDeadlines, query: ['starts_on'] },
  { method: 'post', path: '/notices/:id/evidence', access: noticeWriters, handler: addEvidence, bodyLimit: '5mb', body: 'raw', query: ['place', 'caption', 'taken_on'] },
  { method: 'get', path: '/notices/:id/evidence/:evidenceId', access: 'session', handler: getEvidence },
  // The working-day calendar the deadlines count on (handlers/holidays.ts): admin and legal keep it.
  { method: 'get', path: '/holidays', access: 'session', handler: listHolidays, query: ['year'] },
  { method: 'put', path: '/holidays/:day', access: noticeWriters, handler: putHoliday },
  { method: 'delete', path: '/holidays/:day', access: noticeWriters, handler: deleteHoliday },
  // The public portal (handlers/public-notices.ts, public-tiles.ts): no login, read as the role zd_public through
  // the view public_notices only; hearing requests filed by the public through zd_public_hearing_file.
  {
    method: 'get', path: '/public/notices', access: 'public', handler: listPublicNotices, rateLimit: 'public',
    query: ['q', 'kind', 'township', 'status', 'from', 'to', 'min_mu', 'max_mu', 'limit'],
  },
  { method: 'get', path: '/public/notices/:id', access: 'public', handler: getPublicNotice, rateLimit: 'public' },
  { method: 'get', path: '/public/tiles/notices/:z/:x/:y.mvt', access: 'public', handler: getNoticeTile, rateLimit: 'public-tiles' },
  // The printable notice map and its boundary points (handlers/notice-map.ts), from public_notices only.
  { method: 'get', path: '/public/notices/:id/boundary-points', access: 'public', handler: getBoundaryPoints, rateLimit: 'public' },
  { method: 'get', path: '/public/notices/:id/pdf', access: 'public', handler: getNoticePdf, rateLimit: 'public-pdf', query: ['paper', 'lang'] },
  { method: 'post', path: '/public/notices/:id/hearing-requests', access: 'public', handler: fileHearingRequest, bodyLimit: '16kb', rateLimit: 'public' },
  // Hearing requests, the legal side (handlers/hearing-requests.ts): names and phones in full, so legal and admin only.
  { method: 'get', path: '/notices/:id/hearing-requests', access: ['legal', 'admin'], handler: listHearingRequests },
  { method: 'post', path: '/hearing-requests/:id/answer', access: ['legal', 'admin'], handler: answerHearingRequest },
]
