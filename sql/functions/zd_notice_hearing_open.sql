-- zd_notice_hearing_open(status, starts_on, ends_on, hearing_deadline, today) → whether a notice takes hearing
-- requests on `today` (a Beijing date): it is published, invites hearings (hearing_deadline set), has not expired
-- (ends_on ≥ today, even before the hourly sweep writes 'expired'), and today lies in starts_on … hearing_deadline,
-- both days included. Never NULL. The one definition for the internal notices API (sql/queries/notices.sql), the
-- portal (sql/views/public_notices.sql) and so the hearing filing (zd_public_hearing_file).
CREATE OR REPLACE FUNCTION zd_notice_hearing_open(
  status text, starts_on date, ends_on date, hearing_deadline date, today date
) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(status = 'published' AND hearing_deadline IS NOT NULL AND ends_on >= today
                  AND today BETWEEN starts_on AND hearing_deadline, false)
$$;
