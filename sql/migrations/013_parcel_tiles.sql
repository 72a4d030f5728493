-- Parcel vector tiles (server/tiles/parcel-tiles.ts, sql/queries/parcel-tiles.sql).
--
-- parcels.geom_3857: the parcel in Web Mercator (EPSG:3857), the coordinates of every tile, stored so that a tile
-- query transforms nothing; kept equal to ST_Transform(geom, 3857) by the trigger of
-- functions/zd_parcel_geom_3857.sql, with its own GiST index for the tile filter.
--
-- parcel_overview: what the map shows below z14, aggregated ahead of time — grid cells at four cell zooms (a cell of
-- zoom 16 is one z16 tile, about 540 m wide at Huaihua; 14, 12 and 10 likewise) and the villages (村) and townships
-- (乡/镇/街道) named at the start of parcels.owner (functions/zd_owner_places.sql). Each row holds the number of
-- parcels, their ellipsoidal area (Σ zd_area ellipsoidal_m2, exact numeric) and Σ area·x, Σ area·y of their
-- representative points (ST_PointOnSurface, EPSG:3857), from which a place's label point is the area-weighted mean.
-- A parcel belongs to the one cell of each cell zoom that holds its representative point, so the cells partition
-- the parcels. The rows are sums, so an edit changes them by differences: parcel writes stage their differences in
-- parcel_overview_pending (statement triggers, functions/zd_parcel_overview_stage.sql) and
-- zd_parcel_overview_refresh() folds them in at the end of the write's transaction.
ALTER TABLE parcels ADD COLUMN geom_3857 geometry(MultiPolygon, 3857);
-- Filling the new column is no change of any parcel: the history and overview triggers stay out of it.
ALTER TABLE parcels DISABLE TRIGGER USER;
UPDATE parcels SET geom_3857 = ST_Transform(geom, 3857);
ALTER TABLE parcels ENABLE TRIGGER USER;
ALTER TABLE parcels ALTER COLUMN geom_3857 SET NOT NULL;
CREATE INDEX parcels_geom_3857_gist ON parcels USING gist (geom_3857);

CREATE TABLE parcel_overview (
  id        integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind      text NOT NULL CHECK (kind IN ('grid', 'village', 'township')),
  -- grid: the zoom whose tiles are the cells (10, 12, 14, 16) and the cell's tile column and row; 0 for places
  cell_zoom smallint NOT NULL DEFAULT 0,
  cell_x    integer NOT NULL DEFAULT 0,
  cell_y    integer NOT NULL DEFAULT 0,
  -- village or township: its name as written at the start of owner (城东街道樟树湾村); '' for grid cells
  name      text NOT NULL DEFAULT '',
  -- No CHECK (parcels >= 0): PostgreSQL checks the row an upsert proposes before it finds the conflict, and the
  -- refresh proposes the difference (−1 for a parcel leaving) as that row.
  parcels   integer NOT NULL,
  area_m2   numeric NOT NULL,
  sum_x     numeric NOT NULL,
  sum_y     numeric NOT NULL,
  -- grid: the cell (ST_TileEnvelope); places: the label point
  geom_3857 geometry(Geometry, 3857) NOT NULL,
  UNIQUE (kind, cell_zoom, cell_x, cell_y, name)
);
CREATE INDEX parcel_overview_geom_3857 ON parcel_overview USING gist (geom_3857);
COMMENT ON TABLE parcel_overview IS 'Overview aggregates of the parcels for map tiles below z14: grid cells, villages, townships.';

-- Differences staged by parcel writes, folded into parcel_overview by zd_parcel_overview_refresh().
CREATE TABLE parcel_overview_pending (
  kind      text NOT NULL,
  cell_zoom smallint NOT NULL,
  cell_x    integer NOT NULL,
  cell_y    integer NOT NULL,
  name      text NOT NULL,
  parcels   integer NOT NULL,
  area_m2   numeric NOT NULL,
  sum_x     numeric NOT NULL,
  sum_y     numeric NOT NULL
);

-- One row: false until zd_parcel_overview_refresh() has built the overview from every parcel (the first start
-- after this migration; functions/zd_parcel_overview_stage.sql calls it on every start).
CREATE TABLE parcel_overview_state (
  one   boolean PRIMARY KEY DEFAULT true CHECK (one),
  built boolean NOT NULL
);
INSERT INTO parcel_overview_state (built) VALUES (false);
