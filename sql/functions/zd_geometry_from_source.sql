-- zd_geometry_from_source(geojson, srid) → an imported geometry as a parcel geometry: the one place where
-- coordinates of a file or a typed table are transformed.
-- Input: a GeoJSON Polygon or MultiPolygon (structure checked by server/imports) in the file's CRS: 4490
-- (CGCS2000 lon/lat; 4326 WGS84 is taken as the same, as the API does), or a CGCS2000 Gauss-Krüger EPSG code,
-- 4491–4512 (6° zones) or 4513–4554 (3° zones, with and without the zone prefix), as [easting, northing] metres.
-- Output: what zd_geometry_from_geojson gives for lon/lat input: MultiPolygon, SRID 4490, exact repeated
-- consecutive points removed, exterior rings counter-clockwise. Never made valid.
CREATE OR REPLACE FUNCTION zd_geometry_from_source(geojson text, srid integer) RETURNS geometry
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
  SELECT ST_Multi(ST_ForcePolygonCCW(ST_RemoveRepeatedPoints(
    CASE WHEN srid IN (4326, 4490) THEN ST_SetSRID(ST_GeomFromGeoJSON(geojson), 4490)
         ELSE ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(geojson), srid), 4490)
    END)))
$$;
COMMENT ON FUNCTION zd_geometry_from_source(text, integer) IS 'Imported GeoJSON in CGCS2000 lon/lat or a CGCS2000 GK zone → parcel geometry (MultiPolygon 4490).';
