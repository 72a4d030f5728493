-- The audit (稽核, issue 5): how each area claim was made, the intended acquisition scope, land-approval batches
-- (报批批次) with the permanent basic farmland layer, figures stated in reports, and the auditors' decisions and
-- sign-offs. Findings themselves are never stored: the rules (server/domain/audit/) recompute them from the data.

-- Claims, scopes and batches are versioned records like those of 008, in record_history.
ALTER TABLE record_history DROP CONSTRAINT record_history_record_type_check;
ALTER TABLE record_history ADD CONSTRAINT record_history_record_type_check CHECK (record_type IN
  ('building', 'compensation_item', 'resettlement', 'grave', 'attachment', 'agreement',
   'area_claim', 'acquisition_scope', 'approval_batch'));

-- 申报面积的口径: how a parcel's claimed_area_mu was obtained. basis 'gk3' means the Gauss-Krüger 3° planar area in
-- the parcel's survey_zone (or the zone of its centroid); 'unknown' makes the audit try every basis. decimals: the
-- digits the claim was stated with (rounding = half a unit of the last one). point_error_m: m_j of the boundary
-- points (5 cm unless the survey states its 精度). claimed_geom: the outline the claim came with, if any.
CREATE TABLE area_claims (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id    integer NOT NULL REFERENCES projects(id),
  parcel_id     integer NOT NULL UNIQUE REFERENCES parcels(id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  basis         text NOT NULL DEFAULT 'unknown' CHECK (basis IN ('ellipsoid', 'gk3', 'unknown')),
  decimals      smallint NOT NULL DEFAULT 3 CHECK (decimals BETWEEN 0 AND 4),
  point_error_m numeric(6, 3) NOT NULL DEFAULT 0.05 CHECK (point_error_m > 0 AND point_error_m <= 10),
  claimed_geom  geometry(MultiPolygon, 4490)
                CHECK (claimed_geom IS NULL OR (ST_IsValid(claimed_geom) AND NOT ST_IsEmpty(claimed_geom))),
  source        text CHECK (length(source) BETWEEN 1 AND 200),
  version       integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  updated_by    text NOT NULL
);
CREATE INDEX area_claims_project ON area_claims (project_id);

-- 拟征收范围: the scope a project announced in its pre-announcement (预公告); parcels must lie inside it.
CREATE TABLE acquisition_scopes (
  id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id integer NOT NULL UNIQUE REFERENCES projects(id),
  geom       geometry(MultiPolygon, 4490) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
  source     text CHECK (length(source) BETWEEN 1 AND 200),
  version    integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);
CREATE INDEX acquisition_scopes_geom ON acquisition_scopes USING gist (geom);

-- 报批批次: a land-approval batch of one project, the parcels it asks approval for, and the authority it was
-- (or will be) sent to. Art. 46 of the Land Administration Law decides which authority it needs.
CREATE TABLE approval_batches (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id         integer NOT NULL REFERENCES projects(id),
  code               text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
  name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  declared_authority text NOT NULL CHECK (declared_authority IN ('state_council', 'province')),
  submitted_on       date,
  version            integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  updated_by         text NOT NULL
);
CREATE TABLE approval_batch_parcels (
  batch_id  integer NOT NULL REFERENCES approval_batches(id) ON DELETE CASCADE,
  parcel_id integer NOT NULL REFERENCES parcels(id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  PRIMARY KEY (batch_id, parcel_id)
);
CREATE INDEX approval_batch_parcels_parcel ON approval_batch_parcels (parcel_id);

-- 永久基本农田: the protected farmland layer (划定成果), reference data that the approval rule intersects.
CREATE TABLE basic_farmland (
  id   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  geom geometry(MultiPolygon, 4490) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom))
);
CREATE INDEX basic_farmland_geom ON basic_farmland USING gist (geom);

-- 报告数: a money figure stated in a report or document for a period, of one project or (project_id NULL) of the
-- whole office; the audit checks it against the ledger. Append-only: a restatement is a new row.
CREATE TABLE reported_figures (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id   integer REFERENCES projects(id),
  period_start date NOT NULL,
  period_end   date NOT NULL CHECK (period_end >= period_start),
  figure       text NOT NULL CHECK (figure IN ('deposited_yuan', 'disbursed_yuan', 'disbursed_acquisition_yuan',
                                               'disbursed_resettlement_yuan', 'disbursed_working_yuan')),
  stated_yuan  numeric(18, 2) NOT NULL,
  source       text NOT NULL CHECK (length(source) BETWEEN 1 AND 300),
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- An auditor's decision on one finding: accepted with a reason, or returned to the planner. The latest decision
-- per (project, finding_key) stands; a finding's key is its code and its subjects, stable across runs.
CREATE TABLE audit_decisions (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id  integer REFERENCES projects(id),
  finding_key text NOT NULL CHECK (length(finding_key) BETWEEN 1 AND 300),
  decision    text NOT NULL CHECK (decision IN ('accepted', 'returned')),
  reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
  decided_by  text NOT NULL,
  decided_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_decisions_key ON audit_decisions (project_id, finding_key, id);

-- A signed audit of a project: its totals and findings at the signature, and the history watermarks (the last
-- history row ids then) that tell which later changes make it stale.
CREATE TABLE audit_signoffs (
  id                    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id            integer NOT NULL REFERENCES projects(id),
  signed_by             text NOT NULL,
  signed_at             timestamptz NOT NULL DEFAULT now(),
  parcel_history_max    bigint NOT NULL,
  household_history_max bigint NOT NULL,
  record_history_max    bigint NOT NULL,
  totals                jsonb NOT NULL,
  findings              jsonb NOT NULL,
  note                  text CHECK (length(note) <= 1000)
);
CREATE INDEX audit_signoffs_project ON audit_signoffs (project_id, id);

CREATE TRIGGER reported_figures_append_only BEFORE UPDATE OR DELETE ON reported_figures
  FOR EACH ROW EXECUTE FUNCTION zd_refuse_change();
CREATE TRIGGER audit_decisions_append_only BEFORE UPDATE OR DELETE ON audit_decisions
  FOR EACH ROW EXECUTE FUNCTION zd_refuse_change();
CREATE TRIGGER audit_signoffs_append_only BEFORE UPDATE OR DELETE ON audit_signoffs
  FOR EACH ROW EXECUTE FUNCTION zd_refuse_change();
