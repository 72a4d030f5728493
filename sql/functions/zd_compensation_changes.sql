-- zd_compensation_changes(project_id) → what zd_compensation_apply would do: the proposed items
-- (zd_compensation_proposed) against the stored computed items, matched on (item_type, source_key). One row per
-- difference, none when all agree:
--   add     proposed, not stored (item_id NULL);
--   update  stored and unpaid, differing in quantity, rate, amount, rate set, unit, household or parcel;
--   remove  stored and unpaid, no longer proposed (source gone, quantity 0 or no rate);
--   held    stored and paid (paid_on set), and its quantity, rate or amount would change or it would be removed:
--           a paid item is never changed automatically; finance settles it by hand.
-- A paid item that differs only in its rate set or links is left as it is and not reported.
-- Yuan and quantities are exact numeric; new_* are NULL for remove, old_* NULL for add.
CREATE OR REPLACE FUNCTION zd_compensation_changes(p_project_id integer)
RETURNS TABLE (item_id integer, item_type text, source_key text, change text, household_id integer,
               parcel_id integer, unit text, old_quantity numeric, new_quantity numeric, old_rate_yuan numeric,
               new_rate_yuan numeric, old_amount_yuan numeric, new_amount_yuan numeric, rate_set_id integer)
LANGUAGE sql STABLE AS $$
  WITH stored AS (
    SELECT * FROM compensation_items c WHERE c.project_id = p_project_id AND c.origin = 'computed'
  ), proposed AS (
    SELECT * FROM zd_compensation_proposed(p_project_id)
  ), joined AS (
    SELECT s.id AS item_id, coalesce(p.item_type, s.item_type) AS item_type,
           coalesce(p.source_key, s.source_key) AS source_key,
           CASE
             WHEN s.id IS NULL THEN 'add'
             WHEN s.paid_on IS NOT NULL THEN
               CASE WHEN p.source_key IS NULL
                      OR (s.quantity, s.rate_yuan, s.amount_yuan) IS DISTINCT FROM (p.quantity, p.rate_yuan, p.amount_yuan)
                    THEN 'held' END
             WHEN p.source_key IS NULL THEN 'remove'
             WHEN (s.quantity, s.rate_yuan, s.amount_yuan, s.rate_set_id, s.unit, s.household_id, s.parcel_id)
                  IS DISTINCT FROM
                  (p.quantity, p.rate_yuan, p.amount_yuan, p.rate_set_id, p.unit, p.household_id, p.parcel_id)
               THEN 'update'
           END AS change,
           CASE WHEN p.source_key IS NULL THEN s.household_id ELSE p.household_id END AS household_id,
           CASE WHEN p.source_key IS NULL THEN s.parcel_id ELSE p.parcel_id END AS parcel_id_new,
           coalesce(p.unit, s.unit) AS unit,
           s.quantity AS old_quantity, p.quantity AS new_quantity, s.rate_yuan AS old_rate_yuan,
           p.rate_yuan AS new_rate_yuan, s.amount_yuan AS old_amount_yuan, p.amount_yuan AS new_amount_yuan,
           p.rate_set_id
    FROM stored s
    FULL JOIN proposed p ON p.item_type = s.item_type AND p.source_key = s.source_key
  )
  SELECT j.item_id, j.item_type, j.source_key, j.change, j.household_id, j.parcel_id_new, j.unit,
         j.old_quantity, j.new_quantity, j.old_rate_yuan, j.new_rate_yuan, j.old_amount_yuan, j.new_amount_yuan,
         j.rate_set_id
  FROM joined j
  JOIN compensation_item_types t ON t.code = j.item_type
  WHERE j.change IS NOT NULL
  ORDER BY t.position, split_part(j.source_key, ':', 1), split_part(j.source_key, ':', 2)::integer
$$;
COMMENT ON FUNCTION zd_compensation_changes(integer) IS
  'Differences between the computed items a project should have and those stored: add, update, remove, held.';
