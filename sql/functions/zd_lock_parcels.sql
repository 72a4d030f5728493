-- zd_lock_parcels() → serialises parcel geometry writes until the end of the transaction, so that the
-- overlap check and the write are atomic across concurrent requests (check-then-insert under READ COMMITTED
-- otherwise lets two overlapping parcels in).
CREATE OR REPLACE FUNCTION zd_lock_parcels() RETURNS void
LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(740200101)
$$;
