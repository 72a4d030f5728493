-- zd_staging_copy(tbl, columns) → void. The embedded database's COPY of a bulk import's rows into its staging table
-- (server/db/embedded.ts copyIn): PGlite hands the rows over as the file /dev/blob, and COPY from a file is a
-- superuser's right, which the application's role zd_app lacks. SECURITY DEFINER, and narrow: only that one file,
-- only into a table of the schema zd_staging, only the named columns (comma-separated; each quoted as an identifier).
-- A server database receives the rows by COPY FROM STDIN, which needs no such right, and never calls it.
CREATE OR REPLACE FUNCTION zd_staging_copy(tbl regclass, columns text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF (SELECT relnamespace FROM pg_class WHERE oid = tbl) IS DISTINCT FROM 'zd_staging'::regnamespace THEN
    RAISE EXCEPTION 'zd_staging_copy: % is not a staging table', tbl USING ERRCODE = '42501';
  END IF;
  EXECUTE format('COPY %s (%s) FROM %L WITH (FORMAT csv)', tbl,
    (SELECT string_agg(quote_ident(trim(c)), ', ') FROM unnest(string_to_array(columns, ',')) c), '/dev/blob');
END $$;
REVOKE ALL ON FUNCTION zd_staging_copy(regclass, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION zd_staging_copy(regclass, text) TO zd_app;
COMMENT ON FUNCTION zd_staging_copy(regclass, text) IS
  'The embedded database''s COPY of a bulk import''s rows from /dev/blob into a table of the schema zd_staging.';
