-- zd_invariant_violations() → one row (kind, detail) per broken promise of the data; no rows when it is sound.
-- The fsck of the database: run after every test (tests/helpers/test-db.ts), after a crash or a restore, and
-- nightly in production. It reads only; it trusts no trigger, so it also finds what a superuser, a disabled
-- trigger or session_replication_role = replica let in. Cost: linear in the rows, plus one GiST probe per parcel
-- for overlaps and one zd_area per parcel for the stored figures (both what a write pays anyway).
-- Kinds (stable, for tests and monitors):
--   parcel_geometry_invalid, parcel_geometry_empty: NOT ST_IsValid / ST_IsEmpty (the CHECK of parcels.geom);
--   parcel_geometry_type: not a 2D MultiPolygon in EPSG:4490 (the typed column);
--   parcel_outside_jurisdiction: not within any jurisdiction (the rule of zd_geometry_issues);
--   parcel_overlap: two active parcels, of any projects, whose interiors overlap by more than 1 m² (the rule of
--     zd_parcel_conflicts: ST_Relate 'T********' and zd_area of the overlap, never ST_Overlaps). A bulk import
--     inserts without this check and lists its overlaps in a separate step: until the office resolves them, they
--     are violations like any other, and the detail names the import;
--   parcel_stored_stale: geom_3857, label_point, label_3857 or area differ from zd_parcel_stored(geom, survey_zone);
--   parcel_history_mismatch: an active parcel whose latest parcel_history row is missing, of another version, a
--     tombstone, or differs in any attribute or in the geometry (byte for byte);
--   parcel_missing: a parcel whose latest history row is live but which is not in parcels (deleted unrecorded);
--   parcel_history_gap: a parcel's versions are not exactly 1 … n;
--   household_history_mismatch, household_missing, household_history_gap: the same for households;
--   record_history_mismatch, record_missing, record_history_gap: the same, by version, for every record type
--     kept in record_history;
--   fund_balance_negative: a project's balance (zd_funds_totals) below zero;
--   fund_entry_negative: a deposit or disbursement taken below zero by its corrections;
--   disbursement_unmatched: an executed request without its ledger entry, or an entry whose request is not executed;
--   parcel_overview_drift: a grid zoom of parcel_overview (with the differences still pending) counts other than
--     the parcels there are.
CREATE OR REPLACE FUNCTION zd_invariant_violations()
RETURNS TABLE (kind text, detail text)
-- plpgsql: its plan is kept for the session (a sql function is planned anew on every call, 20 ms of a test's
-- reset). jit off: PostGIS's function costs push the plan over jit_above_cost, and compiling it took 2 s.
LANGUAGE plpgsql STABLE SET jit = off AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  -- The parcels whose geometry the spatial checks can read: GEOS may throw on an invalid one, and zd_area cannot
  -- place an empty one in a zone. The others are reported as such and skipped by the checks after.
  WITH sound AS (
    SELECT p.* FROM parcels p
    WHERE ST_IsValid(p.geom) AND NOT ST_IsEmpty(p.geom) AND GeometryType(p.geom) = 'MULTIPOLYGON'
      AND ST_SRID(p.geom) = 4490 AND ST_NDims(p.geom) = 2
  ),
  -- Pairs of sound parcels whose interiors intersect, each pair once, through the GiST index. MATERIALIZED, so that
  -- no area filter is pushed below the soundness test (the planner orders the terms of a join filter by cost).
  touching AS MATERIALIZED (
    SELECT a.id AS a, b.id AS b, a.geom AS ga, b.geom AS gb
    FROM sound a JOIN parcels b ON b.geom && a.geom AND b.id > a.id
      -- CASE: b's soundness decided before GEOS reads it.
      AND CASE WHEN ST_IsValid(b.geom) AND NOT ST_IsEmpty(b.geom) THEN ST_Relate(a.geom, b.geom, 'T********') ELSE false END
  )
  -- Geometry as stored (P1).
  SELECT 'parcel_geometry_invalid', format('parcel %s: %s', p.id, ST_IsValidReason(p.geom))
  FROM parcels p WHERE NOT ST_IsValid(p.geom)
  UNION ALL
  SELECT 'parcel_geometry_empty', format('parcel %s', p.id)
  FROM parcels p WHERE ST_IsEmpty(p.geom)
  UNION ALL
  SELECT 'parcel_geometry_type', format('parcel %s: %s, SRID %s, %s dimensions', p.id, GeometryType(p.geom), ST_SRID(p.geom), ST_NDims(p.geom))
  FROM parcels p WHERE GeometryType(p.geom) <> 'MULTIPOLYGON' OR ST_SRID(p.geom) <> 4490 OR ST_NDims(p.geom) <> 2
  UNION ALL
  SELECT 'parcel_outside_jurisdiction', format('parcel %s', p.id)
  FROM sound p WHERE NOT EXISTS (SELECT 1 FROM jurisdictions j WHERE ST_Within(p.geom, j.geom))
  UNION ALL
  -- No double acquisition (P4): each pair once, by the rule of zd_parcel_conflicts (which reads all of parcels, so
  -- it is written out here over the sound ones): interiors intersect and the overlap's zd_area is over 1 m².
  SELECT 'parcel_overlap', format('parcels %s and %s overlap by %s m²%s', o.a, o.b, round(o.m2::numeric, 2),
           coalesce((SELECT format(' (bulk import %s, overlaps not yet resolved)', string_agg(b.id::text, ', ' ORDER BY b.id))
                     FROM bulk_imports b WHERE b.parcel_ids && ARRAY[o.a, o.b] HAVING count(*) > 0), ''))
  FROM (SELECT x.a, x.b, (zd_area(ST_CollectionExtract(ST_Intersection(x.ga, x.gb), 3)) ->> 'ellipsoidal_m2')::float8 AS m2
        FROM touching x) o
  WHERE o.m2 > 1.0
  UNION ALL
  SELECT 'parcel_stored_stale', format('parcel %s', p.id)
  FROM sound p CROSS JOIN LATERAL zd_parcel_stored(p.geom, p.survey_zone) s
  WHERE NOT (ST_AsBinary(p.geom_3857) = ST_AsBinary(s.geom_3857) AND ST_AsBinary(p.label_point) = ST_AsBinary(s.label_point)
             AND ST_AsBinary(p.label_3857) = ST_AsBinary(s.label_3857) AND p.area = s.area)
  UNION ALL
  -- Complete, append-only history (P3): the current row is the latest version, and versions run 1 … n.
  SELECT 'parcel_history_mismatch', format('parcel %s version %s: latest history %s', p.id, p.version,
           coalesce(h.version || ' ' || h.operation, 'missing'))
  FROM parcels p
  LEFT JOIN LATERAL (SELECT * FROM parcel_history h WHERE h.parcel_id = p.id ORDER BY h.version DESC LIMIT 1) h ON true
  WHERE h.id IS NULL OR h.version <> p.version OR h.operation NOT IN ('create', 'update', 'restore')
     OR (h.project_id, h.code, h.land_class, h.owner, h.status) IS DISTINCT FROM (p.project_id, p.code, p.land_class, p.owner, p.status)
     OR (h.claimed_area_mu, h.survey_zone) IS DISTINCT FROM (p.claimed_area_mu, p.survey_zone)
     OR ST_AsBinary(h.geom) <> ST_AsBinary(p.geom)
  UNION ALL
  SELECT 'parcel_missing', format('parcel %s: history ends with version %s %s', h.parcel_id, h.version, h.operation)
  FROM (SELECT DISTINCT ON (parcel_id) parcel_id, version, operation FROM parcel_history ORDER BY parcel_id, version DESC) h
  WHERE h.operation IN ('create', 'update', 'restore') AND NOT EXISTS (SELECT 1 FROM parcels p WHERE p.id = h.parcel_id)
  UNION ALL
  SELECT 'parcel_history_gap', format('parcel %s: versions %s', parcel_id, string_agg(version::text, ',' ORDER BY version))
  FROM parcel_history GROUP BY parcel_id HAVING min(version) <> 1 OR max(version) <> count(*)
  UNION ALL
  SELECT 'household_history_mismatch', format('household %s version %s: latest history %s', x.id, x.version,
           coalesce(h.version || ' ' || h.operation, 'missing'))
  FROM households x
  LEFT JOIN LATERAL (SELECT h.version, h.operation FROM household_history h WHERE h.household_id = x.id ORDER BY h.version DESC LIMIT 1) h ON true
  WHERE h.version IS DISTINCT FROM x.version OR h.operation = 'delete'
  UNION ALL
  SELECT 'household_missing', format('household %s: history ends with version %s %s', h.household_id, h.version, h.operation)
  FROM (SELECT DISTINCT ON (household_id) household_id, version, operation FROM household_history ORDER BY household_id, version DESC) h
  WHERE h.operation <> 'delete' AND NOT EXISTS (SELECT 1 FROM households x WHERE x.id = h.household_id)
  UNION ALL
  SELECT 'household_history_gap', format('household %s: versions %s', household_id, string_agg(version::text, ',' ORDER BY version))
  FROM household_history GROUP BY household_id HAVING min(version) <> 1 OR max(version) <> count(*)
  UNION ALL
  SELECT 'record_history_mismatch', format('%s %s version %s: latest history %s', r.record_type, r.id, r.version,
           coalesce(h.version || ' ' || h.operation, 'missing'))
  FROM (
    SELECT 'building' AS record_type, id, version FROM buildings
    UNION ALL SELECT 'resettlement', id, version FROM resettlements
    UNION ALL SELECT 'grave', id, version FROM graves
    UNION ALL SELECT 'attachment', id, version FROM attachments
    UNION ALL SELECT 'agreement', id, version FROM agreements
    UNION ALL SELECT 'compensation_item', id, version FROM compensation_items
    UNION ALL SELECT 'area_claim', id, version FROM area_claims
    UNION ALL SELECT 'acquisition_scope', id, version FROM acquisition_scopes
    UNION ALL SELECT 'approval_batch', id, version FROM approval_batches
  ) r
  LEFT JOIN LATERAL (SELECT h.version, h.operation FROM record_history h
                     WHERE h.record_type = r.record_type AND h.record_id = r.id ORDER BY h.version DESC LIMIT 1) h ON true
  WHERE h.version IS DISTINCT FROM r.version OR h.operation = 'delete'
  UNION ALL
  SELECT 'record_missing', format('%s %s: history ends with version %s %s', h.record_type, h.record_id, h.version, h.operation)
  FROM (SELECT DISTINCT ON (record_type, record_id) record_type, record_id, version, operation FROM record_history
        ORDER BY record_type, record_id, version DESC) h
  WHERE h.operation <> 'delete' AND NOT EXISTS (
    SELECT 1 FROM buildings x WHERE h.record_type = 'building' AND x.id = h.record_id
    UNION ALL SELECT 1 FROM resettlements x WHERE h.record_type = 'resettlement' AND x.id = h.record_id
    UNION ALL SELECT 1 FROM graves x WHERE h.record_type = 'grave' AND x.id = h.record_id
    UNION ALL SELECT 1 FROM attachments x WHERE h.record_type = 'attachment' AND x.id = h.record_id
    UNION ALL SELECT 1 FROM agreements x WHERE h.record_type = 'agreement' AND x.id = h.record_id
    UNION ALL SELECT 1 FROM compensation_items x WHERE h.record_type = 'compensation_item' AND x.id = h.record_id
    UNION ALL SELECT 1 FROM area_claims x WHERE h.record_type = 'area_claim' AND x.id = h.record_id
    UNION ALL SELECT 1 FROM acquisition_scopes x WHERE h.record_type = 'acquisition_scope' AND x.id = h.record_id
    UNION ALL SELECT 1 FROM approval_batches x WHERE h.record_type = 'approval_batch' AND x.id = h.record_id)
  UNION ALL
  SELECT 'record_history_gap', format('%s %s: versions %s', record_type, record_id, string_agg(version::text, ',' ORDER BY version))
  FROM record_history GROUP BY record_type, record_id HAVING min(version) <> 1 OR max(version) <> count(*)
  UNION ALL
  -- The ledger: never below zero, every executed request paid exactly once.
  SELECT 'fund_balance_negative', format('project %s: balance %s yuan', f.project_id, t.balance_yuan)
  FROM (SELECT DISTINCT project_id FROM fund_entries) f CROSS JOIN LATERAL zd_funds_totals(f.project_id) t
  WHERE t.balance_yuan < 0
  UNION ALL
  SELECT 'fund_entry_negative', format('fund entry %s (%s): %s yuan with its corrections', e.id, e.kind, e.amount_yuan + c.yuan)
  FROM fund_entries e
  JOIN (SELECT corrects_id, sum(amount_yuan) AS yuan FROM fund_entries WHERE corrects_id IS NOT NULL GROUP BY corrects_id) c
    ON c.corrects_id = e.id
  WHERE e.amount_yuan + c.yuan < 0
  UNION ALL
  SELECT 'disbursement_unmatched', format('request %s: %s, ledger entry %s', r.id, r.status, coalesce(e.id::text, 'none'))
  FROM disbursement_requests r LEFT JOIN fund_entries e ON e.request_id = r.id
  WHERE (r.status = 'executed') <> (e.id IS NOT NULL)
  UNION ALL
  -- The map's overview sums (migrations/013): each grid zoom partitions the parcels.
  SELECT 'parcel_overview_drift', format('grid zoom %s counts %s parcels, there are %s', z.cell_zoom, coalesce(g.counted, 0), n.parcels)
  FROM (SELECT count(*) AS parcels FROM parcels) n
  CROSS JOIN (VALUES (10), (12), (14), (16)) z (cell_zoom)
  LEFT JOIN (
    SELECT u.cell_zoom, sum(u.parcels) AS counted FROM (
      SELECT o.cell_zoom, o.parcels FROM parcel_overview o WHERE o.kind = 'grid'
      UNION ALL SELECT d.cell_zoom, d.parcels FROM parcel_overview_pending d WHERE d.kind = 'grid'
    ) u GROUP BY u.cell_zoom
  ) g ON g.cell_zoom = z.cell_zoom
  WHERE coalesce(g.counted, 0) <> n.parcels AND (SELECT s.built FROM parcel_overview_state s);
END
$$;
COMMENT ON FUNCTION zd_invariant_violations() IS
  'Every broken invariant of the data as (kind, detail); no rows when the data is sound.';
