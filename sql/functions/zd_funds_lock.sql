-- zd_funds_lock(project_id) → serialises every ledger write of one project until the end of the transaction
-- (advisory lock 740200201 / project id, apart from the parcels' 740200101), so that a balance check and the
-- entry it allows are atomic: of two executions that together overdraw, the second sees the first.
-- Raises NOT_FOUND (ZF001) for a project that does not exist.
CREATE OR REPLACE FUNCTION zd_funds_lock(p_project_id integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(740200201, p_project_id);
  IF NOT EXISTS (SELECT 1 FROM projects WHERE id = p_project_id) THEN
    PERFORM zd_funds_refuse('NOT_FOUND', jsonb_build_object('project_id', p_project_id));
  END IF;
END $$;
