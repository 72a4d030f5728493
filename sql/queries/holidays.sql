-- The working-day calendar (holidays): named queries for server/handlers/holidays.ts and server/db/holidays-seed.ts.
-- A listed day is a 'holiday' (法定节假日, a rest day even on a weekday) or a 'workday' (调休上班, a working day
-- even on a weekend); unlisted days follow the week.

-- name: list_year
-- The listed days of year $1, by day.
SELECT day::text AS day, kind, name, updated_by, updated_at FROM holidays
WHERE day >= make_date($1::int, 1, 1) AND day < make_date($1::int + 1, 1, 1)
ORDER BY day

-- name: all_days
-- Every listed day, for deadline computations (a few dozen rows a year).
SELECT day::text AS day, kind FROM holidays ORDER BY day

-- name: upsert
-- $1 day, $2 kind, $3 name, $4 actor. Returns the row.
INSERT INTO holidays (day, kind, name, updated_by) VALUES ($1::date, $2::text, $3::text, $4::text)
ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, updated_by = EXCLUDED.updated_by, updated_at = now()
RETURNING day::text AS day, kind, name, updated_by, updated_at

-- name: delete
DELETE FROM holidays WHERE day = $1::date RETURNING day

-- name: count
SELECT count(*)::int AS n FROM holidays

-- name: seed
-- Seeds an empty calendar: $1 days, $2 kinds, $3 names (arrays of the same length), by 'seed'. Does nothing when
-- any day is already listed (the calendar is the legal section's once it exists).
INSERT INTO holidays (day, kind, name, updated_by)
SELECT d, k, n, 'seed' FROM unnest($1::date[], $2::text[], $3::text[]) AS x (d, k, n)
WHERE NOT EXISTS (SELECT 1 FROM holidays)
ON CONFLICT (day) DO NOTHING
RETURNING day
