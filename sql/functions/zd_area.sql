-- zd_area(geom, survey_zone) → the areas of a parcel, decided here and nowhere else (see sql/README.md).
-- Input: geometry in EPSG:4490; survey_zone: the 3° zone declared by the parcel's survey, or NULL for the
-- zone of the centroid. Output jsonb:
--   ellipsoidal_m2 / ellipsoidal_mu: geodesic area on the CGCS2000 ellipsoid, the authoritative 核定面积;
--   planar_m2 / planar_mu: area in the CGCS2000 3° Gauss-Krüger plane of that zone (勘测定界口径);
--   planar_crs ('EPSG:4525'), planar_zone (37). 1 mu = 10000/15 m².
CREATE OR REPLACE FUNCTION zd_area(geom geometry, survey_zone integer DEFAULT NULL) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH z AS (
    SELECT coalesce(survey_zone, zd_gk3_zone(ST_X(ST_Centroid(geom)))) AS zone
  ), a AS (
    SELECT ST_Area(geom::geography) AS e, ST_Area(ST_Transform(geom, 4488 + zone)) AS p, zone FROM z
  )
  SELECT jsonb_build_object(
    'ellipsoidal_m2', e,
    'ellipsoidal_mu', e * 15 / 10000,
    'planar_m2', p,
    'planar_mu', p * 15 / 10000,
    'planar_crs', 'EPSG:' || (4488 + zone),
    'planar_zone', zone)
  FROM a
$$;
COMMENT ON FUNCTION zd_area(geometry, integer) IS 'Authoritative ellipsoidal area and GK 3° planar area, m² and mu.';
