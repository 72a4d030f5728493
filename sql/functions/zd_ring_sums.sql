-- zd_ring_sums(shape, plane_srid) → the two sums over the boundary points of a polygon that the area audit needs
-- (sql/queries/audit-geometry.sql, area.md §3.2 and table 1). For every point i of every ring (the closing point
-- not counted twice), with i−1 and i+1 its neighbours along the ring:
--   sum_d2_m2: Σ D_i², D_i = the distance between points i−1 and i+1 in the plane of plane_srid (a GK 3° zone,
--              metres), so that m_P = m_j·√(ΣD²/8) is the area's standard error (a square gives √(ΣD²/8) = √A);
--   sphere_unit: the area on the unit sphere by the ring formula of @turf/area (Σ (λ_{i+1} − λ_{i−1})·sin φ_i / 2,
--              radians; outer ring minus holes, each taken positive): × R² gives Turf 7's area for R = 6 371 008.8 m
--              and Turf ≤ 6's / Leaflet.draw's for R = 6 378 137 m, the sphere signatures of a claim.
-- Input: a (Multi)Polygon in EPSG:4490. NULL sums for an empty shape.
CREATE OR REPLACE FUNCTION zd_ring_sums(shape geometry, plane_srid integer)
RETURNS TABLE (sum_d2_m2 double precision, sphere_unit double precision)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH ll AS (
    SELECT d.path[1] AS poly, d.path[2] AS ring, d.path[3] AS k, ST_X(d.geom) AS lon, ST_Y(d.geom) AS lat
    FROM ST_DumpPoints(ST_Multi($1)) AS d
  ), plane AS (
    SELECT d.path[1] AS poly, d.path[2] AS ring, d.path[3] AS k, ST_X(d.geom) AS x, ST_Y(d.geom) AS y
    FROM ST_DumpPoints(ST_Transform(ST_Multi($1), $2)) AS d
  ), pts AS (
    SELECT ll.poly, ll.ring, ll.k, ll.lon, ll.lat, plane.x, plane.y,
           count(*) OVER (PARTITION BY ll.poly, ll.ring) AS n
    FROM ll JOIN plane USING (poly, ring, k)
  ), nb AS (
    SELECT poly, ring, lat,
           coalesce(lag(lon) OVER w, last_value(lon) OVER wa) AS lon_prev,
           coalesce(lead(lon) OVER w, first_value(lon) OVER wa) AS lon_next,
           coalesce(lag(x) OVER w, last_value(x) OVER wa) AS x_prev,
           coalesce(lead(x) OVER w, first_value(x) OVER wa) AS x_next,
           coalesce(lag(y) OVER w, last_value(y) OVER wa) AS y_prev,
           coalesce(lead(y) OVER w, first_value(y) OVER wa) AS y_next
    FROM pts
    WHERE k < n
    WINDOW w AS (PARTITION BY poly, ring ORDER BY k),
           wa AS (PARTITION BY poly, ring ORDER BY k ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
  ), rings AS (
    SELECT ring,
           sum((x_next - x_prev) ^ 2 + (y_next - y_prev) ^ 2) AS d2,
           abs(sum((radians(lon_next) - radians(lon_prev)) * sin(radians(lat)))) / 2 AS s
    FROM nb
    GROUP BY poly, ring
  )
  SELECT sum(d2), sum(CASE WHEN ring = 1 THEN s ELSE -s END) FROM rings
$$;
COMMENT ON FUNCTION zd_ring_sums(geometry, integer) IS
  'Σ D² (planar m², for m_P = m_j·√(ΣD²/8)) and the unit-sphere area by Turf''s ring formula, for the area audit.';
