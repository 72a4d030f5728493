-- The second factor of MLPS level 3 (TOTP, server/auth/totp.ts) and passwords that must be changed before use
-- (an administrator's reset, the first admin's initial password). server/auth/policy.ts says when each applies.

-- Set by an administrator's reset or at creation with an initial password: the account can do nothing but change it.
-- Cleared by the owner's own change (sql/queries/auth.sql set_password).
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;

-- The TOTP shared secret, encrypted with the personal-data cipher (server/auth/pii-cipher.ts, field `users.totp_secret`),
-- never in clear. Pending (set up, not yet confirmed with a code) while totp_enabled_at is null.
ALTER TABLE users ADD COLUMN totp_secret text CHECK (totp_secret IS NULL OR totp_secret LIKE 'v1:%');
ALTER TABLE users ADD COLUMN totp_enabled_at timestamptz CHECK (totp_enabled_at IS NULL OR totp_secret IS NOT NULL);
-- The last 30-second step whose code was accepted: a code of this step or an earlier one is refused (replay).
ALTER TABLE users ADD COLUMN totp_last_step bigint NOT NULL DEFAULT 0;
