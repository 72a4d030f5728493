import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, type AppSession } from '../helpers/browser.ts'
import { createProjectWithoutScope } from '../helpers/own-project.ts'

// The bulk import in a real Chromium: a generated GeoJSON file of 6,000 parcels (more than a preview takes) picked in
// the import dialog goes the bulk way; the progress bar shows the upload, then the phases with the feature counts,
// then the result; the overlap step runs on the imported parcels. The file goes into a project of the test's own
// without an acquisition scope: the grid lies outside every demo project's scope, where it would be refused (G33).

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const resultsDir = path.join(repoRoot, 'test-results')
const count = 6000

let session: AppSession
let file: string
let projectId: number

beforeAll(async () => {
  // Squares of 0.0002° (about 20 m) on a grid south-east of 110°E 27.5°N, inside the jurisdiction.
  const features = Array.from({ length: count }, (_, i) => {
    const [x, y] = [110.05 + (i % 100) * 0.00025, 27.45 + Math.floor(i / 100) * 0.00025]
    return {
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.0002, y], [x + 0.0002, y + 0.0002], [x, y + 0.0002], [x, y]]] },
      properties: { DKBH: `E2E-BULK-${i}`, DLBM: '0103', QSDWMC: '盈口乡炉天冲村三组' },
    }
  })
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zd-e2e-bulk-')), 'survey-6000.geojson')
  fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }))
  session = await openApp({ user: 'planner', viewport: { width: 1440, height: 900 } })
  projectId = (await createProjectWithoutScope(session.baseUrl, 'E2E-BULK', '批量导入测试')).id
  // The project list was read before the project existed.
  await session.page.reload()
}, 120_000)

afterAll(async () => {
  await session?.close()
  if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true })
})

describe('bulk import', () => {
  it('shows the progress bar with counts, the result and the overlap step for a 6,000-feature file', async () => {
    const { page } = session
    const ownProject = page.locator(`[data-testid="project-item"][data-project-id="${projectId}"]`)
    await ownProject.waitFor()
    await ownProject.click()
    await page.getByTestId('import-open').click()
    await page.getByTestId('import-dialog').waitFor()
    await page.getByTestId('import-file').setInputFiles(file)
    await page.getByTestId('import-preview-button').click()

    // More features than a preview takes: the bulk panel instead of the preview.
    const panel = page.getByTestId('bulk-import')
    await panel.waitFor({ timeout: 60_000 })
    await page.getByTestId('bulk-start').click()
    const progress = page.getByTestId('bulk-progress')
    await progress.waitFor()
    // The embedded database holds one connection: its checks and insert of 6,000 parcels take minutes on a busy machine.
    await page.getByTestId('bulk-done').waitFor({ timeout: 360_000 })
    expect(await page.getByTestId('bulk-phase').textContent()).toBe('已完成')
    expect(await progress.locator('progress').getAttribute('value')).toBe('100')
    expect(await page.getByTestId('bulk-counts').textContent()).toBe(`要素 ${count} 个 · 无问题 ${count} · 有问题 0 · 已写入 ${count}`)
    expect(await page.getByTestId('bulk-done').textContent()).toBe(`已导入 ${count} 宗地块。`)

    await page.getByTestId('bulk-overlaps').click()
    const overlaps = page.getByTestId('bulk-overlaps-result')
    await overlaps.waitFor({ timeout: 120_000 })
    fs.mkdirSync(resultsDir, { recursive: true })
    await page.screenshot({ path: path.join(resultsDir, 'bulk-import-done.png') })
    expect(await overlaps.textContent()).toMatch(/导入的 6000 宗地块与其他地块没有重叠|发现 \d+ 处重叠/)
    expect(session.pageErrors).toEqual([])
  }, 540_000)
})
