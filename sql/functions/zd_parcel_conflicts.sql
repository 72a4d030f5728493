-- zd_parcel_conflicts(g, exclude_id) → active parcels whose interiors overlap g by more than 1 m².
-- Input: MultiPolygon 4490; exclude_id: the parcel being edited, or NULL. Output: id, code, project_id and
-- the ellipsoidal overlap area in m². Uses ST_Relate 'T********' (interiors intersect), not ST_Overlaps,
-- which is false for identical and contained parcels. Callers hold zd_lock_parcels() so two concurrent
-- saves cannot both pass the check.
CREATE OR REPLACE FUNCTION zd_parcel_conflicts(g geometry, exclude_id integer DEFAULT NULL)
RETURNS TABLE (id integer, code text, project_id integer, overlap_m2 double precision)
LANGUAGE sql STABLE AS $$
  SELECT c.id, c.code, c.project_id, c.overlap_m2
  FROM (
    SELECT p.id, p.code, p.project_id, ST_Area(ST_Intersection(p.geom, g)::geography) AS overlap_m2
    FROM parcels p
    WHERE p.geom && g
      AND (exclude_id IS NULL OR p.id <> exclude_id)
      AND ST_Relate(p.geom, g, 'T********')
  ) c
  WHERE c.overlap_m2 > 1.0
  ORDER BY c.overlap_m2 DESC
$$;
