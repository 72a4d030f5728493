-- Users and sessions for server/handlers/auth.ts and server/auth/sessions.ts. Tokens are stored as
-- SHA-256 hashes, so a database dump does not hand out live sessions.

-- name: user_by_name
SELECT id, username, role, password_hash, failed_logins, locked_until, (locked_until > now()) AS locked
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
-- Ends and reports sessions idle for more than $2 minutes or older than $3 hours.
SELECT s.token_hash, s.csrf, u.id AS user_id, u.username, u.role,
       (s.last_seen_at < now() - make_interval(mins => $2::int)
        OR s.created_at < now() - make_interval(hours => $3::int)) AS expired,
       (s.last_seen_at < now() - interval '30 seconds') AS stale
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
