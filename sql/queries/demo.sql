-- Loading the illustrative demo data set (data/demo) into an empty database.

-- name: is_empty
SELECT NOT EXISTS (SELECT 1 FROM projects) AND NOT EXISTS (SELECT 1 FROM users) AS empty

-- name: insert_project
INSERT INTO projects (code, name, name_en, district, color, is_demo) VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, true)
RETURNING id

-- name: insert_parcel
INSERT INTO parcels (project_id, code, land_class, owner, claimed_area_mu, survey_zone, status, geom, updated_by)
VALUES ($1::int, $2::text, $3::text, $4::text, $5::numeric, $6::int, $7::text, zd_geometry_from_geojson($8::text), 'demo')
RETURNING id

-- name: set_actor
SELECT set_config('zd.actor', 'demo', true), set_config('zd.reason', '示例数据 demo data', true)

-- name: check_parcels
-- Every demo parcel must pass the same checks as one drawn by hand.
SELECT p.code, i.code AS issue FROM parcels p, zd_geometry_issues(p.geom) i
UNION ALL
SELECT a.code, 'PARCEL_OVERLAP' FROM parcels a JOIN parcels b ON a.id < b.id AND a.geom && b.geom
WHERE ST_Relate(a.geom, b.geom, 'T********') AND ST_Area(ST_Intersection(a.geom, b.geom)::geography) > 1.0

-- The records of data/demo/records.json (invented, see data/demo/README.md). Each statement inserts one table
-- set-based from a JSON array ($1 jsonb), so loading stays a handful of round trips. Codes of projects and
-- parcels are resolved here; household ids are reserved first (reserve_household_ids), so members and parcel
-- links are written before the household rows whose history trigger snapshots them.

-- name: parcel_ids
SELECT p.id, p.code, p.project_id FROM parcels p

-- name: reserve_household_ids
-- $1 how many household ids to take, in order.
SELECT nextval(pg_get_serial_sequence('households', 'id'))::int AS id FROM generate_series(1, $1::int)

-- name: insert_members
-- $1 [{ household_id, position, name, relation, id_number_enc, id_number_masked, id_number_bidx, birth_date, is_resettled }]
INSERT INTO household_members (household_id, position, name, relation, id_number_enc, id_number_masked, id_number_bidx,
                               birth_date, is_resettled)
SELECT m.household_id, m.position, m.name, m.relation, m.id_number_enc, m.id_number_masked, m.id_number_bidx,
       m.birth_date, m.is_resettled
FROM jsonb_to_recordset($1::jsonb) AS m(household_id int, position int, name text, relation text, id_number_enc text,
                                         id_number_masked text, id_number_bidx text, birth_date date, is_resettled boolean)

-- name: insert_household_links
-- $1 [{ household_id, parcel_id }]
INSERT INTO household_parcels (household_id, parcel_id)
SELECT l.household_id, l.parcel_id FROM jsonb_to_recordset($1::jsonb) AS l(household_id int, parcel_id int)

-- name: insert_households
-- $1 [{ id, project_id, head_name, village_group, id_number_enc, id_number_masked, id_number_bidx, phone_enc, phone_masked }]
INSERT INTO households (id, project_id, head_name, village_group, id_number_enc, id_number_masked, id_number_bidx,
                        phone_enc, phone_masked, updated_by)
OVERRIDING SYSTEM VALUE
SELECT h.id, h.project_id, h.head_name, h.village_group, h.id_number_enc, h.id_number_masked, h.id_number_bidx,
       h.phone_enc, h.phone_masked, 'demo'
FROM jsonb_to_recordset($1::jsonb) AS h(id int, project_id int, head_name text, village_group text, id_number_enc text,
                                         id_number_masked text, id_number_bidx text, phone_enc text, phone_masked text)
ORDER BY h.id

-- name: insert_buildings
-- $1 [{ project_id, parcel_id, household_id, code, footprint (GeoJSON Polygon), structure, floors, floor_area_m2, use,
-- legal_status, demolished_on, notes }]; the footprint normalised as a parcel's (MultiPolygon, CCW, SRID 4490).
INSERT INTO buildings (project_id, parcel_id, household_id, code, footprint, structure, floors, floor_area_m2, use,
                       legal_status, demolished_on, notes, updated_by)
