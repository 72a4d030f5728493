-- zd_parcel_overview_stage() → the statement trigger that stages, in parcel_overview_pending, what every insert,
-- update and delete of parcels changes in the overview aggregates (zd_parcel_overview_rows: + the new rows, − the
-- old), grouped per cell, village and township, so that an import of many parcels in one statement stages a few
-- rows. zd_parcel_overview_refresh() folds them in; a write path that forgot to call it leaves them for the next
-- refresh, never lost. TRUNCATE is not covered: empty parcel_overview and parcel_overview_pending with it.
CREATE OR REPLACE FUNCTION zd_parcel_overview_stage() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- Each branch names only the transition tables its event has (plpgsql plans a statement when it first runs).
  IF TG_OP = 'INSERT' THEN
    INSERT INTO parcel_overview_pending (kind, cell_zoom, cell_x, cell_y, name, parcels, area_m2, sum_x, sum_y)
    SELECT r.kind, r.cell_zoom, r.cell_x, r.cell_y, r.name, sum(r.parcels), sum(r.area_m2), sum(r.sum_x), sum(r.sum_y)
    FROM new_rows n, zd_parcel_overview_rows(1, n.owner, n.area, n.geom_3857) r
    GROUP BY r.kind, r.cell_zoom, r.cell_x, r.cell_y, r.name;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO parcel_overview_pending (kind, cell_zoom, cell_x, cell_y, name, parcels, area_m2, sum_x, sum_y)
    SELECT r.kind, r.cell_zoom, r.cell_x, r.cell_y, r.name, sum(r.parcels), sum(r.area_m2), sum(r.sum_x), sum(r.sum_y)
    FROM old_rows o, zd_parcel_overview_rows(-1, o.owner, o.area, o.geom_3857) r
    GROUP BY r.kind, r.cell_zoom, r.cell_x, r.cell_y, r.name;
  ELSE
    -- Only parcels whose outline or owner changed move anything (the ellipsoidal area ignores survey_zone).
    INSERT INTO parcel_overview_pending (kind, cell_zoom, cell_x, cell_y, name, parcels, area_m2, sum_x, sum_y)
    WITH changed AS (
      SELECT o.owner AS o_owner, o.geom AS o_geom, o.area AS o_area, o.geom_3857 AS o_geom_3857,
             n.owner AS n_owner, n.geom AS n_geom, n.area AS n_area, n.geom_3857 AS n_geom_3857
      FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE o.owner IS DISTINCT FROM n.owner OR ST_AsBinary(o.geom) <> ST_AsBinary(n.geom)
    ), r AS (
      SELECT r.* FROM changed c, zd_parcel_overview_rows(1, c.n_owner, c.n_area, c.n_geom_3857) r
      UNION ALL
      SELECT r.* FROM changed c, zd_parcel_overview_rows(-1, c.o_owner, c.o_area, c.o_geom_3857) r
    )
    SELECT r.kind, r.cell_zoom, r.cell_x, r.cell_y, r.name, sum(r.parcels), sum(r.area_m2), sum(r.sum_x), sum(r.sum_y)
    FROM r
    GROUP BY r.kind, r.cell_zoom, r.cell_x, r.cell_y, r.name;
  END IF;
  RETURN NULL;
END
$$;

-- One trigger per event: a trigger with transition tables may have only one.
CREATE OR REPLACE TRIGGER parcels_overview_insert AFTER INSERT ON parcels
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zd_parcel_overview_stage();
CREATE OR REPLACE TRIGGER parcels_overview_update AFTER UPDATE ON parcels
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zd_parcel_overview_stage();
CREATE OR REPLACE TRIGGER parcels_overview_delete AFTER DELETE ON parcels
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION zd_parcel_overview_stage();
