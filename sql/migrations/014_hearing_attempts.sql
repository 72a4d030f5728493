-- Every attempt to file a hearing request that reaches the abuse limits, accepted or refused, one row each, so
-- that refusals cost the sender as much as filings: otherwise "already filed with this phone" (409) would let
-- anyone test phone numbers for free and learn who filed. No name, no phone, no address: client_key is the keyed
-- hash of the sender's address (server/handlers/hearing-requests.ts). Written and counted only by
-- zd_public_hearing_file (sql/functions/zd_public_hearing_file.sql); append-only.
CREATE TABLE hearing_attempts (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  notice_id  integer NOT NULL REFERENCES notices(id),
  client_key text NOT NULL,
  at         timestamptz NOT NULL DEFAULT now(),
  -- filed: a request was stored; duplicate: refused, this phone already filed on the notice;
  -- rate_limited: refused by the limits themselves (kept as evidence, not counted, so a sender who waits is let in).
  outcome    text NOT NULL CHECK (outcome IN ('filed', 'duplicate', 'rate_limited'))
);
CREATE INDEX hearing_attempts_client ON hearing_attempts (client_key, at);

CREATE TRIGGER hearing_attempts_append_only BEFORE UPDATE OR DELETE ON hearing_attempts
  FOR EACH ROW EXECUTE FUNCTION zd_refuse_change();

-- The requests filed before this table existed are attempts too, so the limits carry on across the upgrade.
INSERT INTO hearing_attempts (notice_id, client_key, at, outcome)
  SELECT notice_id, client_key, filed_at, 'filed' FROM hearing_requests ORDER BY id;

-- The function now answers refusals by the limits and duplicates with an outcome instead of raising (a raise would
-- roll back the attempt's own row); its result type changes, which CREATE OR REPLACE cannot do.
DROP FUNCTION IF EXISTS zd_public_hearing_file(integer, text, text, text, text, text, text);
