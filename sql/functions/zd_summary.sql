-- zd_summary(project_ids integer[]) → jsonb: the figures of the report (绩效自评) over the projects given, together
-- (GET /api/projects/:id/summary passes one id, GET /api/summary all of them). Exact: counts as numbers, areas and
-- money as decimal strings. Areas are zd_area's ellipsoidal m² summed (the parcels' counts and sums as the triggers
-- keep them in project_parcel_totals, not read parcel by parcel), then converted once to mu and rounded to 3
-- decimals (the report's 33.288 亩); floor areas in m² with 2 decimals; money in yuan with 2 decimals. Lists of
-- names (owners, villages) are in code-point order, the same on every server whatever its collation.
--   parcels, area_mu, area_mu_by_land_class [{ land_class, name_zh, name_en, parcels, area_mu }],
--   area_mu_by_owner [{ owner, parcels, area_mu }];
--   buildings, floor_area_m2, buildings_by_legal_status [{ legal_status, buildings, floor_area_m2 }] (the four
--   statuses always, in the order licensed, recognised, temporary, unlicensed), buildings_demolished,
--   floor_area_demolished_m2 (demolished_on set);
--   households, persons (members), persons_resettled (sum of resettlements.persons), members_resettled (members
--   flagged is_resettled); graves, coffins; agreements_signed (signed_on set), agreements_signed_area_mu (parcels
--   all of whose households signed: agreement_status all_signed);
--   compensation_by_item [{ item_type, name_zh, name_en, unit, amount_yuan, paid_yuan }] (all nine types, in order),
--   compensation_total_yuan, compensation_paid_yuan;
--   delayed_transition_by_village [{ village, households }]: households with delay_months > 0 by village, the
--   village being village_group up to and including its last '村' (the whole village_group if it has none);
--   funds { deposited_yuan, disbursed_yuan, balance_yuan, acquisition_yuan, resettlement_yuan, working_yuan,
--   task_letters, by_year [{ year, deposited_yuan, disbursed_yuan, acquisition_yuan, resettlement_yuan,
--   working_yuan }] }: zd_funds_totals summed; by_year by the Beijing-time year of each deposit or disbursement,
--   with the corrections made to it.
CREATE OR REPLACE FUNCTION zd_summary(p_project_ids integer[]) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  WITH tot AS (
    -- The parcels' counts and exact m² (whole, by land class, by owner), kept by triggers (migrations/019_project_totals.sql).
    SELECT t.kind, t.key, sum(t.parcels)::int AS n, sum(t.area_m2) AS m2
    FROM project_parcel_totals t WHERE t.project_id = ANY (p_project_ids)
    GROUP BY t.kind, t.key
  ), signed AS (
    -- The parcels that are all_signed: they have households and each of them signed (a household without an
    -- agreement has not). Only a parcel with households can be, so one grouped join starts from household_parcels.
    SELECT (p.area ->> 'ellipsoidal_m2')::numeric AS m2  -- stored zd_area (migration 017)
    FROM household_parcels hp
    JOIN parcels p ON p.id = hp.parcel_id
    LEFT JOIN agreements a ON a.household_id = hp.household_id
    WHERE p.project_id = ANY (p_project_ids)
    GROUP BY p.id
    HAVING count(a.signed_on) = count(*)
  ), b AS (
    SELECT * FROM buildings WHERE project_id = ANY (p_project_ids)
  ), h AS (
    SELECT * FROM households WHERE project_id = ANY (p_project_ids)
  ), ci AS (
    SELECT * FROM compensation_items WHERE project_id = ANY (p_project_ids)
  ), fund_effective AS (
    SELECT e.kind, e.part, extract(year FROM e.entered_at AT TIME ZONE 'Asia/Shanghai')::int AS year,
           e.amount_yuan + coalesce((SELECT sum(c.amount_yuan) FROM fund_entries c WHERE c.corrects_id = e.id), 0) AS yuan
    FROM fund_entries e
    WHERE e.project_id = ANY (p_project_ids) AND e.kind <> 'correction'
  )
  SELECT jsonb_build_object(
    'parcels', coalesce((SELECT n FROM tot WHERE kind = 'project'), 0),
    'area_mu', round(coalesce((SELECT m2 FROM tot WHERE kind = 'project'), 0) * 15 / 10000, 3)::text,
    'area_mu_by_land_class', (
      SELECT coalesce(jsonb_agg(jsonb_build_object('land_class', x.key, 'name_zh', lc.name_zh, 'name_en', lc.name_en,
                                                   'parcels', x.n, 'area_mu', round(x.m2 * 15 / 10000, 3)::text) ORDER BY x.key), '[]')
      FROM tot x JOIN land_classes lc ON lc.code = x.key
      WHERE x.kind = 'land_class'),
    'area_mu_by_owner', (
      SELECT coalesce(jsonb_agg(jsonb_build_object('owner', x.key, 'parcels', x.n, 'area_mu', round(x.m2 * 15 / 10000, 3)::text)
                                ORDER BY x.key COLLATE "C"), '[]')
      FROM tot x WHERE x.kind = 'owner'),
    'buildings', (SELECT count(*) FROM b)::int,
    'floor_area_m2', (SELECT round(coalesce(sum(floor_area_m2), 0), 2)::text FROM b),
    'buildings_by_legal_status', (
      SELECT jsonb_agg(jsonb_build_object('legal_status', x.status, 'buildings', x.n, 'floor_area_m2', x.m2) ORDER BY x.ord)
      FROM (SELECT s.ord, s.status, count(b.id)::int AS n, round(coalesce(sum(b.floor_area_m2), 0), 2)::text AS m2
            FROM (VALUES (1, 'licensed'), (2, 'recognised'), (3, 'temporary'), (4, 'unlicensed')) AS s (ord, status)
            LEFT JOIN b ON b.legal_status = s.status
            GROUP BY s.ord, s.status) x),
    'buildings_demolished', (SELECT count(*) FROM b WHERE demolished_on IS NOT NULL)::int,
    'floor_area_demolished_m2', (SELECT round(coalesce(sum(floor_area_m2), 0), 2)::text FROM b WHERE demolished_on IS NOT NULL),
    'households', (SELECT count(*) FROM h)::int,
    'persons', (SELECT count(*) FROM household_members m JOIN h ON h.id = m.household_id)::int,
    'members_resettled', (SELECT count(*) FROM household_members m JOIN h ON h.id = m.household_id WHERE m.is_resettled)::int,
    'persons_resettled', (SELECT coalesce(sum(persons), 0) FROM resettlements WHERE project_id = ANY (p_project_ids))::int,
    'graves', (SELECT count(*) FROM graves WHERE project_id = ANY (p_project_ids))::int,
    'coffins', (SELECT coalesce(sum(coffins), 0) FROM graves WHERE project_id = ANY (p_project_ids))::int,
    'agreements_signed', (SELECT count(*) FROM agreements WHERE project_id = ANY (p_project_ids) AND signed_on IS NOT NULL)::int,
    'agreements_signed_area_mu', (SELECT round(coalesce(sum(m2), 0) * 15 / 10000, 3)::text FROM signed),
    'compensation_by_item', (
      SELECT jsonb_agg(jsonb_build_object('item_type', x.code, 'name_zh', x.name_zh, 'name_en', x.name_en, 'unit', x.unit,
                                          'amount_yuan', x.amount, 'paid_yuan', x.paid) ORDER BY x.position)
      FROM (SELECT t.code, t.name_zh, t.name_en, t.unit, t.position,
                   round(coalesce(sum(ci.amount_yuan), 0), 2)::text AS amount,
                   round(coalesce(sum(ci.amount_yuan) FILTER (WHERE ci.paid_on IS NOT NULL), 0), 2)::text AS paid
            FROM compensation_item_types t LEFT JOIN ci ON ci.item_type = t.code
            GROUP BY t.code) x),
    'compensation_total_yuan', (SELECT round(coalesce(sum(amount_yuan), 0), 2)::text FROM ci),
    'compensation_paid_yuan', (SELECT round(coalesce(sum(amount_yuan) FILTER (WHERE paid_on IS NOT NULL), 0), 2)::text FROM ci),
    'delayed_transition_by_village', (
      SELECT coalesce(jsonb_agg(jsonb_build_object('village', x.village, 'households', x.n) ORDER BY x.village COLLATE "C"), '[]')
      FROM (SELECT coalesce(substring(h.village_group FROM '^(.*村)'), h.village_group) AS village, count(*)::int AS n
            FROM resettlements r JOIN h ON h.id = r.household_id
            WHERE r.delay_months > 0
            GROUP BY 1) x),
    'funds', (
      SELECT jsonb_build_object(
        'deposited_yuan', round(coalesce(sum(t.deposited_yuan), 0), 2)::text,
        'disbursed_yuan', round(coalesce(sum(t.disbursed_yuan), 0), 2)::text,
        'balance_yuan', round(coalesce(sum(t.balance_yuan), 0), 2)::text,
        'acquisition_yuan', round(coalesce(sum(t.acquisition_yuan), 0), 2)::text,
        'resettlement_yuan', round(coalesce(sum(t.resettlement_yuan), 0), 2)::text,
        'working_yuan', round(coalesce(sum(t.working_yuan), 0), 2)::text,
        'task_letters', (SELECT count(*) FROM task_letters WHERE project_id = ANY (p_project_ids))::int,
        'by_year', (
          SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'year', y.year,
                   'deposited_yuan', round(y.deposited, 2)::text, 'disbursed_yuan', round(y.disbursed, 2)::text,
                   'acquisition_yuan', round(y.acquisition, 2)::text, 'resettlement_yuan', round(y.resettlement, 2)::text,
                   'working_yuan', round(y.working, 2)::text) ORDER BY y.year), '[]')
          FROM (SELECT year,
                       coalesce(sum(yuan) FILTER (WHERE kind = 'deposit'), 0) AS deposited,
                       coalesce(sum(yuan) FILTER (WHERE kind = 'disbursement'), 0) AS disbursed,
                       coalesce(sum(yuan) FILTER (WHERE part = 'acquisition'), 0) AS acquisition,
                       coalesce(sum(yuan) FILTER (WHERE part = 'resettlement'), 0) AS resettlement,
                       coalesce(sum(yuan) FILTER (WHERE part = 'working'), 0) AS working
                FROM fund_effective GROUP BY year) y))
      FROM unnest(p_project_ids) AS pid, zd_funds_totals(pid) t)
  )
$$;
COMMENT ON FUNCTION zd_summary(integer[]) IS
  'The report figures (areas, buildings, households, graves, agreements, compensation, delayed transition, funds) over the given projects, as JSON with exact decimal strings.';
