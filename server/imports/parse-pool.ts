import { fork, type ChildProcess } from 'node:child_process'
import type { Config } from '../config.ts'
import { Problem } from '../problem.ts'
import type { ParseJob, ParseReply } from './parse-worker.ts'
import type { ImportFormat, ParseOptions, ParseResult } from './types.ts'

/** Limits of the parser processes; `ZD_IMPORT_PARSE_*` in server/config.ts. */
export interface ParseLimits {
  /** Parser processes at most; more files wait in line. */
  workers: number
  /** Wall-clock milliseconds one file may take once a process has it; then the process is killed. */
  timeoutMs: number
  /** V8 old-generation heap of a process, in MB (`--max-old-space-size`); past it V8 aborts the process. */
  memoryMb: number
}

/**
 * Stack of a parser process, named so the answer can say it: 4 MB, as a worker thread had. V8's flag is in KB and
 * must stay below the OS stack of a main thread (8 MB on Linux), else deep input crashes instead of throwing.
 */
const stackSizeMb = 4
const stackSizeKb = stackSizeMb * 1024 - 96

interface Pending {
  job: ParseJob
  resolve: (result: ParseResult) => void
  reject: (err: unknown) => void
}

interface Slot {
  child: ChildProcess
  /** The process has loaded the parsers (starting one takes about a second: tsx compiles them). */
  ready: boolean
  pending?: Pending
  timer?: NodeJS.Timeout
  /** Why the pool killed the process, if it did. */
  killed?: 'timeout' | 'closed'
  /** The end of the process's stderr, where V8 says "Reached heap limit" before it aborts. */
  stderr: string
  /** An error of the process itself (it could not be started, or a message could not be sent). */
  error?: Error
}

const bootstrap = new URL('./parse-worker.mjs', import.meta.url)

/**
 * Reads import files in child processes, so that a hostile file (a KML nested a million levels deep, a huge
 * GeoJSON) costs a parser process its time and memory, never the API's event loop (hostile-inputs.md F05).
 * Processes, not worker threads: a worker that reaches its heap limit can abort the whole server ("FATAL ERROR:
 * Reached heap limit"), where a process that does so ends alone. Processes are started on demand up to `workers`,
 * kept and reused, since starting one costs about a second; one that runs past `timeoutMs` is killed (422
 * IMPORT_PARSE_TIMEOUT), one that V8 stops at the heap or stack limit answers 422 IMPORT_PARSE_RESOURCES, and a
 * fresh process replaces either.
 */
export class ParsePool {
  private readonly slots = new Set<Slot>()
  private readonly queue: Pending[] = []
  private closed = false

  constructor(readonly limits: ParseLimits) {}

