// Entry of an import parser thread (server/imports/parse-pool.ts). Plain JavaScript because a worker does not get
// tsx's hooks from its parent: on Node 20 a `--import tsx` in execArgv does not reach a worker's entry module
// (tsx issue #354), and under vitest the parent's TypeScript is compiled by vite, not by a loader. So the thread
// registers tsx itself and then loads the TypeScript worker body.
import { register } from 'tsx/esm/api'

register()
await import('./parse-worker.ts')
