/**
 * P8 lint (hostile-inputs.md): SQL text is never built from strings at run time. Values go to PostgreSQL as bound
 * parameters ($1…$n); the only other thing that may enter SQL text is a name from an explicit allow-list, through
 * the helper in server/db/sql-text.ts (the `sqlText` tag with `sqlName`/`sqlNames` parts, `withSqlNames` for
 * placeholders in a named query, and `shippedSql` for the repository's own sql/ files, in migrate.ts only).
 *
 * It reads server/**\/*.ts with the TypeScript compiler's parser (no type check, so it runs in about a second) and
 * reports:
 *  - `built-sql-argument`: a query function (`.query`, `.exec`, `copyFrom`) given text built at run time: a template
 *    literal with substitutions, a `+`, `.join`/`.concat`/`.replace*`, a conditional over such, a local variable
 *    initialised with one, or a call of a local function returning one;
 *  - `built-sql-text`: anywhere else, a template literal with substitutions or a `+` whose literal text is an SQL
 *    statement (an upper-case SELECT, INSERT INTO, UPDATE … SET, DELETE FROM, CREATE, DROP, ALTER, TRUNCATE, COPY,
 *    SET LOCAL, EXECUTE): built SQL on its way to a query function in another file;
 *  - `shipped-sql-outside-migrate`: shippedSql used outside server/db/migrate.ts.
 *
 * `npm run lint:sql` runs it over server/ (exit 1 on a finding); tests/unit/sql-lint.test.ts runs it in the unit
 * suite and on the planted examples in tests/fixtures/sql-lint/.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'

export interface SqlLintFinding {
  file: string
  line: number
  rule: 'built-sql-argument' | 'built-sql-text' | 'shipped-sql-outside-migrate'
  text: string
}

/** Methods and functions that send their first argument to PostgreSQL as SQL text. */
const sinkMethods = new Set(['query', 'exec'])
const sinkFunctions = new Set(['copyFrom'])
/** String methods whose result is text assembled at run time. */
const buildingMethods = new Set(['join', 'concat', 'replace', 'replaceAll', 'repeat', 'padStart', 'padEnd'])
/** The allow-listing tag of server/db/sql-text.ts. */
const helperTag = 'sqlText'
const helperShipped = 'shippedSql'
const shippedAllowedIn = 'server/db/migrate.ts'
/** Literal text that reads as an SQL statement (upper-case keywords, as every query of this project is written). */
const sqlStatement = /\b(SELECT\b[\s\S]*\bFROM|INSERT INTO|UPDATE\s+\w+\s+SET|DELETE FROM|CREATE (OR REPLACE |UNIQUE |UNLOGGED |TEMP )?(TABLE|INDEX|VIEW|FUNCTION)|DROP (TABLE|INDEX|VIEW|FUNCTION)|ALTER TABLE|TRUNCATE|COPY \w|SET LOCAL|EXECUTE)\b/

const unwrap = (e: ts.Expression): ts.Expression =>
  ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)
    ? unwrap(e.expression)
    : e

/** Every literal piece of text of a template or a `+` chain, joined: what the statement reads like. */
function literalText(e: ts.Expression): string {
  e = unwrap(e)
  if (ts.isStringLiteralLike(e)) return e.text
  if (ts.isTemplateExpression(e)) return [e.head.text, ...e.templateSpans.map((s) => s.literal.text)].join(' ')
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return `${literalText(e.left)} ${literalText(e.right)}`
  return ''
}