SELECT b.project_id, b.parcel_id, b.household_id, b.code, zd_geometry_from_geojson(b.footprint::text), b.structure,
       b.floors, b.floor_area_m2, b.use, b.legal_status, b.demolished_on, b.notes, 'demo'
FROM jsonb_to_recordset($1::jsonb) AS b(project_id int, parcel_id int, household_id int, code text, footprint jsonb,
                                         structure text, floors smallint, floor_area_m2 numeric, use text,
                                         legal_status text, demolished_on date, notes text)

-- name: insert_resettlements
-- $1 [{ project_id, household_id, persons, method, site, transition_start, transition_end, delay_months }]
INSERT INTO resettlements (project_id, household_id, persons, method, site, transition_start, transition_end,
                           delay_months, updated_by)
SELECT r.project_id, r.household_id, r.persons, r.method, r.site, r.transition_start, r.transition_end, r.delay_months, 'demo'
FROM jsonb_to_recordset($1::jsonb) AS r(project_id int, household_id int, persons smallint, method text, site text,
                                         transition_start date, transition_end date, delay_months smallint)

-- name: insert_agreements
-- $1 [{ project_id, household_id, number, signed_on }]
INSERT INTO agreements (project_id, household_id, number, signed_on, updated_by)
SELECT a.project_id, a.household_id, a.number, a.signed_on, 'demo'
FROM jsonb_to_recordset($1::jsonb) AS a(project_id int, household_id int, number text, signed_on date)

-- name: insert_graves
-- $1 [{ project_id, parcel_id, household_id, code, location (GeoJSON Point), coffins, relocated_on }]
INSERT INTO graves (project_id, parcel_id, household_id, code, location, coffins, relocated_on, updated_by)
SELECT g.project_id, g.parcel_id, g.household_id, g.code, ST_SetSRID(ST_GeomFromGeoJSON(g.location::text), 4490),
       g.coffins, g.relocated_on, 'demo'
FROM jsonb_to_recordset($1::jsonb) AS g(project_id int, parcel_id int, household_id int, code text, location jsonb,
                                         coffins smallint, relocated_on date)

-- name: insert_attachments
-- $1 [{ project_id, parcel_id, household_id, kind, name, quantity, unit, notes }]
INSERT INTO attachments (project_id, parcel_id, household_id, kind, name, quantity, unit, notes, updated_by)
SELECT a.project_id, a.parcel_id, a.household_id, a.kind, a.name, a.quantity, a.unit, a.notes, 'demo'
FROM jsonb_to_recordset($1::jsonb) AS a(project_id int, parcel_id int, household_id int, kind text, name text,
                                         quantity numeric, unit text, notes text)

-- name: check_records
-- Every demo record must be one the API would accept: footprints valid and inside their parcel (within 0.5 m², the
-- rule of BUILDING_OUTSIDE_PARCEL), not on roads or water, not overlapping one another; graves in their parcel and
-- not under a building.
SELECT b.code, i.code AS issue FROM buildings b, zd_geometry_issues(b.footprint) i
UNION ALL
SELECT b.code, 'BUILDING_OUTSIDE_PARCEL' FROM buildings b JOIN parcels p ON p.id = b.parcel_id
WHERE ST_Area(ST_Difference(b.footprint, p.geom)::geography) > 0.5
UNION ALL
SELECT b.code, 'BUILDING_ON_ROAD_OR_WATER' FROM buildings b JOIN parcels p ON p.id = b.parcel_id
JOIN land_classes lc ON lc.code = p.land_class WHERE lc.group_code IN ('10', '11')
UNION ALL
SELECT a.code, 'BUILDING_OVERLAP' FROM buildings a JOIN buildings b ON a.id < b.id AND a.footprint && b.footprint
WHERE ST_Intersects(a.footprint, b.footprint)
UNION ALL
SELECT g.code, 'GRAVE_OUTSIDE_PARCEL' FROM graves g JOIN parcels p ON p.id = g.parcel_id
WHERE NOT ST_Within(g.location, p.geom)
UNION ALL
SELECT g.code, 'GRAVE_IN_BUILDING' FROM graves g JOIN buildings b ON ST_Intersects(g.location, b.footprint)

