-- Graves (坟墓): named queries for server/handlers/graves.ts through the record flow of record-crud.ts. The
-- location is a Point EPSG:4490 (lon/lat), counted in coffins (棺).

-- name: select_one
-- One grave as its Feature's properties plus geometry_json. $1 grave id.
SELECT g.id, g.project_id, g.parcel_id, g.household_id, g.code, g.coffins, g.relocated_on::text AS relocated_on,
       g.notes, g.version, g.updated_at, g.updated_by, ST_AsGeoJSON(g.location, 15, 0) AS geometry_json
FROM graves g
WHERE g.id = $1::int

-- name: list
-- $1 project, $2 parcel, $3 household (each or NULL); $4 row limit; $5..$8 bbox or NULLs. By id.
SELECT g.id, g.project_id, g.parcel_id, g.household_id, g.code, g.coffins, g.relocated_on::text AS relocated_on,
       g.notes, g.version, g.updated_at, g.updated_by, ST_AsGeoJSON(g.location, 15, 0) AS geometry_json
FROM graves g
WHERE ($1::int IS NULL OR g.project_id = $1::int)
  AND ($2::int IS NULL OR g.parcel_id = $2::int)
  AND ($3::int IS NULL OR g.household_id = $3::int)
  AND ($5::float8 IS NULL OR g.location && ST_MakeEnvelope($5::float8, $6::float8, $7::float8, $8::float8, 4490))
ORDER BY g.id
LIMIT $4::int

-- name: for_update
SELECT id, version, project_id FROM graves WHERE id = $1::int FOR UPDATE

-- name: in_jurisdiction
-- Whether the point $1 lon, $2 lat lies in the jurisdiction (as zd_geometry_issues decides for parcels).
SELECT EXISTS (SELECT 1 FROM jurisdictions j WHERE ST_Covers(j.geom, ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4490))) AS inside

-- name: parcel_at
-- The parcel of project $1 that contains the point $2 lon, $3 lat (the lowest id if parcels overlap at it), locked.
SELECT p.id
FROM parcels p
WHERE p.project_id = $1::int AND ST_Covers(p.geom, ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4490))
ORDER BY p.id
LIMIT 1
FOR SHARE

-- name: in_parcel
-- Whether the point $2 lon, $3 lat lies in parcel $1 (its boundary counts as inside, as for parcel_at).
SELECT EXISTS (SELECT 1 FROM parcels p WHERE p.id = $1::int AND ST_Covers(p.geom, ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4490))) AS inside

-- name: insert
-- $1 project; $2 parcel or NULL; $3 household or NULL; $4 code; $5 lon; $6 lat; $7 coffins; $8 relocated on;
-- $9 notes; $10 user.
INSERT INTO graves (project_id, parcel_id, household_id, code, location, coffins, relocated_on, notes, updated_by)
VALUES ($1::int, $2::int, $3::int, $4::text, ST_SetSRID(ST_MakePoint($5::float8, $6::float8), 4490), $7::int,
        $8::date, $9::text, $10::text)
RETURNING id

-- name: update
-- Grave $1 at version $2; $3..$11 as $1..$9 of insert; $12 user.
UPDATE graves
SET project_id = $3::int, parcel_id = $4::int, household_id = $5::int, code = $6::text,
    location = ST_SetSRID(ST_MakePoint($7::float8, $8::float8), 4490), coffins = $9::int, relocated_on = $10::date,
    notes = $11::text, updated_by = $12::text, updated_at = now(), version = version + 1
WHERE id = $1::int AND version = $2::int
RETURNING id

-- name: delete
DELETE FROM graves WHERE id = $1::int AND version = $2::int RETURNING id
