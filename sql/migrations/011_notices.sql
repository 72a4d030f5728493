-- Notices (公告, issue 6): the legal section's notices from draft to publication, their posting evidence, the
-- holiday calendar their working-day deadlines count on, the public's hearing requests, and the only doors the
-- public portal has into the database: the public_* views and zd_public_* functions, readable by the role
-- zd_public, which can select nothing else. Public handlers run under SET LOCAL ROLE zd_public.

-- The working-day calendar: weekends are rest days unless listed as 'workday' (调休上班); weekdays are working days
-- unless listed as 'holiday'. Editable by admin and legal; seeded from data/calendar/cn-holidays.json.
CREATE TABLE holidays (
  day        date PRIMARY KEY,
  kind       text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A notice of one project. kind: pre_announcement 征收土地预公告, compensation_plan 征地补偿安置方案公告,
-- acquisition 征收土地公告, and for legacy projects legacy_notification 拟征地告知书, legacy_plan 征收土地方案公告.
-- figures: what the notice states, generated from the project's data (server/domain/notices/notice-figures.ts: areas
-- in m², 公顷 and 亩 as decimal strings, land classes, owner collectives, compensation rates, parcel count; never a
-- household, a name or a per-household amount). geom: the scope shown on the map (the acquisition scope, else the
-- union of the project's parcels), in CGCS2000. Both are frozen once approved (zd_notice_guard).
-- Dates are Beijing dates: starts_on is the publication day, ends_on the last day of the posting period counted in
-- period_unit, hearing_deadline the last day a hearing request is accepted (notices that invite hearings).
CREATE TABLE notices (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id       integer NOT NULL REFERENCES projects(id),
  kind             text NOT NULL CHECK (kind IN
                   ('pre_announcement', 'compensation_plan', 'acquisition', 'legacy_notification', 'legacy_plan')),
  status           text NOT NULL DEFAULT 'draft'
                   CHECK (status IN ('draft', 'approved', 'published', 'expired', 'withdrawn')),
  title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body             text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  township         text CHECK (length(township) BETWEEN 1 AND 100),
  contacts         text CHECK (length(contacts) BETWEEN 1 AND 1000),
  period_days      integer NOT NULL CHECK (period_days BETWEEN 1 AND 365),
  period_unit      text NOT NULL CHECK (period_unit IN ('days', 'working_days')),
  starts_on        date,
  ends_on          date,
  hearing_deadline date,
  figures          jsonb NOT NULL,
  geom             geometry(MultiPolygon, 4490) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
  -- For tiles: the same outline in Web Mercator, kept by zd_notice_guard, with its own index (issue 7's pattern).
  geom_3857        geometry(MultiPolygon, 3857) NOT NULL,
  version          integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  drafted_by       text NOT NULL,
  drafted_at       timestamptz NOT NULL DEFAULT now(),
  approved_by      text,
  approved_at      timestamptz,
  published_by     text,
  published_at     timestamptz,
  withdrawn_reason text CHECK (length(withdrawn_reason) BETWEEN 1 AND 1000),
  updated_by       text NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  -- Four eyes: the approver is never the drafter.
  CHECK (approved_by IS NULL OR approved_by <> drafted_by),
  CHECK (status = 'draft' OR status = 'withdrawn' OR approved_by IS NOT NULL),
  CHECK (status NOT IN ('published', 'expired')
         OR (published_at IS NOT NULL AND starts_on IS NOT NULL AND ends_on IS NOT NULL AND ends_on >= starts_on)),
  CHECK (hearing_deadline IS NULL OR (starts_on IS NOT NULL AND hearing_deadline >= starts_on)),
  CHECK ((status = 'withdrawn') = (withdrawn_reason IS NOT NULL))
);
CREATE INDEX notices_project ON notices (project_id);
CREATE INDEX notices_geom_3857 ON notices USING gist (geom_3857);

-- Every workflow step of a notice, append-only: created, edited, approved, published, expired, withdrawn.
CREATE TABLE notice_events (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  notice_id   integer NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
  action      text NOT NULL CHECK (action IN ('created', 'edited', 'regenerated', 'approved', 'published', 'expired', 'withdrawn')),
  from_status text,
  to_status   text NOT NULL,
  actor       text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  reason      text CHECK (length(reason) <= 1000)
);
CREATE INDEX notice_events_notice ON notice_events (notice_id, id);

-- Posting evidence (张贴拍照存档): photos of the notice as posted, append-only, bytes in the database.
CREATE TABLE notice_evidence (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  notice_id    integer NOT NULL REFERENCES notices(id),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  bytes        bytea NOT NULL CHECK (octet_length(bytes) BETWEEN 1 AND 5242880),
  sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  place        text CHECK (length(place) BETWEEN 1 AND 200),
  taken_on     date,
  caption      text CHECK (length(caption) <= 200),
  uploaded_by  text NOT NULL,
  uploaded_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (notice_id, sha256)
);

-- A hearing request (听证申请) filed by the public on a notice that invites one. Name and phone are personal data,
-- stored encrypted like households' (server/auth/pii-cipher.ts); phone_index is their blind index, one request per
-- phone per notice; client_key a keyed hash of the sender's address, for abuse limits, never the address itself.
CREATE TABLE hearing_requests (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  notice_id   integer NOT NULL REFERENCES notices(id),
  collective  text NOT NULL CHECK (length(collective) BETWEEN 1 AND 200),
  name_enc    text NOT NULL,
  phone_enc   text NOT NULL,
  phone_index text NOT NULL,
  reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  client_key  text NOT NULL,
  filed_at    timestamptz NOT NULL DEFAULT now(),
  status      text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'answered')),
  answer      text CHECK (length(answer) BETWEEN 1 AND 2000),
  answered_by text,
  answered_at timestamptz,
  CHECK ((status = 'answered') = (answer IS NOT NULL AND answered_by IS NOT NULL AND answered_at IS NOT NULL)),
  UNIQUE (notice_id, phone_index)
);
CREATE INDEX hearing_requests_notice ON hearing_requests (notice_id, id);

CREATE TRIGGER notice_events_append_only BEFORE UPDATE OR DELETE ON notice_events
  FOR EACH ROW EXECUTE FUNCTION zd_refuse_change();
CREATE TRIGGER notice_evidence_append_only BEFORE UPDATE OR DELETE ON notice_evidence
  FOR EACH ROW EXECUTE FUNCTION zd_refuse_change();

-- The public's role: it may read the public_* views and call the zd_public_* functions (granted where they are
-- defined), nothing else. The embedded database's superuser creates it here; on a server the DBA creates it once
-- (README: CREATE ROLE zd_public NOLOGIN; GRANT zd_public TO <app user>), as tests/setup-postgres.sh does.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'zd_public') THEN
    CREATE ROLE zd_public NOLOGIN;
  END IF;
  IF NOT pg_has_role(current_user, 'zd_public', 'MEMBER') THEN
    EXECUTE format('GRANT zd_public TO %I', current_user);
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE EXCEPTION 'the role zd_public is missing or not granted to %: as a superuser run CREATE ROLE zd_public NOLOGIN; GRANT zd_public TO %;', current_user, current_user;
END $$;
