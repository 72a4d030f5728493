-- zd_scope_fit(g, scope) → how a parcel geometry lies against its project's acquisition scope (拟征收范围), the one
-- rule behind both of its uses, with one tolerance of 1 m² (that of the overlap rule, zd_parcel_conflicts):
--   partly_outside: more than 1 m² of g lies outside the scope: the audit's finding PARCEL_OUTSIDE_SCOPE
--                   (sql/queries/audit-geometry.sql outside_scope), stored and stopping sign-off;
--   wholly_outside: at most 1 m² of g lies inside it: a parcel write refuses it, 422 OUTSIDE_PROJECT_BOUNDARY
--                   (sql/queries/parcels.sql outside_scope, bulk-imports.sql problems), typically a parcel traced
--                   on a GCJ-02 basemap, ≈ 500 m off (hostile-inputs G33).
-- Input: valid (Multi)Polygons EPSG:4490. Output: the part of g outside the scope (polygonal, 4490, possibly
-- empty) and its ellipsoidal m², g's ellipsoidal m² (both ST_Area on geography, as the audit's other parts), and,
-- only when wholly outside (NULL otherwise: not computed), the ellipsoidal distance between g and the scope in m.
CREATE OR REPLACE FUNCTION zd_scope_fit(g geometry, scope geometry)
RETURNS TABLE (outside geometry, outside_m2 double precision, parcel_m2 double precision, distance_m double precision,
               partly_outside boolean, wholly_outside boolean)
LANGUAGE sql IMMUTABLE AS $$
  WITH d AS MATERIALIZED (
    SELECT x.part, ST_Area(x.part::geography) AS outside_m2, ST_Area(g::geography) AS parcel_m2
    -- ST_Covers first: most parcels lie inside, and PostGIS prepares the scope once for a statement's many calls.
    FROM (SELECT CASE WHEN ST_Covers(scope, g) THEN ST_SetSRID('POLYGON EMPTY'::geometry, ST_SRID(g))
                      ELSE ST_CollectionExtract(ST_Difference(g, scope), 3) END AS part) x
  )
  SELECT d.part, d.outside_m2, d.parcel_m2,
         CASE WHEN d.parcel_m2 - d.outside_m2 <= 1.0 THEN ST_Distance(g::geography, scope::geography) END,
         d.outside_m2 > 1.0,
         d.parcel_m2 - d.outside_m2 <= 1.0
  FROM d
$$;
COMMENT ON FUNCTION zd_scope_fit(geometry, geometry) IS
  'A parcel against its acquisition scope: the part outside (m²), partly_outside (> 1 m² outside: audit finding), wholly_outside (≤ 1 m² inside: refused on write) and then the distance in m.';
