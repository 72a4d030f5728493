-- What every record type (buildings, graves, attachments, resettlements, agreements, compensation items) shares:
-- the actor of the history trigger, the reference checks and the history of one record (record_history, written by
-- sql/functions/zd_record_history.sql). Used by server/handlers/record-crud.ts.

-- name: set_actor
-- Who and why for the history trigger, for this transaction only. $1 username; $2 reason or NULL.
SELECT set_config('zd.actor', $1::text, true), set_config('zd.reason', coalesce($2::text, ''), true)

-- name: project_exists
SELECT 1 AS found FROM projects WHERE id = $1::int

-- name: parcel_in_project
-- Parcel $1 when it is an active parcel of project $2, locked so that it stays (and stays put) until commit.
SELECT id FROM parcels WHERE id = $1::int AND project_id = $2::int FOR SHARE

-- name: household_in_project
-- Household $1 when it belongs to project $2, locked until commit.
SELECT id FROM households WHERE id = $1::int AND project_id = $2::int FOR SHARE

-- name: history
-- Every version of one record, oldest first: $1 record type ('building', …); $2 record id. data: the row as JSON
-- (a geometry as GeoJSON); the version after a delete is the tombstone.
SELECT h.version, h.operation, h.project_id, h.data, h.changed_by, h.changed_at, h.reason
FROM record_history h
WHERE h.record_type = $1::text AND h.record_id = $2::int
ORDER BY h.version
