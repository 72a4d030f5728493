import type { IssueCode } from '../domain/issue-codes.ts'
import { Problem, type FieldIssue } from '../problem.ts'
import { parseImport } from './index.ts'
import type { ImportFormat, ParseOptions, ParseResult } from './types.ts'

/** One file to read, as the pool sends it to a parser process. */
export interface ParseJob {
  bytes: Uint8Array
  format: ImportFormat | 'auto'
  opts: ParseOptions
}

/**
 * What a parser process sends back. The IPC channel's structured clone keeps plain data but not classes, so a
 * Problem travels as its code, params, errors and extension members and the pool rebuilds it; `stack` is a stack
 * overflow (input nested too deeply for the process's stack); `failed` is any other exception, a bug, which the
 * API answers with 500.
 */
export type ParseReply =
  | { type: 'ready' }
  | { type: 'done'; result: ParseResult }
  | { type: 'problem'; code: IssueCode; params: Record<string, unknown>; errors: FieldIssue[]; extra: Record<string, unknown> }
  | { type: 'stack' }
  | { type: 'failed'; name: string; message: string; stack?: string }

function replyFor(err: unknown): ParseReply {
  if (err instanceof Problem) return { type: 'problem', code: err.code, params: err.params, errors: err.errors, extra: err.extra }
  if (err instanceof RangeError && /call stack/i.test(err.message)) return { type: 'stack' }
  const e = err instanceof Error ? err : new Error(String(err))
  return { type: 'failed', name: e.name, message: e.message, stack: e.stack }
}

/** Sends a reply; one that cannot be cloned (a value the parser should never produce) is reported as a failure. */
function send(reply: ParseReply) {
  try {
    process.send!(reply)
  } catch (err) {
    process.send!(replyFor(err))
  }
}

if (process.send) {
  process.on('message', (job: ParseJob) => {
    let reply: ParseReply
    try {
      reply = { type: 'done', result: parseImport(job.bytes, job.format, job.opts) }
    } catch (err) {
      reply = replyFor(err)
    }
    send(reply)
  })
  send({ type: 'ready' })
}

// A parser process lives only for its pool: when the server ends, the channel closes and so does the parser.
process.on('disconnect', () => process.exit(0))
