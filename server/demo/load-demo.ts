import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { hashPassword } from '../auth/passwords.ts'
import { roles } from '../auth/sessions.ts'
import type { Database } from '../db/database.ts'
import { loadQueries } from '../db/queries.ts'

const q = loadQueries('demo', ['is_empty', 'insert_project', 'insert_parcel', 'set_actor', 'check_parcels'])
const authQueries = loadQueries('auth', ['create_user'])
const demoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/demo')

interface DemoProject { code: string; name: string; name_en: string; district: string; color: string }
interface DemoParcel {
  geometry: unknown
  properties: { project_code: string; code: string; land_class: string; owner: string; claimed_area_mu: string | null; survey_zone: number | null; status: string }
}

/**
 * Loads data/demo (the three illustrative projects of the 2021 report) and the demo users
 * (`planner` … `admin`, password `<name>-demo`) into an empty database, all in one transaction.
 * Returns false, doing nothing, when the database already holds projects or users.
 */
export async function loadDemo(db: Database): Promise<boolean> {
  const [state] = await db.query<{ empty: boolean }>(q.is_empty)
  if (!state?.empty) return false
  const projects = JSON.parse(fs.readFileSync(path.join(demoDir, 'projects.json'), 'utf8')) as DemoProject[]
  const parcels = (JSON.parse(fs.readFileSync(path.join(demoDir, 'parcels.geojson'), 'utf8')) as { features: DemoParcel[] }).features
  const hashes = await Promise.all(roles.map((r) => hashPassword(`${r}-demo`)))
  await db.transaction(async (tx) => {
    await tx.query(q.set_actor)
    for (const [i, role] of roles.entries()) await tx.query(authQueries.create_user, [role, role, hashes[i], true])
    const ids = new Map<string, number>()
    for (const p of projects) {
      const [row] = await tx.query<{ id: number }>(q.insert_project, [p.code, p.name, p.name_en, p.district, p.color])
      ids.set(p.code, row!.id)
    }
    for (const f of parcels) {
      const p = f.properties
      const projectId = ids.get(p.project_code)
      if (!projectId) throw new Error(`demo parcel ${p.code} names unknown project ${p.project_code}`)
      await tx.query(q.insert_parcel, [projectId, p.code, p.land_class, p.owner, p.claimed_area_mu, p.survey_zone, p.status, JSON.stringify(f.geometry)])
    }
    const faults = await tx.query<{ code: string; issue: string }>(q.check_parcels)
    if (faults.length) throw new Error(`demo data fails checks: ${faults.map((f) => `${f.code} ${f.issue}`).join(', ')}`)
  })
  return true
}
