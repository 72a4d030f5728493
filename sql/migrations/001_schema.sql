-- Schema v1: projects, parcels with append-only history, users, sessions and the operation log.
-- Geometry is CGCS2000 longitude/latitude (EPSG:4490). Areas are never stored: zd_area() computes them.

CREATE TABLE land_classes (
  code       text PRIMARY KEY CHECK (code ~ '^[0-9]{4}$'),
  name_zh    text NOT NULL,
  name_en    text NOT NULL,
  group_code text NOT NULL CHECK (group_code ~ '^[0-9]{2}$'),
  group_zh   text NOT NULL,
  group_en   text NOT NULL
);
COMMENT ON TABLE land_classes IS 'GB/T 21010-2017 second-level land-use classes (73), with zh-CN and en names.';

-- The area the office may acquire in; geometry outside it is refused (OUTSIDE_JURISDICTION).
CREATE TABLE jurisdictions (
  id   integer PRIMARY KEY,
  name text NOT NULL,
  geom geometry(MultiPolygon, 4490) NOT NULL CHECK (ST_IsValid(geom))
);

CREATE TABLE users (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username      text NOT NULL UNIQUE CHECK (username ~ '^[a-z][a-z0-9_.-]{1,31}$'),
  role          text NOT NULL CHECK (role IN ('planner', 'auditor', 'finance', 'legal', 'admin')),
  password_hash text NOT NULL,
  is_demo       boolean NOT NULL DEFAULT false,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until  timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  token_hash   text PRIMARY KEY,
  user_id      integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf         text NOT NULL,
  ip           text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE projects (
  id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code       text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en    text,
  district   text,
  color      text NOT NULL DEFAULT '#3b82f6' CHECK (color ~ '^#[0-9a-f]{6}$'),
  is_demo    boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Active parcels only: a deleted parcel leaves this table and lives on in parcel_history.
CREATE TABLE parcels (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id      integer NOT NULL REFERENCES projects(id),
  code            text NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
  land_class      text NOT NULL REFERENCES land_classes(code),
  owner           text NOT NULL CHECK (length(owner) BETWEEN 1 AND 200),
  claimed_area_mu numeric(14, 4) CHECK (claimed_area_mu >= 0),
  survey_zone     integer CHECK (survey_zone BETWEEN 25 AND 45),
  status          text NOT NULL DEFAULT 'surveyed'
                  CHECK (status IN ('draft', 'surveyed', 'approved', 'acquired')),
  version         integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  geom            geometry(MultiPolygon, 4490) NOT NULL
                  CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  updated_by      text NOT NULL,
  UNIQUE (project_id, code)
);
CREATE INDEX parcels_geom_gist ON parcels USING gist (geom);
CREATE INDEX parcels_project ON parcels (project_id);

-- Every version of every parcel, written by trigger in the same transaction as the change.
CREATE TABLE parcel_history (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  parcel_id       integer NOT NULL,
  version         integer NOT NULL,
  operation       text NOT NULL CHECK (operation IN ('create', 'update', 'delete')),
  project_id      integer NOT NULL,
  code            text NOT NULL,
  land_class      text NOT NULL,
  owner           text NOT NULL,
  claimed_area_mu numeric(14, 4),
  survey_zone     integer,
  status          text NOT NULL,
  geom            geometry(MultiPolygon, 4490) NOT NULL,
  changed_by      text NOT NULL,
  changed_at      timestamptz NOT NULL DEFAULT now(),
  reason          text,
  UNIQUE (parcel_id, version)
);

-- Who did what, when, with what result.
CREATE TABLE operation_log (
  id       integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at       timestamptz NOT NULL DEFAULT now(),
  username text,
  action   text NOT NULL,
  target   text,
  result   text NOT NULL,
  status   integer,
  ip       text,
  detail   jsonb
);
CREATE INDEX operation_log_at ON operation_log (at);

-- Append-only tables refuse UPDATE and DELETE, whatever the caller.
CREATE FUNCTION zd_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER parcel_history_append_only BEFORE UPDATE OR DELETE ON parcel_history
  FOR EACH ROW EXECUTE FUNCTION zd_refuse_change();
CREATE TRIGGER operation_log_append_only BEFORE UPDATE OR DELETE ON operation_log
  FOR EACH ROW EXECUTE FUNCTION zd_refuse_change();
