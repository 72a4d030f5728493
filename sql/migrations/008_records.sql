-- The records tied to parcels and households (issue 4): buildings, compensation (rate sets and items),
-- resettlement, graves, attachments with photos, agreements. Every record row carries a version; every version
-- is kept in record_history by one trigger (sql/functions/zd_record_history.sql), in the same transaction.
-- Money is numeric yuan with 2 decimals, never float. Vocabularies are stable English codes; the client shows
-- the Chinese terms (砖混, 土地补偿费, …) from client/i18n.

-- Every version of every record of this migration: the row as JSON (geometry as GeoJSON), who, when and why.
CREATE TABLE record_history (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  record_type text NOT NULL CHECK (record_type IN
                ('building', 'compensation_item', 'resettlement', 'grave', 'attachment', 'agreement')),
  record_id   integer NOT NULL,
  version     integer NOT NULL,
  operation   text NOT NULL CHECK (operation IN ('create', 'update', 'delete')),
  project_id  integer NOT NULL,
  data        jsonb NOT NULL,
  changed_by  text NOT NULL,
  changed_at  timestamptz NOT NULL DEFAULT now(),
  reason      text,
  UNIQUE (record_type, record_id, version)
);
CREATE INDEX record_history_project ON record_history (project_id, changed_at);
CREATE TRIGGER record_history_append_only BEFORE UPDATE OR DELETE ON record_history
  FOR EACH ROW EXECUTE FUNCTION zd_refuse_change();

-- 房屋: a footprint inside its parcel (checked by the API: sql/queries/buildings.sql), the surveyed floor area
-- (建筑面积, which the audit compares with footprint × floors), a household that owns it if any.
CREATE TABLE buildings (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id    integer NOT NULL REFERENCES projects(id),
  parcel_id     integer NOT NULL REFERENCES parcels(id) ON DELETE RESTRICT,
  household_id  integer REFERENCES households(id) ON DELETE RESTRICT,
  code          text NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
  footprint     geometry(MultiPolygon, 4490) NOT NULL CHECK (ST_IsValid(footprint) AND NOT ST_IsEmpty(footprint)),
  -- 砖混 brick_concrete, 砖木 brick_wood, 框架 frame, 简易 simple
  structure     text NOT NULL CHECK (structure IN ('brick_concrete', 'brick_wood', 'frame', 'simple')),
  floors        smallint NOT NULL CHECK (floors BETWEEN 1 AND 60),
  floor_area_m2 numeric(12, 2) NOT NULL CHECK (floor_area_m2 > 0 AND floor_area_m2 < 1000000),
  use           text NOT NULL DEFAULT 'residential'
                CHECK (use IN ('residential', 'commercial', 'industrial', 'public', 'other')),
  -- 合法 licensed (有证), 认定合法 recognised, 临时建筑 temporary, 违法建筑 unlicensed
  legal_status  text NOT NULL CHECK (legal_status IN ('licensed', 'recognised', 'temporary', 'unlicensed')),
  demolished_on date CHECK (demolished_on BETWEEN '1949-10-01' AND '2200-01-01'),
  notes         text CHECK (length(notes) <= 2000),
  version       integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  updated_by    text NOT NULL,
  UNIQUE (project_id, code)
);
CREATE INDEX buildings_footprint_gist ON buildings USING gist (footprint);
CREATE INDEX buildings_parcel ON buildings (parcel_id);
CREATE INDEX buildings_household ON buildings (household_id);
CREATE INDEX buildings_project ON buildings (project_id);

-- 安置: one per household; persons resettled, the method and site, the transition (过渡) period and its delay.
CREATE TABLE resettlements (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id       integer NOT NULL REFERENCES projects(id),
  household_id     integer NOT NULL UNIQUE REFERENCES households(id) ON DELETE RESTRICT,
  persons          smallint NOT NULL CHECK (persons BETWEEN 0 AND 50),
  -- 货币安置 cash, 产权调换 property_swap, 宅基地安置 homestead
  method           text NOT NULL CHECK (method IN ('cash', 'property_swap', 'homestead')),
  site             text CHECK (length(site) BETWEEN 1 AND 200),
  transition_start date CHECK (transition_start BETWEEN '1990-01-01' AND '2200-01-01'),
  transition_end   date CHECK (transition_end BETWEEN '1990-01-01' AND '2200-01-01'),
  -- Months past transition_end before the household got its new home (延期过渡), which 延期过渡费 pays for.
  delay_months     smallint NOT NULL DEFAULT 0 CHECK (delay_months BETWEEN 0 AND 240),
  notes            text CHECK (length(notes) <= 2000),
  version          integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  updated_by       text NOT NULL,
  CHECK (transition_end IS NULL OR transition_start IS NULL OR transition_end >= transition_start),
  CHECK (method <> 'cash' OR (transition_start IS NULL AND transition_end IS NULL AND delay_months = 0))
);
CREATE INDEX resettlements_project ON resettlements (project_id);

