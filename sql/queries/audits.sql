-- The audit engine's own statements (server/db/audit.ts): decisions, sign-offs with their watermarks, and the
-- changes made since a sign-off. The facts the rules run on are in audit-geometry.sql and audit-records.sql.
-- A project id NULL in audit_decisions means the office-wide findings (reported figures of the whole office).

-- name: snapshot
SET TRANSACTION ISOLATION LEVEL REPEATABLE READ

-- name: project_exists
SELECT EXISTS (SELECT 1 FROM projects WHERE id = $1::int) AS exists

-- name: totals
SELECT zd_audit_totals($1::int) AS totals

-- name: lock_history
-- Taken first in a sign-off's transaction (before its snapshot): waits for every transaction that is writing
-- history or funds to commit and holds new ones off until the sign-off commits, so that each watched row is either
-- seen by the sign-off's findings and below its watermark, or above the watermark; none can slip in between.
-- The tables and the lock: sql/functions/zd_audit_lock_history.sql (the owner's right, lent to the app's role).
SELECT zd_audit_lock_history()

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
-- $1 project, $2 user, $3 totals, $4 findings, $5 note; the watermarks are the last id of each watched table (see
-- zd_signoff_changes; 0 for an empty one), read in the sign-off's snapshot, after lock_history.
INSERT INTO audit_signoffs (project_id, signed_by, parcel_history_max, household_history_max, record_history_max,
                            fund_entries_max, disbursement_request_events_max, task_letters_max, project_budgets_max,
                            reported_figures_max, totals, findings, note)
SELECT $1::int, $2::text,
       (SELECT coalesce(max(id), 0) FROM parcel_history),
       (SELECT coalesce(max(id), 0) FROM household_history),
       (SELECT coalesce(max(id), 0) FROM record_history),
       (SELECT coalesce(max(id), 0) FROM fund_entries),
       (SELECT coalesce(max(id), 0) FROM disbursement_request_events),
       (SELECT coalesce(max(id), 0) FROM task_letters),
       (SELECT coalesce(max(id), 0) FROM project_budgets),
       (SELECT coalesce(max(id), 0) FROM reported_figures),
       $3::jsonb, $4::jsonb, $5::text
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
       ) AS findings_by_severity
FROM audit_signoffs s
WHERE s.project_id = $1::int AND ($2::int IS NULL OR s.id = $2::int)
ORDER BY s.id DESC

-- name: signoff_findings
SELECT findings FROM audit_signoffs WHERE project_id = $1::int AND id = $2::int

-- name: changes
-- The changes of sign-off $1 (zd_signoff_changes: what makes it stale), newest first, at most $2, each with the
-- total count.
SELECT c.kind, c.id, c.code, c.operation, c.version, c.changed_by, c.changed_at, c.amount_yuan, count(*) OVER ()::int AS total
FROM zd_signoff_changes($1::int) c
ORDER BY c.changed_at DESC, c.kind, c.row_id DESC
LIMIT $2::int