-- name: insert_rate_sets
-- $1 [{ project_id, name, basis, effective_from, note, rates: [{ item_type, key, rate_yuan }] }]: version 1 of each
-- project's rates, created by finance.
WITH s AS (
  INSERT INTO rate_sets (project_id, version_no, name, basis, effective_from, created_by, note)
  SELECT r.project_id, 1, r.name, r.basis, r.effective_from, 'finance', r.note
  FROM jsonb_to_recordset($1::jsonb) AS r(project_id int, name text, basis text, effective_from date, note text)
  RETURNING id, project_id
)
INSERT INTO rates (rate_set_id, item_type, key, rate_yuan)
SELECT s.id, x.item_type, x.key, x.rate_yuan
FROM s
JOIN jsonb_to_recordset($1::jsonb) AS r(project_id int, rates jsonb) ON r.project_id = s.project_id
CROSS JOIN LATERAL jsonb_to_recordset(r.rates) AS x(item_type text, key text, rate_yuan numeric)

-- name: apply_compensation
-- The computed compensation items of every project, by the one SQL rule (zd_compensation_apply).
SELECT count(*)::int AS changes FROM projects p, zd_compensation_apply(p.id, '示例数据 demo data') c

-- name: mark_paid
-- $1 [{ parcel_id, scope: 'all' | 'parcel', paid_on }]. 'all': every item of the parcel and of its households;
-- 'parcel': the parcel's own land items (土地补偿费, 安置补助费, 青苗补偿费) only.
UPDATE compensation_items ci
SET paid_on = p.paid_on, version = ci.version + 1, updated_at = now(), updated_by = 'demo'
FROM jsonb_to_recordset($1::jsonb) AS p(parcel_id int, scope text, paid_on date)
WHERE ci.paid_on IS NULL
  AND ((p.scope = 'all' AND (ci.parcel_id = p.parcel_id OR ci.household_id IN (
          SELECT hp.household_id FROM household_parcels hp WHERE hp.parcel_id = p.parcel_id)))
    OR (p.scope = 'parcel' AND ci.parcel_id = p.parcel_id AND ci.item_type IN ('land', 'resettlement_subsidy', 'young_crops')))

-- name: insert_budgets
-- $1 [{ project_id, budget_yuan, set_at, note }], set by finance.
INSERT INTO project_budgets (project_id, budget_yuan, set_by, set_at, note)
SELECT b.project_id, b.budget_yuan, 'finance', b.set_at, b.note
FROM jsonb_to_recordset($1::jsonb) AS b(project_id int, budget_yuan numeric, set_at timestamptz, note text)
ORDER BY b.set_at

-- name: insert_deposits
-- $1 [{ project_id, amount_yuan, payer, entered_at, note }], entered by finance in time order (the ledger guard
-- checks each).
INSERT INTO fund_entries (project_id, kind, amount_yuan, payer, entered_by, entered_at, note)
SELECT d.project_id, 'deposit', d.amount_yuan, d.payer, 'finance', d.entered_at, d.note
FROM jsonb_to_recordset($1::jsonb) AS d(project_id int, amount_yuan numeric, payer text, entered_at timestamptz, note text)
ORDER BY d.entered_at

-- name: reserve_request_ids
-- $1 how many disbursement request ids to take, in order.
SELECT nextval(pg_get_serial_sequence('disbursement_requests', 'id'))::int AS id FROM generate_series(1, $1::int)

-- name: insert_disbursements
-- $1 [{ id, project_id, part, amount_yuan, payee, requested_at }]: each request made by finance; then
-- approve_disbursements (pre-checked by auditor), enter_disbursements (the ledger entries) and
-- execute_disbursements (finance), all through the guards of the ledger (zd_disbursement_request_guard,
-- zd_fund_entry_guard), at the dates given.
INSERT INTO disbursement_requests (id, project_id, part, amount_yuan, payee, requested_by, requested_at)
OVERRIDING SYSTEM VALUE
SELECT d.id, d.project_id, d.part, d.amount_yuan, d.payee, 'finance', d.requested_at
FROM jsonb_to_recordset($1::jsonb) AS d(id int, project_id int, part text, amount_yuan numeric, payee text, requested_at timestamptz)
ORDER BY d.id

