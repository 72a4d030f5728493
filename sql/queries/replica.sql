-- The read replica's state (server/db/replica.ts): run as the application's user on the replica, and on the
-- primary only for its current WAL position. No role or table is needed: these are PostgreSQL's own functions,
-- callable by any user.

-- name: standby_state
-- standby: true on a hot standby (in recovery); false when the URL names a primary (or a promoted standby).
-- streaming: a WAL receiver runs, i.e. the standby is connected to its primary (pg_stat_wal_receiver shows its pid
--   to every user, its details only to pg_read_all_stats).
-- lag_seconds: how far replay is behind what the standby has received: 0 when it has replayed everything it
--   received, else the age of the last replayed transaction (seconds, float). null when unknown (nothing replayed
--   since the standby started).
-- replay_lsn: the WAL position replayed (text, e.g. '0/3000148'); null on a primary.
-- replayed_at: the commit time on the primary of the last transaction replayed; null when none since start.
SELECT pg_is_in_recovery() AS standby,
       EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE pid IS NOT NULL) AS streaming,
       CASE WHEN NOT pg_is_in_recovery() THEN 0
            WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
            ELSE extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8
       END AS lag_seconds,
       pg_last_wal_replay_lsn()::text AS replay_lsn,
       pg_last_xact_replay_timestamp() AS replayed_at

-- name: bytes_behind
-- On the primary: how many bytes of WAL the standby has not replayed yet ($1: the standby's replay_lsn as text).
-- 0 or less means the standby is up to date.
SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::float8 AS bytes_behind
