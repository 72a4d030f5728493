-- The funds ledger of a project for server/handlers/funds.ts. Money leaves the database as numeric → text
-- ("1234.50"), never as a float. The rules live in the zd_fund* functions; these statements only read and insert.

-- name: lock
SELECT zd_funds_lock($1::int)

-- name: snapshot
SET TRANSACTION ISOLATION LEVEL REPEATABLE READ

-- name: totals
SELECT budget_yuan::text, deposited_yuan::text, acquisition_yuan::text, resettlement_yuan::text, working_yuan::text,
       disbursed_yuan::text, balance_yuan::text, (deposited_yuan >= budget_yuan) AS deposits_cover_budget
FROM zd_funds_totals($1::int)

-- name: project_exists
SELECT EXISTS (SELECT 1 FROM projects WHERE id = $1::int) AS exists

-- name: entries
SELECT id, project_id, kind, part, amount_yuan::text, payer, request_id, corrects_id, entered_by, entered_at, note
FROM fund_entries
WHERE ($1::int IS NULL OR project_id = $1::int) AND ($2::int IS NULL OR id = $2::int)
ORDER BY id

-- name: requests
SELECT id, project_id, part, amount_yuan::text, payee, note, status, requested_by, requested_at,
       decided_by, decided_at, decision_reason, executed_by, executed_at,
       (SELECT e.id FROM fund_entries e WHERE e.request_id = r.id) AS entry_id
FROM disbursement_requests r
WHERE ($1::int IS NULL OR project_id = $1::int) AND ($2::int IS NULL OR id = $2::int)
ORDER BY id

-- name: task_letters
SELECT id, project_id, number, budget_yuan::text, deposited_yuan::text, issued_by, issued_at, note
FROM task_letters
WHERE ($1::int IS NULL OR project_id = $1::int) AND ($2::int IS NULL OR id = $2::int)
ORDER BY id

-- name: budgets
SELECT id, budget_yuan::text, set_by, set_at, note FROM project_budgets WHERE project_id = $1::int ORDER BY id

-- name: insert_budget
INSERT INTO project_budgets (project_id, budget_yuan, set_by, note) VALUES ($1::int, $2::numeric, $3::text, $4::text)
RETURNING id

-- name: insert_deposit
INSERT INTO fund_entries (project_id, kind, amount_yuan, payer, entered_by, note)
VALUES ($1::int, 'deposit', $2::numeric, $3::text, $4::text, $5::text)
RETURNING id

-- name: insert_correction
INSERT INTO fund_entries (project_id, kind, amount_yuan, corrects_id, entered_by, note)
VALUES ($1::int, 'correction', $2::numeric, $3::int, $4::text, $5::text)
RETURNING id

-- name: insert_request
INSERT INTO disbursement_requests (project_id, part, amount_yuan, payee, note, requested_by)
VALUES ($1::int, $2::text, $3::numeric, $4::text, $5::text, $6::text)
RETURNING id

-- name: request_for_update
SELECT id, project_id, status FROM disbursement_requests WHERE id = $1::int FOR UPDATE

-- name: precheck
UPDATE disbursement_requests
SET status = CASE WHEN $2::boolean THEN 'approved' ELSE 'rejected' END,
    decided_by = $3::text, decided_at = now(), decision_reason = $4::text
WHERE id = $1::int AND status = 'requested'
RETURNING id

-- name: request_project
SELECT project_id FROM disbursement_requests WHERE id = $1::int

-- name: execute
SELECT zd_funds_execute($1::int, $2::text, $3::text) AS entry_id

-- name: issue_task_letter
SELECT zd_task_letter_issue($1::int, $2::text, $3::text, $4::text) AS id
