-- Households (被征收户) and members: named queries for server/handlers/households.ts. ID numbers and phones are
-- read and written only as ciphertext, masked form and blind index (server/auth/pii-cipher.ts); the handler
-- decides per role which form leaves the server.

-- name: select_one
-- One household with its members (by position) and parcel links (view household_rows). $1 household id.
SELECT * FROM household_rows WHERE id = $1::int

-- name: list
-- Households of a project ($1 or NULL) and/or tied to a parcel ($2 or NULL), by id; $3 row limit.
SELECT r.*
FROM household_rows r
WHERE ($1::int IS NULL OR r.project_id = $1::int)
  AND ($2::int IS NULL OR EXISTS (SELECT 1 FROM household_parcels hp WHERE hp.household_id = r.id AND hp.parcel_id = $2::int))
ORDER BY r.id
LIMIT $3::int

-- name: for_update
-- Locks the household so that the If-Match comparison and the write see the same version. $1 household id.
SELECT h.version, h.id_number_enc, h.id_number_masked, h.id_number_bidx, h.phone_enc, h.phone_masked,
       coalesce((SELECT json_agg(json_build_object('id', m.id, 'id_number_enc', m.id_number_enc,
                   'id_number_masked', m.id_number_masked, 'id_number_bidx', m.id_number_bidx, 'birth_date', m.birth_date))
                 FROM household_members m WHERE m.household_id = h.id), '[]') AS members
FROM households h
WHERE h.id = $1::int
FOR UPDATE

-- name: set_actor
-- Who and why for the history trigger, for this transaction only.
SELECT set_config('zd.actor', $1::text, true), set_config('zd.reason', coalesce($2::text, ''), true)

-- name: project_exists
SELECT 1 AS found FROM projects WHERE id = $1::int

-- name: parcels_of_project
-- Which of the parcels $2 (ids) are active parcels of project $1, locked so that they stay until commit.
SELECT id FROM parcels WHERE id = ANY ($2::int[]) AND project_id = $1::int ORDER BY id FOR SHARE

-- name: parcel_exists
SELECT 1 AS found FROM parcels WHERE id = $1::int

-- name: lock_id_numbers
-- Serialises writers of the same ID numbers ($1 blind indexes, sorted), so that the two-projects and
-- one-household-per-project checks cannot race. Transaction-scoped.
SELECT pg_advisory_xact_lock(740200301, hashtext(b)) FROM unnest($1::text[]) AS b

-- name: id_number_holders
-- Households other than $2 (or NULL) in which one of the ID numbers $1 (blind indexes) is the head's or a
-- member's, with the masked form, for the conflict answer.
SELECT DISTINCT ON (h.id) h.id AS household_id, h.project_id, p.code AS project_code, x.masked
FROM (
  SELECT household_id, id_number_bidx, id_number_masked AS masked FROM household_members
  UNION ALL
  SELECT id, id_number_bidx, id_number_masked FROM households
) x
JOIN households h ON h.id = x.household_id
JOIN projects p ON p.id = h.project_id
WHERE x.id_number_bidx = ANY ($1::text[]) AND ($2::int IS NULL OR h.id <> $2::int)
ORDER BY h.id

-- name: reserve_id
-- A household id taken now, so that members and parcel links can be written before the household row (the
-- history trigger snapshots them when that row is written).
SELECT nextval(pg_get_serial_sequence('households', 'id'))::int AS id

-- name: insert
-- $1 id from reserve_id; $2 project; $3 head name; $4 village group; $5..$7 ID number ciphertext, masked, blind
-- index; $8, $9 phone ciphertext, masked; $10 notes; $11 user.
INSERT INTO households (id, project_id, head_name, village_group, id_number_enc, id_number_masked, id_number_bidx,
                        phone_enc, phone_masked, notes, updated_by)
OVERRIDING SYSTEM VALUE
VALUES ($1::int, $2::int, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::text, $10::text, $11::text)
RETURNING id

-- name: update
-- As insert, for household $1 at version $12.
UPDATE households
SET project_id = $2::int, head_name = $3::text, village_group = $4::text, id_number_enc = $5::text,
    id_number_masked = $6::text, id_number_bidx = $7::text, phone_enc = $8::text, phone_masked = $9::text,
    notes = $10::text, updated_by = $11::text, updated_at = now(), version = version + 1
WHERE id = $1::int AND version = $12::int
RETURNING id

-- name: delete
DELETE FROM households WHERE id = $1::int AND version = $2::int RETURNING id

-- name: delete_members
DELETE FROM household_members WHERE household_id = $1::int

-- name: insert_members
-- $1 household id; the rest parallel arrays, one element per member in order.
INSERT INTO household_members (household_id, position, name, relation, id_number_enc, id_number_masked,
                               id_number_bidx, birth_date, is_resettled)
SELECT $1::int, m.ord - 1, m.name, m.relation, m.enc, m.masked, m.bidx, m.birth, m.resettled
FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::boolean[])
     WITH ORDINALITY AS m(name, relation, enc, masked, bidx, birth, resettled, ord)

-- name: delete_links
DELETE FROM household_parcels WHERE household_id = $1::int

-- name: insert_links
INSERT INTO household_parcels (household_id, parcel_id) SELECT $1::int, unnest($2::int[])

-- name: history
-- Every version of household $1, oldest first; ID numbers and phones only in masked form.
SELECT h.version, h.operation, h.project_id, h.head_name, h.village_group, h.id_number_masked, h.phone_masked,
       h.notes, h.members, h.parcel_ids, h.changed_by, h.changed_at, h.reason
FROM household_history h
WHERE h.household_id = $1::int
ORDER BY h.version
