-- zd_household_history_write() → the trigger that records every version of a household in household_history, in
-- the same transaction as the change: after INSERT and UPDATE, and before DELETE (while the members and parcel
-- links, which cascade, are still there). Members and parcel links are snapshotted as they are at that moment,
-- so the handler writes them before the household row. Only ciphertext and masked forms are copied.
-- zd.actor and zd.reason are set by the caller (sql/queries/households.sql set_actor); no actor, no change.
CREATE OR REPLACE FUNCTION zd_household_history_write() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  actor text := nullif(current_setting('zd.actor', true), '');
  why text := nullif(current_setting('zd.reason', true), '');
  r households;
  op text;
  ver integer;
BEGIN
  IF actor IS NULL THEN
    RAISE EXCEPTION 'household changes need an actor (zd.actor)';
  END IF;
  IF TG_OP = 'DELETE' THEN
    r := OLD; op := 'delete'; ver := OLD.version + 1;
  ELSIF TG_OP = 'UPDATE' THEN
    IF NEW.version <> OLD.version + 1 THEN
      RAISE EXCEPTION 'household version must advance by one (% → %)', OLD.version, NEW.version;
    END IF;
    r := NEW; op := 'update'; ver := NEW.version;
  ELSE
    r := NEW; op := 'create'; ver := NEW.version;
  END IF;

  INSERT INTO household_history (household_id, version, operation, project_id, head_name, village_group,
    id_number_enc, id_number_masked, phone_enc, phone_masked, notes, members, parcel_ids, changed_by, reason)
  VALUES (r.id, ver, op, r.project_id, r.head_name, r.village_group, r.id_number_enc, r.id_number_masked,
    r.phone_enc, r.phone_masked, r.notes,
    (SELECT coalesce(jsonb_agg(jsonb_build_object('position', m.position, 'name', m.name, 'relation', m.relation,
              'id_number_enc', m.id_number_enc, 'id_number_masked', m.id_number_masked, 'birth_date', m.birth_date,
              'is_resettled', m.is_resettled) ORDER BY m.position), '[]'::jsonb)
     FROM household_members m WHERE m.household_id = r.id),
    (SELECT coalesce(array_agg(hp.parcel_id ORDER BY hp.parcel_id), '{}'::integer[])
     FROM household_parcels hp WHERE hp.household_id = r.id),
    actor, why);
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER households_history AFTER INSERT OR UPDATE ON households
  FOR EACH ROW EXECUTE FUNCTION zd_household_history_write();
CREATE OR REPLACE TRIGGER households_history_delete BEFORE DELETE ON households
  FOR EACH ROW EXECUTE FUNCTION zd_household_history_write();