function lintFile(file: string, source: ts.SourceFile, display: string): SqlLintFinding[] {
  const findings: SqlLintFinding[] = []
  const report = (node: ts.Node, rule: SqlLintFinding['rule']) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source))
    findings.push({ file: display, line: line + 1, rule, text: node.getText(source).replace(/\s+/g, ' ').slice(0, 160) })
  }

  // Local declarations by name: variables (their initialisers) and functions (their returned expressions).
  const variables = new Map<string, ts.Expression[]>()
  const functions = new Map<string, ts.Expression[]>()
  const returnsOf = (body: ts.ConciseBody | undefined): ts.Expression[] => {
    if (!body) return []
    if (!ts.isBlock(body)) return [body]
    const found: ts.Expression[] = []
    const walk = (n: ts.Node) => {
      if (ts.isFunctionLike(n)) return
      if (ts.isReturnStatement(n) && n.expression) found.push(n.expression)
      ts.forEachChild(n, walk)
    }
    ts.forEachChild(body, walk)
    return found
  }
  const collect = (n: ts.Node) => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer) {
      const init = unwrap(n.initializer)
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) functions.set(n.name.text, [...(functions.get(n.name.text) ?? []), ...returnsOf(init.body)])
      else variables.set(n.name.text, [...(variables.get(n.name.text) ?? []), n.initializer])
    }
    if (ts.isFunctionDeclaration(n) && n.name) functions.set(n.name.text, [...(functions.get(n.name.text) ?? []), ...returnsOf(n.body)])
    ts.forEachChild(n, collect)
  }
  collect(source)

  /** Whether an expression is text assembled at run time outside the helper. */
  const built = (e: ts.Expression, seen = new Set<string>()): boolean => {
    e = unwrap(e)
    if (ts.isTemplateExpression(e)) return true
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind
      if (op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.PlusEqualsToken) return true
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return built(e.left, seen) || built(e.right, seen)
      return false
    }
    if (ts.isConditionalExpression(e)) return built(e.whenTrue, seen) || built(e.whenFalse, seen)
    if (ts.isTaggedTemplateExpression(e)) return !(ts.isIdentifier(e.tag) && e.tag.text === helperTag)
    if (ts.isCallExpression(e)) {
      const callee = unwrap(e.expression)
      if (ts.isPropertyAccessExpression(callee) && buildingMethods.has(callee.name.text)) return true
      if (ts.isIdentifier(callee) && !seen.has(`f:${callee.text}`)) {
        seen.add(`f:${callee.text}`)
        return (functions.get(callee.text) ?? []).some((r) => built(r, seen))
      }
      return false
    }
    if (ts.isIdentifier(e) && !seen.has(`v:${e.text}`)) {
      seen.add(`v:${e.text}`)
      return (variables.get(e.text) ?? []).some((init) => built(init, seen))
    }
    return false
  }

  const sinkArgument = (call: ts.CallExpression): ts.Expression | undefined => {
    const callee = unwrap(call.expression)
    if (ts.isPropertyAccessExpression(callee) && sinkMethods.has(callee.name.text)) {
      // RegExp#exec takes the text to search, not SQL.
      if (ts.isRegularExpressionLiteral(unwrap(callee.expression))) return undefined
      return call.arguments[0]
    }
    if (ts.isIdentifier(callee) && sinkFunctions.has(callee.text)) return call.arguments[0]
    return undefined
  }

  const reportedText = new Set<ts.Node>()
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n)) {
      const callee = unwrap(n.expression)
      if (ts.isIdentifier(callee) && callee.text === helperShipped && display !== shippedAllowedIn) report(n, 'shipped-sql-outside-migrate')
      const arg = sinkArgument(n)
      if (arg && built(arg)) {
        report(arg, 'built-sql-argument')
        reportedText.add(unwrap(arg))
      }
    }
    const isHelperPart = n.parent !== undefined && ts.isTaggedTemplateExpression(n.parent) && ts.isIdentifier(n.parent.tag) && n.parent.tag.text === helperTag
    const isTopPlus = ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken &&
      !(n.parent !== undefined && ts.isBinaryExpression(n.parent) && n.parent.operatorToken.kind === ts.SyntaxKind.PlusToken)
    if ((ts.isTemplateExpression(n) && !isHelperPart) || isTopPlus) {
      if (!reportedText.has(n) && sqlStatement.test(literalText(n as ts.Expression))) report(n, 'built-sql-text')
    }
    ts.forEachChild(n, visit)
  }
  visit(source)
  return findings.filter((f, i) => findings.findIndex((g) => g.line === f.line && g.rule === f.rule && g.text === f.text) === i)
}

/** Lints the given .ts files; `root` makes the reported paths relative (and decides where shippedSql may be used). */
export function lintSqlFiles(files: string[], root: string): SqlLintFinding[] {
  return files.flatMap((file) => {
    const text = fs.readFileSync(file, 'utf8')
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS)
    return lintFile(file, source, path.relative(root, file).split(path.sep).join('/'))
  })
}

/** Every .ts file under a folder (declaration files excluded). */
export function tsFilesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.ts') && !d.name.endsWith('.d.ts'))
    .map((d) => path.join(d.parentPath, d.name))
    .sort()
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const findings = lintSqlFiles(tsFilesUnder(path.join(repoRoot, 'server')), repoRoot)
  for (const f of findings) console.log(`${f.file}:${f.line}: ${f.rule}: ${f.text}`)
  console.log(findings.length ? `${findings.length} SQL text(s) built at run time; see tests/lint/sql-lint.ts` : 'lint:sql: no SQL built at run time in server/')
  process.exit(findings.length ? 1 : 0)
}
