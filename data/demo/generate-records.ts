// Generates data/demo/records.json: the illustrative records on the demo parcels (households and members,
// buildings, resettlements, agreements, graves, attachments, rate sets, payments, funds ledger), built so that
// the app reproduces the figures of the 2021 performance report (see README.md in this folder).
//
// EVERYTHING HERE IS INVENTED: names, ID numbers, phones, footprints, rates, dates and amounts. Only the totals
// named in README.md come from the report. ID numbers use the region codes 4300xx, which no real county has,
// so they cannot be anyone's number; they are still 18 characters with a correct GB 11643 check character.
//
// Deterministic: no randomness; variety comes from fixed tables indexed by position. Reads parcels.geojson
// (written by generate.ts, which this file never changes). Money is handled in whole fen (integers), and every
// amount is written as a decimal string; the app computes compensation itself, in SQL, from the rate sets.
// The records are made in records/, one kind per file; this file calls them in order (the households are numbered
// in the order their houses are made), checks the report's totals, writes the file and prints the summary.
// Run: npx tsx data/demo/generate-records.ts

import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { addCdwlAttachments, addHnscAttachments, addZqlTrees, attachments } from './records/attachments.ts'
import { addCdwlBuildings, addHnscBuildings, addYf10Buildings, addZqlBuildings, buildings, resettlements } from './records/buildings.ts'
import { agreementsOfHouseholds, manualItems, payments, rateSets } from './records/compensation.ts'
import { cents } from './records/fixed-values.ts'
import { budgets, deposits, type Entry, projectsShare, requests, task_letters } from './records/funds-ledger.ts'
import { addYf10Graves, graves } from './records/graves.ts'
import { households } from './records/households.ts'
import { REPORT } from './records/report-figures.ts'

const OUT_DIR = dirname(fileURLToPath(import.meta.url))

addZqlBuildings()
addHnscBuildings()
const yf10 = addYf10Buildings()
addCdwlBuildings()
addYf10Graves(yf10.slots, yf10.householdKey)
addHnscAttachments()
addCdwlAttachments()
addZqlTrees()
const agreements = agreementsOfHouseholds()
const rate_sets = rateSets
const manual_items = manualItems()

// ---------------------------------------------------------------------------------------------------------
// Check and write.

const sumCm2 = (project: string) => buildings.filter((b) => b.project_code === project).reduce((s, b) => s + Math.round(Number(b.floor_area_m2) * 100), 0)
if (sumCm2('ZQL-2021') !== REPORT.zql.floorAreaCm2 || sumCm2('HNSC-2021') !== REPORT.hnsc.floorAreaCm2) throw new Error('floor area totals')
const zqlKeys = new Set(households.filter((h) => h.project_code === 'ZQL-2021').map((h) => h.key))
const zqlPersons = resettlements.filter((r) => zqlKeys.has(r.household_key)).reduce((s, r) => s + r.persons, 0)
const zqlFlagged = households.filter((h) => zqlKeys.has(h.key)).reduce((s, h) => s + h.members.filter((m) => m.is_resettled).length, 0)
if (zqlPersons !== REPORT.zql.personsResettled || zqlFlagged !== REPORT.zql.personsResettled) throw new Error(`ZQL persons ${zqlPersons}/${zqlFlagged}`)
const cdKeys = new Set(households.filter((h) => h.project_code === 'CDWL-2021').map((h) => h.key))
const cdPersons = resettlements.filter((r) => cdKeys.has(r.household_key)).reduce((s, r) => s + r.persons, 0)
if (sumCm2('CDWL-2021') !== REPORT.audited2021.floorAreaCm2 || cdPersons !== REPORT.audited2021.persons) throw new Error('城东物流园 totals')
if (new Set(households.flatMap((h) => h.members.map((m) => m.id_number))).size !== households.reduce((s, h) => s + h.members.length, 0)) throw new Error('ID numbers repeat')

const toYuan = (e: Entry) => cents(e.fen)
const note = 'Illustrative demo records: every name, ID number, phone, footprint, rate and amount is invented (see data/demo/README.md); only the totals named there come from the 2021 report.'
const out = {
  note,
  households,
  buildings,
  resettlements,
  agreements,
  graves,
  attachments,
  rate_sets,
  manual_items,
  payments,
  funds: {
    budgets: budgets.map((b) => ({ project_code: b.project_code, set_at: b.at, budget_yuan: toYuan(b), note: b.note })),
    deposits: deposits.map((d) => ({ project_code: d.project_code, entered_at: d.at, amount_yuan: toYuan(d), payer: d.payer, note: d.note })),
    disbursements: requests.map((r) => ({ project_code: r.project_code, part: r.part, amount_yuan: toYuan(r), payee: r.payee, requested_at: r.at, decided_at: r.decided_at, executed_at: r.executed_at })),
    task_letters: task_letters.map((t) => ({ project_code: t.project_code, number: t.number, issued_at: t.at, note: t.note })),
  },
}
// One record per line: small diffs when the generator changes.
const lines = Object.entries(out).map(([k, v]) =>
  Array.isArray(v) ? `${JSON.stringify(k)}:[\n${v.map((x) => JSON.stringify(x)).join(',\n')}\n]`
    : typeof v === 'object' ? `${JSON.stringify(k)}:{\n${Object.entries(v).map(([kk, vv]) => `${JSON.stringify(kk)}:[\n${(vv as unknown[]).map((x) => JSON.stringify(x)).join(',\n')}\n]`).join(',\n')}\n}`
      : `${JSON.stringify(k)}:${JSON.stringify(v)}`)
writeFileSync(join(OUT_DIR, 'records.json'), `{${lines.join(',\n')}}\n`)

const byProject = (p: string) => ({
  households: households.filter((h) => h.project_code === p).length,
  buildings: buildings.filter((b) => b.project_code === p).length,
  floor_area_m2: cents(sumCm2(p)),
  members: households.filter((h) => h.project_code === p).reduce((s, h) => s + h.members.length, 0),
  persons_resettled: resettlements.filter((r) => households.find((h) => h.key === r.household_key)!.project_code === p).reduce((s, r) => s + r.persons, 0),
  delayed: resettlements.filter((r) => r.delay_months > 0 && households.find((h) => h.key === r.household_key)!.project_code === p).length,
  attachments: attachments.filter((a) => a.project_code === p).length,
  coffins: graves.filter((g) => g.project_code === p).reduce((s, g) => s + g.coffins, 0),
})
console.log('| project | households | buildings | floor area (m²) | members | persons resettled | delayed | attachments | coffins |')
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
for (const p of [...projectsShare.map(([p]) => p), 'CDWL-2021']) {
  const s = byProject(p)
  console.log(`| ${p} | ${s.households} | ${s.buildings} | ${s.floor_area_m2} | ${s.members} | ${s.persons_resettled} | ${s.delayed} | ${s.attachments} | ${s.coffins} |`)
}
console.log('\n| project | opening deposit 2020 (yuan) | deposits 2021 (yuan) | disbursed 2021 (yuan) |')
console.log('| --- | ---: | ---: | ---: |')
for (const [p] of projectsShare) {
  const dep = deposits.filter((d) => d.project_code === p)
  const dis = requests.filter((r) => r.project_code === p).reduce((s, r) => s + r.fen, 0)
  console.log(`| ${p} | ${cents(dep.filter((d) => d.at < '2021').reduce((s, d) => s + d.fen, 0))} | ${cents(dep.filter((d) => d.at >= '2021').reduce((s, d) => s + d.fen, 0))} | ${cents(dis)} |`)
}
