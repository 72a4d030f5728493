import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { repoRoot, tsFilesUnder } from '../lint/sql-lint.ts'

// hostile-inputs I13 (SSRF): the server makes no outbound request at all, so no user-supplied address can make it
// fetch 169.254.169.254, 127.0.0.1:5432 or file:///. Read from the syntax tree of every file in server/: a comment
// or a string that mentions fetch( is no finding. The only network module it imports for values is node:http in
// main.ts, to listen; the database clients (pg, PGlite) are the only other connections, to the configured database.

/** Modules that open connections or send requests. */
const networkModules = new Set(['http', 'https', 'http2', 'net', 'tls', 'dgram', 'undici', 'node-fetch', 'axios', 'got', 'ws'])
const moduleName = (spec: string) => spec.replace(/^node:/, '')
/** Globals that send a request when called or constructed. */
const requestGlobals = new Set(['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest'])

/** Text without which a file can make no request: only files holding it are parsed (parsing all takes seconds). */
const mayRequest = /fetch|WebSocket|EventSource|XMLHttpRequest|require|import\s*\(|['"](?:node:)?(?:https?|http2|net|tls|dgram|undici|node-fetch|axios|got|ws)['"]/

/** Every outbound request a file could make, as `line: what`; main.ts may use node:http's createServer only. */
function outboundRequests(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const at = (n: ts.Node) => `${path.relative(repoRoot, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`
  const networkBindings = new Map<string, string>()
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier) && networkModules.has(moduleName(n.moduleSpecifier.text))) {
      const clause = n.importClause
      const valueNames = clause && !clause.isTypeOnly
        ? [clause.name?.text, ...(clause.namedBindings && ts.isNamespaceImport(clause.namedBindings) ? [clause.namedBindings.name.text] : []),
            ...(clause.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements.filter((e) => !e.isTypeOnly).map((e) => e.name.text) : [])]
            .filter((x): x is string => !!x)
        : []
      for (const name of valueNames) networkBindings.set(name, moduleName(n.moduleSpecifier.text))
    }
    if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [spec] = n.arguments
      if (!spec || !ts.isStringLiteral(spec) || networkModules.has(moduleName(spec.text))) found.push(`${at(n)}: dynamic import of ${spec?.getText(sf)}`)
    }
    if ((ts.isCallExpression(n) || ts.isNewExpression(n))) {
      const callee = n.expression
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) && callee.expression.getText(sf) === 'globalThis' ? callee.name.text : null
      if (name && requestGlobals.has(name)) found.push(`${at(n)}: ${name}()`)
      if (ts.isIdentifier(callee) && callee.text === 'require') found.push(`${at(n)}: require()`)
    }
    if (ts.isIdentifier(n) && networkBindings.has(n.text) && !ts.isImportClause(n.parent) && !ts.isImportSpecifier(n.parent) && !ts.isNamespaceImport(n.parent)) {
      const listens = path.relative(repoRoot, file) === 'server/main.ts' && networkBindings.get(n.text) === 'http' &&
        ts.isPropertyAccessExpression(n.parent) && n.parent.expression === n && n.parent.name.text === 'createServer'
      if (!listens) found.push(`${at(n)}: ${networkBindings.get(n.text)} ${n.parent.getText(sf).slice(0, 60)}`)
    }
    ts.forEachChild(n, visit)
  }
  visit(sf)
  return found
}

describe('I13: the server sends no request to an address', () => {
  it('finds no fetch, request module, socket or require in server/, and node:http only to listen in main.ts', () => {
    const files = [...tsFilesUnder(path.join(repoRoot, 'server')), ...fs.readdirSync(path.join(repoRoot, 'server/imports')).filter((f) => f.endsWith('.mjs')).map((f) => path.join(repoRoot, 'server/imports', f))]
    expect(files.length).toBeGreaterThan(150)
    const sources = files.map((f) => [f, fs.readFileSync(f, 'utf8')] as const).filter(([, text]) => mayRequest.test(text))
    expect(sources.flatMap(([f, text]) => outboundRequests(f, text))).toEqual([])
  }, 60_000)

  it('finds the planted requests: fetch of a user URL, https.get, a named net import, a dynamic import, undici', () => {
    const planted = [
      'export const f = (url: string) => fetch(url)',
      "import https from 'node:https'\nexport const g = (u: string) => https.get(u)",
      "import { connect } from 'node:net'\nexport const h = () => connect(5432, '127.0.0.1')",
      "export const i = async () => (await import('node:http')).request('http://169.254.169.254/')",
      "import { request } from 'undici'\nexport const j = (u: string) => request(u)",
      "import http from 'node:http'\nexport const k = (u: string) => http.get(u)",
    ]
    for (const source of planted) {
      expect(mayRequest.test(source), source).toBe(true)
      expect(outboundRequests(path.join(repoRoot, 'server/main.ts'), source), source).not.toEqual([])
    }
    // Mentions in comments and strings, type-only imports, and listening are no request.
    const harmless = "// fetch(url)\nimport type { IncomingMessage } from 'node:http'\nimport http from 'node:http'\nconst s = 'fetch(x)'\nhttp.createServer()"
    expect(outboundRequests(path.join(repoRoot, 'server/main.ts'), harmless)).toEqual([])
  })
})
