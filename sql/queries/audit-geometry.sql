-- The geometry facts of one project's audit (server/db/audit-geometry-facts.ts → server/domain/audit/geometry-rules.ts).
-- Input: $1 project id. Geometry EPSG:4490; GeoJSON with 9 decimals (0.1 mm). Areas leave as text: the float8 value
-- exactly as PostgreSQL prints it (or numeric text), so the rules compare decimals without rounding them again.
-- Areas come from zd_area (the parcel's ellipsoidal and GK planar m²) or ST_Area on geography (ellipsoidal m² of
-- footprints, overlaps, gaps and the parts outside), never from elsewhere (sql/README.md "The area rule").
-- A parcel's zone is its declared survey_zone, else zd_gk3_zone of its centroid (as zd_area).

-- name: project
SELECT p.id, p.code, s.id AS scope_id
FROM projects p
LEFT JOIN acquisition_scopes s ON s.project_id = p.id
WHERE p.id = $1::int

-- name: parcels
-- Per parcel: the claim and how it was made (area_claims, with the defaults of a parcel without a row: 'unknown',
-- 3 decimals, 0.05 m), the areas in every basis the verdict and the diagnosis compare, ΣD² and the unit-sphere area
-- (zd_ring_sums), and the claimed outline measured the same way. By id.
WITH q AS (
  SELECT p.id, p.code, p.owner, p.land_class, p.claimed_area_mu, p.geom, p.survey_zone,
         coalesce(p.survey_zone, zd_gk3_zone(ST_X(ST_Centroid(p.geom)))) AS zone, c.id AS claim_id,
         coalesce(c.basis, 'unknown') AS basis, coalesce(c.decimals, 3) AS decimals,
         coalesce(c.point_error_m, 0.05) AS point_error_m, c.claimed_geom
  FROM parcels p
  LEFT JOIN area_claims c ON c.parcel_id = p.id
  WHERE p.project_id = $1::int
)
SELECT q.id, q.code, q.owner, q.land_class, q.claim_id, q.claimed_area_mu::text AS claimed_area_mu,
       q.basis, q.decimals::int AS decimals, q.point_error_m::text AS point_error_m,
       q.zone AS survey_zone, q.survey_zone IS NOT NULL AS survey_zone_declared,
       ST_X(ST_Centroid(q.geom)) AS centroid_lon, ST_Y(ST_Centroid(q.geom)) AS centroid_lat,
       a.area ->> 'ellipsoidal_m2' AS ellipsoidal_m2,
       a.area ->> 'planar_m2' AS gk_m2,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('zone', z, 'm2', ST_Area(ST_Transform(q.geom, 4488 + z))::text)
                                  ORDER BY z), '[]')
        FROM unnest(ARRAY[q.zone - 1, q.zone + 1]) AS z
        WHERE z BETWEEN 25 AND 45) AS gk_neighbours,
       (r.sphere_unit * 6371008.8::float8 * 6371008.8::float8)::text AS sphere_turf7_m2,
       (r.sphere_unit * 6378137.0::float8 * 6378137.0::float8)::text AS sphere_turf6_m2,
       r.sum_d2_m2::text AS sum_d2_m2,
       CASE WHEN q.claimed_geom IS NOT NULL THEN jsonb_build_object(
         'ellipsoidal_m2', ca.area ->> 'ellipsoidal_m2',
         'gk_m2', ca.area ->> 'planar_m2',
         'shift_m', ST_Distance(ST_Centroid(q.geom)::geography, ST_Centroid(q.claimed_geom)::geography),
         'shift_bearing_deg', coalesce(degrees(ST_Azimuth(ST_Centroid(q.geom)::geography, ST_Centroid(q.claimed_geom)::geography)), 0),
         'geometry', ST_AsGeoJSON(q.claimed_geom, 9, 0)::jsonb) END AS claimed_outline
FROM q
CROSS JOIN LATERAL (SELECT zd_area(q.geom, q.zone) AS area) a
CROSS JOIN LATERAL zd_ring_sums(q.geom, 4488 + q.zone) r
LEFT JOIN LATERAL (SELECT zd_area(q.claimed_geom, q.zone) AS area) ca ON q.claimed_geom IS NOT NULL
ORDER BY q.id

-- name: buildings
-- Per building of the project: floors and floor area as recorded, the footprint's ellipsoidal m², its perimeter and
-- ΣD² in the GK plane of its parcel's zone, and the part outside its parcel (m², with its shape when > 0.5 m²,
-- the rule of BUILDING_OUTSIDE_PARCEL). By id.
SELECT b.id, b.code, b.parcel_id, p.code AS parcel_code, b.household_id, b.floors::int AS floors,
       b.floor_area_m2::text AS floor_area_m2,
       ST_Area(b.footprint::geography)::text AS footprint_m2,
       ST_Perimeter(ST_Transform(b.footprint, z.srid)) AS footprint_perimeter_m,
       r.sum_d2_m2::text AS footprint_sum_d2_m2,
       coalesce(ST_Area(o.outside::geography), 0)::text AS outside_parcel_m2,
       CASE WHEN ST_Area(o.outside::geography) > 0.5 THEN ST_AsGeoJSON(o.outside, 9, 0)::jsonb END AS outside_parcel_geometry
