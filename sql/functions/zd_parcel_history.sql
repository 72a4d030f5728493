-- zd_parcel_history_write() → the trigger that records every version of a parcel in parcel_history, in the
-- same transaction as the change. Who and why come from the transaction settings zd.actor and zd.reason
-- (set by server/db/actor.ts); a change without an actor is refused. A delete leaves a tombstone version.
CREATE OR REPLACE FUNCTION zd_parcel_history_write() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  actor text := nullif(current_setting('zd.actor', true), '');
  why text := nullif(current_setting('zd.reason', true), '');
BEGIN
  IF actor IS NULL THEN
    RAISE EXCEPTION 'parcel changes need an actor (zd.actor)';
  END IF;
  IF TG_OP = 'DELETE' THEN
    INSERT INTO parcel_history (parcel_id, version, operation, project_id, code, land_class, owner,
      claimed_area_mu, survey_zone, status, geom, changed_by, reason)
    VALUES (OLD.id, OLD.version + 1, 'delete', OLD.project_id, OLD.code, OLD.land_class, OLD.owner,
      OLD.claimed_area_mu, OLD.survey_zone, OLD.status, OLD.geom, actor, why);
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.version <> OLD.version + 1 THEN
    RAISE EXCEPTION 'parcel version must advance by one (% → %)', OLD.version, NEW.version;
  END IF;
  INSERT INTO parcel_history (parcel_id, version, operation, project_id, code, land_class, owner,
    claimed_area_mu, survey_zone, status, geom, changed_by, reason)
  VALUES (NEW.id, NEW.version, CASE TG_OP WHEN 'INSERT' THEN 'create' ELSE 'update' END, NEW.project_id, NEW.code, NEW.land_class, NEW.owner,
    NEW.claimed_area_mu, NEW.survey_zone, NEW.status, NEW.geom, actor, why);
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER parcels_history AFTER INSERT OR UPDATE OR DELETE ON parcels
  FOR EACH ROW EXECUTE FUNCTION zd_parcel_history_write();
