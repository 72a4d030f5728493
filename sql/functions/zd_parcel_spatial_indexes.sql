-- zd_parcel_spatial_indexes(present) → void. Drops (present = false) or builds again (present = true) the two GiST
-- indexes of parcels, parcels_geom_gist (geom) and parcels_geom_3857_gist (geom_3857): a bulk import at least as large
-- as the table drops them for its insert and builds them after it, in the same transaction (sql/queries/bulk-imports.sql,
-- spatial_indexes_drop and spatial_indexes_build). SECURITY DEFINER: DROP and CREATE INDEX are the owner's, and the
-- application's role zd_app owns nothing; these two fixed statements are all it may do (EXECUTE granted to zd_app alone).
CREATE OR REPLACE FUNCTION zd_parcel_spatial_indexes(present boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF present THEN
    CREATE INDEX parcels_geom_gist ON parcels USING gist (geom);
    CREATE INDEX parcels_geom_3857_gist ON parcels USING gist (geom_3857);
  ELSE
    DROP INDEX parcels_geom_gist, parcels_geom_3857_gist;
  END IF;
END $$;
REVOKE ALL ON FUNCTION zd_parcel_spatial_indexes(boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION zd_parcel_spatial_indexes(boolean) TO zd_app;
COMMENT ON FUNCTION zd_parcel_spatial_indexes(boolean) IS
  'Drops (false) or builds again (true) the GiST indexes of parcels.geom and parcels.geom_3857 (the bulk import''s large loads).';
