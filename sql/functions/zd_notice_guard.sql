-- zd_notice_guard() → BEFORE INSERT, UPDATE and DELETE trigger of notices: the workflow's last line of defence,
-- whoever writes (server/domain/notices/workflow.ts holds the same rules for the API's answers).
-- INSERT: only drafts, without publication dates. Every INSERT and UPDATE sets geom_3857 = ST_Transform(geom, 3857).
-- UPDATE: the status moves only draft → draft (an edit) | approved, approved → published | withdrawn,
--   published → expired | withdrawn. Once approved, what the notice says (project, kind, title, body, township,
--   contacts, period, figures, geometry) and who drafted and approved it never change; starts_on, ends_on,
--   hearing_deadline and published_* are set only by approved → published and never change after.
-- DELETE: drafts only (their events go with them, see zd_notice_event_guard).
CREATE OR REPLACE FUNCTION zd_notice_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'notice %: only a draft can be deleted (status %)', OLD.id, OLD.status USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'draft' OR NEW.starts_on IS NOT NULL OR NEW.published_at IS NOT NULL OR NEW.approved_by IS NOT NULL THEN
      RAISE EXCEPTION 'a notice is created as a draft' USING ERRCODE = 'insufficient_privilege';
    END IF;
    NEW.geom_3857 := ST_Transform(NEW.geom, 3857);
    RETURN NEW;
  END IF;

  IF NEW.id <> OLD.id OR NEW.drafted_by <> OLD.drafted_by OR NEW.drafted_at <> OLD.drafted_at THEN
    RAISE EXCEPTION 'notice %: who drafted it cannot change', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.status <> 'draft' AND (
       (NEW.project_id, NEW.kind, NEW.title, NEW.body, NEW.township, NEW.contacts, NEW.period_days, NEW.period_unit,
        NEW.figures, NEW.approved_by, NEW.approved_at)
       IS DISTINCT FROM
       (OLD.project_id, OLD.kind, OLD.title, OLD.body, OLD.township, OLD.contacts, OLD.period_days, OLD.period_unit,
        OLD.figures, OLD.approved_by, OLD.approved_at)
       OR ST_AsEWKB(NEW.geom) IS DISTINCT FROM ST_AsEWKB(OLD.geom)) THEN
    RAISE EXCEPTION 'notice %: an approved notice is frozen', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.status = 'approved' AND NEW.status = 'published' THEN
    NULL; -- the publication dates and publisher are set here, and only here
  ELSIF (NEW.starts_on, NEW.ends_on, NEW.hearing_deadline, NEW.published_by, NEW.published_at)
        IS DISTINCT FROM (OLD.starts_on, OLD.ends_on, OLD.hearing_deadline, OLD.published_by, OLD.published_at) THEN
    RAISE EXCEPTION 'notice %: the publication dates are set once, when it is published', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT ((OLD.status = 'draft' AND NEW.status IN ('draft', 'approved'))
          OR (OLD.status = 'approved' AND NEW.status IN ('published', 'withdrawn'))
          OR (OLD.status = 'published' AND NEW.status IN ('expired', 'withdrawn'))) THEN
    RAISE EXCEPTION 'notice %: status cannot move from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.status <> 'withdrawn' AND NEW.withdrawn_reason IS NOT NULL THEN
    RAISE EXCEPTION 'notice %: only a withdrawal has a reason', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  NEW.geom_3857 := ST_Transform(NEW.geom, 3857);
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER notices_guard BEFORE INSERT OR UPDATE OR DELETE ON notices
  FOR EACH ROW EXECUTE FUNCTION zd_notice_guard();

-- zd_notice_event_guard() → BEFORE UPDATE OR DELETE trigger of notice_events: the workflow log is append-only, but
-- the events of a deleted draft go with it (ON DELETE CASCADE): a DELETE is allowed only once its notice is gone,
-- which zd_notice_guard allows for drafts alone. Replaces the plain zd_refuse_change trigger of the same name.
CREATE OR REPLACE FUNCTION zd_notice_event_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.id = OLD.notice_id) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'notice_events is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE OR REPLACE TRIGGER notice_events_append_only BEFORE UPDATE OR DELETE ON notice_events
  FOR EACH ROW EXECUTE FUNCTION zd_notice_event_guard();
