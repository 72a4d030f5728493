-- Parcel lineage: split, merge and restore become history operations, and a history row names the parcels it
-- came from or went into. The trigger zd_parcel_history_write (sql/functions/zd_parcel_history.sql) fills these
-- columns from the transaction settings zd.operation, zd.parents, zd.children and zd.restored_from.

ALTER TABLE parcel_history DROP CONSTRAINT parcel_history_operation_check;
ALTER TABLE parcel_history ADD CONSTRAINT parcel_history_operation_check
  CHECK (operation IN ('create', 'update', 'delete', 'split', 'merge', 'restore'));

ALTER TABLE parcel_history
  ADD COLUMN parent_ids integer[] NOT NULL DEFAULT '{}',
  ADD COLUMN child_ids integer[] NOT NULL DEFAULT '{}',
  ADD COLUMN restored_from integer;

COMMENT ON COLUMN parcel_history.parent_ids IS
  'On the create row of a parcel made by split or merge: the parcels it came from; else empty.';
COMMENT ON COLUMN parcel_history.child_ids IS
  'On the last row of a parcel that was split or merged: the parcels it went into; else empty.';
COMMENT ON COLUMN parcel_history.restored_from IS
  'On a restore row: the earlier version of the same parcel whose geometry and attributes it carries.';

-- The lineage columns say exactly what the operation says, no more.
ALTER TABLE parcel_history
  ADD CONSTRAINT parcel_history_children_check
    CHECK ((operation IN ('split', 'merge')) = (cardinality(child_ids) > 0)),
  ADD CONSTRAINT parcel_history_parents_check
    CHECK (cardinality(parent_ids) = 0 OR operation = 'create'),
  ADD CONSTRAINT parcel_history_restore_check
    CHECK ((operation = 'restore') = (restored_from IS NOT NULL) AND (restored_from IS NULL OR restored_from < version));

-- zd_parcel_conflicts gains the overlap geometry and its area in mu; a function's result type can only change by
-- dropping it (sql/functions re-creates it after the migrations).
DROP FUNCTION IF EXISTS zd_parcel_conflicts(geometry, integer);
