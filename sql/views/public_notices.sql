-- public_notices: the notices the public may see, and the only table-like door the public portal has into the
-- database (the role zd_public selects this view and nothing else; server/db/public-reads.ts asPublic).
-- Rows: notices in status published or expired; drafts, approved and withdrawn notices never appear.
-- The view runs with its owner's rights, so zd_public reads notices and projects only through these columns:
-- no author, approver, withdrawal reason, version or internal project id leaves through it.
-- Dates are Beijing dates; "today" is (now() AT TIME ZONE 'Asia/Shanghai')::date.
--   status        'published', or 'expired' once ends_on < today (even before the hourly sweep writes it);
--   hearing_open  zd_notice_hearing_open: the notice invites hearing requests (hearing_deadline set), is not
--                 expired, and today lies in starts_on … hearing_deadline (both days included);
--   figures       as generated at draft time (areas from zd_area as decimal strings, land classes, collectives,
--                 rates; never a household or a name);
--   geom          the scope in CGCS2000 (EPSG:4490, lon/lat); geometry_json the same as GeoJSON text (9 decimals);
--   geom_3857     the same scope in Web Mercator, for tiles.
CREATE OR REPLACE VIEW public_notices AS
SELECT n.id,
       p.code AS project_code,
       p.name AS project_name,
       p.name_en AS project_name_en,
       n.kind,
       CASE WHEN n.status = 'expired' OR n.ends_on < t.today THEN 'expired' ELSE 'published' END AS status,
       n.title,
       n.body,
       n.township,
       n.contacts,
       n.period_days,
       n.period_unit,
       n.starts_on,
       n.ends_on,
       n.hearing_deadline,
       zd_notice_hearing_open(n.status, n.starts_on, n.ends_on, n.hearing_deadline, t.today) AS hearing_open,
       n.figures,
       n.geom,
       n.geom_3857,
       n.published_at,
       ST_AsGeoJSON(n.geom, 9, 0) AS geometry_json
FROM notices n
JOIN projects p ON p.id = n.project_id
CROSS JOIN (SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date AS today) t
WHERE n.status IN ('published', 'expired');

GRANT SELECT ON public_notices TO zd_public;
