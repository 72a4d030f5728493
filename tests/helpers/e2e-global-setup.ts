import type { TestProject } from 'vitest/node'
import { makeDemoTemplate, removeDataDir } from './start-app.ts'

/**
 * The e2e project's global setup: makes the run's demo database once (the app started on a fresh folder with the
 * demo data, then stopped) and provides its folder to startApp(), which starts every file's app on a copy.
 * The demo's dates relative to the day it is loaded (notices) are those of the run's start.
 */
export default async function setup(project: TestProject) {
  const started = Date.now()
  const template = await makeDemoTemplate()
  console.log(`[e2e] demo database template ${template} made in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  project.provide('zdDemoTemplate', template)
  return () => removeDataDir(template)
}
