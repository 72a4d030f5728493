-- The agreement and payment status of every parcel of one project, for colouring the map's vector tiles through
-- feature-state (server/handlers/parcel-states.ts). The statuses follow the rules of the view parcel_features
-- (agreement_status, payment_status), computed here by grouped joins over the project's parcels instead of the
-- view's two subqueries a row, which took seconds for a project of 125,000 parcels (tests/api/parcel-states.test.ts
-- compares every row with the view).

-- name: by_project
-- $1 project id. One row when the project exists: project_id, and parcels, the JSON text of
-- [[id, agreement_status, payment_status], …] ordered by parcel id ('[]' for a project without parcels).
WITH agreement AS (
  SELECT hp.parcel_id, count(*) AS n, count(a.signed_on) AS signed
  FROM parcels p
  JOIN household_parcels hp ON hp.parcel_id = p.id
  LEFT JOIN agreements a ON a.household_id = hp.household_id
  WHERE p.project_id = $1::int
  GROUP BY hp.parcel_id
),
payment AS (
  SELECT ci.parcel_id, count(*) AS n, count(ci.paid_on) AS paid
  FROM (SELECT ci.parcel_id, ci.id, ci.paid_on
        FROM parcels p JOIN compensation_items ci ON ci.parcel_id = p.id
        WHERE p.project_id = $1::int
        UNION
        SELECT hp.parcel_id, ci.id, ci.paid_on
        FROM parcels p
        JOIN household_parcels hp ON hp.parcel_id = p.id
        JOIN compensation_items ci ON ci.household_id = hp.household_id
        WHERE p.project_id = $1::int) ci
  GROUP BY ci.parcel_id
)
SELECT pr.id AS project_id,
       (SELECT coalesce(json_agg(json_build_array(
                 p.id,
                 CASE WHEN ag.n IS NULL THEN 'no_households'
                      WHEN ag.signed = 0 THEN 'none_signed'
                      WHEN ag.signed < ag.n THEN 'partly_signed'
                      ELSE 'all_signed' END,
                 CASE WHEN pay.n IS NULL THEN 'no_items'
                      WHEN pay.paid = 0 THEN 'unpaid'
                      WHEN pay.paid < pay.n THEN 'partly_paid'
                      ELSE 'paid' END) ORDER BY p.id), '[]')::text
        FROM parcels p
        LEFT JOIN agreement ag ON ag.parcel_id = p.id
        LEFT JOIN payment pay ON pay.parcel_id = p.id
        WHERE p.project_id = pr.id) AS parcels
FROM projects pr
WHERE pr.id = $1::int
