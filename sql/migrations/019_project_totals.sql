-- Per-project parcel totals, kept current by statement triggers on parcels (functions/zd_project_totals_stage.sql,
-- functions/zd_project_totals_fold.sql), so that the project list and the report read a few rows instead of
-- every parcel of every project (1.5 s at a million parcels).
--
-- project_parcel_totals: per project, one row of kind 'project' (key ''), one per land class (key: its GB/T 21010
-- code) and one per owner (key: parcels.owner) that its parcels have. parcels is their number; area_m2 the exact
-- sum of their stored zd_area ellipsoidal_m2 (numeric, never rounded here; the readers convert to 亩 once). The
-- 'project' row also holds the extent of its parcels' geometries (ST_Extent, EPSG:4490 degrees west, south, east,
-- north: the list's bbox), NULL on the other kinds. A row without parcels is deleted, so a project without parcels
-- has no rows.
CREATE TABLE project_parcel_totals (
  project_id integer NOT NULL REFERENCES projects (id),
  kind       text NOT NULL CHECK (kind IN ('project', 'land_class', 'owner')),
  key        text NOT NULL,
  -- No CHECK (parcels >= 0): PostgreSQL checks the row an upsert proposes before it finds the conflict, and the
  -- fold proposes the difference (−1 for a parcel leaving) as that row.
  parcels    integer NOT NULL,
  area_m2    numeric NOT NULL,
  west       double precision,
  south      double precision,
  east       double precision,
  north      double precision,
  PRIMARY KEY (project_id, kind, key)
);
COMMENT ON TABLE project_parcel_totals IS
  'Per-project parcel counts and exact ellipsoidal m² (whole project, by land class, by owner) and the project extent, kept by triggers on parcels.';

-- What one statement changed, grouped by project, land class and owner: parcels and area_m2 signed (+ arriving,
-- − leaving), box the extent of those parcels. The argument type of zd_project_totals_fold.
CREATE TYPE project_parcel_change AS (
  project_id integer,
  land_class text,
  owner      text,
  parcels    integer,
  area_m2    numeric,
  box        box2d
);

-- The backfill: one scan of parcels, hashed by the three groupings (about 11 s for a million parcels on a busy
-- 2-core machine; sorting instead spills to disk and takes twice that).
SET LOCAL work_mem = '256MB';
INSERT INTO project_parcel_totals (project_id, kind, key, parcels, area_m2, west, south, east, north)
SELECT x.project_id, x.kind, x.key, x.parcels, x.area_m2,
       CASE WHEN x.kind = 'project' THEN ST_XMin(x.box) END, CASE WHEN x.kind = 'project' THEN ST_YMin(x.box) END,
       CASE WHEN x.kind = 'project' THEN ST_XMax(x.box) END, CASE WHEN x.kind = 'project' THEN ST_YMax(x.box) END
FROM (SELECT p.project_id,
             CASE WHEN GROUPING(p.land_class) = 0 THEN 'land_class' WHEN GROUPING(p.owner) = 0 THEN 'owner' ELSE 'project' END AS kind,
             CASE WHEN GROUPING(p.land_class) = 0 THEN p.land_class WHEN GROUPING(p.owner) = 0 THEN p.owner ELSE '' END AS key,
             count(*)::integer AS parcels, sum((p.area ->> 'ellipsoidal_m2')::numeric) AS area_m2, ST_Extent(p.geom) AS box
      FROM parcels p
      GROUP BY GROUPING SETS ((p.project_id), (p.project_id, p.land_class), (p.project_id, p.owner))) x;
