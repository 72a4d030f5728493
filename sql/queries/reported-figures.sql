-- Reported figures (报告数, server/handlers/reported-figures.ts): the amounts a report states for a period, of one
-- project or (project_id NULL) of the whole office. Append-only: a restatement is a new row, and the latest row
-- per (project, period, figure) stands (as the audit's reported_figures query in audit-records.sql reads them).

-- name: project_exists
SELECT EXISTS (SELECT 1 FROM projects WHERE id = $1::int) AS exists

-- name: insert
INSERT INTO reported_figures (project_id, period_start, period_end, figure, stated_yuan, source, created_by)
VALUES ($1::int, $2::date, $3::date, $4, $5::numeric, $6, $7)
RETURNING id

-- name: list
-- $1 scope: 'all', 'office' or 'project' with $2 the project id; $3, $4 from and to dates or NULL: figures whose
-- period lies within [from, to]; $5 one id or NULL. `stands` is true for the latest row of its (project, period,
-- figure); superseded rows are listed too, after it, so that a restatement's history shows.
SELECT r.id, r.project_id, p.code AS project_code, p.name AS project_name,
       r.period_start::text AS period_start, r.period_end::text AS period_end, r.figure,
       r.stated_yuan::text AS stated_yuan, r.source, r.created_by, r.created_at,
       NOT EXISTS (SELECT 1 FROM reported_figures n
                   WHERE n.project_id IS NOT DISTINCT FROM r.project_id AND n.period_start = r.period_start
                     AND n.period_end = r.period_end AND n.figure = r.figure AND n.id > r.id) AS stands
FROM reported_figures r
LEFT JOIN projects p ON p.id = r.project_id
WHERE ($1 = 'all' OR ($1 = 'office' AND r.project_id IS NULL) OR ($1 = 'project' AND r.project_id = $2::int))
  AND ($3::date IS NULL OR r.period_start >= $3::date)
  AND ($4::date IS NULL OR r.period_end <= $4::date)
  AND ($5::int IS NULL OR r.id = $5::int)
ORDER BY r.period_start DESC, r.period_end DESC, r.project_id NULLS FIRST, r.figure, r.id DESC
