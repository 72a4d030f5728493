-- household_rows: one row per household as server/handlers/households.ts reads it — attributes, ID number and
-- phone only as ciphertext and masked form (the handler decides per role which leaves the server), the linked
-- parcel ids in order, and the members (by position) as a JSON array. Read by sql/queries/households.sql.
CREATE OR REPLACE VIEW household_rows AS
SELECT h.id, h.project_id, h.head_name, h.village_group, h.id_number_enc, h.id_number_masked, h.phone_enc,
       h.phone_masked, h.notes, h.version, h.updated_at, h.updated_by,
       coalesce((SELECT array_agg(hp.parcel_id ORDER BY hp.parcel_id) FROM household_parcels hp WHERE hp.household_id = h.id), '{}') AS parcel_ids,
       coalesce((SELECT json_agg(json_build_object('id', m.id, 'name', m.name, 'relation', m.relation,
                   'id_number_enc', m.id_number_enc, 'id_number_masked', m.id_number_masked,
                   'birth_date', m.birth_date, 'is_resettled', m.is_resettled) ORDER BY m.position)
                 FROM household_members m WHERE m.household_id = h.id), '[]') AS members
FROM households h;
