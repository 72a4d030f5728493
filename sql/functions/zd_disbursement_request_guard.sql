-- zd_disbursement_request_guard() → BEFORE UPDATE trigger of disbursement_requests. What was asked for (project,
-- part, amount, payee, note, who and when) never changes; the status only moves requested → approved | rejected
-- (by someone other than the requester: PRECHECK_BY_REQUESTER) and approved → executed (with its ledger entry).
-- A decision, once made, is kept.
CREATE OR REPLACE FUNCTION zd_disbursement_request_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.id, NEW.project_id, NEW.part, NEW.amount_yuan, NEW.payee, NEW.note, NEW.requested_by, NEW.requested_at)
     IS DISTINCT FROM (OLD.id, OLD.project_id, OLD.part, OLD.amount_yuan, OLD.payee, OLD.note, OLD.requested_by, OLD.requested_at) THEN
    RAISE EXCEPTION 'disbursement request %: what was requested cannot change', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.status = 'requested' AND NEW.status IN ('approved', 'rejected') THEN
    IF NEW.decided_by = NEW.requested_by THEN
      PERFORM zd_funds_refuse('PRECHECK_BY_REQUESTER', jsonb_build_object('request_id', OLD.id));
    END IF;
  ELSIF OLD.status = 'approved' AND NEW.status = 'executed' THEN
    IF (NEW.decided_by, NEW.decided_at, NEW.decision_reason) IS DISTINCT FROM (OLD.decided_by, OLD.decided_at, OLD.decision_reason) THEN
      RAISE EXCEPTION 'disbursement request %: the pre-check cannot change', OLD.id USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM fund_entries WHERE request_id = OLD.id) THEN
      RAISE EXCEPTION 'disbursement request %: executed without a ledger entry', OLD.id USING ERRCODE = 'insufficient_privilege';
    END IF;
  ELSE
    RAISE EXCEPTION 'disbursement request %: status cannot move from % to %', OLD.id, OLD.status, NEW.status
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER disbursement_requests_guard BEFORE UPDATE ON disbursement_requests
  FOR EACH ROW EXECUTE FUNCTION zd_disbursement_request_guard();
