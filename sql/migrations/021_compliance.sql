-- Compliance controls of MLPS 2.0 (server/auth/policy.ts): password expiry and history, and retention floors that
-- the database enforces whatever the caller.

-- When the account's password was last set; the policy's expiry counts from here.
ALTER TABLE users ADD COLUMN password_changed_at timestamptz NOT NULL DEFAULT now();

-- The account's earlier password hashes (scrypt, never the passwords), newest first by id, so that a change can refuse
-- one of the last N. Trimmed to what the policy needs at every change (sql/queries/auth.sql set_password).
CREATE TABLE password_history (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id       integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  password_hash text NOT NULL,
  replaced_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX password_history_user ON password_history (user_id, id DESC);

-- The operation log stays append-only for rows younger than 180 days (网络安全法 Art. 21: network logs kept six
-- months at least); only the retention sweep (zd_retention_sweep) deletes older rows. UPDATE is refused always.
DROP TRIGGER operation_log_append_only ON operation_log;
CREATE TRIGGER operation_log_append_only BEFORE UPDATE ON operation_log
  FOR EACH ROW EXECUTE FUNCTION zd_refuse_change();
CREATE TRIGGER operation_log_retained BEFORE DELETE ON operation_log
  FOR EACH ROW WHEN (OLD.at > now() - interval '180 days') EXECUTE FUNCTION zd_refuse_change();

-- hearing_attempts holds a keyed hash of a sender's address (personal data under PIPL), kept only as long as the
-- abuse limits of zd_public_hearing_file read it back: 24 hours. Younger rows cannot be deleted.
DROP TRIGGER hearing_attempts_append_only ON hearing_attempts;
CREATE TRIGGER hearing_attempts_append_only BEFORE UPDATE ON hearing_attempts
  FOR EACH ROW EXECUTE FUNCTION zd_refuse_change();
CREATE TRIGGER hearing_attempts_retained BEFORE DELETE ON hearing_attempts
  FOR EACH ROW WHEN (OLD.at > now() - interval '24 hours') EXECUTE FUNCTION zd_refuse_change();
