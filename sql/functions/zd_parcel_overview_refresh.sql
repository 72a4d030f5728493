-- zd_parcel_overview_refresh() → the number of overview rows changed. Folds the differences that parcel writes
-- staged in parcel_overview_pending (functions/zd_parcel_overview_stage.sql) into parcel_overview: one upsert per
-- touched cell, village and township (in key order, so concurrent writers lock rows in the same order), and deletes
-- the rows left without parcels. The rows taken are those this transaction deleted from the pending table, so two
-- concurrent refreshes never fold the same difference twice. Cost: proportional to the parcels written since the
-- last refresh (6 rows staged per parcel written, grouped per statement), not to the size of the table; an edit of
-- one parcel touches at most 12 overview rows.
-- The first call after migrations/013_parcel_tiles.sql (parcel_overview_state.built = false) builds everything from
-- the parcels instead (seconds per 100 000 parcels).
-- Called by every parcel write path at the end of its transaction (server/db/parcel-writes.ts
-- refreshParcelOverview), and on every start.
CREATE OR REPLACE FUNCTION zd_parcel_overview_refresh() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  changed integer;
  emptied integer[];
BEGIN
  IF NOT (SELECT built FROM parcel_overview_state) THEN
    PERFORM pg_advisory_xact_lock(740200501);
    -- A new snapshot after the lock (READ COMMITTED): another start may have built it meanwhile.
    IF NOT (SELECT built FROM parcel_overview_state) THEN
      DELETE FROM parcel_overview_pending;
      DELETE FROM parcel_overview;
      INSERT INTO parcel_overview (kind, cell_zoom, cell_x, cell_y, name, parcels, area_m2, sum_x, sum_y, geom_3857)
      SELECT r.kind, r.cell_zoom, r.cell_x, r.cell_y, r.name, sum(r.parcels), sum(r.area_m2), sum(r.sum_x), sum(r.sum_y),
             zd_parcel_overview_geom(r.kind, r.cell_zoom, r.cell_x, r.cell_y, sum(r.area_m2), sum(r.sum_x), sum(r.sum_y))
      FROM parcels p, zd_parcel_overview_rows(1, p.owner, p.area, p.geom_3857) r
      GROUP BY r.kind, r.cell_zoom, r.cell_x, r.cell_y, r.name;
      GET DIAGNOSTICS changed = ROW_COUNT;
      UPDATE parcel_overview_state SET built = true;
      RETURN changed;
    END IF;
  END IF;

  WITH taken AS (
    DELETE FROM parcel_overview_pending RETURNING *
  ), d AS (
    SELECT t.kind, t.cell_zoom, t.cell_x, t.cell_y, t.name, sum(t.parcels)::integer AS parcels,
           sum(t.area_m2) AS area_m2, sum(t.sum_x) AS sum_x, sum(t.sum_y) AS sum_y
    FROM taken t
    GROUP BY t.kind, t.cell_zoom, t.cell_x, t.cell_y, t.name
    HAVING sum(t.parcels) <> 0 OR sum(t.area_m2) <> 0 OR sum(t.sum_x) <> 0 OR sum(t.sum_y) <> 0
  ), up AS (
    INSERT INTO parcel_overview AS o (kind, cell_zoom, cell_x, cell_y, name, parcels, area_m2, sum_x, sum_y, geom_3857)
    SELECT d.kind, d.cell_zoom, d.cell_x, d.cell_y, d.name, d.parcels, d.area_m2, d.sum_x, d.sum_y,
           coalesce(zd_parcel_overview_geom(d.kind, d.cell_zoom, d.cell_x, d.cell_y, d.area_m2, d.sum_x, d.sum_y),
                    ST_SetSRID('POINT EMPTY'::geometry, 3857))
    FROM d
    ORDER BY d.kind, d.cell_zoom, d.cell_x, d.cell_y, d.name
    ON CONFLICT (kind, cell_zoom, cell_x, cell_y, name) DO UPDATE
      SET parcels = o.parcels + excluded.parcels,
          area_m2 = o.area_m2 + excluded.area_m2,
          sum_x = o.sum_x + excluded.sum_x,
          sum_y = o.sum_y + excluded.sum_y,
          geom_3857 = coalesce(zd_parcel_overview_geom(o.kind, o.cell_zoom, o.cell_x, o.cell_y, o.area_m2 + excluded.area_m2,
                                                       o.sum_x + excluded.sum_x, o.sum_y + excluded.sum_y), o.geom_3857)
    RETURNING o.id, o.parcels
  )
  SELECT count(*)::integer, coalesce(array_agg(up.id) FILTER (WHERE up.parcels = 0), '{}') INTO changed, emptied FROM up;
  DELETE FROM parcel_overview WHERE id = ANY (emptied) AND parcels = 0;
  RETURN changed;
END
$$;
COMMENT ON FUNCTION zd_parcel_overview_refresh() IS 'Folds the staged parcel changes into the overview aggregates of the map tiles.';
