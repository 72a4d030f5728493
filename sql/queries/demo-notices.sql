-- The demo notices' hearing requests (data/demo/notices.json, invented people), loaded with the demo data set.
-- Notices themselves are written through server/db/notice-writes.ts, exactly as the legal section's API writes them.

-- name: insert_hearing_requests
-- $1 [{ notice_id, collective, name_enc, phone_enc, phone_index, reason, client_key, filed_at, answer, answered_by,
--      answered_at }]: name and phone arrive encrypted and the phone's blind index computed, as the public handler
-- does (server/handlers/hearing-requests.ts). Only rows on a notice that invites hearings, filed within its period,
-- by one of its collectives, are written: the loader compares the count returned with what it sent.
INSERT INTO hearing_requests (notice_id, collective, name_enc, phone_enc, phone_index, reason, client_key, filed_at,
                              status, answer, answered_by, answered_at)
SELECT r.notice_id, r.collective, r.name_enc, r.phone_enc, r.phone_index, r.reason, r.client_key, r.filed_at,
       CASE WHEN r.answer IS NULL THEN 'received' ELSE 'answered' END, r.answer, r.answered_by, r.answered_at
FROM jsonb_to_recordset($1::jsonb) AS r(notice_id int, collective text, name_enc text, phone_enc text, phone_index text,
                                         reason text, client_key text, filed_at timestamptz, answer text,
                                         answered_by text, answered_at timestamptz)
JOIN notices n ON n.id = r.notice_id
WHERE n.status = 'published' AND n.hearing_deadline IS NOT NULL
  AND (r.filed_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN n.starts_on AND n.hearing_deadline
  AND (r.answered_at IS NULL OR r.answered_at >= r.filed_at)
  AND EXISTS (SELECT 1 FROM jsonb_array_elements(n.figures -> 'collectives') c WHERE c ->> 'name' = r.collective)
ORDER BY r.filed_at
RETURNING id
