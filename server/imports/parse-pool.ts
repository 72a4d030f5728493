import { Worker } from 'node:worker_threads'
import type { Config } from '../config.ts'
import { Problem } from '../problem.ts'
import type { ParseJob, ParseReply } from './parse-worker.ts'
import type { ImportFormat, ParseOptions, ParseResult } from './types.ts'

/** Limits of the parser threads; `ZD_IMPORT_PARSE_*` in server/config.ts. */
export interface ParseLimits {
  /** Parser threads at most; more files wait in line. */
  workers: number
  /** Wall-clock milliseconds one file may take once a thread has it; then the thread is terminated. */
  timeoutMs: number
  /** V8 old-generation heap of a thread, in MB; past it V8 ends the thread. */
  memoryMb: number
}

/** Stack of a parser thread (Node's default for workers), named so the answer can say it. */
const stackSizeMb = 4

interface Pending {
  job: ParseJob
  resolve: (result: ParseResult) => void
  reject: (err: unknown) => void
}

interface Slot {
  worker: Worker
  /** The thread has loaded the parsers (starting one takes about a second: tsx compiles them). */
  ready: boolean
  pending?: Pending
  timer?: NodeJS.Timeout
  /** Why the pool terminated the thread, if it did. */
  killed?: 'timeout' | 'closed'
  /** The error the thread died of, e.g. ERR_WORKER_OUT_OF_MEMORY. */
  error?: Error & { code?: string }
}

const bootstrap = new URL('./parse-worker.mjs', import.meta.url)

/**
 * Reads import files in worker threads, so that a hostile file (a KML nested a million levels deep, a huge
 * GeoJSON) costs a parser thread its time and memory, never the API's event loop (hostile-inputs.md F05).
 * Threads are started on demand up to `workers`, kept and reused, since starting one costs about a second; a
 * thread that runs past `timeoutMs` is terminated (422 IMPORT_PARSE_TIMEOUT), one that V8 stops at the heap or
 * stack limit answers 422 IMPORT_PARSE_RESOURCES, and a fresh thread replaces either.
 */
export class ParsePool {
  private readonly slots = new Set<Slot>()
  private readonly queue: Pending[] = []
  private closed = false

  constructor(readonly limits: ParseLimits) {}

  /** parseImport (server/imports/index.ts) in a parser thread: the same result, or the same Problem. */
  parse(bytes: Uint8Array, format: ImportFormat | 'auto', opts: ParseOptions = {}): Promise<ParseResult> {
    if (this.closed) return Promise.reject(new Error('the import parser pool is closed'))
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { bytes, format, opts }, resolve, reject })
      this.dispatch()
    })
  }

  /** Terminates every thread; files being read or waiting are refused. */
  async close() {
    this.closed = true
    const closed = () => new Error('the import parser pool is closed')
    for (const p of this.queue.splice(0)) p.reject(closed())
    await Promise.all([...this.slots].map((s) => {
      s.killed = 'closed'
      this.finish(s)?.reject(closed())
      return s.worker.terminate()
    }))
  }

  /** Threads started and not yet ended (for tests and diagnostics). */
  get size() {
    return this.slots.size
  }

  private dispatch() {
    for (const slot of this.slots) {
      if (!this.queue.length) break
      // A terminated thread stays in the set until its exit event; it takes no more files.
      if (slot.ready && !slot.pending && !slot.killed) this.run(slot, this.queue.shift()!)
    }
    let starting = [...this.slots].filter((s) => !s.ready && !s.killed).length
    while (this.queue.length > starting && this.slots.size < this.limits.workers) {
      this.spawn()
      starting++
    }
    // Only threads with work keep the process alive: one reading a file, or one starting for files in line.
    for (const slot of this.slots) {
      if (slot.pending || (!slot.ready && this.queue.length)) slot.worker.ref()
      else slot.worker.unref()
    }
  }

  private run(slot: Slot, pending: Pending) {
    slot.pending = pending
    slot.timer = setTimeout(() => {
      slot.killed = 'timeout'
      this.finish(slot)?.reject(new Problem('IMPORT_PARSE_TIMEOUT', { seconds: this.limits.timeoutMs / 1000 }))
      void slot.worker.terminate()
    }, this.limits.timeoutMs)
    slot.worker.postMessage(pending.job)
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
    const worker = new Worker(bootstrap, {
      // The parent's flags (tsx's loader, an inspector) are of no use to the thread: the bootstrap registers tsx.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb, maxYoungGenerationSizeMb: 64, stackSizeMb },
    })
    const slot: Slot = { worker, ready: false }
    this.slots.add(slot)
    worker.on('message', (reply: ParseReply) => this.onReply(slot, reply))
    worker.on('messageerror', (err) => {
      this.finish(slot)?.reject(err)
      this.dispatch()
    })
    worker.on('error', (err) => (slot.error = err))
    worker.on('exit', () => this.onExit(slot))
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
    const oom = slot.error?.code === 'ERR_WORKER_OUT_OF_MEMORY'
    this.finish(slot)?.reject(oom
      ? new Problem('IMPORT_PARSE_RESOURCES', { limit: { 'zh-CN': `内存 ${this.limits.memoryMb} MB`, en: `${this.limits.memoryMb} MB of memory` } })
      : new Error('the import parser thread ended unexpectedly', { cause: slot.error }))
    if (!slot.ready) {
      // A thread that cannot even start (a broken install) would fail for every file: refuse those waiting
      // rather than start threads in a loop. The next file tries again.
      for (const p of this.queue.splice(0)) p.reject(new Error('the import parser thread did not start', { cause: slot.error }))
      this.dispatch()
      return
    }
    // Replace a thread that was terminated or died, so the next file does not wait for a thread to start.
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
