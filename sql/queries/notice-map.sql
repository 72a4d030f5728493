-- The printable notice map and its boundary-point table (界址点坐标表), for the public: every query reads only the
-- view public_notices (run under the role zd_public, server/db/public-reads.ts), so a draft, approved or withdrawn
-- notice has no row and nothing personal can be selected.
-- Projection: CGCS2000 3° Gauss-Krüger, the zone of the scope's centroid (zd_gk3_zone), EPSG 4488 + zone
-- (4513–4533: the easting carries the zone number, e.g. 37 500 000 m on the central meridian of zone 37).
-- Coordinates in metres; X is the northing and Y the easting, as Chinese survey tables write them.

-- name: notice
-- $1 notice id → one row, or none when the notice is not public: the fields the PDF prints, the zone, its EPSG
-- code and central meridian (degrees east), and the meridian convergence at the centroid (degrees clockwise from
-- grid north to true north: the north arrow's tilt). Dates as YYYY-MM-DD text.
WITH n AS (
  SELECT v.*, zd_gk3_zone(ST_X(ST_Centroid(v.geom))) AS zone, ST_Centroid(v.geom) AS centre
  FROM public_notices v WHERE v.id = $1
)
SELECT n.id, n.project_code, n.project_name, n.project_name_en, n.kind, n.status, n.title, n.township, n.contacts,
       n.period_days, n.period_unit, n.starts_on::text AS starts_on, n.ends_on::text AS ends_on,
       n.hearing_deadline::text AS hearing_deadline, n.hearing_open, n.figures,
       to_char(n.published_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS published_on,
       n.zone, 4488 + n.zone AS epsg, 3 * n.zone AS central_meridian,
       degrees(ST_Azimuth(ST_Transform(n.centre, 4488 + n.zone), ST_Transform(ST_Translate(n.centre, 0, 0.01), 4488 + n.zone)))
         AS convergence_deg
FROM n

-- name: outline
-- $1 notice id, $2 EPSG code from `notice` → the scope in that Gauss-Krüger zone as GeoJSON (metres, 3 decimals),
-- for drawing; holes included.
SELECT ST_AsGeoJSON(ST_Transform(geom, $2::int), 3)::json AS geometry FROM public_notices WHERE id = $1

-- name: boundary_points
-- $1 notice id → the boundary points (界址点) of the scope: the vertices of each part's outer ring (holes are not
-- boundary points of the scope's outline), repeated vertices dropped, clockwise as seen on the map, starting at the
-- part's north-westernmost vertex (the one nearest the north-west corner of the part's extent; ties: the northern,
-- then the western). Parts follow each other in the order of their first point's distance from the north-west
-- corner of the whole scope. Names J1, J2, … run on through the parts. Per point: part (1-based), x northing and
-- y easting in the zone (metres, 3 decimals), lon and lat (CGCS2000 degrees, 8 decimals), and edge_m, the grid
-- length of the side to the next point of the same ring (the last point's side closes the ring; 2 decimals).
-- No rows when the notice is not public.
WITH n AS (
  SELECT geom, 4488 + zd_gk3_zone(ST_X(ST_Centroid(geom))) AS epsg FROM public_notices WHERE id = $1
), rings AS (
  SELECT d.path[1] AS part, ST_ExteriorRing(ST_ForcePolygonCW(ST_RemoveRepeatedPoints(d.geom))) AS ring, n.epsg
  FROM n CROSS JOIN LATERAL ST_Dump(n.geom) d
), verts AS (
  SELECT r.part, v.path[1] AS i, ST_NPoints(r.ring) - 1 AS count, v.geom AS ll, ST_Transform(v.geom, r.epsg) AS gk
  FROM rings r CROSS JOIN LATERAL ST_DumpPoints(r.ring) v
  WHERE v.path[1] < ST_NPoints(r.ring)
), extents AS (
  SELECT part, min(ST_X(gk)) AS min_e, max(ST_Y(gk)) AS max_n FROM verts GROUP BY part
), starts AS (
  SELECT DISTINCT ON (v.part) v.part, v.i AS start_i, v.gk AS start_gk
  FROM verts v JOIN extents e USING (part)
  ORDER BY v.part, (ST_X(v.gk) - e.min_e) ^ 2 + (e.max_n - ST_Y(v.gk)) ^ 2, ST_Y(v.gk) DESC, ST_X(v.gk)
), corner AS (
  SELECT min(min_e) AS min_e, max(max_n) AS max_n FROM extents
), part_order AS (
  SELECT s.part, s.start_i,
         row_number() OVER (ORDER BY (ST_X(s.start_gk) - c.min_e) ^ 2 + (c.max_n - ST_Y(s.start_gk)) ^ 2, s.part) AS rank
  FROM starts s CROSS JOIN corner c
), ordered AS (
  SELECT p.rank AS part, (v.i - p.start_i + v.count) % v.count AS k, v.ll, v.gk
  FROM verts v JOIN part_order p USING (part)
), sides AS (
  SELECT o.*, coalesce(lead(o.gk) OVER w, first_value(o.gk) OVER w) AS next_gk
  FROM ordered o
  WINDOW w AS (PARTITION BY o.part ORDER BY o.k ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
)
SELECT 'J' || row_number() OVER (ORDER BY part, k) AS name, part::int AS part,
       round(ST_Y(gk)::numeric, 3)::float8 AS x, round(ST_X(gk)::numeric, 3)::float8 AS y,
       round(ST_X(ll)::numeric, 8)::float8 AS lon, round(ST_Y(ll)::numeric, 8)::float8 AS lat,
       round(ST_Distance(gk, next_gk)::numeric, 2)::float8 AS edge_m
FROM sides
ORDER BY part, k
