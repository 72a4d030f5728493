-- Compensation items (补偿): named queries for server/handlers/compensation-items.ts through the record flow of
-- record-crud.ts. Quantities and yuan leave as exact decimal text (numeric, never float).

-- name: select_one
SELECT c.id, c.project_id, c.item_type, t.name_zh AS item_type_zh, t.name_en AS item_type_en, c.origin, c.source_key,
       c.household_id, c.parcel_id, c.quantity::text AS quantity, c.unit, c.rate_yuan::text AS rate_yuan,
       c.amount_yuan::text AS amount_yuan, c.rate_set_id, c.paid_on::text AS paid_on, c.notes, c.version, c.updated_at,
       c.updated_by
FROM compensation_items c
JOIN compensation_item_types t ON t.code = c.item_type
WHERE c.id = $1::int

-- name: list
-- $1 project, $2 parcel, $3 household (each or NULL); $4 row limit. By item type, then id.
SELECT c.id, c.project_id, c.item_type, t.name_zh AS item_type_zh, t.name_en AS item_type_en, c.origin, c.source_key,
       c.household_id, c.parcel_id, c.quantity::text AS quantity, c.unit, c.rate_yuan::text AS rate_yuan,
       c.amount_yuan::text AS amount_yuan, c.rate_set_id, c.paid_on::text AS paid_on, c.notes, c.version, c.updated_at,
       c.updated_by
FROM compensation_items c
JOIN compensation_item_types t ON t.code = c.item_type
WHERE ($1::int IS NULL OR c.project_id = $1::int)
  AND ($2::int IS NULL OR c.parcel_id = $2::int)
  AND ($3::int IS NULL OR c.household_id = $3::int)
ORDER BY t.position, c.id
LIMIT $4::int

-- name: for_update
-- The stored item, locked, with its values as exact text (a computed item's PUT compares against them).
SELECT c.id, c.version, c.project_id, c.origin, c.item_type, c.household_id, c.parcel_id, c.quantity::text AS quantity,
       c.unit, c.rate_yuan::text AS rate_yuan, c.amount_yuan::text AS amount_yuan, c.rate_set_id,
       c.paid_on::text AS paid_on, c.notes
FROM compensation_items c
WHERE c.id = $1::int
FOR UPDATE

-- name: amount
-- round(quantity $1 × rate $2, 2) as numeric does it (half away from zero), and whether it fits amount_yuan.
SELECT round($1::numeric * $2::numeric, 2)::text AS amount_yuan,
       round($1::numeric * $2::numeric, 2) < 1000000000000 AS fits

-- name: insert
-- A manual item: $1 project; $2 item type; $3 household; $4 parcel; $5 quantity; $6 unit; $7 rate or NULL;
-- $8 amount; $9 paid on; $10 notes; $11 rate set (NULL; kept for computed items on update); $12 user.
INSERT INTO compensation_items (project_id, item_type, origin, household_id, parcel_id, quantity, unit, rate_yuan,
                                amount_yuan, paid_on, notes, rate_set_id, updated_by)
VALUES ($1::int, $2::text, 'manual', $3::int, $4::int, $5::numeric, $6::text, $7::numeric, $8::numeric, $9::date,
        $10::text, $11::int, $12::text)
RETURNING id

-- name: update
-- Item $1 at version $2; $3..$13 as $1..$11 of insert; $14 user. origin and source_key never change.
UPDATE compensation_items
SET project_id = $3::int, item_type = $4::text, household_id = $5::int, parcel_id = $6::int, quantity = $7::numeric,
    unit = $8::text, rate_yuan = $9::numeric, amount_yuan = $10::numeric, paid_on = $11::date, notes = $12::text,
    rate_set_id = $13::int, updated_by = $14::text, updated_at = now(), version = version + 1
WHERE id = $1::int AND version = $2::int
RETURNING id

-- name: delete
DELETE FROM compensation_items WHERE id = $1::int AND version = $2::int RETURNING id

-- name: of_parcel
-- The items of parcel $1: those on the parcel and those of the households tied to it. By item type, then id.
SELECT c.id, c.project_id, c.item_type, t.name_zh AS item_type_zh, t.name_en AS item_type_en, c.origin, c.source_key,
       c.household_id, c.parcel_id, c.quantity::text AS quantity, c.unit, c.rate_yuan::text AS rate_yuan,
       c.amount_yuan::text AS amount_yuan, c.rate_set_id, c.paid_on::text AS paid_on, c.notes, c.version, c.updated_at,
       c.updated_by
FROM compensation_items c
JOIN compensation_item_types t ON t.code = c.item_type
WHERE c.parcel_id = $1::int
   OR c.household_id IN (SELECT hp.household_id FROM household_parcels hp WHERE hp.parcel_id = $1::int)
ORDER BY t.position, c.id
