-- The distribution column of a province-scale deployment on Citus (README: "Scaling out: Citus"), written into the
-- schema so that it is seen where tables are designed: every record of the office's work belongs to one acquisition
-- project, and every per-project query filters on it, so project_id is the column the project's tables are
-- distributed and co-located by. projects itself and the code lists are reference tables. Comments only: nothing
-- here changes a table, and nothing depends on Citus.
COMMENT ON TABLE projects IS 'Acquisition projects. On Citus a reference table; every project''s records are distributed by project_id (README: Scaling out: Citus).';
COMMENT ON COLUMN parcels.project_id IS 'Citus distribution column: the project''s tables are distributed and co-located by project_id. A new table of project data carries it (a child table too, copied from its parent), and its keys and foreign keys include it.';
COMMENT ON COLUMN households.project_id IS 'Citus distribution column (see parcels.project_id).';
COMMENT ON COLUMN notices.project_id IS 'Citus distribution column (see parcels.project_id); the public portal''s list across projects is a fan-out query.';
COMMENT ON COLUMN fund_entries.project_id IS 'Citus distribution column (see parcels.project_id).';
COMMENT ON COLUMN compensation_items.project_id IS 'Citus distribution column (see parcels.project_id).';
