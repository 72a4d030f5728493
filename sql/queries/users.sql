-- The office's accounts for the administrator (server/handlers/users.ts): who they are and the state of their
-- login, never a hash or a secret.

-- name: list_users
SELECT id, username, role, is_demo, (locked_until > now()) IS TRUE AS locked, must_change_password,
       (totp_enabled_at IS NOT NULL) AS second_factor, password_changed_at, created_at
FROM users ORDER BY username

-- name: user_by_id
SELECT id, username, role FROM users WHERE id = $1::int
