-- Moving the records of parcels that a split or merge retires to the parcels that replace them, in the lineage
-- transaction (server/db/record-lineage.ts, called from server/handlers/parcel-lineage.ts). The parents are
-- already deleted and the children inserted; the foreign keys to parcels are deferred until commit (migration 009),
-- so at commit no record may still point at a parent. Every moved record gets a new version, so its history names
-- the change (zd.reason). $1 parent ids; $2 child ids; $3 the user.

-- name: defer
-- Checks of the references to parcels wait until commit in this transaction.
SET CONSTRAINTS household_parcels_parcel_id_fkey, buildings_parcel_id_fkey, graves_parcel_id_fkey,
  attachments_parcel_id_fkey, compensation_items_parcel_id_fkey DEFERRED

-- name: remember_batches
-- The approval batches holding parents $1, kept for this transaction in zd.lineage_batches (deleting a parcel
-- deletes its approval_batch_parcels rows at once: that foreign key cascades and cannot wait for commit).
SELECT set_config('zd.lineage_batches',
  coalesce((SELECT string_agg(DISTINCT x.batch_id::text, ',') FROM approval_batch_parcels x WHERE x.parcel_id = ANY ($1::int[])), ''),
  true) AS batches

-- name: set_reason
SELECT set_config('zd.reason', coalesce($1::text, ''), true)

-- name: move_household_links
-- A household tied to a parent is tied to every child (a split's pieces all lie in the parent; a merge has one
-- child). Returns the households whose links changed.
WITH old AS (
  DELETE FROM household_parcels WHERE parcel_id = ANY ($1::int[]) RETURNING household_id
), moved AS (
  INSERT INTO household_parcels (household_id, parcel_id)
  SELECT DISTINCT o.household_id, c.id FROM old o CROSS JOIN unnest($2::int[]) AS c(id)
  ON CONFLICT DO NOTHING
  RETURNING household_id
)
SELECT DISTINCT household_id FROM old ORDER BY household_id

-- name: touch_households
-- A new version of each household $1 whose parcel links changed, so that its history shows the new parcel_ids.
UPDATE households SET version = version + 1, updated_at = now(), updated_by = $2::text
WHERE id = ANY ($1::int[])
RETURNING id

-- name: move_buildings
-- Each building to the child holding most of its footprint (ellipsoidal m² of the intersection; lowest id on a tie).
UPDATE buildings b
SET parcel_id = t.child, version = b.version + 1, updated_at = now(), updated_by = $3::text
FROM (
  SELECT x.id,
         (SELECT c.id FROM parcels c WHERE c.id = ANY ($2::int[])
          ORDER BY ST_Area(ST_Intersection(x.footprint, c.geom)::geography) DESC, c.id LIMIT 1) AS child
  FROM buildings x
  WHERE x.parcel_id = ANY ($1::int[])
) t
WHERE b.id = t.id
RETURNING b.id, b.parcel_id

-- name: move_graves
-- Each grave to the child containing its point, else the nearest child.
UPDATE graves g
SET parcel_id = t.child, version = g.version + 1, updated_at = now(), updated_by = $3::text
FROM (
  SELECT x.id,
         (SELECT c.id FROM parcels c WHERE c.id = ANY ($2::int[])
          ORDER BY ST_Covers(c.geom, x.location) DESC, ST_Distance(c.geom, x.location), c.id LIMIT 1) AS child
  FROM graves x
  WHERE x.parcel_id = ANY ($1::int[])
) t
WHERE g.id = t.id
RETURNING g.id, g.parcel_id

-- name: largest_child
-- The child with the largest ellipsoidal area (lowest id on a tie): where attachments and items without a shape go.
SELECT c.id FROM parcels c WHERE c.id = ANY ($1::int[]) ORDER BY ST_Area(c.geom::geography) DESC, c.id LIMIT 1

-- name: move_attachments
-- $1 parent ids; $2 the child; $3 user.
UPDATE attachments SET parcel_id = $2::int, version = version + 1, updated_at = now(), updated_by = $3::text
WHERE parcel_id = ANY ($1::int[])
RETURNING id

-- name: move_compensation_items
-- Items on a parent: a computed item of a building, grave or attachment (moved before) follows its source record;
-- every other item (manual ones, land items the recomputation keeps because they are paid, household and
-- resettlement items) goes to the child $2. Run after the moves above.
UPDATE compensation_items c
SET parcel_id = coalesce(
      CASE split_part(c.source_key, ':', 1)
        WHEN 'building' THEN (SELECT b.parcel_id FROM buildings b WHERE b.id = split_part(c.source_key, ':', 2)::int)
        WHEN 'grave' THEN (SELECT g.parcel_id FROM graves g WHERE g.id = split_part(c.source_key, ':', 2)::int)
        WHEN 'attachment' THEN (SELECT a.parcel_id FROM attachments a WHERE a.id = split_part(c.source_key, ':', 2)::int)
      END, $2::int),
    version = c.version + 1, updated_at = now(), updated_by = $3::text
WHERE c.parcel_id = ANY ($1::int[])
RETURNING c.id

-- name: move_batches
-- The children $1 join the batch their parents were in (zd.lineage_batches, remembered before the parents went):
-- a split's pieces the parent's batch; a merge of parcels of two batches joins the lower batch id (a parcel is in
-- one batch of its project). Every batch that held a parent gets a new version, so its history names the change.
-- $2 user. Returns those batches.
WITH held AS (
  SELECT x::int AS id FROM unnest(string_to_array(nullif(current_setting('zd.lineage_batches', true), ''), ',')) AS x
), joined AS (
  INSERT INTO approval_batch_parcels (batch_id, parcel_id)
  SELECT (SELECT min(id) FROM held), c FROM unnest($1::int[]) AS c
  WHERE EXISTS (SELECT 1 FROM held)
  ON CONFLICT DO NOTHING
)
UPDATE approval_batches b SET version = b.version + 1, updated_at = now(), updated_by = $2::text
WHERE b.id IN (SELECT id FROM held)
RETURNING b.id
