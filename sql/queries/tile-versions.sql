-- The data versions of the parcel tiles (server/tiles/tile-versions.ts): which parcels changed since the last look,
-- and where. Read with the application's rights. Boxes are lon/lat degrees of the CGCS2000 geometry (SRID 4490).

-- name: parcel_changes
-- $1 floor: every parcel_history id ≤ $1 has been seen; $2 limit.
-- The committed parcel_history rows after $1, in id order, each with the box of its shape and, for an update or a
-- restore, the box of the version before it (the shape the tiles showed until then): a create row holds the new
-- shape, a delete, split or merge row the shape that left. Every row also carries max_id, the largest id in the
-- table (0 when empty), so that a table emptied with its identity restarted is noticed; with no rows after $1 the
-- answer is one row whose id is null.
WITH top AS (SELECT coalesce(max(id), 0) AS max_id FROM parcel_history)
SELECT top.max_id, c.id, c.x0, c.y0, c.x1, c.y1, c.px0, c.py0, c.px1, c.py1
FROM top
LEFT JOIN LATERAL (
  SELECT h.id,
         ST_XMin(h.geom) AS x0, ST_YMin(h.geom) AS y0, ST_XMax(h.geom) AS x1, ST_YMax(h.geom) AS y1,
         ST_XMin(p.geom) AS px0, ST_YMin(p.geom) AS py0, ST_XMax(p.geom) AS px1, ST_YMax(p.geom) AS py1
  FROM parcel_history h
  LEFT JOIN parcel_history p
    ON h.operation IN ('update', 'restore') AND p.parcel_id = h.parcel_id AND p.version = h.version - 1
  WHERE h.id > $1::integer
  ORDER BY h.id
  LIMIT $2::integer
) c ON true
ORDER BY c.id;
