-- The report figures (zd_summary, sql/functions/zd_summary.sql) for server/handlers/summary.ts.

-- name: project
-- One project ($1 id): its id, code and name with its figures; no row when it does not exist.
SELECT pr.id AS project_id, pr.code AS project_code, pr.name AS project_name, zd_summary(ARRAY[pr.id]) AS figures
FROM projects pr
WHERE pr.id = $1::int

-- name: all
-- Every project together (figures) and each one (projects, by id).
SELECT zd_summary(coalesce(array_agg(pr.id ORDER BY pr.id), '{}')) AS figures,
       coalesce(jsonb_agg(jsonb_build_object('project_id', pr.id, 'project_code', pr.code, 'project_name', pr.name)
                          || zd_summary(ARRAY[pr.id]) ORDER BY pr.id), '[]') AS projects
FROM projects pr
