-- zd_parcel_overview_rows(sign, owner, area, geom_3857) → what one parcel adds to (sign 1) or takes
-- from (sign -1) the overview aggregates (migrations/013_parcel_tiles.sql): one row for the grid cell of each cell
-- zoom (10, 12, 14, 16) that holds its representative point (ST_PointOnSurface of geom_3857), one for its township
-- and one for its village when owner names them (zd_owner_township, zd_owner_village). Columns as
-- parcel_overview_pending: parcels ±1, area_m2 ± the ellipsoidal m² of its stored `area` (zd_area, kept by the trigger
-- parcels_geom_3857: reading it costs nothing per row, where recomputing zd_area cost most of an import), sum_x and sum_y ±
-- area × the point's EPSG:3857 x and y.
DROP FUNCTION IF EXISTS zd_parcel_overview_rows(integer, text, geometry, integer, geometry);
CREATE OR REPLACE FUNCTION zd_parcel_overview_rows(p_sign integer, p_owner text, p_area jsonb, p_geom_3857 geometry)
RETURNS TABLE (kind text, cell_zoom smallint, cell_x integer, cell_y integer, name text, parcels integer,
  area_m2 numeric, sum_x numeric, sum_y numeric)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH a AS (
    SELECT (p_area->>'ellipsoidal_m2')::numeric AS m2, ST_PointOnSurface(p_geom_3857) AS pt
  ), p AS (
    SELECT p_sign * a.m2 AS m2, ST_X(a.pt) AS x, ST_Y(a.pt) AS y FROM a
  )
  SELECT 'grid', z::smallint,
         least(greatest(floor((p.x + 20037508.342789244) / (40075016.68557849 / 2 ^ z)), 0), 2 ^ z - 1)::integer,
         least(greatest(floor((20037508.342789244 - p.y) / (40075016.68557849 / 2 ^ z)), 0), 2 ^ z - 1)::integer,
         '', p_sign, p.m2, p.m2 * p.x::numeric, p.m2 * p.y::numeric
  FROM p, unnest(ARRAY[10, 12, 14, 16]) AS z
  UNION ALL
  SELECT pl.kind, 0::smallint, 0, 0, pl.name, p_sign, p.m2, p.m2 * p.x::numeric, p.m2 * p.y::numeric
  FROM p, (VALUES ('township', zd_owner_township(p_owner)), ('village', zd_owner_village(p_owner))) AS pl(kind, name)
  WHERE pl.name IS NOT NULL
$$;

-- zd_parcel_overview_geom(kind, cell_zoom, cell_x, cell_y, area_m2, sum_x, sum_y) → the geometry of an overview
-- row: a grid cell's square (ST_TileEnvelope), a place's label point at the area-weighted mean of its parcels'
-- representative points (a label position; it may fall between the parcels of a scattered village). The sums
-- are divided without their trailing zeros, so equal sums reached in any order give the same point.
CREATE OR REPLACE FUNCTION zd_parcel_overview_geom(p_kind text, p_cell_zoom integer, p_cell_x integer,
  p_cell_y integer, p_area_m2 numeric, p_sum_x numeric, p_sum_y numeric) RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN p_kind = 'grid' THEN ST_TileEnvelope(p_cell_zoom, p_cell_x, p_cell_y)
              WHEN p_area_m2 > 0 THEN ST_SetSRID(ST_MakePoint((trim_scale(p_sum_x) / trim_scale(p_area_m2))::float8,
                                                     (trim_scale(p_sum_y) / trim_scale(p_area_m2))::float8), 3857)
         END
$$;
