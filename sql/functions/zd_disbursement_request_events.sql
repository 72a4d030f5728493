-- zd_disbursement_request_events() → AFTER INSERT OR UPDATE trigger of disbursement_requests: appends each step the
-- request reached in this write to disbursement_request_events (request, pre-check approved | rejected, execution),
-- with who and when as the row states them. The events' ids are what a sign-off watches (zd_signoff_changes): the
-- request row itself changes in place. A request inserted already decided or executed (a ledger loaded past the
-- API) gets each of its steps, in order.
CREATE OR REPLACE FUNCTION zd_disbursement_request_events() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO disbursement_request_events (request_id, project_id, status, actor, at)
    VALUES (NEW.id, NEW.project_id, 'requested', NEW.requested_by, NEW.requested_at);
  END IF;
  IF NEW.decided_at IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.decided_at IS NULL) THEN
    INSERT INTO disbursement_request_events (request_id, project_id, status, actor, at)
    VALUES (NEW.id, NEW.project_id, CASE WHEN NEW.status = 'rejected' THEN 'rejected' ELSE 'approved' END,
            NEW.decided_by, NEW.decided_at);
  END IF;
  IF NEW.executed_at IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.executed_at IS NULL) THEN
    INSERT INTO disbursement_request_events (request_id, project_id, status, actor, at)
    VALUES (NEW.id, NEW.project_id, 'executed', NEW.executed_by, NEW.executed_at);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER disbursement_requests_events AFTER INSERT OR UPDATE ON disbursement_requests
  FOR EACH ROW EXECUTE FUNCTION zd_disbursement_request_events();
