-- The funds ledger per project (怀政发[2014]2号): budgets, deposits and disbursements, pre-checks, task letters.
-- Money is numeric(18,2) yuan, never float. The ledger (fund_entries), the budgets and the task letters are
-- append-only; a mistake is corrected by a new `correction` entry. Disbursement requests carry the one piece of
-- mutable state, their status, whose moves are policed by a trigger (sql/functions/zd_funds_guards.sql).

-- Each budget a project was given; the current one is the latest row.
CREATE TABLE project_budgets (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id  integer NOT NULL REFERENCES projects(id),
  budget_yuan numeric(18, 2) NOT NULL CHECK (budget_yuan > 0 AND budget_yuan < 1e12),
  set_by      text NOT NULL,
  set_at      timestamptz NOT NULL DEFAULT now(),
  note        text CHECK (length(note) <= 500)
);
CREATE INDEX project_budgets_project ON project_budgets (project_id, id);

-- A disbursement (拨付) asked for by finance, pre-checked by an auditor, then executed by finance.
-- status: requested → approved | rejected; approved → executed (only then is there a ledger entry).
CREATE TABLE disbursement_requests (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id      integer NOT NULL REFERENCES projects(id),
  part            text NOT NULL CHECK (part IN ('acquisition', 'resettlement', 'working')),
  amount_yuan     numeric(18, 2) NOT NULL CHECK (amount_yuan > 0 AND amount_yuan < 1e12),
  payee           text CHECK (length(payee) BETWEEN 1 AND 200),
  note            text CHECK (length(note) <= 500),
  requested_by    text NOT NULL,
  requested_at    timestamptz NOT NULL DEFAULT now(),
  status          text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'rejected', 'executed')),
  decided_by      text,
  decided_at      timestamptz,
  decision_reason text CHECK (length(decision_reason) <= 500),
  executed_by     text,
  executed_at     timestamptz,
  CHECK ((status = 'requested') = (decided_by IS NULL AND decided_at IS NULL)),
  CHECK (status <> 'rejected' OR decision_reason IS NOT NULL),
  CHECK ((status = 'executed') = (executed_by IS NOT NULL AND executed_at IS NOT NULL))
);
CREATE INDEX disbursement_requests_project ON disbursement_requests (project_id, id);

-- The ledger. deposit: 预存款 from the land-using unit (payer); disbursement: an executed request, by part;
-- correction: a signed amount added to the entry it corrects (never to another correction).
CREATE TABLE fund_entries (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id  integer NOT NULL REFERENCES projects(id),
  kind        text NOT NULL CHECK (kind IN ('deposit', 'disbursement', 'correction')),
  part        text CHECK (part IN ('acquisition', 'resettlement', 'working')),
  amount_yuan numeric(18, 2) NOT NULL CHECK (abs(amount_yuan) < 1e12),
  payer       text CHECK (length(payer) BETWEEN 1 AND 200),
  request_id  integer UNIQUE REFERENCES disbursement_requests(id),
  corrects_id integer REFERENCES fund_entries(id),
  entered_by  text NOT NULL,
  entered_at  timestamptz NOT NULL DEFAULT now(),
  note        text CHECK (length(note) <= 500),
  CHECK (CASE WHEN kind = 'correction' THEN amount_yuan <> 0 ELSE amount_yuan > 0 END),
  CHECK ((kind = 'deposit') = (payer IS NOT NULL)),
  CHECK ((kind = 'disbursement') = (part IS NOT NULL AND request_id IS NOT NULL)),
  CHECK ((kind = 'correction') = (corrects_id IS NOT NULL)),
  CHECK (kind <> 'correction' OR note IS NOT NULL)
);
CREATE INDEX fund_entries_project ON fund_entries (project_id, id);
CREATE INDEX fund_entries_corrects ON fund_entries (corrects_id) WHERE corrects_id IS NOT NULL;

-- 征收补偿安置任务书, issued by an auditor once the deposits cover the budget; the figures of that moment are kept.
CREATE TABLE task_letters (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id     integer NOT NULL REFERENCES projects(id),
  number         text NOT NULL UNIQUE CHECK (length(number) BETWEEN 1 AND 64),
  budget_yuan    numeric(18, 2) NOT NULL,
  deposited_yuan numeric(18, 2) NOT NULL CHECK (deposited_yuan >= budget_yuan),
  issued_by      text NOT NULL,
  issued_at      timestamptz NOT NULL DEFAULT now(),
  note           text CHECK (length(note) <= 500)
);
CREATE INDEX task_letters_project ON task_letters (project_id, id);

CREATE TRIGGER project_budgets_append_only BEFORE UPDATE OR DELETE ON project_budgets
  FOR EACH ROW EXECUTE FUNCTION zd_refuse_change();
CREATE TRIGGER fund_entries_append_only BEFORE UPDATE OR DELETE ON fund_entries
  FOR EACH ROW EXECUTE FUNCTION zd_refuse_change();
CREATE TRIGGER task_letters_append_only BEFORE UPDATE OR DELETE ON task_letters
  FOR EACH ROW EXECUTE FUNCTION zd_refuse_change();
CREATE TRIGGER disbursement_requests_no_delete BEFORE DELETE ON disbursement_requests
  FOR EACH ROW EXECUTE FUNCTION zd_refuse_change();
-- The triggers that guard inserts into fund_entries and status moves of disbursement_requests are created with
-- their functions in sql/functions (zd_fund_entry_guard.sql, zd_disbursement_request_guard.sql).
