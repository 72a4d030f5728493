-- zd_project_totals_stage() → the statement triggers that keep project_parcel_totals (migrations/019_project_totals.sql)
-- equal to the parcels on every write path (POST/PUT/DELETE /api/parcels, split, merge, restore, the import commit,
-- the bulk import's one INSERT), inside the writing transaction, so a rollback takes the totals back with it: what
-- each INSERT, UPDATE and DELETE of parcels changed (+ new rows, − old rows), grouped by project, land class and owner
-- with their exact ellipsoidal m² (the stored zd_area) and extent, goes to zd_project_totals_fold. A TRUNCATE of
-- parcels empties the totals.
CREATE OR REPLACE FUNCTION zd_project_totals_stage() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  changes project_parcel_change[];
BEGIN
  -- Each branch names only the transition tables its event has (plpgsql plans a statement when it first runs).
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM project_parcel_totals;
    RETURN NULL;
  ELSIF TG_OP = 'INSERT' THEN
    changes := ARRAY(
      SELECT (n.project_id, n.land_class, n.owner, count(*), sum((n.area ->> 'ellipsoidal_m2')::numeric), ST_Extent(n.geom))::project_parcel_change
      FROM new_rows n
      GROUP BY n.project_id, n.land_class, n.owner);
  ELSIF TG_OP = 'DELETE' THEN
    changes := ARRAY(
      SELECT (o.project_id, o.land_class, o.owner, -count(*), -sum((o.area ->> 'ellipsoidal_m2')::numeric), ST_Extent(o.geom))::project_parcel_change
      FROM old_rows o
      GROUP BY o.project_id, o.land_class, o.owner);
  ELSE
    -- Only parcels whose project, land class, owner, area or outline changed move anything (a status change,
    -- the most common update, touches no total and takes no lock).
    changes := ARRAY(
      WITH changed AS (
        SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE o.project_id <> n.project_id OR o.land_class <> n.land_class OR o.owner <> n.owner
           OR o.area ->> 'ellipsoidal_m2' <> n.area ->> 'ellipsoidal_m2' OR ST_AsBinary(o.geom) <> ST_AsBinary(n.geom)
      )
      SELECT (n.project_id, n.land_class, n.owner, count(*), sum((n.area ->> 'ellipsoidal_m2')::numeric), ST_Extent(n.geom))::project_parcel_change
      FROM new_rows n JOIN changed USING (id)
      GROUP BY n.project_id, n.land_class, n.owner
      UNION ALL
      SELECT (o.project_id, o.land_class, o.owner, -count(*), -sum((o.area ->> 'ellipsoidal_m2')::numeric), ST_Extent(o.geom))::project_parcel_change
      FROM old_rows o JOIN changed USING (id)
      GROUP BY o.project_id, o.land_class, o.owner);
  END IF;
  PERFORM zd_project_totals_fold(changes);
  RETURN NULL;
END
$$;

-- One trigger per event: a trigger with transition tables may have only one.
CREATE OR REPLACE TRIGGER parcels_project_totals_insert AFTER INSERT ON parcels
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zd_project_totals_stage();
CREATE OR REPLACE TRIGGER parcels_project_totals_update AFTER UPDATE ON parcels
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zd_project_totals_stage();
CREATE OR REPLACE TRIGGER parcels_project_totals_delete AFTER DELETE ON parcels
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION zd_project_totals_stage();
CREATE OR REPLACE TRIGGER parcels_project_totals_truncate AFTER TRUNCATE ON parcels
  FOR EACH STATEMENT EXECUTE FUNCTION zd_project_totals_stage();
