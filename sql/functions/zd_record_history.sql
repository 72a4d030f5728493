-- zd_record_history_write() → the trigger that keeps every version of a record (buildings, resettlements, graves,
-- attachments, agreements, compensation items, area claims, acquisition scopes, approval batches) in record_history, in the same transaction as the change. The
-- record type is the trigger's argument; the row is stored as JSON, geometry as GeoJSON (PostGIS's jsonb cast).
-- After INSERT and UPDATE; before DELETE, as a tombstone with the last state. zd.actor and zd.reason come from the
-- caller (the set_actor query of each record type); no actor, no change.
CREATE OR REPLACE FUNCTION zd_record_history_write() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  actor text := nullif(current_setting('zd.actor', true), '');
  why text := nullif(current_setting('zd.reason', true), '');
  rec jsonb;
  op text;
  ver integer;
BEGIN
  IF actor IS NULL THEN
    RAISE EXCEPTION '% changes need an actor (zd.actor)', TG_ARGV[0];
  END IF;
  IF TG_OP = 'DELETE' THEN
    rec := to_jsonb(OLD); op := 'delete'; ver := OLD.version + 1;
  ELSIF TG_OP = 'UPDATE' THEN
    IF NEW.version <> OLD.version + 1 THEN
      RAISE EXCEPTION '% version must advance by one (% → %)', TG_ARGV[0], OLD.version, NEW.version;
    END IF;
    rec := to_jsonb(NEW); op := 'update'; ver := NEW.version;
  ELSE
    rec := to_jsonb(NEW); op := 'create'; ver := NEW.version;
  END IF;
  INSERT INTO record_history (record_type, record_id, version, operation, project_id, data, changed_by, reason)
  VALUES (TG_ARGV[0], (rec ->> 'id')::integer, ver, op, (rec ->> 'project_id')::integer, rec, actor, why);
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER buildings_history AFTER INSERT OR UPDATE ON buildings
  FOR EACH ROW EXECUTE FUNCTION zd_record_history_write('building');
CREATE OR REPLACE TRIGGER buildings_history_delete BEFORE DELETE ON buildings
  FOR EACH ROW EXECUTE FUNCTION zd_record_history_write('building');
CREATE OR REPLACE TRIGGER resettlements_history AFTER INSERT OR UPDATE ON resettlements
  FOR EACH ROW EXECUTE FUNCTION zd_record_history_write('resettlement');
CREATE OR REPLACE TRIGGER resettlements_history_delete BEFORE DELETE ON resettlements
  FOR EACH ROW EXECUTE FUNCTION zd_record_history_write('resettlement');
CREATE OR REPLACE TRIGGER graves_history AFTER INSERT OR UPDATE ON graves
  FOR EACH ROW EXECUTE FUNCTION zd_record_history_write('grave');
CREATE OR REPLACE TRIGGER graves_history_delete BEFORE DELETE ON graves
  FOR EACH ROW EXECUTE FUNCTION zd_record_history_write('grave');
CREATE OR REPLACE TRIGGER attachments_history AFTER INSERT OR UPDATE ON attachments
  FOR EACH ROW EXECUTE FUNCTION zd_record_history_write('attachment');
CREATE OR REPLACE TRIGGER attachments_history_delete BEFORE DELETE ON attachments
  FOR EACH ROW EXECUTE FUNCTION zd_record_history_write('attachment');
CREATE OR REPLACE TRIGGER agreements_history AFTER INSERT OR UPDATE ON agreements
  FOR EACH ROW EXECUTE FUNCTION zd_record_history_write('agreement');
CREATE OR REPLACE TRIGGER agreements_history_delete BEFORE DELETE ON agreements
  FOR EACH ROW EXECUTE FUNCTION zd_record_history_write('agreement');
CREATE OR REPLACE TRIGGER compensation_items_history AFTER INSERT OR UPDATE ON compensation_items
  FOR EACH ROW EXECUTE FUNCTION zd_record_history_write('compensation_item');
CREATE OR REPLACE TRIGGER compensation_items_history_delete BEFORE DELETE ON compensation_items
  FOR EACH ROW EXECUTE FUNCTION zd_record_history_write('compensation_item');
CREATE OR REPLACE TRIGGER area_claims_history AFTER INSERT OR UPDATE ON area_claims
  FOR EACH ROW EXECUTE FUNCTION zd_record_history_write('area_claim');
CREATE OR REPLACE TRIGGER area_claims_history_delete BEFORE DELETE ON area_claims
  FOR EACH ROW EXECUTE FUNCTION zd_record_history_write('area_claim');
CREATE OR REPLACE TRIGGER acquisition_scopes_history AFTER INSERT OR UPDATE ON acquisition_scopes
  FOR EACH ROW EXECUTE FUNCTION zd_record_history_write('acquisition_scope');
CREATE OR REPLACE TRIGGER acquisition_scopes_history_delete BEFORE DELETE ON acquisition_scopes
  FOR EACH ROW EXECUTE FUNCTION zd_record_history_write('acquisition_scope');
CREATE OR REPLACE TRIGGER approval_batches_history AFTER INSERT OR UPDATE ON approval_batches
  FOR EACH ROW EXECUTE FUNCTION zd_record_history_write('approval_batch');
CREATE OR REPLACE TRIGGER approval_batches_history_delete BEFORE DELETE ON approval_batches
  FOR EACH ROW EXECUTE FUNCTION zd_record_history_write('approval_batch');
