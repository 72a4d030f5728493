-- A signed audit goes stale on funds changes too: the ledger (fund_entries), the pre-check workflow
-- (disbursement_requests), task letters, budgets and the figures stated in reports (reported_figures) of the
-- project. The append-only tables are watched by the last id at the signature, like the history tables.
-- disbursement_requests is mutable (its status moves), so each move is also written, by the trigger in
-- sql/functions/zd_disbursement_request_events.sql, to the append-only disbursement_request_events, whose last id
-- is the watermark: a pre-check or an execution after the signature is a new event above it. A timestamp
-- (decided_at > signed_at) would not do: now() is the start of the writer's transaction, which may predate the
-- sign-off and still commit after it, unseen by the signature.

-- Every step of a disbursement request: its request, its pre-check (approved or rejected) and its execution,
-- with who and when as the request row states them.
CREATE TABLE disbursement_request_events (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id integer NOT NULL REFERENCES disbursement_requests(id),
  project_id integer NOT NULL REFERENCES projects(id),
  status     text NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'executed')),
  actor      text NOT NULL,
  at         timestamptz NOT NULL
);
CREATE INDEX disbursement_request_events_project ON disbursement_request_events (project_id, id);
CREATE TRIGGER disbursement_request_events_append_only BEFORE UPDATE OR DELETE ON disbursement_request_events
  FOR EACH ROW EXECUTE FUNCTION zd_refuse_change();

-- The steps of the requests written before this table, in the order they happened.
INSERT INTO disbursement_request_events (request_id, project_id, status, actor, at)
SELECT r.id, r.project_id, s.status, s.actor, s.at
FROM disbursement_requests r
CROSS JOIN LATERAL (VALUES
  (1, 'requested', r.requested_by, r.requested_at),
  (2, CASE WHEN r.status = 'rejected' THEN 'rejected' ELSE 'approved' END, r.decided_by, r.decided_at),
  (3, 'executed', r.executed_by, r.executed_at)
) AS s(step, status, actor, at)
WHERE s.at IS NOT NULL
ORDER BY s.at, r.id, s.step;

-- The funds watermarks of a sign-off: the last ids of those tables at the signature. NULL (all five together) on
-- a sign-off made before they existed: its funds changes are then those dated after signed_at
-- (zd_signoff_changes), the best that can be said of it afterwards.
ALTER TABLE audit_signoffs
  ADD COLUMN fund_entries_max                bigint,
  ADD COLUMN disbursement_request_events_max bigint,
  ADD COLUMN task_letters_max                bigint,
  ADD COLUMN project_budgets_max             bigint,
  ADD COLUMN reported_figures_max            bigint,
  ADD CONSTRAINT audit_signoffs_funds_watermarks CHECK (num_nulls(fund_entries_max, disbursement_request_events_max,
    task_letters_max, project_budgets_max, reported_figures_max) IN (0, 5));
