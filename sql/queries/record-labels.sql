-- Display labels of the records a finding names (server/db/audit.ts labelRecords; the words are made by
-- server/domain/audit/record-labels.ts): the record's own code where it has one, and otherwise what tells it apart
-- without personal data. A household is its id and village group only: never its head's name, an ID or a phone.

-- name: labels
-- $1 record types, $2 ids (two arrays of the same length). One row per distinct (type, id); `found` is false for a
-- record that no longer exists (deleted since), which keeps its bare id.
WITH r AS (SELECT DISTINCT t.type, t.id FROM unnest($1::text[], $2::int[]) AS t(type, id))
SELECT r.type, r.id,
       CASE r.type
         WHEN 'building' THEN (SELECT b.code FROM buildings b WHERE b.id = r.id)
         WHEN 'grave' THEN (SELECT g.code FROM graves g WHERE g.id = r.id)
         WHEN 'attachment' THEN (SELECT a.name FROM attachments a WHERE a.id = r.id)
         WHEN 'approval_batch' THEN (SELECT b.code FROM approval_batches b WHERE b.id = r.id)
         WHEN 'agreement' THEN (SELECT a.number FROM agreements a WHERE a.id = r.id)
         WHEN 'area_claim' THEN (SELECT p.code FROM area_claims c JOIN parcels p ON p.id = c.parcel_id WHERE c.id = r.id)
         WHEN 'acquisition_scope' THEN (SELECT p.code FROM acquisition_scopes s JOIN projects p ON p.id = s.project_id WHERE s.id = r.id)
         WHEN 'compensation_item' THEN (SELECT c.item_type FROM compensation_items c WHERE c.id = r.id)
         WHEN 'reported_figure' THEN (SELECT f.figure FROM reported_figures f WHERE f.id = r.id)
       END AS code,
       CASE r.type
         WHEN 'household' THEN (SELECT h.id FROM households h WHERE h.id = r.id)
         WHEN 'resettlement' THEN (SELECT s.household_id FROM resettlements s WHERE s.id = r.id)
         WHEN 'agreement' THEN (SELECT a.household_id FROM agreements a WHERE a.id = r.id)
         WHEN 'compensation_item' THEN (SELECT c.household_id FROM compensation_items c WHERE c.id = r.id)
       END AS household_id,
       (SELECT h.village_group FROM households h WHERE h.id = CASE r.type
         WHEN 'household' THEN r.id
         WHEN 'resettlement' THEN (SELECT s.household_id FROM resettlements s WHERE s.id = r.id)
         WHEN 'agreement' THEN (SELECT a.household_id FROM agreements a WHERE a.id = r.id)
         WHEN 'compensation_item' THEN (SELECT c.household_id FROM compensation_items c WHERE c.id = r.id)
       END) AS village_group,
       (SELECT t.name_zh FROM compensation_items c JOIN compensation_item_types t ON t.code = c.item_type
        WHERE r.type = 'compensation_item' AND c.id = r.id) AS item_zh,
       (SELECT t.name_en FROM compensation_items c JOIN compensation_item_types t ON t.code = c.item_type
        WHERE r.type = 'compensation_item' AND c.id = r.id) AS item_en,
       (SELECT f.period_start::text || '..' || f.period_end::text FROM reported_figures f
        WHERE r.type = 'reported_figure' AND f.id = r.id) AS period,
       CASE r.type
         WHEN 'building' THEN EXISTS (SELECT 1 FROM buildings x WHERE x.id = r.id)
         WHEN 'grave' THEN EXISTS (SELECT 1 FROM graves x WHERE x.id = r.id)
         WHEN 'attachment' THEN EXISTS (SELECT 1 FROM attachments x WHERE x.id = r.id)
         WHEN 'approval_batch' THEN EXISTS (SELECT 1 FROM approval_batches x WHERE x.id = r.id)
         WHEN 'agreement' THEN EXISTS (SELECT 1 FROM agreements x WHERE x.id = r.id)
         WHEN 'area_claim' THEN EXISTS (SELECT 1 FROM area_claims x WHERE x.id = r.id)
         WHEN 'acquisition_scope' THEN EXISTS (SELECT 1 FROM acquisition_scopes x WHERE x.id = r.id)
         WHEN 'compensation_item' THEN EXISTS (SELECT 1 FROM compensation_items x WHERE x.id = r.id)
         WHEN 'reported_figure' THEN EXISTS (SELECT 1 FROM reported_figures x WHERE x.id = r.id)
         WHEN 'household' THEN EXISTS (SELECT 1 FROM households x WHERE x.id = r.id)
         WHEN 'resettlement' THEN EXISTS (SELECT 1 FROM resettlements x WHERE x.id = r.id)
         WHEN 'fund_entry' THEN EXISTS (SELECT 1 FROM fund_entries x WHERE x.id = r.id)
         WHEN 'disbursement_request' THEN EXISTS (SELECT 1 FROM disbursement_requests x WHERE x.id = r.id)
         ELSE false
       END AS found
FROM r
