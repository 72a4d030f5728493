-- Imports: one row per committed file or typed table (POST /api/imports/commit), written in the same transaction
-- as its parcels. Provenance of the geometry: the format, the original file name (as sanitised metadata, never a
-- path), the source CRS it was transformed from and the text encoding it was read in. An Idempotency-Key is
-- unique per user, so a retried commit answers with the first import instead of adding the parcels again.

CREATE TABLE imports (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id      integer NOT NULL REFERENCES projects(id),
  format          text CHECK (format IN ('geojson', 'kml', 'shp', 'baopan', 'points', 'wkt', 'lonlat')),
  filename        text CHECK (length(filename) BETWEEN 1 AND 255),
  source_crs      text CHECK (source_crs ~ '^EPSG:[0-9]{4,5}(,EPSG:[0-9]{4,5})*$'),
  encoding        text CHECK (length(encoding) BETWEEN 1 AND 32),
  feature_count   integer NOT NULL CHECK (feature_count >= 0),
  idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  request_hash    text,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  parcel_ids      integer[] NOT NULL DEFAULT '{}',
  UNIQUE (created_by, idempotency_key)
);
CREATE INDEX imports_project ON imports (project_id);

COMMENT ON TABLE imports IS 'Committed imports: provenance of imported parcels, and the Idempotency-Key replay record.';
COMMENT ON COLUMN imports.request_hash IS 'SHA-256 of the commit body, so a reused Idempotency-Key with a different body is refused.';
