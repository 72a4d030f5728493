-- Hearing requests (听证申请): the public files them through zd_public_hearing_file (run as zd_public); the legal
-- section reads and answers them here with the application's rights (server/handlers/hearing-requests.ts).
-- name_enc and phone_enc are AES-GCM ciphertext (server/auth/pii-cipher.ts), decrypted only in the handler.

-- name: file
-- $1 notice id, $2 collective, $3 name_enc, $4 phone_enc, $5 phone_index, $6 reason, $7 client_key.
-- outcome filed (id, filed_at of the request), duplicate or rate_limited (both null).
SELECT outcome, id, filed_at FROM zd_public_hearing_file($1::integer, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text);

-- name: notice_exists
-- $1 notice id, in any status.
SELECT id FROM notices WHERE id = $1;

-- name: list
-- $1 notice id: its requests, oldest first.
SELECT id, collective, name_enc, phone_enc, reason, filed_at, status, answer, answered_by, answered_at
FROM hearing_requests
WHERE notice_id = $1
ORDER BY id;

-- name: by_collective
-- $1 notice id: how many requests each collective of the notice's figures received (0 included), then any
-- other collective named in a request, by name.
WITH named AS (
  SELECT c->>'name' AS collective, ord
  FROM notices n, jsonb_array_elements(coalesce(n.figures->'collectives', '[]'::jsonb)) WITH ORDINALITY AS x(c, ord)
  WHERE n.id = $1
)
SELECT coalesce(nm.collective, h.collective) AS collective, count(h.id)::integer AS requests
FROM named nm
FULL JOIN (SELECT id, collective FROM hearing_requests WHERE notice_id = $1) h ON h.collective = nm.collective
GROUP BY coalesce(nm.collective, h.collective), nm.ord
ORDER BY nm.ord NULLS LAST, 1;

-- name: answer
-- $1 request id, $2 answer, $3 actor. Only a request not yet answered; no row when it is answered or missing.
UPDATE hearing_requests
SET status = 'answered', answer = $2, answered_by = $3, answered_at = now()
WHERE id = $1 AND status = 'received'
RETURNING id, notice_id, collective, name_enc, phone_enc, reason, filed_at, status, answer, answered_by, answered_at;

-- name: status_of
-- $1 request id.
SELECT id, status FROM hearing_requests WHERE id = $1;
