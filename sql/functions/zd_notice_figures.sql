-- zd_notice_figures(project_id) → jsonb: what a notice of the project states, computed from its current records
-- (a draft takes them when created or regenerated; from approval on they are frozen in notices.figures).
-- Areas are zd_area's ellipsoidal m² (核定面积) of the project's parcels, summed, then rounded once: area_m2 to
-- 2 decimals, area_mu (× 15 / 10000) to 3, area_ha (/ 10000) to 4; all decimals as text. Collective level only:
-- never a household, a person's name or a per-household amount.
--   parcels, area_m2, area_mu, area_ha,
--   land_classes [{ code, name, name_en, parcels, area_mu }] by code,
--   collectives [{ name, parcels, area_mu }] (parcels.owner, the 村/组 collective) in code-point order,
--   rates [{ item_type, name, name_en, land_class, land_class_name, structure, attachment, unit, rate_yuan }] of the
--     project's latest rate set (highest version_no), in item-type order then key: land_class for the land items
--     (land, resettlement_subsidy, young_crops: a class code such as 0101 or a group code such as 01, named by
--     land_class_name: 水田 or 耕地), structure for house, attachment (a name or kind) for attachments, each null
--     for the '*' rate;
--   rate_set { name, basis, effective_from } or null; approval_batches [{ code, name, authority }] by code;
--   scope_source: 'acquisition_scope' when the project has one (zd_notice_scope draws it), else 'parcels'.
CREATE OR REPLACE FUNCTION zd_notice_figures(p_project_id integer) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  WITH pa AS (
    SELECT p.land_class, p.owner, (p.area ->> 'ellipsoidal_m2')::numeric AS m2  -- stored zd_area (migration 017)
    FROM parcels p WHERE p.project_id = p_project_id
  ), rs AS (
    SELECT s.id, s.name, s.basis, s.effective_from FROM rate_sets s
    WHERE s.project_id = p_project_id ORDER BY s.version_no DESC LIMIT 1
  ), total AS (
    SELECT count(*)::int AS n, coalesce(sum(m2), 0) AS m2 FROM pa
  )
  SELECT jsonb_build_object(
    'parcels', total.n,
    'area_m2', round(total.m2, 2)::text,
    'area_mu', round(total.m2 * 15 / 10000, 3)::text,
    'area_ha', round(total.m2 / 10000, 4)::text,
    'land_classes', (
      SELECT coalesce(jsonb_agg(jsonb_build_object('code', x.land_class, 'name', lc.name_zh, 'name_en', lc.name_en,
                                                   'parcels', x.n, 'area_mu', round(x.m2 * 15 / 10000, 3)::text) ORDER BY x.land_class), '[]')
      FROM (SELECT land_class, count(*)::int AS n, sum(m2) AS m2 FROM pa GROUP BY land_class) x
      JOIN land_classes lc ON lc.code = x.land_class),
    'collectives', (
      SELECT coalesce(jsonb_agg(jsonb_build_object('name', x.owner, 'parcels', x.n, 'area_mu', round(x.m2 * 15 / 10000, 3)::text)
                                ORDER BY x.owner COLLATE "C"), '[]')
      FROM (SELECT owner, count(*)::int AS n, sum(m2) AS m2 FROM pa GROUP BY owner) x),
    'rates', (
      SELECT coalesce(jsonb_agg(jsonb_build_object(
               'item_type', r.item_type, 'name', t.name_zh, 'name_en', t.name_en,
               'land_class', CASE WHEN r.item_type IN ('land', 'resettlement_subsidy', 'young_crops') AND r.key <> '*' THEN r.key END,
               'land_class_name', CASE WHEN r.item_type IN ('land', 'resettlement_subsidy', 'young_crops') AND r.key <> '*'
                                       THEN coalesce(lc.name_zh, (SELECT g.group_zh FROM land_classes g WHERE g.group_code = r.key LIMIT 1)) END,
               'structure', CASE WHEN r.item_type = 'house' AND r.key <> '*' THEN r.key END,
               'attachment', CASE WHEN r.item_type = 'attachments' AND r.key <> '*' THEN r.key END,
               'unit', t.unit, 'rate_yuan', r.rate_yuan::text)
             ORDER BY t.position, r.key COLLATE "C"), '[]')
      FROM rates r JOIN rs ON rs.id = r.rate_set_id
      JOIN compensation_item_types t ON t.code = r.item_type
      LEFT JOIN land_classes lc ON lc.code = r.key),
    'rate_set', (SELECT jsonb_build_object('name', rs.name, 'basis', rs.basis, 'effective_from', rs.effective_from::text) FROM rs),
    'approval_batches', (
      SELECT coalesce(jsonb_agg(jsonb_build_object('code', b.code, 'name', b.name, 'authority', b.declared_authority)
                                ORDER BY b.code COLLATE "C"), '[]')
      FROM approval_batches b WHERE b.project_id = p_project_id),
    'scope_source', CASE WHEN EXISTS (SELECT 1 FROM acquisition_scopes s WHERE s.project_id = p_project_id)
                         THEN 'acquisition_scope' ELSE 'parcels' END)
  FROM total
$$;
COMMENT ON FUNCTION zd_notice_figures(integer) IS 'The figures a notice of the project states: zd_area sums in m², mu, ha; land classes; collectives; latest rates.';

-- zd_notice_scope(project_id) → geometry(MultiPolygon, 4490) or NULL: the outline a notice of the project shows,
-- the project's acquisition scope (拟征收范围) when it has one, else the union of its parcels; NULL when it has
-- neither (a notice cannot be drafted then: NOTICE_NO_PARCELS).
CREATE OR REPLACE FUNCTION zd_notice_scope(p_project_id integer) RETURNS geometry
LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    (SELECT s.geom FROM acquisition_scopes s WHERE s.project_id = p_project_id),
    (SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(p.geom)), 3))::geometry(MultiPolygon, 4490)
     FROM parcels p WHERE p.project_id = p_project_id HAVING count(*) > 0))
$$;
COMMENT ON FUNCTION zd_notice_scope(integer) IS 'The outline of a notice: the acquisition scope, else the union of the parcels (EPSG:4490).';
