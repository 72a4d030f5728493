-- zd_parcel_history_write() → the trigger that records every version of a parcel in parcel_history, in the
-- same transaction as the change. A change without an actor is refused; a delete leaves a tombstone version.
-- Transaction settings, set by the caller through named queries (sql/queries/parcels.sql set_actor, set_lineage):
--   zd.actor, zd.reason: who and why;
--   zd.operation: empty (plain create/update/delete), 'split', 'merge' or 'restore';
--   zd.parents ('{1,2}'): with split/merge, the parcels an INSERT comes from → parent_ids of its 'create' row;
--   zd.children ('{3,4}'): with split/merge, the parcels a DELETE goes into → its tombstone is 'split'/'merge'
--     with child_ids (so the children's ids are reserved before the parents are deleted);
--   zd.restored_from: with restore, the earlier version an UPDATE brings back → a 'restore' row;
--   zd.bulk ('on'): a bulk import (server/db/bulk-import.ts) inserts many parcels in one statement and writes
--     their 'create' rows itself, set-based, in that same statement (sql/queries/bulk-imports.sql insert): the
--     insert trigger's WHEN skips the row then, without even calling this function. Updates and deletes are
--     recorded whatever the setting.
-- Lineage must hold both ways: a child's parents must already carry a split/merge row naming the child.
CREATE OR REPLACE FUNCTION zd_parcel_history_write() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  actor text := nullif(current_setting('zd.actor', true), '');
  why text := nullif(current_setting('zd.reason', true), '');
  lineage_op text := nullif(current_setting('zd.operation', true), '');
  parents integer[] := coalesce(nullif(current_setting('zd.parents', true), '')::integer[], '{}');
  children integer[] := coalesce(nullif(current_setting('zd.children', true), '')::integer[], '{}');
  restored integer := nullif(current_setting('zd.restored_from', true), '')::integer;
  op text;
BEGIN
  IF actor IS NULL THEN
    RAISE EXCEPTION 'parcel changes need an actor (zd.actor)';
  END IF;
  IF lineage_op IS NOT NULL AND lineage_op NOT IN ('split', 'merge', 'restore') THEN
    RAISE EXCEPTION 'unknown zd.operation %', lineage_op;
  END IF;

  IF TG_OP = 'DELETE' THEN
    op := CASE WHEN lineage_op IN ('split', 'merge') THEN lineage_op ELSE 'delete' END;
    IF op <> 'delete' AND cardinality(children) = 0 THEN
      RAISE EXCEPTION 'a % needs the child parcel ids (zd.children)', op;
    END IF;
    INSERT INTO parcel_history (parcel_id, version, operation, project_id, code, land_class, owner,
      claimed_area_mu, survey_zone, status, geom, changed_by, reason, child_ids)
    VALUES (OLD.id, OLD.version + 1, op, OLD.project_id, OLD.code, OLD.land_class, OLD.owner,
      OLD.claimed_area_mu, OLD.survey_zone, OLD.status, OLD.geom, actor, why,
      CASE WHEN op = 'delete' THEN '{}'::integer[] ELSE children END);
    RETURN OLD;
  END IF;

  IF TG_OP = 'UPDATE' THEN
    IF NEW.version <> OLD.version + 1 THEN
      RAISE EXCEPTION 'parcel version must advance by one (% → %)', OLD.version, NEW.version;
    END IF;
    op := CASE WHEN lineage_op = 'restore' THEN 'restore' ELSE 'update' END;
    IF op = 'restore' AND NOT EXISTS (
      SELECT 1 FROM parcel_history h WHERE h.parcel_id = NEW.id AND h.version = restored AND h.version < NEW.version
    ) THEN
      RAISE EXCEPTION 'a restore needs an earlier version of parcel % (zd.restored_from = %)', NEW.id, restored;
    END IF;
  ELSE
    op := 'create';
    IF lineage_op IN ('split', 'merge') THEN
      IF cardinality(parents) = 0 THEN
        RAISE EXCEPTION 'a parcel made by % needs its parent ids (zd.parents)', lineage_op;
      END IF;
      IF EXISTS (
        SELECT 1 FROM unnest(parents) AS p(id)
        WHERE NOT EXISTS (
          SELECT 1 FROM parcel_history h
          WHERE h.parcel_id = p.id AND h.operation = lineage_op AND NEW.id = ANY (h.child_ids))
      ) THEN
        RAISE EXCEPTION 'parcel % names parents % whose history has no % row naming it as a child', NEW.id, parents, lineage_op;
      END IF;
    ELSE
      parents := '{}';
    END IF;
  END IF;

  INSERT INTO parcel_history (parcel_id, version, operation, project_id, code, land_class, owner,
    claimed_area_mu, survey_zone, status, geom, changed_by, reason, parent_ids, restored_from)
  VALUES (NEW.id, NEW.version, op, NEW.project_id, NEW.code, NEW.land_class, NEW.owner,
    NEW.claimed_area_mu, NEW.survey_zone, NEW.status, NEW.geom, actor, why,
    CASE WHEN op = 'create' THEN parents ELSE '{}'::integer[] END,
    CASE WHEN op = 'restore' THEN restored END);
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER parcels_history AFTER UPDATE OR DELETE ON parcels
  FOR EACH ROW EXECUTE FUNCTION zd_parcel_history_write();
CREATE OR REPLACE TRIGGER parcels_history_insert AFTER INSERT ON parcels
  FOR EACH ROW WHEN (current_setting('zd.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION zd_parcel_history_write();
