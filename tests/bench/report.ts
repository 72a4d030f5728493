import fs from 'node:fs'
import path from 'node:path'

/**
 * One row of the table. `ours` and `floor` are the measured figures as text (with units); `ratio` is ours ÷ floor of
 * the figure the goal names, or null when there is no floor; `met` is null when the row could not be judged
 * (missing, skipped). `note` says what was measured when it differs from the row's name.
 */
export interface Row {
  what: string
  ours: string
  floor: string
  ratio: number | null
  goal: string
  met: boolean | null
  note?: string
}

export interface Report {
  date: string
  machine: string
  database: string
  dataset: string
  rows: Row[]
  notes: string[]
}

const fmtRatio = (r: number | null) => (r === null || !Number.isFinite(r) ? '—' : `${r.toFixed(2)}×`)
const fmtMet = (m: boolean | null) => (m === null ? '—' : m ? 'yes' : 'NO')
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')

/** The table as Markdown (also what the console shows). */
export function markdown(report: Report): string {
  const lines = [
    `# Benchmark ${report.date}`,
    '',
    `- machine: ${report.machine}`,
    `- database: ${report.database}`,
    `- data: ${report.dataset}`,
    '',
    '| what | ours | floor | ratio | goal | met? |',
    '| --- | --- | --- | --- | --- | --- |',
    ...report.rows.map((r) => `| ${cell(r.what)}${r.note ? ` (${cell(r.note)})` : ''} | ${cell(r.ours)} | ${cell(r.floor)} | ${fmtRatio(r.ratio)} | ${cell(r.goal)} | ${fmtMet(r.met)} |`),
  ]
  if (report.notes.length) lines.push('', ...report.notes.map((n) => `- ${n}`))
  return lines.join('\n') + '\n'
}

/** Writes test-results/bench-<date>.md and .json; answers the two paths. */
export function writeReport(report: Report, dir: string): { md: string; json: string } {
  fs.mkdirSync(dir, { recursive: true })
  const stamp = report.date.replace(/[:]/g, '-').replace(/\.\d+Z$/, 'Z')
  const md = path.join(dir, `bench-${stamp}.md`)
  const json = path.join(dir, `bench-${stamp}.json`)
  fs.writeFileSync(md, markdown(report))
  fs.writeFileSync(json, JSON.stringify(report, null, 2) + '\n')
  return { md, json }
}

export const ms = (v: number) => (v >= 100 ? `${v.toFixed(0)} ms` : v >= 10 ? `${v.toFixed(1)} ms` : `${v.toFixed(2)} ms`)
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
export const rps = (v: number) => `${v.toFixed(0)} req/s`
