-- zd_fund_entry_guard() → BEFORE INSERT trigger of fund_entries: the ledger rules, whoever writes.
-- Under the project's funds lock it refuses (ZF001, see zd_funds_refuse):
--   PRECHECK_REQUIRED          a disbursement whose request is not approved (or differs in project, part, amount);
--   CORRECTION_TARGET_INVALID  a correction of an entry of another project, of a correction, or of nothing;
--   CORRECTION_EXCEEDS_ENTRY   a correction that would take its entry below zero;
--   INSUFFICIENT_BALANCE       any entry that would take the balance below zero.
CREATE OR REPLACE FUNCTION zd_fund_entry_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r disbursement_requests%ROWTYPE;
  target fund_entries%ROWTYPE;
  target_yuan numeric;
  balance numeric;
  delta numeric;
BEGIN
  PERFORM zd_funds_lock(NEW.project_id);
  IF NEW.kind = 'disbursement' THEN
    SELECT * INTO r FROM disbursement_requests WHERE id = NEW.request_id;
    IF NOT FOUND OR r.project_id <> NEW.project_id OR r.status <> 'approved'
       OR r.part <> NEW.part OR r.amount_yuan <> NEW.amount_yuan THEN
      PERFORM zd_funds_refuse('PRECHECK_REQUIRED', jsonb_build_object('request_id', NEW.request_id, 'status', r.status));
    END IF;
    delta := -NEW.amount_yuan;
  ELSIF NEW.kind = 'correction' THEN
    SELECT * INTO target FROM fund_entries WHERE id = NEW.corrects_id;
    IF NOT FOUND OR target.project_id <> NEW.project_id OR target.kind = 'correction' THEN
      PERFORM zd_funds_refuse('CORRECTION_TARGET_INVALID', jsonb_build_object('entry_id', NEW.corrects_id));
    END IF;
    SELECT target.amount_yuan + coalesce(sum(c.amount_yuan), 0) INTO target_yuan
    FROM fund_entries c WHERE c.corrects_id = target.id;
    IF target_yuan + NEW.amount_yuan < 0 THEN
      PERFORM zd_funds_refuse('CORRECTION_EXCEEDS_ENTRY', jsonb_build_object(
        'entry_id', target.id, 'entry_yuan', round(target_yuan, 2)::text, 'amount_yuan', NEW.amount_yuan::text));
    END IF;
    delta := CASE WHEN target.kind = 'deposit' THEN NEW.amount_yuan ELSE -NEW.amount_yuan END;
  ELSE
    delta := NEW.amount_yuan;
  END IF;
  IF delta < 0 THEN
    SELECT t.balance_yuan INTO balance FROM zd_funds_totals(NEW.project_id) t;
    IF balance + delta < 0 THEN
      PERFORM zd_funds_refuse('INSUFFICIENT_BALANCE', jsonb_build_object(
        'balance_yuan', round(balance, 2)::text, 'amount_yuan', round(-delta, 2)::text));
    END IF;
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER fund_entries_guard BEFORE INSERT ON fund_entries
  FOR EACH ROW EXECUTE FUNCTION zd_fund_entry_guard();
