-- zd_funds_execute(request_id, actor, note) → the id of the new disbursement entry. Executes an approved
-- disbursement request under the project's funds lock: the entry (checked by zd_fund_entry_guard against the
-- balance) and the request's move to `executed` in the caller's transaction. Refuses (ZF001) NOT_FOUND,
-- REQUEST_ALREADY_EXECUTED, PRECHECK_REQUIRED (requested or rejected) and INSUFFICIENT_BALANCE.
CREATE OR REPLACE FUNCTION zd_funds_execute(p_request_id integer, p_actor text, p_note text) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  r disbursement_requests%ROWTYPE;
  entry_id integer;
BEGIN
  SELECT * INTO r FROM disbursement_requests WHERE id = p_request_id;
  IF NOT FOUND THEN
    PERFORM zd_funds_refuse('NOT_FOUND', jsonb_build_object('request_id', p_request_id));
  END IF;
  PERFORM zd_funds_lock(r.project_id);
  -- Read again under the lock: a concurrent execution of the same request has committed by now.
  SELECT * INTO r FROM disbursement_requests WHERE id = p_request_id FOR UPDATE;
  IF r.status = 'executed' THEN
    PERFORM zd_funds_refuse('REQUEST_ALREADY_EXECUTED', jsonb_build_object('request_id', r.id));
  ELSIF r.status <> 'approved' THEN
    PERFORM zd_funds_refuse('PRECHECK_REQUIRED', jsonb_build_object('request_id', r.id, 'status', r.status));
  END IF;
  INSERT INTO fund_entries (project_id, kind, part, amount_yuan, request_id, entered_by, note)
  VALUES (r.project_id, 'disbursement', r.part, r.amount_yuan, r.id, p_actor, p_note)
  RETURNING id INTO entry_id;
  UPDATE disbursement_requests SET status = 'executed', executed_by = p_actor, executed_at = now() WHERE id = r.id;
  RETURN entry_id;
END $$;
