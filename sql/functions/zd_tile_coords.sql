-- zd_tile_coords(geom_3857, envelope, extent, buffer) → the geometry in the coordinates of a vector tile, as
-- ST_AsMVTGeom(geom, envelope, extent, buffer, true) gives them, for the embedded database, whose PostGIS lacks
-- ST_AsMVTGeom (no protobuf): x right and y down from the envelope's top-left corner in units of 1/extent of its
-- width, snapped to integers; polygons clipped to the envelope widened by `buffer` units and made valid (polygons
-- only; NULL when nothing is left); points kept when inside the widened envelope, else NULL. The Node encoder
-- (server/tiles/mvt-encode.ts) takes it as GeoJSON.
CREATE OR REPLACE FUNCTION zd_tile_coords(g geometry, e geometry, extent integer DEFAULT 4096, buffer integer DEFAULT 64)
RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH b AS (
    SELECT extent / (ST_XMax(e) - ST_XMin(e)) AS sx, extent / (ST_YMax(e) - ST_YMin(e)) AS sy,
           ST_XMin(e) AS x0, ST_YMax(e) AS y0,
           ST_MakeEnvelope(-buffer, -buffer, extent + buffer, extent + buffer) AS box
  ), t AS (
    SELECT ST_SnapToGrid(ST_SetSRID(ST_Affine(g, b.sx, 0, 0, -b.sy, -b.x0 * b.sx, b.y0 * b.sy), 0), 1) AS g, b.box FROM b
  ), clipped AS (
    SELECT CASE WHEN GeometryType(t.g) IN ('POINT', 'MULTIPOINT')
                THEN CASE WHEN ST_Intersects(t.g, t.box) THEN ST_Intersection(t.g, t.box) END
                ELSE ST_CollectionExtract(ST_MakeValid(ST_ClipByBox2D(t.g, t.box)), 3)
           END AS g
    FROM t
  )
  SELECT CASE WHEN c.g IS NULL OR ST_IsEmpty(c.g) THEN NULL ELSE c.g END FROM clipped c
$$;
