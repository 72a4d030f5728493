-- Users and sessions for server/handlers/auth.ts and server/auth/sessions.ts. Tokens are stored as
-- SHA-256 hashes, so a database dump does not hand out live sessions.

-- name: user_by_name
-- totp_secret is the encrypted TOTP secret (server/auth/pii-cipher.ts), pending while totp_enabled is false.
SELECT id, username, role, password_hash, failed_logins, locked_until, (locked_until > now()) AS locked,
       totp_secret, (totp_enabled_at IS NOT NULL) AS totp_enabled, totp_last_step
FROM users WHERE username = $1::text

-- name: record_failure
-- Counts a failed login and locks the account for $3 minutes once $2 failures are reached.
UPDATE users
SET failed_logins = failed_logins + 1,
    locked_until = CASE WHEN failed_logins + 1 >= $2::int THEN now() + make_interval(mins => $3::int) ELSE locked_until END
WHERE id = $1::int
RETURNING failed_logins, (locked_until > now()) AS locked

-- name: record_success
UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1::int

-- name: create_session
INSERT INTO sessions (token_hash, user_id, csrf, ip) VALUES ($1::text, $2::int, $3::text, $4::text)

-- name: session
-- Ends and reports sessions idle for more than $2 minutes or older than $3 hours; the password expires $4 days after
-- it was set (0: never) and the client prompts from $5 days before.
SELECT s.token_hash, s.csrf, u.id AS user_id, u.username, u.role, u.must_change_password,
       (u.totp_enabled_at IS NOT NULL) AS totp_enabled,
       (s.last_seen_at < now() - make_interval(mins => $2::int)
        OR s.created_at < now() - make_interval(hours => $3::int)) AS expired,
       (s.last_seen_at < now() - interval '30 seconds') AS stale,
       CASE WHEN $4::int > 0 THEN u.password_changed_at + make_interval(days => $4::int) END AS password_expires_at,
       ($4::int > 0 AND u.password_changed_at + make_interval(days => $4::int) <= now()) AS password_expired,
       ($4::int > 0 AND u.password_changed_at + make_interval(days => $4::int - $5::int) <= now()) AS password_change_soon
FROM sessions s JOIN users u ON u.id = s.user_id
WHERE s.token_hash = $1::text

-- name: touch_session
UPDATE sessions SET last_seen_at = now() WHERE token_hash = $1::text

-- name: delete_session
DELETE FROM sessions WHERE token_hash = $1::text

-- name: create_user
INSERT INTO users (username, role, password_hash, is_demo) VALUES ($1::text, $2::text, $3::text, $4::boolean)
RETURNING id

-- name: log
INSERT INTO operation_log (username, action, target, result, status, ip, detail)
VALUES ($1::text, $2::text, $3::text, $4::text, $5::int, $6::text, $7::jsonb)

-- name: password_hashes
-- The account's current password hash and its $2 - 1 previous ones, newest first: the last $2 passwords.
SELECT password_hash FROM users WHERE id = $1::int
UNION ALL
(SELECT password_hash FROM password_history WHERE user_id = $1::int ORDER BY id DESC LIMIT greatest($2::int - 1, 0))

-- name: set_password
-- Sets a new password hash, keeps the replaced one in password_history and trims that to the $3 - 1 newest rows
-- (with the current one, the last $3 passwords); ends the account's other sessions (all but token hash $4; '' ends
-- them all); unlocks the account. $5: whether the new password must be changed at the next login (an administrator's
-- reset), false when the owner sets it.
WITH old AS (
  SELECT password_hash FROM users WHERE id = $1::int
), kept AS (
  INSERT INTO password_history (user_id, password_hash) SELECT $1::int, password_hash FROM old RETURNING id
), trimmed AS (
  DELETE FROM password_history h
  WHERE h.user_id = $1::int
    AND h.id NOT IN (SELECT id FROM kept)
    AND h.id NOT IN (SELECT id FROM password_history WHERE user_id = $1::int ORDER BY id DESC LIMIT greatest($3::int - 2, 0))
), ended AS (
  DELETE FROM sessions WHERE user_id = $1::int AND token_hash <> $4::text
)
UPDATE users SET password_hash = $2::text, password_changed_at = now(), failed_logins = 0, locked_until = NULL,
                 must_change_password = $5::boolean
WHERE id = $1::int

-- name: password_status
-- When the password of account $1 expires under a maximum age of $2 days (0: never), and whether that is past or
-- within $3 days: the same rule as the session query.
SELECT must_change_password,
       CASE WHEN $2::int > 0 THEN password_changed_at + make_interval(days => $2::int) END AS password_expires_at,
       ($2::int > 0 AND password_changed_at + make_interval(days => $2::int) <= now()) AS password_expired,
       ($2::int > 0 AND password_changed_at + make_interval(days => $2::int - $3::int) <= now()) AS password_change_soon
FROM users WHERE id = $1::int

-- name: require_password_change
-- An initial password (the create-admin CLI): the account must change it at its first login.
UPDATE users SET must_change_password = true WHERE id = $1::int

-- name: totp_setup
-- Stores a new pending TOTP secret $2 (encrypted) for account $1, replacing a pending one; none while one is enabled.
UPDATE users SET totp_secret = $2::text, totp_enabled_at = NULL, totp_last_step = 0
WHERE id = $1::int AND totp_enabled_at IS NULL
RETURNING id

-- name: totp_state
SELECT totp_secret, (totp_enabled_at IS NOT NULL) AS totp_enabled, totp_last_step FROM users WHERE id = $1::int

-- name: totp_confirm
-- Enables the pending secret $3 of account $1 with the step $2 of the code that confirmed it (so that code cannot be
-- replayed at login). No row when the secret changed or was enabled meanwhile.
UPDATE users SET totp_enabled_at = now(), totp_last_step = $2::bigint
WHERE id = $1::int AND totp_enabled_at IS NULL AND totp_secret = $3::text AND totp_last_step < $2::bigint
RETURNING id

-- name: use_totp_step
-- Spends step $2 of account $1's TOTP: no row when that step or a later one was already used (a replay, or two logins
-- racing with the same code: only one wins).
UPDATE users SET totp_last_step = $2::bigint
WHERE id = $1::int AND totp_enabled_at IS NOT NULL AND totp_last_step < $2::bigint
RETURNING id

-- name: clear_totp
-- Removes account $1's second factor, enabled or pending.
UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = 0 WHERE id = $1::int
