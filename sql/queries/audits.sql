-- The audit engine's own statements (server/db/audit.ts): decisions, sign-offs with their history watermarks, and
-- the changes made since a sign-off. The facts the rules run on are in audit-geometry.sql and audit-records.sql.
-- A project id NULL in audit_decisions means the office-wide findings (reported figures of the whole office).

-- name: snapshot
SET TRANSACTION ISOLATION LEVEL REPEATABLE READ

-- name: project_exists
SELECT EXISTS (SELECT 1 FROM projects WHERE id = $1::int) AS exists

-- name: totals
SELECT zd_audit_totals($1::int) AS totals

-- name: lock_history
-- Taken first in a sign-off's transaction (before its snapshot): waits for every transaction that is writing
-- history to commit and holds new ones off until the sign-off commits, so that each history row is either seen
-- by the sign-off's findings and below its watermark, or above the watermark; none can slip in between.
LOCK TABLE parcel_history, household_history, record_history IN SHARE MODE

-- name: watermarks
SELECT (SELECT coalesce(max(id), 0) FROM parcel_history)::bigint AS parcel_history_max,
       (SELECT coalesce(max(id), 0) FROM household_history)::bigint AS household_history_max,
       (SELECT coalesce(max(id), 0) FROM record_history)::bigint AS record_history_max

-- name: decisions
-- The standing (latest) decision on each finding key of a project ($1) or, with $1 NULL, of the office.
SELECT DISTINCT ON (finding_key) finding_key, decision, reason, decided_by, decided_at
FROM audit_decisions
WHERE project_id IS NOT DISTINCT FROM $1::int
ORDER BY finding_key, id DESC

-- name: insert_decision
INSERT INTO audit_decisions (project_id, finding_key, decision, reason, decided_by)
VALUES ($1::int, $2::text, $3::text, $4::text, $5::text)
RETURNING id, project_id, finding_key, decision, reason, decided_by, decided_at

-- name: insert_signoff
INSERT INTO audit_signoffs (project_id, signed_by, parcel_history_max, household_history_max, record_history_max,
                            totals, findings, note)
VALUES ($1::int, $2::text, $3::bigint, $4::bigint, $5::bigint, $6::jsonb, $7::jsonb, $8::text)
RETURNING id

-- name: signoffs
-- The sign-offs of a project ($1), newest first, or only sign-off $2 of it; without the stored findings, which
-- signoff_findings reads. findings_by_severity counts the findings at the signature.
SELECT s.id, s.project_id, s.signed_by, s.signed_at, s.totals, s.note,
       jsonb_array_length(s.findings)::int AS findings_count,
       jsonb_build_object(
         'error', (SELECT count(*) FROM jsonb_array_elements(s.findings) f WHERE f ->> 'severity' = 'error'),
         'warning', (SELECT count(*) FROM jsonb_array_elements(s.findings) f WHERE f ->> 'severity' = 'warning'),
         'info', (SELECT count(*) FROM jsonb_array_elements(s.findings) f WHERE f ->> 'severity' = 'info')
       ) AS findings_by_severity,
       s.parcel_history_max, s.household_history_max, s.record_history_max
FROM audit_signoffs s
WHERE s.project_id = $1::int AND ($2::int IS NULL OR s.id = $2::int)
ORDER BY s.id DESC

-- name: signoff_findings
SELECT findings FROM audit_signoffs WHERE project_id = $1::int AND id = $2::int

-- name: changes
-- The history rows of project $1 above the watermarks $2 (parcel_history), $3 (household_history), $4
-- (record_history), newest first, at most $5, each with the total count. A row belongs to the project when it
-- carries the project's id (a create, an edit, or the tombstone of a delete, split or merge, which keeps the id
-- the parcel had) or when the version before it did: a parcel or record moved to another project is a change of
-- the project it left. code: the parcel's code, a record's code or number (agreements), none for households
-- (their head's name is personal data).
WITH c AS (
  SELECT 'parcel'::text AS kind, h.parcel_id AS id, h.code, h.operation, h.version, h.changed_by, h.changed_at,
         h.id::bigint AS history_id
  FROM parcel_history h
  WHERE h.id > $2::bigint
    AND (h.project_id = $1::int OR EXISTS (
      SELECT 1 FROM parcel_history b WHERE b.parcel_id = h.parcel_id AND b.version = h.version - 1 AND b.project_id = $1::int))
  UNION ALL
  SELECT 'household', h.household_id, NULL, h.operation, h.version, h.changed_by, h.changed_at, h.id::bigint
  FROM household_history h
  WHERE h.id > $3::bigint
    AND (h.project_id = $1::int OR EXISTS (
      SELECT 1 FROM household_history b WHERE b.household_id = h.household_id AND b.version = h.version - 1 AND b.project_id = $1::int))
  UNION ALL
  SELECT r.record_type, r.record_id, coalesce(r.data ->> 'code', r.data ->> 'number'), r.operation, r.version,
         r.changed_by, r.changed_at, r.id
  FROM record_history r
  WHERE r.id > $4::bigint
    AND (r.project_id = $1::int OR EXISTS (
      SELECT 1 FROM record_history b
      WHERE b.record_type = r.record_type AND b.record_id = r.record_id AND b.version = r.version - 1 AND b.project_id = $1::int))
)
SELECT kind, id, code, operation, version, changed_by, changed_at, count(*) OVER ()::int AS total
FROM c
ORDER BY changed_at DESC, kind, history_id DESC
LIMIT $5::int
