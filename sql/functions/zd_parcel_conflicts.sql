-- zd_parcel_conflicts(g, exclude_id) → active parcels whose interiors overlap g by more than 1 m².
-- Input: a valid MultiPolygon 4490; exclude_id: the parcel being edited, or NULL. Output: id, code, project_id,
-- the overlap itself (MultiPolygon 4490, the polygonal part of the intersection, exterior rings counter-clockwise)
-- and its ellipsoidal area by zd_area in m² and mu, largest first. Uses ST_Relate 'T********' (interiors
-- intersect), not ST_Overlaps, which is false for identical and contained parcels. Writers hold zd_lock_parcels()
-- so two concurrent saves cannot both pass the check.
CREATE OR REPLACE FUNCTION zd_parcel_conflicts(g geometry, exclude_id integer DEFAULT NULL)
RETURNS TABLE (id integer, code text, project_id integer, overlap_m2 double precision, overlap_mu double precision,
               overlap geometry)
LANGUAGE sql STABLE AS $$
  -- MATERIALIZED: each intersection and each zd_area is computed once, not once per reference.
  WITH o AS MATERIALIZED (
    SELECT p.id, p.code, p.project_id, ST_Multi(ST_ForcePolygonCCW(ST_CollectionExtract(ST_Intersection(p.geom, g), 3))) AS overlap
    FROM parcels p
    WHERE p.geom && g
      AND (exclude_id IS NULL OR p.id <> exclude_id)
      AND ST_Relate(p.geom, g, 'T********')
  ), a AS MATERIALIZED (
    SELECT o.id, o.code, o.project_id, o.overlap, zd_area(o.overlap) AS area
    FROM o
    WHERE NOT ST_IsEmpty(o.overlap)
  )
  SELECT a.id, a.code, a.project_id, (a.area->>'ellipsoidal_m2')::float8, (a.area->>'ellipsoidal_mu')::float8, a.overlap
  FROM a
  WHERE (a.area->>'ellipsoidal_m2')::float8 > 1.0
  ORDER BY 4 DESC, 1
$$;
COMMENT ON FUNCTION zd_parcel_conflicts(geometry, integer) IS
  'Active parcels overlapping g by more than 1 m², with the overlap geometry and its area (m², mu).';
