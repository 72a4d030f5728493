-- zd_geometry_issues(g) → why a parcel geometry cannot be stored; no rows when it can.
-- Input: the output of zd_geometry_from_geojson (MultiPolygon, 4490). Output rows: code (the stable issue codes
-- of server/domain/issue-codes.ts), PostGIS's reason, and the location lon/lat where one is known.
-- Order: validity (ST_IsValidDetail, with degenerate rings and touching parts named as such), then size
-- (at least 1 m² of ellipsoidal area), then jurisdiction.
CREATE OR REPLACE FUNCTION zd_geometry_issues(g geometry)
RETURNS TABLE (code text, reason text, lon double precision, lat double precision)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  d valid_detail;
  part geometry;
  ring geometry;
  parts_valid boolean := true;
  parts_overlap boolean := false;
BEGIN
  d := ST_IsValidDetail(g);
  IF NOT d.valid THEN
    -- A ring whose points are all collinear is reported by GEOS as a self-intersection; name it for what it is.
    FOR part IN SELECT (ST_Dump(g)).geom LOOP
      FOR ring IN SELECT (ST_DumpRings(part)).geom LOOP
        IF ST_NPoints(ring) >= 4 AND ST_Dimension(ST_ConvexHull(ring)) < 2 THEN
          RETURN QUERY SELECT 'GEOM_DEGENERATE'::text, 'ring points are collinear'::text,
            ST_X(ST_StartPoint(ST_ExteriorRing(ring))), ST_Y(ST_StartPoint(ST_ExteriorRing(ring)));
          RETURN;
        END IF;
      END LOOP;
      -- A spike (out and back along the same line): GEOS versions disagree on how to call it, so find it here.
      FOR ring IN SELECT ST_ExteriorRing((ST_DumpRings(part)).geom) LOOP
        RETURN QUERY SELECT 'GEOM_RING_SELF_INTERSECTION'::text, 'spike'::text, ST_X(ST_PointN(ring, i)), ST_Y(ST_PointN(ring, i))
          FROM generate_series(2, ST_NPoints(ring) - 1) AS i
          WHERE ST_Equals(ST_PointN(ring, i - 1), ST_PointN(ring, i + 1))
          LIMIT 1;
        IF FOUND THEN RETURN; END IF;
      END LOOP;
      IF NOT ST_IsValid(part) THEN parts_valid := false; END IF;
    END LOOP;
    -- Every part valid on its own: the fault is between parts.
    IF parts_valid AND ST_NumGeometries(g) > 1 THEN
      SELECT bool_or(ST_Relate(a.geom, b.geom, 'T********')) INTO parts_overlap
      FROM ST_Dump(g) a JOIN ST_Dump(g) b ON a.path[1] < b.path[1];
      RETURN QUERY SELECT
        CASE WHEN parts_overlap THEN 'GEOM_MULTIPART_OVERLAP' ELSE 'GEOM_MULTIPART_TOUCHING' END,
        d.reason::text, ST_X(d.location), ST_Y(d.location);
      RETURN;
    END IF;
    RETURN QUERY SELECT
      CASE
        WHEN d.reason LIKE 'Ring Self-intersection%' THEN 'GEOM_RING_SELF_INTERSECTION'
        WHEN d.reason LIKE 'Self-intersection%' THEN 'GEOM_SELF_INTERSECTION'
        WHEN d.reason LIKE 'Hole lies outside shell%' THEN 'GEOM_HOLE_OUTSIDE_SHELL'
        WHEN d.reason LIKE 'Too few points%' THEN 'GEOM_TOO_FEW_POINTS'
        WHEN d.reason LIKE 'Nested holes%' THEN 'GEOM_NESTED_HOLES'
        WHEN d.reason LIKE 'Interior is disconnected%' THEN 'GEOM_INTERIOR_DISCONNECTED'
        WHEN d.reason LIKE 'Invalid Coordinate%' THEN 'GEOM_COORD_NOT_FINITE'
        ELSE 'GEOM_INVALID'
      END,
      d.reason::text, ST_X(d.location), ST_Y(d.location);
    RETURN;
  END IF;
  IF ST_Area(g::geography) < 1.0 THEN
    RETURN QUERY SELECT 'GEOM_AREA_TOO_SMALL'::text, 'area below 1 m²'::text,
      ST_X(ST_PointOnSurface(g)), ST_Y(ST_PointOnSurface(g));
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM jurisdictions j WHERE ST_Within(g, j.geom)) THEN
    RETURN QUERY SELECT 'OUTSIDE_JURISDICTION'::text, 'outside the jurisdiction'::text,
      ST_X(ST_PointOnSurface(g)), ST_Y(ST_PointOnSurface(g));
  END IF;
END $$;
