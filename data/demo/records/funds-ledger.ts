// The funds ledger (资金台账): 2021 deposits and executed disbursements by part, spread over the three projects; an
// opening deposit of 2020 per project large enough that no balance goes below zero at any time; budgets and 5 task
// letters. The 2021 totals are the report's.

import { REPORT } from './report-figures.ts'

export type Entry = { project_code: string; at: string; fen: number }
/** The three projects of the 2021 report and their weights in every 2021 total. */
export const projectsShare = [['ZQL-2021', 55], ['HNSC-2021', 35], ['YF10-2021', 10]] as const
/** `total` fen in `parts` pieces by weights, whole fen, the remainder on the first. */
function split(total: number, weights: readonly number[]): number[] {
  const w = weights.reduce((s, x) => s + x, 0)
  const out = weights.map((x) => Math.floor((total * x) / w))
  out[0]! += total - out.reduce((s, x) => s + x, 0)
  return out
}
export const deposits: (Entry & { payer: string; note: string | null })[] = []
export const requests: (Entry & { part: string; payee: string; decided_at: string; executed_at: string })[] = []
const payers: Record<string, string> = { 'ZQL-2021': '正清路延长线项目建设单位（示例）', 'HNSC-2021': '怀南水产品市场项目业主（示例）', 'YF10-2021': '迎丰组团安置区建设单位（示例）' }
const depositMonths = [2, 4, 6, 8, 10]
split(REPORT.funds2021.depositedFen, projectsShare.map((p) => p[1])).forEach((fen, j) => {
  const project = projectsShare[j]![0]
  split(fen, [3, 2, 2, 2, 1]).forEach((f, k) => deposits.push({ project_code: project, at: `2021-${String(depositMonths[k]).padStart(2, '0')}-10T10:00:00+08:00`, fen: f, payer: payers[project]!, note: null }))
})
const parts = [['acquisition', REPORT.funds2021.acquisitionFen, '被征收人（补偿款）'], ['resettlement', REPORT.funds2021.resettlementFen, '被征收人（安置补助）'], ['working', REPORT.funds2021.workingFen, '征收事务中心（工作经费）']] as const
const payMonths = [3, 5, 7, 9, 11, 12]
for (const [part, total, payee] of parts) {
  split(total, projectsShare.map((p) => p[1])).forEach((fen, j) => {
    const project = projectsShare[j]![0]
    split(fen, [2, 2, 2, 1, 1, 1]).forEach((f, k) => {
      const m = String(payMonths[k]).padStart(2, '0')
      requests.push({ project_code: project, part, payee, fen: f, at: `2021-${m}-15T09:00:00+08:00`, decided_at: `2021-${m}-17T15:00:00+08:00`, executed_at: `2021-${m}-20T10:00:00+08:00` })
    })
  })
}
// The opening deposit of 2020: the deepest the running balance of 2021 would go, rounded up to whole 10 000 yuan.
for (const [project] of projectsShare) {
  const events = [...deposits.filter((d) => d.project_code === project).map((d) => ({ at: d.at, fen: d.fen })),
    ...requests.filter((r) => r.project_code === project).map((r) => ({ at: r.executed_at, fen: -r.fen }))].sort((a, b) => a.at.localeCompare(b.at))
  let run = 0, low = 0
  for (const e of events) { run += e.fen; low = Math.min(low, run) }
  const opening = Math.ceil((-low + 1) / 1_000_000) * 1_000_000
  deposits.unshift({ project_code: project, at: '2020-12-18T10:00:00+08:00', fen: opening, payer: payers[project]!, note: '2020 年预存款（期初余额）' })
}
// Budgets and task letters: each letter is issued when the deposits so far cover the budget set just before it.
const letterPlan = [['ZQL-2021', '2020-12-21'], ['HNSC-2021', '2020-12-22'], ['ZQL-2021', '2021-06-18'], ['YF10-2021', '2021-04-16'], ['HNSC-2021', '2021-08-19']] as const
export const budgets: (Entry & { note: string })[] = []
export const task_letters = letterPlan.map(([project, day], i) => {
  const depositedFen = deposits.filter((d) => d.project_code === project && d.at.slice(0, 10) <= day).reduce((s, d) => s + d.fen, 0)
  const budgetFen = Math.floor(depositedFen / 100_000_000) * 100_000_000
  if (budgetFen <= 0) throw new Error(`task letter ${i + 1}: no deposits before ${day}`)
  budgets.push({ project_code: project, at: `${day}T09:00:00+08:00`, fen: budgetFen, note: '项目预算（示例）' })
  return { project_code: project, number: `怀征任〔${day.slice(0, 4)}〕${String(i + 1).padStart(2, '0')}号（示例）`, at: `${day}T16:00:00+08:00`, note: null }
})
if (task_letters.length !== REPORT.taskLetters) throw new Error('five task letters')
