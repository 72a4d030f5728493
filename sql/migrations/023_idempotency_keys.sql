-- Idempotency keys of the JSON create routes (server/http/idempotency.ts): a POST retried with the same
-- `Idempotency-Key` header by the same user answers with the first request's answer instead of writing again.
-- A row is claimed before the handler runs (answer_status NULL: in progress), marked committed inside the write's
-- own transaction (committed_at, fenced by claim_token so that a claim taken over can no longer commit), and
-- completed with the answer just before it is sent. Kept 24 hours (zd_retention_sweep).

CREATE TABLE idempotency_keys (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username       text NOT NULL,
  key            text NOT NULL CHECK (key ~ '^[\x21-\x7E]{1,200}$'),
  -- SHA-256 of the method, path and JSON body: the same key with another request is refused, not replayed.
  request_hash   text NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
  claim_token    uuid NOT NULL,
  claimed_at     timestamptz NOT NULL DEFAULT now(),
  committed_at   timestamptz,
  answer_status  smallint CHECK (answer_status BETWEEN 200 AND 299),
  answer_headers jsonb,
  answer_body    bytea,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (username, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

COMMENT ON TABLE idempotency_keys IS
  'Idempotency-Key replay records of the JSON create routes: per user, kept 24 hours; answer_status NULL while the first request runs.';
COMMENT ON COLUMN idempotency_keys.committed_at IS
  'Set inside the transaction of the request''s write, so a committed write is never run twice even when its answer was lost.';
