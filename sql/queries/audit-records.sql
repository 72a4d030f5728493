-- Facts of the audit rules over records, money and approval (server/db/audit-record-facts.ts → the pure rules in
-- server/domain/audit/rules/). Inputs: $1 the project id (or as stated). Outputs: one row per subject, money as
-- numeric → text with 2 decimals (yuan), areas as numeric → text with 2 decimals (m², ellipsoidal: ST_Area on
-- geography = zd_area's 核定面积, SRID 4490), dates as Beijing-time (Asia/Shanghai) YYYY-MM-DD, times as ISO text
-- with +08:00. Nothing here decides a finding: the rules do.

-- name: households
-- Every household of the project: its parcels (codes in code-point order), its resettlement (persons, or NULL
-- without one), its members and how many are flagged is_resettled, its agreement and whether it is signed
-- (signed_on set, as sql/queries/agreements.sql says).
WITH hh AS (
  SELECT h.id, h.village_group FROM households h WHERE h.project_id = $1::int
), mem AS (
  SELECT m.household_id, count(*)::int AS members, (count(*) FILTER (WHERE m.is_resettled))::int AS flagged
  FROM household_members m JOIN hh ON hh.id = m.household_id
  GROUP BY m.household_id
), par AS (
  SELECT x.household_id, array_agg(p.id ORDER BY p.code COLLATE "C", p.id) AS parcel_ids,
         array_agg(p.code ORDER BY p.code COLLATE "C", p.id) AS parcel_codes
  FROM household_parcels x JOIN hh ON hh.id = x.household_id JOIN parcels p ON p.id = x.parcel_id
  GROUP BY x.household_id
)
SELECT hh.id, hh.village_group,
       coalesce(par.parcel_ids, '{}') AS parcel_ids, coalesce(par.parcel_codes, '{}') AS parcel_codes,
       r.persons::int AS persons, r.id AS resettlement_id,
       coalesce(mem.members, 0) AS members, coalesce(mem.flagged, 0) AS flagged,
       a.id AS agreement_id, a.number AS agreement_number, coalesce(a.signed_on IS NOT NULL, false) AS agreement_signed
FROM hh
LEFT JOIN mem ON mem.household_id = hh.id
LEFT JOIN par ON par.household_id = hh.id
LEFT JOIN resettlements r ON r.household_id = hh.id
LEFT JOIN agreements a ON a.household_id = hh.id
ORDER BY hh.id

-- name: compensation_items
-- The project's compensation items that have no rate, or whose amount is not round(quantity × rate, 2): the
-- product in numeric (numeric(16,4) × numeric(14,2), exact), rounded half away from zero like
-- zd_compensation_proposed; difference = amount − expected.
SELECT c.id, c.item_type, t.name_zh AS item_type_zh, t.name_en AS item_type_en, c.origin, c.household_id,
       c.parcel_id, p.code AS parcel_code, c.quantity::text AS quantity, c.unit, c.rate_yuan::text AS rate_yuan,
       c.amount_yuan::text AS amount_yuan,
       round(c.quantity * c.rate_yuan, 2)::text AS expected_yuan,
       (c.amount_yuan - round(c.quantity * c.rate_yuan, 2))::text AS difference_yuan
FROM compensation_items c
JOIN compensation_item_types t ON t.code = c.item_type
LEFT JOIN parcels p ON p.id = c.parcel_id
WHERE c.project_id = $1::int
  AND (c.rate_yuan IS NULL OR c.amount_yuan <> round(c.quantity * c.rate_yuan, 2))
ORDER BY c.id

-- name: ledger
-- The project's ledger in time order (entered_at, then id): deposits and disbursements, each correction counted
-- when it was entered, on the side of the entry it corrects. The running balance after each entry; the lowest
-- one (the first entry reaching it) with what had been deposited and disbursed by then; totals of all time (equal
-- to zd_funds_totals). An empty ledger: zeros and NULLs.
WITH e AS (
  SELECT f.id, f.entered_at,
         CASE WHEN f.kind = 'deposit' OR (f.kind = 'correction' AND t.kind = 'deposit') THEN f.amount_yuan ELSE 0 END AS dep,
         CASE WHEN f.kind = 'disbursement' OR (f.kind = 'correction' AND t.kind = 'disbursement') THEN f.amount_yuan ELSE 0 END AS dis
  FROM fund_entries f
  LEFT JOIN fund_entries t ON t.id = f.corrects_id
  WHERE f.project_id = $1::int
), run AS (
  SELECT id, entered_at,
         sum(dep) OVER (ORDER BY entered_at, id ROWS UNBOUNDED PRECEDING) AS dep,
         sum(dis) OVER (ORDER BY entered_at, id ROWS UNBOUNDED PRECEDING) AS dis
  FROM e
), low AS (
  SELECT * FROM run ORDER BY dep - dis, entered_at, id LIMIT 1
)
SELECT round((SELECT coalesce(sum(dep), 0) FROM e), 2)::text AS deposited_yuan,
       round((SELECT coalesce(sum(dis), 0) FROM e), 2)::text AS disbursed_yuan,
       round(coalesce((SELECT dep - dis FROM low), 0), 2)::text AS lowest_balance_yuan,
       (SELECT id FROM low) AS lowest_entry_id,
       (SELECT to_char(entered_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"') FROM low) AS lowest_at,
       (SELECT (entered_at AT TIME ZONE 'Asia/Shanghai')::date::text FROM low) AS lowest_date,
       round(coalesce((SELECT dep FROM low), 0), 2)::text AS lowest_deposited_yuan,
       round(coalesce((SELECT dis FROM low), 0), 2)::text AS lowest_disbursed_yuan

-- name: disbursements
-- Every disbursement entry of the project with the request (pre-check) it executes. The ledger's guard
-- (zd_fund_entry_guard) refuses a disbursement without an approved request today; entries written past it
-- (imported or legacy ledgers, a trigger disabled) are what the rule looks for.
SELECT f.id AS entry_id, f.part, f.amount_yuan::text AS amount_yuan,
       to_char(f.entered_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"') AS entered_at,
       (f.entered_at AT TIME ZONE 'Asia/Shanghai')::date::text AS entered_date,
       r.id AS request_id, r.status AS request_status, r.requested_by, r.decided_by,
       to_char(r.decided_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"') AS decided_at,
       coalesce(r.decided_at > f.entered_at, false) AS decided_after_entry,
       (r.project_id = f.project_id AND r.part = f.part AND r.amount_yuan = f.amount_yuan) AS request_matches
FROM fund_entries f
JOIN disbursement_requests r ON r.id = f.request_id
WHERE f.project_id = $1::int AND f.kind = 'disbursement'
ORDER BY f.entered_at, f.id

-- name: reported_figures
-- $1 project id, or NULL for the office-wide figures; $2, $3 from and to dates, or NULL for any period.
-- The latest stated row per (period, figure) of that scope whose period lies within [$2, $3], and the ledger's
-- figure of the same scope (the project, or every project) and period: deposits or disbursements (by part for
-- the part figures) dated, in Beijing time, within the period, each with its corrections (as zd_summary's by_year).
WITH latest AS (
  SELECT DISTINCT ON (r.period_start, r.period_end, r.figure) r.*
  FROM reported_figures r
  WHERE r.project_id IS NOT DISTINCT FROM $1::int
    AND ($2::date IS NULL OR r.period_start >= $2::date)
    AND ($3::date IS NULL OR r.period_end <= $3::date)
  ORDER BY r.period_start, r.period_end, r.figure, r.id DESC
), effective AS (
  SELECT e.project_id, e.kind, e.part, (e.entered_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
         e.amount_yuan + coalesce((SELECT sum(c.amount_yuan) FROM fund_entries c WHERE c.corrects_id = e.id), 0) AS yuan
  FROM fund_entries e
  WHERE e.kind <> 'correction' AND ($1::int IS NULL OR e.project_id = $1::int)
)
SELECT l.id, l.project_id, l.period_start::text AS period_start, l.period_end::text AS period_end, l.figure,
       l.stated_yuan::text AS stated_yuan, l.source,
       round(coalesce((
         SELECT sum(x.yuan) FROM effective x
         WHERE x.day BETWEEN l.period_start AND l.period_end
           AND CASE l.figure
                 WHEN 'deposited_yuan' THEN x.kind = 'deposit'
                 WHEN 'disbursed_yuan' THEN x.kind = 'disbursement'
                 WHEN 'disbursed_acquisition_yuan' THEN x.kind = 'disbursement' AND x.part = 'acquisition'
                 WHEN 'disbursed_resettlement_yuan' THEN x.kind = 'disbursement' AND x.part = 'resettlement'
                 WHEN 'disbursed_working_yuan' THEN x.kind = 'disbursement' AND x.part = 'working'
               END), 0), 2)::text AS ledger_yuan
FROM latest l
ORDER BY l.period_start, l.period_end, l.figure

-- name: batches
-- The project's approval batches with the areas Art. 46 weighs (server/domain/audit/approval-authority.ts), from
-- the ellipsoidal areas of their parcels (zd_area): basic_farmland_m2 = Σ area(parcel ∩ ∪basic_farmland) (a
-- shared edge gives 0, lines and points of the intersection are dropped); cultivated_m2 = Σ (area − that) over
-- parcels of land class group 01 (耕地); other_m2 = the same over all other parcels. The part of the parcels in
-- basic farmland as GeoJSON (EPSG:4490, 9 decimals, no crs member) for the map, of the pieces that keep an area at
-- 2 decimals (a shared edge can leave a collapsed polygon of ~1e-9 m²), NULL when none does.
WITH bp AS (
  SELECT x.batch_id, p.id AS parcel_id, lc.group_code = '01' AS cultivated,
         (p.area ->> 'ellipsoidal_m2')::numeric AS m2,  -- stored zd_area (migration 017)
         (SELECT ST_CollectionExtract(ST_Intersection(p.geom, ST_Union(f.geom)), 3)
          FROM basic_farmland f WHERE ST_Intersects(f.geom, p.geom)) AS farmland
  FROM approval_batches b
  JOIN approval_batch_parcels x ON x.batch_id = b.id
  JOIN parcels p ON p.id = x.parcel_id
  JOIN land_classes lc ON lc.code = p.land_class
  WHERE b.project_id = $1::int
), bf AS (
  SELECT batch_id, parcel_id, cultivated, m2, farmland,
         coalesce(ST_Area(farmland::geography)::numeric, 0) AS farmland_m2
  FROM bp
)
SELECT b.id, b.code, b.name, b.declared_authority,
       coalesce(array_agg(bf.parcel_id ORDER BY bf.parcel_id) FILTER (WHERE bf.parcel_id IS NOT NULL), '{}') AS parcel_ids,
       round(coalesce(sum(bf.farmland_m2), 0), 2)::text AS basic_farmland_m2,
       round(coalesce(sum(bf.m2 - bf.farmland_m2) FILTER (WHERE bf.cultivated), 0), 2)::text AS cultivated_m2,
       round(coalesce(sum(bf.m2 - bf.farmland_m2) FILTER (WHERE NOT bf.cultivated), 0), 2)::text AS other_m2,
       (SELECT ST_AsGeoJSON(ST_Union(y.farmland), 9, 0)::jsonb FROM bf y
        WHERE y.batch_id = b.id AND round(y.farmland_m2, 2) > 0) AS basic_farmland_geometry
FROM approval_batches b
LEFT JOIN bf ON bf.batch_id = b.id
WHERE b.project_id = $1::int
GROUP BY b.id
ORDER BY b.code COLLATE "C", b.id