-- 坟墓: a point, counted in coffins (棺), moved on a date.
CREATE TABLE graves (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id   integer NOT NULL REFERENCES projects(id),
  parcel_id    integer REFERENCES parcels(id) ON DELETE RESTRICT,
  household_id integer REFERENCES households(id) ON DELETE RESTRICT,
  code         text NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
  location     geometry(Point, 4490) NOT NULL CHECK (ST_IsValid(location) AND NOT ST_IsEmpty(location)),
  coffins      smallint NOT NULL CHECK (coffins BETWEEN 1 AND 50),
  relocated_on date CHECK (relocated_on BETWEEN '1949-10-01' AND '2200-01-01'),
  notes        text CHECK (length(notes) <= 2000),
  version      integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  updated_by   text NOT NULL,
  UNIQUE (project_id, code)
);
CREATE INDEX graves_location_gist ON graves USING gist (location);
CREATE INDEX graves_project ON graves (project_id);
CREATE INDEX graves_parcel ON graves (parcel_id);

-- 地上附着物 on a parcel: trees, crops, wells, sheds, fences, ponds, with a quantity in its unit.
CREATE TABLE attachments (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id   integer NOT NULL REFERENCES projects(id),
  parcel_id    integer NOT NULL REFERENCES parcels(id) ON DELETE RESTRICT,
  household_id integer REFERENCES households(id) ON DELETE RESTRICT,
  kind         text NOT NULL CHECK (kind IN ('tree', 'crop', 'well', 'shed', 'fence', 'pond', 'other')),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  quantity     numeric(12, 2) NOT NULL CHECK (quantity > 0 AND quantity < 10000000),
  -- 株 plant, 个/口/处 unit, ㎡ m2, 米 m, 立方米 m3, 亩 mu
  unit         text NOT NULL CHECK (unit IN ('plant', 'unit', 'm2', 'm', 'm3', 'mu')),
  notes        text CHECK (length(notes) <= 2000),
  version      integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  updated_by   text NOT NULL
);
CREATE INDEX attachments_parcel ON attachments (parcel_id);
CREATE INDEX attachments_project ON attachments (project_id);

-- Photos of an attachment (拍照存档): the bytes in the database, so that a backup holds them with the records.
CREATE TABLE attachment_photos (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  attachment_id integer NOT NULL REFERENCES attachments(id) ON DELETE RESTRICT,
  content_type  text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  bytes         bytea NOT NULL CHECK (octet_length(bytes) BETWEEN 1 AND 5242880),
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  caption       text CHECK (length(caption) <= 200),
  uploaded_by   text NOT NULL,
  uploaded_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (attachment_id, sha256)
);
CREATE INDEX attachment_photos_attachment ON attachment_photos (attachment_id);

-- 补偿安置协议: one per household, signed or not.
CREATE TABLE agreements (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id   integer NOT NULL REFERENCES projects(id),
  household_id integer NOT NULL UNIQUE REFERENCES households(id) ON DELETE RESTRICT,
  number       text CHECK (length(number) BETWEEN 1 AND 64),
  signed_on    date CHECK (signed_on BETWEEN '1990-01-01' AND '2200-01-01'),
  notes        text CHECK (length(notes) <= 2000),
  version      integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  updated_by   text NOT NULL,
  UNIQUE (project_id, number)
);
CREATE INDEX agreements_project ON agreements (project_id);

-- Rate sets (补偿标准): versioned per project; a version, once made, never changes (a new version replaces it).
CREATE TABLE rate_sets (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id     integer NOT NULL REFERENCES projects(id),
  version_no     integer NOT NULL CHECK (version_no >= 1),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- The document the rates come from, e.g. 怀政发〔2018〕7号.
  basis          text CHECK (length(basis) BETWEEN 1 AND 200),
  effective_from date NOT NULL CHECK (effective_from BETWEEN '1990-01-01' AND '2200-01-01'),
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  note           text CHECK (length(note) <= 500),
  UNIQUE (project_id, version_no)
);