FROM buildings b
JOIN parcels p ON p.id = b.parcel_id
CROSS JOIN LATERAL (SELECT 4488 + coalesce(p.survey_zone, zd_gk3_zone(ST_X(ST_Centroid(p.geom)))) AS srid) z
CROSS JOIN LATERAL zd_ring_sums(b.footprint, z.srid) r
CROSS JOIN LATERAL (SELECT ST_CollectionExtract(ST_Difference(b.footprint, p.geom), 3) AS outside) o
WHERE b.project_id = $1::int
ORDER BY b.id

-- name: overlaps
-- Pairs of a parcel of the project and another active parcel (of this project, each pair once, or of any other
-- project) whose intersection exceeds 1 m² (ellipsoidal). By parcel, then the other parcel.
SELECT a.id AS parcel_id, a.code AS parcel_code, b.id AS other_parcel_id, b.code AS other_parcel_code,
       b.project_id AS other_project_id, pr.code AS other_project_code,
       ST_Area(x.part::geography)::text AS overlap_m2, ST_AsGeoJSON(x.part, 9, 0)::jsonb AS geometry
FROM parcels a
JOIN parcels b ON b.geom && a.geom AND b.id <> a.id AND (b.project_id <> a.project_id OR b.id > a.id)
JOIN projects pr ON pr.id = b.project_id
CROSS JOIN LATERAL (SELECT ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3) AS part) x
WHERE a.project_id = $1::int
  AND ST_Intersects(a.geom, b.geom)
  AND ST_Area(x.part::geography) > 1
ORDER BY a.id, b.id

-- name: gaps
-- Slivers between the project's parcels: the morphological closing of their union by 0.5 m in the GK plane of the
-- union's centroid (buffer +0.5 m, then −0.5 m) fills exactly the parts of the plane that a disk of 1 m diameter
-- cannot enter; minus the union, each connected part over 1 m² (ellipsoidal) that touches two or more parcels
-- (within 1 cm) is a gap. A deliberate hole (an excluded house plot, a road, a ditch) is wider than 1 m and is not
-- one; its concave corners leave fillets of r²(1 − π/4) ≈ 0.05 m², far below 1 m². By centroid.
WITH u AS (
  SELECT ST_Union(geom) AS geom FROM parcels WHERE project_id = $1::int
), plane AS (
  SELECT ST_Transform(u.geom, z.srid) AS g, z.srid
  FROM u CROSS JOIN LATERAL (SELECT 4488 + zd_gk3_zone(ST_X(ST_Centroid(u.geom))) AS srid) z
  WHERE u.geom IS NOT NULL
), parts AS (
  SELECT d.path AS n, d.geom AS part, plane.srid
  FROM plane
  CROSS JOIN LATERAL ST_Dump(ST_CollectionExtract(
    ST_Difference(ST_Buffer(ST_Buffer(plane.g, 0.5, 'quad_segs=8'), -0.5, 'quad_segs=8'), plane.g), 3)) AS d
  WHERE ST_Area(d.geom) > 0.5
), gap AS (
  SELECT parts.n, parts.part, parts.srid, ST_Transform(parts.part, 4490) AS geom FROM parts
)
SELECT array_agg(p.id ORDER BY p.id) AS parcel_ids, array_agg(p.code ORDER BY p.id) AS parcel_codes,
       ST_Area(gap.geom::geography)::text AS area_m2,
       2 * ST_Area(gap.part) / ST_Perimeter(gap.part) AS width_m,
       ST_X(ST_Centroid(gap.geom)) AS centroid_lon, ST_Y(ST_Centroid(gap.geom)) AS centroid_lat,
       ST_AsGeoJSON(gap.geom, 9, 0)::jsonb AS geometry
FROM gap
JOIN parcels p ON p.project_id = $1::int AND p.geom && ST_Expand(gap.geom, 0.0001)
  AND ST_DWithin(ST_Transform(p.geom, gap.srid), gap.part, 0.01)
GROUP BY gap.n, gap.part, gap.geom
HAVING count(*) >= 2 AND ST_Area(gap.geom::geography) > 1
ORDER BY centroid_lon, centroid_lat

-- name: outside_scope
-- The part of each parcel of the project outside its acquisition scope (拟征收范围), when over 1 m² (zd_scope_fit's
-- partly_outside, the rule parcel writes share); nothing when the project has no scope. With the parcel's
-- ellipsoidal m² for the share. By parcel.
SELECT p.id AS parcel_id, p.code AS parcel_code,
       f.outside_m2::text AS outside_m2,
       f.parcel_m2::text AS parcel_m2,
       ST_AsGeoJSON(f.outside, 9, 0)::jsonb AS geometry
FROM parcels p
JOIN acquisition_scopes s ON s.project_id = p.project_id
CROSS JOIN LATERAL zd_scope_fit(p.geom, s.geom) f
WHERE p.project_id = $1::int
  AND f.partly_outside
ORDER BY p.id
