import fs from 'node:fs'
import path from 'node:path'

// The last lines of `npm test` (tests/run-all.sh): which tests failed, in every suite, and "N passed, M failed".
// The suites' own logs print earlier (the db, api and faults logs long before the end), so CI's tail would not
// show them. Reads each suite's vitest JSON report (NAME.json) and exit status (NAME.exit) in the folder given.
// A failure counts once: a failed test, or a file that failed without a failed test (an error in a hook or at
// import), or a suite that exited non-zero with neither in its report (an unhandled error, which vitest's JSON
// report leaves out) or with no report at all.

interface Assertion { ancestorTitles: string[]; title: string; status: string; failureMessages: string[] }
interface FileResult { name: string; status: string; message: string; assertionResults: Assertion[] }
interface Report { numPassedTests: number; testResults: FileResult[] }

const dir = process.argv[2] ?? 'test-results'
/** What is shown of one failure: the message's first line, without terminal colours, at most 200 characters. */
const firstLine = (text: string | undefined) => (text ?? '').replace(/\x1b\[[0-9;]*m/g, '').split('\n').find((l) => l.trim())?.trim().slice(0, 200) ?? ''
const relative = (file: string) => path.relative(process.cwd(), file) || file

const failures: string[] = []
let passed = 0
const suites = new Set(fs.readdirSync(dir).filter((f) => /\.(json|exit)$/.test(f)).map((f) => f.replace(/\.(json|exit)$/, '')))
for (const suite of [...suites].sort()) {
  const exitFile = path.join(dir, `${suite}.exit`)
  const exit = fs.existsSync(exitFile) ? Number(fs.readFileSync(exitFile, 'utf8').trim()) : 0
  const reportFile = path.join(dir, `${suite}.json`)
  if (!fs.existsSync(reportFile)) {
    failures.push(`${suite}: exited ${exit} without a report (see ${dir}/${suite}.log)`)
    continue
  }
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as Report
  passed += report.numPassedTests
  const before = failures.length
  for (const file of report.testResults) {
    const failed = file.assertionResults.filter((a) => a.status === 'failed')
    for (const a of failed) failures.push(`${suite}: ${relative(file.name)} > ${[...a.ancestorTitles, a.title].join(' > ')}: ${firstLine(a.failureMessages[0])}`)
    if (!failed.length && file.status === 'failed') failures.push(`${suite}: ${relative(file.name)}: ${firstLine(file.message) || 'failed outside its tests'}`)
  }
  if (exit !== 0 && failures.length === before) failures.push(`${suite}: exited ${exit} with no failed test in its report (an unhandled error? see ${dir}/${suite}.log)`)
}

const shown = 40
if (failures.length) {
  console.log('Failed:')
  for (const f of failures.slice(0, shown)) console.log(`  ${f}`)
  if (failures.length > shown) console.log(`  … and ${failures.length - shown} more (test-results/*.json)`)
}
console.log(`${passed} passed, ${failures.length} failed`)
if (passed === 0 || failures.length) process.exit(1)
