-- GET /api/health.

-- name: postgis
SELECT postgis_lib_version() AS postgis
