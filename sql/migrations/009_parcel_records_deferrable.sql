-- A split or merge replaces parcels by new ones in one transaction (server/handlers/parcel-lineage.ts): the parents
-- are deleted, the children inserted, then the records on the parents (household links, buildings, graves,
-- attachments, compensation items) are moved to the children. The foreign keys from those records to parcels are
-- therefore NO ACTION DEFERRABLE (still checked at once unless a transaction defers them): the lineage transaction
-- defers them, and at commit every record must point at a parcel that exists, so none is ever left behind. A plain
-- DELETE of a parcel with records is still refused (PARCEL_HAS_HOUSEHOLDS / PARCEL_HAS_RECORDS).
ALTER TABLE household_parcels DROP CONSTRAINT household_parcels_parcel_id_fkey,
  ADD CONSTRAINT household_parcels_parcel_id_fkey FOREIGN KEY (parcel_id) REFERENCES parcels(id) DEFERRABLE INITIALLY IMMEDIATE;
ALTER TABLE buildings DROP CONSTRAINT buildings_parcel_id_fkey,
  ADD CONSTRAINT buildings_parcel_id_fkey FOREIGN KEY (parcel_id) REFERENCES parcels(id) DEFERRABLE INITIALLY IMMEDIATE;
ALTER TABLE graves DROP CONSTRAINT graves_parcel_id_fkey,
  ADD CONSTRAINT graves_parcel_id_fkey FOREIGN KEY (parcel_id) REFERENCES parcels(id) DEFERRABLE INITIALLY IMMEDIATE;
ALTER TABLE attachments DROP CONSTRAINT attachments_parcel_id_fkey,
  ADD CONSTRAINT attachments_parcel_id_fkey FOREIGN KEY (parcel_id) REFERENCES parcels(id) DEFERRABLE INITIALLY IMMEDIATE;
ALTER TABLE compensation_items DROP CONSTRAINT compensation_items_parcel_id_fkey,
  ADD CONSTRAINT compensation_items_parcel_id_fkey FOREIGN KEY (parcel_id) REFERENCES parcels(id) DEFERRABLE INITIALLY IMMEDIATE;
