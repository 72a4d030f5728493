-- zd_public_hearing_file(notice_id, collective, name_enc, phone_enc, phone_index, reason, client_key)
--   → (outcome text, id integer, filed_at timestamptz)
-- Files one hearing request (听证申请) from the public portal; the public role's only write. SECURITY DEFINER: it
-- runs with its owner's rights, so zd_public, which can read no table, may call it (EXECUTE granted to zd_public
-- alone). Name and phone arrive encrypted, with the phone's blind index, and client_key is a keyed hash of the
-- sender's address (server/handlers/hearing-requests.ts): this function never sees a plain name, phone or address.
-- Checks, in this order; the first four are refusals raised with SQLSTATE ZP001, MESSAGE the issue code
-- (server/db/errors.ts):
--   NOT_FOUND (404)                  the notice is not public (not in public_notices);
--   HEARING_NOT_INVITED (409)        the notice has no hearing deadline (its kind invites no hearing);
--   HEARING_CLOSED (409)             not hearing_open: before starts_on, after hearing_deadline, or expired;
--   HEARING_UNKNOWN_COLLECTIVE (422) collective is not one of figures.collectives[].name.
-- Every attempt that passes them is an attempt on the abuse limits and leaves a row in hearing_attempts, which the
-- function returns instead of raising (a raise would roll that row back):
--   outcome 'rate_limited' (429)     this client_key made 3 attempts on this notice in the last 24 hours, or 10 on
--                                    any notice in the last hour; attempts are filings and duplicates alike, so
--                                    probing phone numbers costs as much as filing;
--   outcome 'duplicate' (409)        this phone (phone_index) already filed on this notice;
--   outcome 'filed'                  the request is stored; id and filed_at are its own (null otherwise).
-- Attempts of one client_key are serialised by an advisory lock, so parallel posts cannot pass a limit together.
CREATE OR REPLACE FUNCTION zd_public_hearing_file(
  p_notice_id integer, p_collective text, p_name_enc text, p_phone_enc text, p_phone_index text, p_reason text,
  p_client_key text
) RETURNS TABLE (outcome text, id integer, filed_at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  n record;
  new_id integer;
  new_filed_at timestamptz;
BEGIN
  SELECT pn.id, pn.hearing_deadline, pn.hearing_open, pn.figures INTO n FROM public_notices pn WHERE pn.id = p_notice_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'ZP001', MESSAGE = 'NOT_FOUND';
  END IF;
  IF n.hearing_deadline IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'ZP001', MESSAGE = 'HEARING_NOT_INVITED';
  END IF;
  IF NOT n.hearing_open THEN
    RAISE EXCEPTION USING ERRCODE = 'ZP001', MESSAGE = 'HEARING_CLOSED', DETAIL = jsonb_build_object('deadline', n.hearing_deadline)::text;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(n.figures->'collectives', '[]'::jsonb)) c WHERE c->>'name' = p_collective) THEN
    RAISE EXCEPTION USING ERRCODE = 'ZP001', MESSAGE = 'HEARING_UNKNOWN_COLLECTIVE';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('zd_public_hearing_file'), hashtext(p_client_key));
  IF (SELECT count(*) FROM hearing_attempts a
      WHERE a.client_key = p_client_key AND a.notice_id = p_notice_id AND a.outcome <> 'rate_limited'
        AND a.at > now() - interval '24 hours') >= 3
     OR (SELECT count(*) FROM hearing_attempts a
         WHERE a.client_key = p_client_key AND a.outcome <> 'rate_limited' AND a.at > now() - interval '1 hour') >= 10 THEN
    INSERT INTO hearing_attempts (notice_id, client_key, outcome) VALUES (p_notice_id, p_client_key, 'rate_limited');
    RETURN QUERY SELECT 'rate_limited'::text, NULL::integer, NULL::timestamptz;
    RETURN;
  END IF;
  IF EXISTS (SELECT 1 FROM hearing_requests h WHERE h.notice_id = p_notice_id AND h.phone_index = p_phone_index) THEN
    INSERT INTO hearing_attempts (notice_id, client_key, outcome) VALUES (p_notice_id, p_client_key, 'duplicate');
    RETURN QUERY SELECT 'duplicate'::text, NULL::integer, NULL::timestamptz;
    RETURN;
  END IF;
  BEGIN
    INSERT INTO hearing_requests AS h (notice_id, collective, name_enc, phone_enc, phone_index, reason, client_key)
      VALUES (p_notice_id, p_collective, p_name_enc, p_phone_enc, p_phone_index, p_reason, p_client_key)
      RETURNING h.id, h.filed_at INTO new_id, new_filed_at;
  EXCEPTION WHEN unique_violation THEN
    -- The same phone filed in parallel from another address.
    INSERT INTO hearing_attempts (notice_id, client_key, outcome) VALUES (p_notice_id, p_client_key, 'duplicate');
    RETURN QUERY SELECT 'duplicate'::text, NULL::integer, NULL::timestamptz;
    RETURN;
  END;
  INSERT INTO hearing_attempts (notice_id, client_key, outcome) VALUES (p_notice_id, p_client_key, 'filed');
  RETURN QUERY SELECT 'filed'::text, new_id, new_filed_at;
END $$;

REVOKE ALL ON FUNCTION zd_public_hearing_file(integer, text, text, text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION zd_public_hearing_file(integer, text, text, text, text, text, text) TO zd_public;
COMMENT ON FUNCTION zd_public_hearing_file(integer, text, text, text, text, text, text) IS
  'Files a hearing request on a public notice that is open for them and counts the attempt (hearing_attempts); outcome filed, duplicate or rate_limited; a closed, unknown or uninvited notice or an unknown collective raises SQLSTATE ZP001 with the issue code as message.';
