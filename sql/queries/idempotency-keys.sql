-- Idempotency keys: named queries for server/http/idempotency.ts (table idempotency_keys, migration 023).
-- A claim is (id, claim_token); every write to a claimed row names both, so a claim taken over is fenced off.

-- name: claim
-- Claims a key for a request, or nothing when the user already used it. $1 username; $2 key; $3 request hash;
-- $4 claim token (uuid).
INSERT INTO idempotency_keys (username, key, request_hash, claim_token)
VALUES ($1::text, $2::text, $3::text, $4::uuid)
ON CONFLICT (username, key) DO NOTHING
RETURNING id::text AS id

-- name: by_key
-- The record of a key already used; `stale` when it has no answer yet and its claim is older than $3 seconds (its
-- request died with its process). $1 username; $2 key; $3 lease seconds.
SELECT id::text AS id, request_hash, claim_token::text AS claim_token, committed_at IS NOT NULL AS committed,
       answer_status, answer_headers, answer_body,
       (answer_status IS NULL AND claimed_at < now() - make_interval(secs => $3::int)) AS stale
FROM idempotency_keys WHERE username = $1::text AND key = $2::text

-- name: take_over
-- Takes over an abandoned claim with a new token; nothing when another request took it first. $1 id; $2 old token;
-- $3 new token.
UPDATE idempotency_keys SET claim_token = $3::uuid, claimed_at = now()
WHERE id = $1::bigint AND claim_token = $2::uuid AND committed_at IS NULL AND answer_status IS NULL
RETURNING id::text AS id

-- name: mark_committed
-- Run inside the write's transaction: the write and this mark commit together. No row when the claim was taken
-- over (the caller then rolls its write back). $1 id; $2 token.
UPDATE idempotency_keys SET committed_at = coalesce(committed_at, now())
WHERE id = $1::bigint AND claim_token = $2::uuid
RETURNING id::text AS id

-- name: complete
-- Stores the answer to replay. $1 id; $2 token; $3 status; $4 headers jsonb; $5 body bytes.
UPDATE idempotency_keys SET answer_status = $3::smallint, answer_headers = $4::jsonb, answer_body = $5::bytea,
       committed_at = coalesce(committed_at, now())
WHERE id = $1::bigint AND claim_token = $2::uuid

-- name: release
-- Gives a key back when its request wrote nothing (it failed or was refused), so that a retry runs again.
-- $1 id; $2 token.
DELETE FROM idempotency_keys WHERE id = $1::bigint AND claim_token = $2::uuid AND committed_at IS NULL
