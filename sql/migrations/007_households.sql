-- Households (被征收户) and their members: personal data. ID numbers and phones are stored only as AES-256-GCM
-- ciphertext written by the server (server/auth/pii-cipher.ts), next to a masked form for lists and a keyed
-- HMAC blind index for equality (one ID number, one household per project; no household in two projects).
-- A dump of these tables reveals names (see sql/README.md: why names stay plain) but no ID number or phone.

CREATE TABLE households (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id       integer NOT NULL REFERENCES projects(id),
  head_name        text NOT NULL CHECK (length(head_name) BETWEEN 1 AND 50),
  village_group    text CHECK (length(village_group) BETWEEN 1 AND 100),
  id_number_enc    text CHECK (id_number_enc ~ '^v1:[0-9a-f]{12}:[A-Za-z0-9+/=]+$'),
  id_number_masked text CHECK (id_number_masked ~ '^[0-9]{4}\*{10}[0-9]{3}[0-9X]$'),
  id_number_bidx   text CHECK (id_number_bidx ~ '^[0-9a-f]{64}$'),
  phone_enc        text CHECK (phone_enc ~ '^v1:[0-9a-f]{12}:[A-Za-z0-9+/=]+$'),
  phone_masked     text CHECK (length(phone_masked) BETWEEN 4 AND 20),
  notes            text CHECK (length(notes) <= 2000),
  version          integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  updated_by       text NOT NULL,
  -- The three forms of one value come and go together.
  CHECK ((id_number_enc IS NULL) = (id_number_masked IS NULL) AND (id_number_enc IS NULL) = (id_number_bidx IS NULL)),
  CHECK ((phone_enc IS NULL) = (phone_masked IS NULL)),
  UNIQUE (project_id, id_number_bidx)
);
CREATE INDEX households_project ON households (project_id);
CREATE INDEX households_id_number_bidx ON households (id_number_bidx);

-- The history trigger snapshots members and parcel links when the household row is written, so the handler
-- writes them first: these foreign keys are checked at commit (a new household's id is reserved beforehand).
CREATE TABLE household_members (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  household_id     integer NOT NULL REFERENCES households(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  position         integer NOT NULL CHECK (position BETWEEN 0 AND 99),
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  relation         text NOT NULL CHECK (length(relation) BETWEEN 1 AND 20),
  id_number_enc    text CHECK (id_number_enc ~ '^v1:[0-9a-f]{12}:[A-Za-z0-9+/=]+$'),
  id_number_masked text CHECK (id_number_masked ~ '^[0-9]{4}\*{10}[0-9]{3}[0-9X]$'),
  id_number_bidx   text CHECK (id_number_bidx ~ '^[0-9a-f]{64}$'),
  birth_date       date CHECK (birth_date BETWEEN '1880-01-01' AND '2200-01-01'),
  is_resettled     boolean NOT NULL DEFAULT false,
  CHECK ((id_number_enc IS NULL) = (id_number_masked IS NULL) AND (id_number_enc IS NULL) = (id_number_bidx IS NULL)),
  UNIQUE (household_id, position)
);
CREATE INDEX household_members_household ON household_members (household_id);
CREATE INDEX household_members_id_number_bidx ON household_members (id_number_bidx);

-- A household tied to one or more parcels of its own project. A parcel with households cannot be deleted, split
-- or merged until its households are re-linked (RESTRICT).
CREATE TABLE household_parcels (
  household_id integer NOT NULL REFERENCES households(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  parcel_id    integer NOT NULL REFERENCES parcels(id) ON DELETE RESTRICT,
  PRIMARY KEY (household_id, parcel_id)
);
CREATE INDEX household_parcels_parcel ON household_parcels (parcel_id);

-- Every version of every household, written by the trigger in sql/functions/zd_household_history.sql. Only the
-- ciphertext and masked forms of ID numbers and phones are copied; members and parcel links as a snapshot.
CREATE TABLE household_history (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  household_id     integer NOT NULL,
  version          integer NOT NULL,
  operation        text NOT NULL CHECK (operation IN ('create', 'update', 'delete')),
  project_id       integer NOT NULL,
  head_name        text NOT NULL,
  village_group    text,
  id_number_enc    text,
  id_number_masked text,
  phone_enc        text,
  phone_masked     text,
  notes            text,
  members          jsonb NOT NULL DEFAULT '[]',
  parcel_ids       integer[] NOT NULL DEFAULT '{}',
  changed_by       text NOT NULL,
  changed_at       timestamptz NOT NULL DEFAULT now(),
  reason           text,
  UNIQUE (household_id, version)
);
CREATE TRIGGER household_history_append_only BEFORE UPDATE OR DELETE ON household_history
  FOR EACH ROW EXECUTE FUNCTION zd_refuse_change();

COMMENT ON COLUMN households.id_number_enc IS 'v1:<key id>:base64(IV 12 bytes ‖ GCM tag 16 bytes ‖ ciphertext), AES-256-GCM, AAD = the field name.';
COMMENT ON COLUMN households.id_number_bidx IS 'HMAC-SHA-256 of the normalised ID number under a key derived from ZD_PII_KEY: equality only.';