-- One rate of a set. key: the land class code (land, crops), the building structure (house), the attachment name
-- or kind (attachments), or '*' for any; the most specific key wins (sql/functions/zd_compensation_proposed.sql).
CREATE TABLE rates (
  rate_set_id integer NOT NULL REFERENCES rate_sets(id),
  item_type   text NOT NULL,
  key         text NOT NULL DEFAULT '*' CHECK (length(key) BETWEEN 1 AND 100),
  rate_yuan   numeric(14, 2) NOT NULL CHECK (rate_yuan >= 0 AND rate_yuan < 1000000000),
  PRIMARY KEY (rate_set_id, item_type, key)
);

-- The nine items of domain.md and the unit each is counted in.
CREATE TABLE compensation_item_types (
  code     text PRIMARY KEY,
  name_zh  text NOT NULL,
  name_en  text NOT NULL,
  unit     text NOT NULL CHECK (unit IN ('mu', 'm2', 'unit', 'person_month', 'household', 'coffin')),
  position smallint NOT NULL UNIQUE
);
INSERT INTO compensation_item_types (code, name_zh, name_en, unit, position) VALUES
  ('land', '土地补偿费', 'Land compensation', 'mu', 1),
  ('resettlement_subsidy', '安置补助费', 'Resettlement subsidy', 'mu', 2),
  ('young_crops', '青苗补偿费', 'Young crops compensation', 'mu', 3),
  ('attachments', '地上附着物补偿', 'Attachments compensation', 'unit', 4),
  ('house', '房屋补偿', 'House compensation', 'm2', 5),
  ('relocation', '搬迁费', 'Moving allowance', 'household', 6),
  ('transition', '过渡费', 'Transition allowance', 'person_month', 7),
  ('delayed_transition', '延期过渡费', 'Delayed transition allowance', 'person_month', 8),
  ('grave_relocation', '坟墓迁移费', 'Grave relocation', 'coffin', 9);
ALTER TABLE rates ADD FOREIGN KEY (item_type) REFERENCES compensation_item_types(code);

-- A compensation item (补偿). origin 'computed': made from the project's current rate set and one source record
-- (source_key names it: parcel:12, building:5, attachment:3, grave:9, resettlement:4, household:7) and kept equal
-- to round(quantity × rate, 2) by zd_compensation_apply; 'manual': entered by finance (a lump sum has no rate).
CREATE TABLE compensation_items (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id      integer NOT NULL REFERENCES projects(id),
  item_type       text NOT NULL REFERENCES compensation_item_types(code),
  origin          text NOT NULL CHECK (origin IN ('computed', 'manual')),
  source_key      text CHECK (source_key ~ '^(parcel|building|attachment|grave|resettlement|household):[0-9]+$'),
  household_id    integer REFERENCES households(id) ON DELETE RESTRICT,
  parcel_id       integer REFERENCES parcels(id) ON DELETE RESTRICT,
  quantity        numeric(16, 4) NOT NULL CHECK (quantity >= 0 AND quantity < 10000000000),
  unit            text NOT NULL CHECK (unit IN ('mu', 'm2', 'unit', 'person_month', 'household', 'coffin')),
  rate_yuan       numeric(14, 2) CHECK (rate_yuan >= 0 AND rate_yuan < 1000000000),
  amount_yuan     numeric(18, 2) NOT NULL CHECK (amount_yuan >= 0 AND amount_yuan < 1000000000000),
  rate_set_id     integer REFERENCES rate_sets(id),
  paid_on         date CHECK (paid_on BETWEEN '1990-01-01' AND '2200-01-01'),
  notes           text CHECK (length(notes) <= 2000),
  version         integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  updated_by      text NOT NULL,
  CHECK ((origin = 'computed') = (source_key IS NOT NULL)),
  CHECK (origin <> 'computed' OR (rate_yuan IS NOT NULL AND rate_set_id IS NOT NULL
                                  AND amount_yuan = round(quantity * rate_yuan, 2)))
);
CREATE UNIQUE INDEX compensation_items_computed ON compensation_items (project_id, item_type, source_key)
  WHERE origin = 'computed';
CREATE INDEX compensation_items_household ON compensation_items (household_id);
CREATE INDEX compensation_items_parcel ON compensation_items (parcel_id);

-- Split and merge retire a parcel: the records on it move to the new parcels in the same transaction
-- (server/handlers/parcel-lineage.ts), so a parcel with records is never left behind.