  /** parseImport (server/imports/index.ts) in a parser process: the same result, or the same Problem. */
  parse(bytes: Uint8Array, format: ImportFormat | 'auto', opts: ParseOptions = {}): Promise<ParseResult> {
    if (this.closed) return Promise.reject(new Error('the import parser pool is closed'))
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { bytes, format, opts }, resolve, reject })
      this.dispatch()
    })
  }

  /** Kills every process; files being read or waiting are refused. */
  async close() {
    this.closed = true
    const closed = () => new Error('the import parser pool is closed')
    for (const p of this.queue.splice(0)) p.reject(closed())
    await Promise.all([...this.slots].map((s) => {
      s.killed = 'closed'
      this.finish(s)?.reject(closed())
      return stop(s.child)
    }))
  }

  /** Processes started and not yet ended (for tests and diagnostics). */
  get size() {
    return this.slots.size
  }

  private dispatch() {
    for (const slot of this.slots) {
      if (!this.queue.length) break
      // A killed process stays in the set until its exit event; it takes no more files.
      if (slot.ready && !slot.pending && !slot.killed) this.run(slot, this.queue.shift()!)
    }
    let starting = [...this.slots].filter((s) => !s.ready && !s.killed).length
    while (this.queue.length > starting && this.slots.size < this.limits.workers) {
      this.spawn()
      starting++
    }
    // Only parsers with work keep the server alive: one reading a file, or one starting for files in line.
    for (const slot of this.slots) {
      const busy = slot.pending || (!slot.ready && this.queue.length)
      // The IPC channel holds its own reference, which unref() on the child leaves in place.
      const channel = slot.child.channel as { ref(): void; unref(): void } | null | undefined
      if (busy) slot.child.ref(), channel?.ref()
      else slot.child.unref(), channel?.unref()
    }
  }

  private run(slot: Slot, pending: Pending) {
    slot.pending = pending
    slot.timer = setTimeout(() => {
      slot.killed = 'timeout'
      this.finish(slot)?.reject(new Problem('IMPORT_PARSE_TIMEOUT', { seconds: this.limits.timeoutMs / 1000 }))
      slot.child.kill('SIGKILL')
    }, this.limits.timeoutMs)
    slot.child.send(pending.job, (err) => {
      if (!err) return
      // The process ended before it took the file; its exit event answers the file.
      slot.error = err
      slot.child.kill('SIGKILL')
    })
  }

  /** Frees the slot and hands back the file it was reading (undefined once answered), to answer it once. */
  private finish(slot: Slot): Pending | undefined {
    const pending = slot.pending
    clearTimeout(slot.timer)
    slot.pending = undefined
    slot.timer = undefined
    return pending
  }

  private spawn() {
    const child = fork(bootstrap, [], {
      // The parent's flags (tsx's loader, an inspector) are of no use to the parser: the bootstrap registers tsx.
      execArgv: [`--max-old-space-size=${this.limits.memoryMb}`, `--stack-size=${stackSizeKb}`],
      // Structured clone over the channel: the file's bytes stay a Uint8Array, not a JSON array of numbers.
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    })
    const slot: Slot = { child, ready: false, stderr: '' }
    this.slots.add(slot)
    child.stderr!.setEncoding('utf8')
    child.stderr!.on('data', (chunk: string) => {
      // Keep only the end: V8's last words before an abort are what tell an out-of-memory from a crash.
      slot.stderr = (slot.stderr + chunk).slice(-4096)
      process.stderr.write(chunk)
    })
    child.on('message', (reply: ParseReply) => this.onReply(slot, reply))
    child.on('error', (err) => (slot.error = err))
    // 'close' comes after 'exit' and after stderr has ended, so the heap-limit message has been read.
    child.on('close', () => this.onExit(slot))
  }

  private onReply(slot: Slot, reply: ParseReply) {
    switch (reply.type) {
      case 'ready':
        slot.ready = true
        break
      case 'done':
        this.finish(slot)?.resolve(reply.result)
        break
      case 'problem':
        this.finish(slot)?.reject(new Problem(reply.code, reply.params, reply.errors, reply.extra))
        break
      case 'stack':
        this.finish(slot)?.reject(new Problem('IMPORT_PARSE_RESOURCES', { limit: { 'zh-CN': `调用栈 ${stackSizeMb} MB`, en: `${stackSizeMb} MB of stack` } }))
        break
      case 'failed': {
        const err = new Error(`import parser: ${reply.name}: ${reply.message}`)
        if (reply.stack) err.stack = `${err.message}\n${reply.stack.split('\n').slice(1).join('\n')}`
        this.finish(slot)?.reject(err)
        break
      }
    }
    this.dispatch()
  }

  private onExit(slot: Slot) {
    this.slots.delete(slot)
    if (slot.killed === 'closed') return
    const oom = /heap limit|heap out of memory/i.test(slot.stderr)
    const { exitCode, signalCode } = slot.child
    this.finish(slot)?.reject(oom
      ? new Problem('IMPORT_PARSE_RESOURCES', { limit: { 'zh-CN': `内存 ${this.limits.memoryMb} MB`, en: `${this.limits.memoryMb} MB of memory` } })
      : new Error(`the import parser process ended unexpectedly (${signalCode ?? `exit code ${exitCode}`})`, { cause: slot.error }))
    if (!slot.ready) {
      // A process that cannot even start (a broken install) would fail for every file: refuse those waiting
      // rather than start processes in a loop. The next file tries again.
      for (const p of this.queue.splice(0)) p.reject(new Error('the import parser process did not start', { cause: slot.error }))
      this.dispatch()
      return
    }
    // Replace a process that was killed or died, so the next file does not wait for one to start.
    if (!this.closed) this.spawn()
    this.dispatch()
  }
}

const pools = new WeakMap<Config, ParsePool>()

/** The parser pool of one app (one config object): created on the first import, kept for the app's life. */
export function parsePoolFor(config: Config): ParsePool {
  let pool = pools.get(config)
  if (!pool) {
    pool = new ParsePool({ workers: config.importParseWorkers, timeoutMs: config.importParseTimeoutMs, memoryMb: config.importParseMemoryMb })
    pools.set(config, pool)
  }
  return pool
}

/** Kills a parser process and waits until it has gone. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('close', () => resolve())
    child.kill('SIGKILL')
  })
}
