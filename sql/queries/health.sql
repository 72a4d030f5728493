-- GET /api/health.

-- name: postgis
SELECT postgis_lib_version() AS postgis

-- name: ready
-- GET /api/readyz: the cheapest statement that proves the database answers.
SELECT 1 AS ready
