-- zd_compensation_apply(project_id, reason) → applies zd_compensation_changes(project_id) in the caller's
-- transaction and returns the changes it found (held ones included, untouched): add inserts a computed item,
-- update replaces its quantity, rate, amount, rate set, unit and links (version + 1), remove deletes it (the
-- history keeps a tombstone). The history rows (trigger zd_record_history_write) carry the caller's zd.actor and as
-- reason "rate set v<N> (<name>)" followed by `reason` or else the caller's zd.reason; zd.reason is restored after.
-- An amount of 1e12 yuan or more (a mistyped rate) is refused: SQLSTATE ZC001, message COMPENSATION_TOO_LARGE, the
-- item as JSON in DETAIL (server/db/compensation.ts turns it into a 422).
-- Serialised per project by pg_advisory_xact_lock(740200401, project) so two writers cannot both add an item.
CREATE OR REPLACE FUNCTION zd_compensation_apply(p_project_id integer, p_reason text DEFAULT NULL)
RETURNS TABLE (item_id integer, item_type text, source_key text, change text, household_id integer,
               parcel_id integer, unit text, old_quantity numeric, new_quantity numeric, old_rate_yuan numeric,
               new_rate_yuan numeric, old_amount_yuan numeric, new_amount_yuan numeric, rate_set_id integer)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  actor text := nullif(current_setting('zd.actor', true), '');
  caller_reason text := current_setting('zd.reason', true);
  set_label text;
  c record;
BEGIN
  IF actor IS NULL THEN
    RAISE EXCEPTION 'compensation changes need an actor (zd.actor)';
  END IF;
  PERFORM pg_advisory_xact_lock(740200401, p_project_id);
  SELECT 'rate set v' || s.version_no || ' (' || s.name || ')' INTO set_label
  FROM rate_sets s WHERE s.project_id = p_project_id ORDER BY s.version_no DESC LIMIT 1;
  PERFORM set_config('zd.reason',
    left(concat_ws(': ', set_label, coalesce(p_reason, nullif(caller_reason, ''))), 2000), true);
  FOR c IN SELECT * FROM zd_compensation_changes(p_project_id) LOOP
    IF c.change IN ('add', 'update') AND c.new_amount_yuan >= 1000000000000 THEN
      RAISE EXCEPTION USING ERRCODE = 'ZC001', MESSAGE = 'COMPENSATION_TOO_LARGE',
        DETAIL = json_build_object('item_type', c.item_type, 'source_key', c.source_key,
                                   'amount_yuan', c.new_amount_yuan::text)::text;
    END IF;
    IF c.change = 'add' THEN
      INSERT INTO compensation_items (project_id, item_type, origin, source_key, household_id, parcel_id, quantity,
                                      unit, rate_yuan, amount_yuan, rate_set_id, updated_by)
      VALUES (p_project_id, c.item_type, 'computed', c.source_key, c.household_id, c.parcel_id, c.new_quantity,
              c.unit, c.new_rate_yuan, c.new_amount_yuan, c.rate_set_id, actor)
      RETURNING id INTO c.item_id;
    ELSIF c.change = 'update' THEN
      UPDATE compensation_items
      SET quantity = c.new_quantity, rate_yuan = c.new_rate_yuan, amount_yuan = c.new_amount_yuan,
          rate_set_id = c.rate_set_id, unit = c.unit, household_id = c.household_id, parcel_id = c.parcel_id,
          version = compensation_items.version + 1, updated_at = now(), updated_by = actor
      WHERE compensation_items.id = c.item_id;
    ELSIF c.change = 'remove' THEN
      DELETE FROM compensation_items WHERE compensation_items.id = c.item_id;
    END IF;
    item_id := c.item_id; item_type := c.item_type; source_key := c.source_key; change := c.change;
    household_id := c.household_id; parcel_id := c.parcel_id; unit := c.unit;
    old_quantity := c.old_quantity; new_quantity := c.new_quantity;
    old_rate_yuan := c.old_rate_yuan; new_rate_yuan := c.new_rate_yuan;
    old_amount_yuan := c.old_amount_yuan; new_amount_yuan := c.new_amount_yuan; rate_set_id := c.rate_set_id;
    RETURN NEXT;
  END LOOP;
  PERFORM set_config('zd.reason', coalesce(caller_reason, ''), true);
END $$;
COMMENT ON FUNCTION zd_compensation_apply(integer, text) IS
  'Applies the computed compensation changes of a project (held items untouched) and returns them.';
