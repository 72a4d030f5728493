// Entry of an import parser process (server/imports/parse-pool.ts). Plain JavaScript because the child is started
// without the parent's flags (under vitest the parent's TypeScript is compiled by vite, not by a loader), so the
// process registers tsx itself and then loads the TypeScript body.
import { register } from 'tsx/esm/api'

register()
await import('./parse-worker.ts')