-- name: approve_disbursements
-- $1 request ids; $2 decision times (parallel).
UPDATE disbursement_requests r SET status = 'approved', decided_by = 'auditor', decided_at = x.at
FROM unnest($1::int[], $2::timestamptz[]) AS x(id, at)
WHERE r.id = x.id

-- name: enter_disbursements
-- $1 request ids; $2 execution times (parallel), in time order.
INSERT INTO fund_entries (project_id, kind, part, amount_yuan, request_id, entered_by, entered_at)
SELECT r.project_id, 'disbursement', r.part, r.amount_yuan, r.id, 'finance', x.at
FROM unnest($1::int[], $2::timestamptz[]) AS x(id, at)
JOIN disbursement_requests r ON r.id = x.id
ORDER BY x.at, r.id

-- name: execute_disbursements
-- $1 request ids; $2 execution times (parallel).
UPDATE disbursement_requests r SET status = 'executed', executed_by = 'finance', executed_at = x.at
FROM unnest($1::int[], $2::timestamptz[]) AS x(id, at)
WHERE r.id = x.id

-- name: insert_task_letters
-- $1 [{ project_id, number, issued_at, note }], issued by auditor with the figures of that moment: the budget last
-- set before it and the deposits entered before it (the table refuses a letter whose deposits fall short).
INSERT INTO task_letters (project_id, number, budget_yuan, deposited_yuan, issued_by, issued_at, note)
SELECT t.project_id, t.number,
       (SELECT b.budget_yuan FROM project_budgets b WHERE b.project_id = t.project_id AND b.set_at <= t.issued_at
        ORDER BY b.set_at DESC, b.id DESC LIMIT 1),
       (SELECT coalesce(sum(e.amount_yuan), 0) FROM fund_entries e
        WHERE e.project_id = t.project_id AND e.kind = 'deposit' AND e.entered_at <= t.issued_at),
       'auditor', t.issued_at, t.note
FROM jsonb_to_recordset($1::jsonb) AS t(project_id int, number text, issued_at timestamptz, note text)
ORDER BY t.issued_at

-- name: insert_manual_items
-- $1 [{ project_id, parcel_id, household_id, item_type, quantity, unit, rate_yuan, amount_yuan, notes }]: items entered
-- by hand (origin 'manual'), under the project's rate set; the amount is taken as entered (the audit checks it).
INSERT INTO compensation_items (project_id, item_type, origin, parcel_id, household_id, quantity, unit, rate_yuan,
                                amount_yuan, rate_set_id, notes, updated_by)
SELECT m.project_id, m.item_type, 'manual', m.parcel_id, m.household_id, m.quantity, m.unit, m.rate_yuan, m.amount_yuan,
       (SELECT rs.id FROM rate_sets rs WHERE rs.project_id = m.project_id ORDER BY rs.version_no DESC LIMIT 1), m.notes, 'demo'
FROM jsonb_to_recordset($1::jsonb) AS m(project_id int, parcel_id int, household_id int, item_type text, quantity numeric,
                                         unit text, rate_yuan numeric, amount_yuan numeric, notes text)

-- The audit data of data/demo/audit.json (generate-audit.ts): how each claim was made, scopes, batches, the basic
-- farmland layer, the office's reported figures, and the sign-off of 2021, written last.

-- name: insert_area_claims
-- $1 [{ project_id, parcel_id, basis, decimals, point_error_m, claimed_geom (GeoJSON Polygon or null), source }]
INSERT INTO area_claims (project_id, parcel_id, basis, decimals, point_error_m, claimed_geom, source, updated_by)
SELECT c.project_id, c.parcel_id, c.basis, c.decimals, c.point_error_m,
       zd_geometry_from_geojson(nullif(c.claimed_geom, 'null'::jsonb)::text), c.source, 'demo'
FROM jsonb_to_recordset($1::jsonb) AS c(project_id int, parcel_id int, basis text, decimals smallint, point_error_m numeric,
                                         claimed_geom jsonb, source text)

