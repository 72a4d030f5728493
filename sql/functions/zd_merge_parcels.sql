-- zd_merge_parcels(ids) → the union of the active parcels ids as one parcel geometry, and how many polygons it is.
-- Input: parcel ids (any order). Output: geom, the union normalised as zd_geometry_from_geojson does
-- (MultiPolygon 4490, counter-clockwise exterior rings, no repeated points; shared boundary points stay as
-- vertices), and parts, its number of polygons. The parcels form one parcel only when parts = 1: parcels that
-- touch at a point only, or not at all, give parts > 1. Area conservation is checked by the caller
-- (sql/queries/parcels.sql area_balance), since parcels may overlap by up to 1 m².
CREATE OR REPLACE FUNCTION zd_merge_parcels(ids integer[])
RETURNS TABLE (geom geometry, parts integer)
LANGUAGE sql STABLE AS $$
  SELECT ST_Multi(ST_ForcePolygonCCW(ST_RemoveRepeatedPoints(u.geom))), ST_NumGeometries(u.geom)
  FROM (SELECT ST_Union(p.geom) AS geom FROM parcels p WHERE p.id = ANY (ids)) AS u
  WHERE u.geom IS NOT NULL
$$;
COMMENT ON FUNCTION zd_merge_parcels(integer[]) IS 'Union of parcels as one MultiPolygon and its number of polygons.';
