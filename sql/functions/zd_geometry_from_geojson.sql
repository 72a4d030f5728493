-- zd_geometry_from_geojson(text) → the normalised parcel geometry that is both checked and stored.
-- Input: a GeoJSON Polygon or MultiPolygon already checked for structure, numbers, range and dimension by
-- server/schemas/geojson-intake.ts (never raw request text). Output: MultiPolygon, SRID 4490, exact repeated
-- consecutive points removed, exterior rings counter-clockwise (RFC 7946). Nothing is "made valid".
CREATE OR REPLACE FUNCTION zd_geometry_from_geojson(geojson text) RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT ST_Multi(ST_ForcePolygonCCW(ST_RemoveRepeatedPoints(ST_SetSRID(ST_GeomFromGeoJSON(geojson), 4490))))
$$;
