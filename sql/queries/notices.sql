-- Notices (公告): named queries for server/db/notice-writes.ts and server/handlers/notices.ts. The workflow's
-- rules are checked by the caller under the row lock (for_update) and again by the trigger zd_notice_guard.
-- Dates are Beijing dates (date); geometry leaves as GeoJSON in EPSG:4490, 9 decimals, exterior rings
-- counter-clockwise (RFC 7946).

-- name: project
-- The project a notice is drafted for, locked against concurrent drafting of it. $1 project id.
SELECT id, code, name, district FROM projects WHERE id = $1::int FOR SHARE

-- name: figures
-- What a notice of project $1 states, and whether it has anything to show (zd_notice_figures, zd_notice_scope).
SELECT zd_notice_figures($1::int) AS figures, zd_notice_scope($1::int) IS NOT NULL AS has_scope

-- name: insert
-- A new draft. $1 project, $2 kind, $3 title, $4 body, $5 township, $6 contacts, $7 period_days, $8 period_unit,
-- $9 figures (the jsonb read by `figures` in the same transaction), $10 actor. The outline is drawn here.
INSERT INTO notices (project_id, kind, title, body, township, contacts, period_days, period_unit, figures, geom, geom_3857,
                     drafted_by, updated_by)
SELECT $1::int, $2::text, $3::text, $4::text, $5::text, $6::text, $7::int, $8::text, $9::jsonb, s.g,
       ST_Transform(s.g, 3857), $10::text, $10::text
FROM (SELECT zd_notice_scope($1::int) AS g) s
RETURNING id

-- name: insert_event
-- One workflow step. $1 notice, $2 action, $3 from status (NULL when created), $4 to status, $5 actor, $6 reason.
INSERT INTO notice_events (notice_id, action, from_status, to_status, actor, reason)
VALUES ($1::int, $2::text, $3::text, $4::text, $5::text, $6::text)

-- name: for_update
-- Locks a notice so that the status and version checks and the write see the same row. $1 notice id.
SELECT n.id, n.project_id, n.kind, n.status, n.version, n.title, n.body, n.township, n.contacts, n.period_days,
       n.period_unit, n.drafted_by,
       (SELECT coalesce(array_agg(DISTINCT e.actor), '{}') FROM notice_events e
        WHERE e.notice_id = n.id AND e.action IN ('created', 'edited', 'regenerated')) AS authors
FROM notices n WHERE n.id = $1::int
FOR UPDATE

-- name: update_text
-- A draft's edit. $1 id, $2 title, $3 body, $4 township, $5 contacts, $6 period_days, $7 period_unit, $8 actor.
UPDATE notices
SET title = $2::text, body = $3::text, township = $4::text, contacts = $5::text, period_days = $6::int,
    period_unit = $7::text, version = version + 1, updated_by = $8::text, updated_at = now()
WHERE id = $1::int AND status = 'draft'
RETURNING version

-- name: regenerate
-- A draft redrawn from current data: $1 id, $2 title, $3 body, $4 township, $5 figures, $6 actor.
UPDATE notices n
SET title = $2::text, body = $3::text, township = $4::text, figures = $5::jsonb, geom = zd_notice_scope(n.project_id),
    version = version + 1, updated_by = $6::text, updated_at = now()
WHERE n.id = $1::int AND n.status = 'draft'
RETURNING version

-- name: approve
-- $1 id, $2 approver.
UPDATE notices
SET status = 'approved', approved_by = $2::text, approved_at = now(), version = version + 1, updated_by = $2::text, updated_at = now()
WHERE id = $1::int AND status = 'draft'
RETURNING version

-- name: publish
-- $1 id, $2 publisher, $3 starts_on, $4 ends_on, $5 hearing_deadline (or NULL).
UPDATE notices
SET status = 'published', published_by = $2::text, published_at = now(), starts_on = $3::date, ends_on = $4::date,
    hearing_deadline = $5::date, version = version + 1, updated_by = $2::text, updated_at = now()
WHERE id = $1::int AND status = 'approved'
RETURNING version

-- name: withdraw
-- $1 id, $2 actor, $3 reason.
UPDATE notices
SET status = 'withdrawn', withdrawn_reason = $3::text, version = version + 1, updated_by = $2::text, updated_at = now()
WHERE id = $1::int AND status IN ('approved', 'published')
RETURNING version

-- name: expire_due
-- Published notices whose period ended before $1 (today in Beijing) become expired, each with its event by
-- 'system'. Returns the ids moved.
WITH moved AS (
  UPDATE notices
  SET status = 'expired', version = version + 1, updated_by = 'system', updated_at = now()
  WHERE status = 'published' AND ends_on < $1::date
  RETURNING id
), logged AS (
  INSERT INTO notice_events (notice_id, action, from_status, to_status, actor)
  SELECT id, 'expired', 'published', 'expired', 'system' FROM moved
)
SELECT id FROM moved ORDER BY id

