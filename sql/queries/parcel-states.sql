-- The agreement and payment status of every parcel of one project, for colouring the map's vector tiles through
-- feature-state (server/handlers/parcel-states.ts). The statuses are the columns of the view parcel_features, so
-- the rule that decides them lives in one place; the view is flattened into this query and its other columns
-- (areas, GeoJSON, label point) are never computed.

-- name: by_project
-- $1 project id. One row when the project exists: project_id, and parcels, the JSON text of
-- [[id, agreement_status, payment_status], …] ordered by parcel id ('[]' for a project without parcels).
SELECT pr.id AS project_id,
       (SELECT coalesce(json_agg(json_build_array(f.id, f.agreement_status, f.payment_status) ORDER BY f.id), '[]')::text
        FROM parcel_features f
        WHERE f.project_id = pr.id) AS parcels
FROM projects pr
WHERE pr.id = $1::int
