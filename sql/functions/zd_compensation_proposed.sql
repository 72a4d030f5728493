-- zd_compensation_proposed(project_id) → the computed compensation items the project should have now: one row per
-- (item_type, source_key), from its records and its current rate set (the highest version_no; none → no rows).
-- Rate: the most specific key of the item type wins, else '*'; no rate → no item. Keys, most specific first:
--   land, resettlement_subsidy, young_crops: the parcel's land class code, its group code ('01' 耕地), '*';
--   house: the building's structure, '*';  attachments: the attachment's name, its kind, '*';  others: '*'.
-- Quantities (numeric, ≤ 4 decimals):
--   parcel:<id>       land, resettlement_subsidy, young_crops: round(ellipsoidal mu of zd_area, 4)   unit mu
--   building:<id>     house: floor_area_m2                                                             unit m2
--   attachment:<id>   attachments: quantity (in the attachment's own unit)                            unit unit
--   grave:<id>        grave_relocation: coffins                                                        unit coffin
--   household:<id>    relocation: 1, for a household with at least one building of the project         unit household
--   resettlement:<id> (not cash) transition: persons × whole months from transition_start to transition_end,
--                     a started month counting as whole; delayed_transition: persons × delay_months   unit person_month
-- A quantity of 0 gives no item. amount_yuan = round(quantity × rate_yuan, 2) (numeric: half away from zero).
-- household_id and parcel_id are those of the source record.
CREATE OR REPLACE FUNCTION zd_compensation_proposed(p_project_id integer)
RETURNS TABLE (item_type text, source_key text, household_id integer, parcel_id integer, quantity numeric,
               unit text, rate_yuan numeric, amount_yuan numeric, rate_set_id integer)
LANGUAGE sql STABLE AS $$
  WITH rs AS (
    SELECT s.id FROM rate_sets s WHERE s.project_id = p_project_id ORDER BY s.version_no DESC LIMIT 1
  ), sources AS (
    -- (item type, source, links, quantity, candidate keys most specific first)
    SELECT t.item_type, 'parcel:' || p.id AS source_key, NULL::integer AS household_id, p.id AS parcel_id,
           round((p.area ->> 'ellipsoidal_mu')::numeric, 4) AS quantity,  -- stored zd_area (migration 017)
           ARRAY[p.land_class, lc.group_code, '*'] AS keys
    FROM parcels p
    JOIN land_classes lc ON lc.code = p.land_class
    CROSS JOIN (VALUES ('land'), ('resettlement_subsidy'), ('young_crops')) AS t (item_type)
    WHERE p.project_id = p_project_id
    UNION ALL
    SELECT 'house', 'building:' || b.id, b.household_id, b.parcel_id, b.floor_area_m2::numeric,
           ARRAY[b.structure, '*']
    FROM buildings b WHERE b.project_id = p_project_id
    UNION ALL
    SELECT 'attachments', 'attachment:' || a.id, a.household_id, a.parcel_id, a.quantity::numeric,
           ARRAY[a.name, a.kind, '*']
    FROM attachments a WHERE a.project_id = p_project_id
    UNION ALL
    SELECT 'grave_relocation', 'grave:' || g.id, g.household_id, g.parcel_id, g.coffins::numeric, ARRAY['*']
    FROM graves g WHERE g.project_id = p_project_id
    UNION ALL
    SELECT 'relocation', 'household:' || h.id, h.id, NULL::integer, 1::numeric, ARRAY['*']
    FROM households h
    WHERE h.project_id = p_project_id
      AND EXISTS (SELECT 1 FROM buildings b WHERE b.household_id = h.id AND b.project_id = p_project_id)
    UNION ALL
    SELECT 'transition', 'resettlement:' || r.id, r.household_id, NULL::integer,
           (r.persons * (extract(year FROM m.age) * 12 + extract(month FROM m.age)
                         + CASE WHEN extract(day FROM m.age) > 0 THEN 1 ELSE 0 END))::numeric,
           ARRAY['*']
    FROM resettlements r
    CROSS JOIN LATERAL (SELECT age(r.transition_end, r.transition_start) AS age) m
    WHERE r.project_id = p_project_id AND r.method <> 'cash'
      AND r.transition_start IS NOT NULL AND r.transition_end IS NOT NULL
    UNION ALL
    SELECT 'delayed_transition', 'resettlement:' || r.id, r.household_id, NULL::integer,
           (r.persons * r.delay_months)::numeric, ARRAY['*']
    FROM resettlements r
    WHERE r.project_id = p_project_id AND r.method <> 'cash'
  )
  SELECT s.item_type, s.source_key, s.household_id, s.parcel_id, s.quantity, t.unit, r.rate_yuan,
         round(s.quantity * r.rate_yuan, 2), rs.id
  FROM sources s
  CROSS JOIN rs
  JOIN compensation_item_types t ON t.code = s.item_type
  CROSS JOIN LATERAL (
    SELECT x.rate_yuan FROM rates x
    WHERE x.rate_set_id = rs.id AND x.item_type = s.item_type AND x.key = ANY (s.keys)
    ORDER BY array_position(s.keys, x.key)
    LIMIT 1
  ) r
  WHERE s.quantity > 0
$$;
COMMENT ON FUNCTION zd_compensation_proposed(integer) IS
  'Computed compensation items a project should have under its current rate set (exact numeric yuan).';