-- name: delete
-- A draft. $1 id.
DELETE FROM notices WHERE id = $1::int AND status = 'draft' RETURNING id

-- name: select_one
-- One notice as the internal API shows it, with its events, evidence (without the bytes) and hearing counts.
-- $1 id; $2 today in Beijing (for hearing.open, zd_notice_hearing_open).
SELECT n.id, n.project_id, p.code AS project_code, p.name AS project_name, n.kind, n.status, n.title, n.body, n.township,
       n.contacts, n.period_days, n.period_unit, n.starts_on::text AS starts_on, n.ends_on::text AS ends_on,
       n.hearing_deadline::text AS hearing_deadline, n.figures,
       ST_AsGeoJSON(ST_ForcePolygonCCW(n.geom), 9, 0)::jsonb AS geometry,
       n.version, n.drafted_by, n.drafted_at, n.approved_by, n.approved_at, n.published_by, n.published_at,
       n.withdrawn_reason, n.updated_by, n.updated_at,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('action', e.action, 'from_status', e.from_status, 'to_status', e.to_status,
                                                     'actor', e.actor, 'at', e.at, 'reason', e.reason) ORDER BY e.id), '[]')
        FROM notice_events e WHERE e.notice_id = n.id) AS events,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('id', v.id, 'content_type', v.content_type, 'place', v.place,
                                                     'taken_on', v.taken_on::text, 'caption', v.caption, 'size_bytes', octet_length(v.bytes),
                                                     'uploaded_by', v.uploaded_by, 'uploaded_at', v.uploaded_at) ORDER BY v.id), '[]')
        FROM notice_evidence v WHERE v.notice_id = n.id) AS evidence,
       (SELECT count(*)::int FROM hearing_requests h WHERE h.notice_id = n.id) AS hearing_requests,
       zd_notice_hearing_open(n.status, n.starts_on, n.ends_on, n.hearing_deadline, $2::date) AS hearing_open
FROM notices n JOIN projects p ON p.id = n.project_id
WHERE n.id = $1::int

-- name: list
-- Notices without body, figures detail or geometry, newest first. $1 project or NULL, $2 status or NULL,
-- $3 kind or NULL; $4 today in Beijing.
SELECT n.id, n.project_id, p.code AS project_code, p.name AS project_name, n.kind, n.status, n.title, n.township,
       n.period_days, n.period_unit, n.starts_on::text AS starts_on, n.ends_on::text AS ends_on,
       n.hearing_deadline::text AS hearing_deadline, n.figures ->> 'area_mu' AS area_mu, n.figures ->> 'area_ha' AS area_ha,
       n.version, n.drafted_by, n.drafted_at, n.approved_by, n.approved_at, n.published_by, n.published_at, n.updated_at,
       (SELECT count(*)::int FROM hearing_requests h WHERE h.notice_id = n.id) AS hearing_requests,
       zd_notice_hearing_open(n.status, n.starts_on, n.ends_on, n.hearing_deadline, $4::date) AS hearing_open
FROM notices n JOIN projects p ON p.id = n.project_id
WHERE ($1::int IS NULL OR n.project_id = $1::int)
  AND ($2::text IS NULL OR n.status = $2::text)
  AND ($3::text IS NULL OR n.kind = $3::text)
ORDER BY n.id DESC
LIMIT 1000

-- name: lock_for_evidence
-- $1 notice id: its status, locked so that the evidence goes with the status checked.
SELECT status FROM notices WHERE id = $1::int FOR SHARE

-- name: evidence_by_sha
SELECT id FROM notice_evidence WHERE notice_id = $1::int AND sha256 = $2::text

-- name: insert_evidence
-- $1 notice, $2 content type, $3 bytes, $4 sha256, $5 place, $6 taken_on, $7 caption, $8 uploader.
INSERT INTO notice_evidence (notice_id, content_type, bytes, sha256, place, taken_on, caption, uploaded_by)
VALUES ($1::int, $2::text, $3::bytea, $4::text, $5::text, $6::date, $7::text, $8::text)
ON CONFLICT (notice_id, sha256) DO NOTHING
RETURNING id

-- name: evidence_meta
SELECT id, content_type, place, taken_on::text AS taken_on, caption, octet_length(bytes) AS size_bytes, uploaded_by, uploaded_at
FROM notice_evidence WHERE notice_id = $1::int AND id = $2::int

-- name: evidence_bytes
SELECT content_type, bytes FROM notice_evidence WHERE notice_id = $1::int AND id = $2::int
