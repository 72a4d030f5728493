-- Buildings (房屋): named queries for server/handlers/buildings.ts through the record flow of record-crud.ts.
-- Footprints are MultiPolygon EPSG:4490, normalised by zd_geometry_from_geojson; footprint_area_m2 is the
-- ellipsoidal area (ST_Area on geography, m²). floor_area_m2 leaves as exact decimal text.

-- name: select_one
-- One building as its Feature's properties plus geometry_json. $1 building id.
SELECT b.id, b.project_id, b.parcel_id, b.household_id, b.code, b.structure, b.floors,
       b.floor_area_m2::text AS floor_area_m2, b.use, b.legal_status, b.demolished_on::text AS demolished_on, b.notes,
       ST_Area(b.footprint::geography) AS footprint_area_m2, b.version, b.updated_at, b.updated_by,
       ST_AsGeoJSON(b.footprint, 15, 0) AS geometry_json
FROM buildings b
WHERE b.id = $1::int

-- name: list
-- $1 project, $2 parcel, $3 household (each or NULL); $4 row limit; $5..$8 bbox or NULLs. By id.
SELECT b.id, b.project_id, b.parcel_id, b.household_id, b.code, b.structure, b.floors,
       b.floor_area_m2::text AS floor_area_m2, b.use, b.legal_status, b.demolished_on::text AS demolished_on, b.notes,
       ST_Area(b.footprint::geography) AS footprint_area_m2, b.version, b.updated_at, b.updated_by,
       ST_AsGeoJSON(b.footprint, 15, 0) AS geometry_json
FROM buildings b
WHERE ($1::int IS NULL OR b.project_id = $1::int)
  AND ($2::int IS NULL OR b.parcel_id = $2::int)
  AND ($3::int IS NULL OR b.household_id = $3::int)
  AND ($5::float8 IS NULL OR b.footprint && ST_MakeEnvelope($5::float8, $6::float8, $7::float8, $8::float8, 4490))
ORDER BY b.id
LIMIT $4::int

-- name: for_update
SELECT id, version, project_id FROM buildings WHERE id = $1::int FOR UPDATE

-- name: outside_parcel
-- How much of footprint $1 (GeoJSON text, valid) lies outside parcel $2: ellipsoidal m² of the difference.
SELECT coalesce(ST_Area(ST_Difference(zd_geometry_from_geojson($1::text), p.geom)::geography), 0) AS outside_m2
FROM parcels p
WHERE p.id = $2::int

-- name: insert
-- $1 project; $2 parcel; $3 household or NULL; $4 code; $5 footprint GeoJSON; $6 structure; $7 floors;
-- $8 floor area m²; $9 use; $10 legal status; $11 demolished on; $12 notes; $13 user.
INSERT INTO buildings (project_id, parcel_id, household_id, code, footprint, structure, floors, floor_area_m2, use,
                       legal_status, demolished_on, notes, updated_by)
VALUES ($1::int, $2::int, $3::int, $4::text, zd_geometry_from_geojson($5::text), $6::text, $7::int, $8::numeric,
        $9::text, $10::text, $11::date, $12::text, $13::text)
RETURNING id

-- name: update
-- Building $1 at version $2; $3..$14 as $1..$12 of insert; $15 user.
UPDATE buildings
SET project_id = $3::int, parcel_id = $4::int, household_id = $5::int, code = $6::text,
    footprint = zd_geometry_from_geojson($7::text), structure = $8::text, floors = $9::int, floor_area_m2 = $10::numeric,
    use = $11::text, legal_status = $12::text, demolished_on = $13::date, notes = $14::text, updated_by = $15::text,
    updated_at = now(), version = version + 1
WHERE id = $1::int AND version = $2::int
RETURNING id

-- name: delete
DELETE FROM buildings WHERE id = $1::int AND version = $2::int RETURNING id