-- name: insert_scopes
-- $1 [{ project_id, buffer_m, simplify_m, cut (GeoJSON Polygon or null), source }]: each project's 拟征收范围 made
-- from its parcels: united, grown by buffer_m (mitred corners) and simplified to simplify_m in the GK 3° plane of
-- their survey zone, back to EPSG:4490, less the cut (a part the announcement left out).
INSERT INTO acquisition_scopes (project_id, geom, source, updated_by)
SELECT s.project_id,
       ST_Multi(ST_Difference(
         ST_Transform(ST_SimplifyPreserveTopology(ST_Buffer(u.geom, s.buffer_m, 'join=mitre mitre_limit=2'), s.simplify_m), 4490),
         coalesce(ST_SetSRID(ST_GeomFromGeoJSON(nullif(s.cut, 'null'::jsonb)::text), 4490), 'SRID=4490;POLYGON EMPTY'::geometry))),
       s.source, 'demo'
FROM jsonb_to_recordset($1::jsonb) AS s(project_id int, buffer_m float8, simplify_m float8, cut jsonb, source text)
CROSS JOIN LATERAL (
  SELECT ST_Union(ST_Transform(p.geom, 4488 + coalesce(p.survey_zone, zd_gk3_zone(ST_X(ST_Centroid(p.geom)))))) AS geom
  FROM parcels p WHERE p.project_id = s.project_id
) u

-- name: insert_batches
-- $1 [{ project_id, code, name, declared_authority, submitted_on, parcel_ids: [int] }]
WITH x AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS b(project_id int, code text, name text, declared_authority text,
                                                   submitted_on date, parcel_ids jsonb)
), b AS (
  INSERT INTO approval_batches (project_id, code, name, declared_authority, submitted_on, updated_by)
  SELECT x.project_id, x.code, x.name, x.declared_authority, x.submitted_on, 'demo' FROM x ORDER BY x.code
  RETURNING id, code
)
INSERT INTO approval_batch_parcels (batch_id, parcel_id)
SELECT b.id, pid::int FROM b JOIN x ON x.code = b.code CROSS JOIN LATERAL jsonb_array_elements_text(x.parcel_ids) AS pid

-- name: insert_farmland
-- $1 [{ name, geom (GeoJSON Polygon) }]
INSERT INTO basic_farmland (name, geom)
SELECT f.name, zd_geometry_from_geojson(f.geom::text) FROM jsonb_to_recordset($1::jsonb) AS f(name text, geom jsonb)

-- name: insert_reported_figures
-- $1 [{ project_id (null: the whole office), period_start, period_end, figure, stated_yuan, source }], entered by auditor.
INSERT INTO reported_figures (project_id, period_start, period_end, figure, stated_yuan, source, created_by)
SELECT r.project_id, r.period_start, r.period_end, r.figure, r.stated_yuan, r.source, 'auditor'
FROM jsonb_to_recordset($1::jsonb) AS r(project_id int, period_start date, period_end date, figure text,
                                         stated_yuan numeric, source text)

-- name: insert_signoffs
-- $1 [{ project_id, signed_by, signed_at, note }]: signed audits with no findings, their totals (zd_audit_totals)
-- and watermarks (as queries/audits.sql insert_signoff: history and funds) taken now, after everything else is
-- loaded: the audit stands until a later change.
INSERT INTO audit_signoffs (project_id, signed_by, signed_at, parcel_history_max, household_history_max,
                            record_history_max, fund_entries_max, disbursement_request_events_max, task_letters_max,
                            project_budgets_max, reported_figures_max, totals, findings, note)
SELECT s.project_id, s.signed_by, s.signed_at,
       (SELECT coalesce(max(id), 0) FROM parcel_history), (SELECT coalesce(max(id), 0) FROM household_history),
       (SELECT coalesce(max(id), 0) FROM record_history), (SELECT coalesce(max(id), 0) FROM fund_entries),
       (SELECT coalesce(max(id), 0) FROM disbursement_request_events), (SELECT coalesce(max(id), 0) FROM task_letters),
       (SELECT coalesce(max(id), 0) FROM project_budgets), (SELECT coalesce(max(id), 0) FROM reported_figures),
       zd_audit_totals(s.project_id), '[]'::jsonb, s.note
FROM jsonb_to_recordset($1::jsonb) AS s(project_id int, signed_by text, signed_at timestamptz, note text)
ORDER BY s.signed_at
