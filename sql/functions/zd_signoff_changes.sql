-- zd_signoff_changes(signoff_id) → the changes of the sign-off's project made after the signature, one row each;
-- none: the sign-off stands (not stale). The one definition of staleness, used by the workbench's sign-off view
-- (queries/audits.sql `changes`) and the report (queries/audit-report.sql `period`). An unknown id gives no rows.
--
-- What counts, above the watermarks stored with the sign-off (the last ids at the signature):
--   parcel, household, <record type>  a row of parcel_history, household_history, record_history that carries the
--       project's id, or whose previous version did (a parcel or record moved to another project is a change of
--       the project it left; the tombstone of a delete, split or merge keeps the id the parcel had);
--   fund_entry             a ledger entry of the project (deposit, disbursement, correction);
--   disbursement_request   a step of one of its requests (requested, approved, rejected, executed): a row of
--                          disbursement_request_events, so a pre-check or an execution of an older request counts;
--   task_letter            a task letter issued; project_budget  a budget set;
--   reported_figure        a figure stated for the project (office-wide figures, project NULL, are not its audit).
-- A sign-off made before the funds watermarks existed (all five NULL) counts funds rows dated after signed_at.
--
-- Columns: kind; id (the parcel's, household's, record's, entry's, request's, letter's, budget's or figure's id);
-- code (a parcel's or record's code, an agreement's number, a task letter's number, a reported figure's source;
-- NULL for households, whose head's name is personal data, and for entries, requests and budgets); operation
-- (history: create | update | delete | split | merge | restore; fund_entry: its kind deposit | disbursement |
-- correction; disbursement_request: the step; task_letter: issue; project_budget: set; reported_figure: create);
-- version (history rows only); changed_by, changed_at; amount_yuan (decimal text: an entry's or request's amount,
-- a budget, a stated figure; NULL otherwise); row_id (the id of the row in its own table, for a stable order).
CREATE OR REPLACE FUNCTION zd_signoff_changes(p_signoff_id integer)
RETURNS TABLE (kind text, id integer, code text, operation text, version integer, changed_by text,
               changed_at timestamptz, amount_yuan text, row_id bigint)
LANGUAGE sql STABLE AS $$
  WITH s AS (SELECT * FROM audit_signoffs WHERE id = p_signoff_id)
  SELECT 'parcel'::text, h.parcel_id, h.code, h.operation, h.version, h.changed_by, h.changed_at, NULL::text,
         h.id::bigint
  FROM s JOIN parcel_history h ON h.id > s.parcel_history_max
  WHERE h.project_id = s.project_id OR EXISTS (
    SELECT 1 FROM parcel_history b WHERE b.parcel_id = h.parcel_id AND b.version = h.version - 1 AND b.project_id = s.project_id)
  UNION ALL
  SELECT 'household', h.household_id, NULL, h.operation, h.version, h.changed_by, h.changed_at, NULL, h.id
  FROM s JOIN household_history h ON h.id > s.household_history_max
  WHERE h.project_id = s.project_id OR EXISTS (
    SELECT 1 FROM household_history b WHERE b.household_id = h.household_id AND b.version = h.version - 1 AND b.project_id = s.project_id)
  UNION ALL
  SELECT r.record_type, r.record_id, coalesce(r.data ->> 'code', r.data ->> 'number'), r.operation, r.version,
         r.changed_by, r.changed_at, NULL, r.id
  FROM s JOIN record_history r ON r.id > s.record_history_max
  WHERE r.project_id = s.project_id OR EXISTS (
    SELECT 1 FROM record_history b
    WHERE b.record_type = r.record_type AND b.record_id = r.record_id AND b.version = r.version - 1 AND b.project_id = s.project_id)
  UNION ALL
  SELECT 'fund_entry', f.id, NULL, f.kind, NULL, f.entered_by, f.entered_at, f.amount_yuan::text, f.id
  FROM s JOIN fund_entries f ON f.project_id = s.project_id
  WHERE CASE WHEN s.fund_entries_max IS NULL THEN f.entered_at > s.signed_at ELSE f.id > s.fund_entries_max END
  UNION ALL
  SELECT 'disbursement_request', e.request_id, NULL, e.status, NULL, e.actor, e.at, d.amount_yuan::text, e.id
  FROM s JOIN disbursement_request_events e ON e.project_id = s.project_id
  JOIN disbursement_requests d ON d.id = e.request_id
  WHERE CASE WHEN s.disbursement_request_events_max IS NULL THEN e.at > s.signed_at
             ELSE e.id > s.disbursement_request_events_max END
  UNION ALL
  SELECT 'task_letter', t.id, t.number, 'issue', NULL, t.issued_by, t.issued_at, NULL, t.id
  FROM s JOIN task_letters t ON t.project_id = s.project_id
  WHERE CASE WHEN s.task_letters_max IS NULL THEN t.issued_at > s.signed_at ELSE t.id > s.task_letters_max END
  UNION ALL
  SELECT 'project_budget', b.id, NULL, 'set', NULL, b.set_by, b.set_at, b.budget_yuan::text, b.id
  FROM s JOIN project_budgets b ON b.project_id = s.project_id
  WHERE CASE WHEN s.project_budgets_max IS NULL THEN b.set_at > s.signed_at ELSE b.id > s.project_budgets_max END
  UNION ALL
  SELECT 'reported_figure', f.id, f.source, 'create', NULL, f.created_by, f.created_at, f.stated_yuan::text, f.id
  FROM s JOIN reported_figures f ON f.project_id = s.project_id
  WHERE CASE WHEN s.reported_figures_max IS NULL THEN f.created_at > s.signed_at ELSE f.id > s.reported_figures_max END
$$;

COMMENT ON FUNCTION zd_signoff_changes(integer) IS
  'The changes of a signed-off project after its signature (history rows and funds rows above the sign-off''s watermarks); none: not stale.';
