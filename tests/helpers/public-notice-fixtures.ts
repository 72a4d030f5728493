import type { Database } from '../../server/db/database.ts'
import { bumpPublicVersion } from '../../server/db/public-version.ts'
import { square } from './fixtures.ts'

/**
 * Notices for the public portal's tests, written through the workflow's own steps in SQL (draft → approved →
 * published → withdrawn | expired, each with its notice_events row, as zd_notice_guard allows) and with
 * bumpPublicVersion() after each public change, as the workflow does.
 */

export interface PlantOptions {
  projectId: number
  kind?: 'pre_announcement' | 'compensation_plan' | 'acquisition' | 'legacy_notification' | 'legacy_plan'
  /** Where the workflow stops; default 'published'. */
  status?: 'draft' | 'approved' | 'published' | 'withdrawn' | 'expired'
  title?: string
  body?: string
  township?: string
  /** Publication day (Beijing, YYYY-MM-DD); default today in Beijing. ends_on = starts_on + periodDays. */
  startsOn?: string
  periodDays?: number
  areaMu?: string
  collectives?: string[]
  /** Outline, lon/lat (CGCS2000); default a 0.001° square at 110.0°E 27.5°N. */
  ring?: [number, number][]
}

export async function plantProject(db: Database, code = 'P-PUB', name = '公告测试项目', nameEn = 'Notice test project'): Promise<number> {
  const [row] = await db.query<{ id: number }>('INSERT INTO projects (code, name, name_en) VALUES ($1, $2, $3) RETURNING id', [code, name, nameEn])
  return row!.id
}

export async function beijingToday(db: Database, offsetDays = 0): Promise<string> {
  const [row] = await db.query<{ d: string }>(`SELECT ((now() AT TIME ZONE 'Asia/Shanghai')::date + $1::integer)::text AS d`, [offsetDays])
  return row!.d
}

export async function plantNotice(db: Database, o: PlantOptions): Promise<number> {
  const kind = o.kind ?? 'compensation_plan'
  const status = o.status ?? 'published'
  const collectives = o.collectives ?? ['红星村集体经济组织', '东风村集体经济组织']
  const areaMu = o.areaMu ?? '16.424'
  const figures = {
    parcels: collectives.length,
    area_m2: '10949.47',
    area_mu: areaMu,
    area_ha: '1.0949',
    land_classes: [{ code: '0101', name: '水田', name_en: 'Paddy field', parcels: collectives.length, area_mu: areaMu }],
    collectives: collectives.map((name) => ({ name, parcels: 1, area_mu: '8.212' })),
    rates: [{ item_type: 'land', name: '土地补偿费', land_class: '0101', structure: null, unit: 'mu', rate_yuan: '48000.00' }],
    scope_source: 'parcels',
  }
  const geometry = JSON.stringify({ type: 'MultiPolygon', coordinates: [[o.ring ?? square(110.0, 27.5)]] })
  const [n] = await db.query<{ id: number }>(
    `INSERT INTO notices (project_id, kind, title, body, township, period_days, period_unit, figures, geom, geom_3857, drafted_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, 'days', $7::jsonb, ST_SetSRID(ST_GeomFromGeoJSON($8), 4490),
             ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($8), 4490), 3857), 'legal', 'legal')
     RETURNING id`,
    [o.projectId, kind, o.title ?? '征地补偿安置方案公告', o.body ?? '根据《土地管理法》第四十七条，现将征地补偿安置方案予以公告。', o.township ?? '盈口乡',
     o.periodDays ?? 30, JSON.stringify(figures), geometry],
  )
  const id = n!.id
  const event = (action: string, from: string | null, to: string, reason: string | null = null) =>
    db.query('INSERT INTO notice_events (notice_id, action, from_status, to_status, actor, reason) VALUES ($1, $2, $3, $4, $5, $6)', [id, action, from, to, action === 'expired' ? 'system' : 'legal2', reason])
  await event('created', null, 'draft')
  if (status === 'draft') return id
  await db.query(`UPDATE notices SET status = 'approved', approved_by = 'legal2', approved_at = now(), updated_by = 'legal2' WHERE id = $1`, [id])
  await event('approved', 'draft', 'approved')
  if (status === 'approved') return id
  if (status === 'withdrawn' && o.startsOn === undefined) {
    await withdrawNotice(db, id, 'approved')
    return id
  }
  const startsOn = o.startsOn ?? (await beijingToday(db))
  await db.query(
    `UPDATE notices SET status = 'published', starts_on = $2::date, ends_on = $2::date + period_days,
            hearing_deadline = CASE WHEN kind = 'compensation_plan' THEN $2::date + period_days END,
            published_by = 'legal2', published_at = now(), updated_by = 'legal2'
     WHERE id = $1`,
    [id, startsOn],
  )
  await event('published', 'approved', 'published')
  bumpPublicVersion()
  if (status === 'withdrawn') await withdrawNotice(db, id, 'published')
  if (status === 'expired') {
    await db.query(`UPDATE notices SET status = 'expired', updated_by = 'system' WHERE id = $1`, [id])
    await event('expired', 'published', 'expired')
    bumpPublicVersion()
  }
  return id
}

export async function withdrawNotice(db: Database, id: number, from: 'approved' | 'published' = 'published') {
  await db.query(`UPDATE notices SET status = 'withdrawn', withdrawn_reason = '范围有误，撤回重发。', updated_by = 'legal2' WHERE id = $1`, [id])
  await db.query(`INSERT INTO notice_events (notice_id, action, from_status, to_status, actor, reason) VALUES ($1, 'withdrawn', $2, 'withdrawn', 'legal2', '范围有误，撤回重发。')`, [id, from])
  bumpPublicVersion()
}
