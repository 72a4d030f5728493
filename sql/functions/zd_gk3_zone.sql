-- zd_gk3_zone(lon) → the CGCS2000 3-degree Gauss-Krüger zone whose central meridian (3°·zone) is nearest.
-- Input: longitude in degrees (EPSG:4490). Output: zone number; its EPSG code is 4488 + zone (4513–4533).
-- A longitude exactly on a zone border (e.g. 109.5°E) belongs to the eastern zone.
CREATE OR REPLACE FUNCTION zd_gk3_zone(lon double precision) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT floor((lon + 1.5) / 3)::integer
$$;
