-- zd_funds_refuse(code, params) → never returns: raises SQLSTATE ZF001 with MESSAGE = a stable issue code of
-- server/domain/issue-codes.ts and DETAIL = its params as JSON (money as decimal strings). The API turns it into
-- the matching problem+json (server/db/ledger-errors.ts); a caller past the API still cannot break the rule.
CREATE OR REPLACE FUNCTION zd_funds_refuse(code text, params jsonb DEFAULT '{}') RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'ZF001', MESSAGE = code, DETAIL = coalesce(params, '{}'::jsonb)::text;
END $$;
