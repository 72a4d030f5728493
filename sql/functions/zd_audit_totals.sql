-- zd_audit_totals(project_id) → jsonb: the audited quantities of one project, the figures of the audit sentence
-- (全年稽核土地征收 … 亩、房屋征收 … ㎡、安置人口 … 人), computed from the current records:
--   parcels    int   active parcels of the project;
--   land_m2    text  Σ zd_area ellipsoidal m² (CGCS2000, the 核定面积) of those parcels, 2 decimals;
--   land_mu    text  the same Σ in mu (m² × 15 / 10000), converted once from the unrounded sum, 4 decimals;
--   buildings  int   buildings of the project;
--   houses_m2  text  Σ buildings.floor_area_m2 (建筑面积 as surveyed), 2 decimals;
--   households int   households of the project;
--   persons    int   Σ resettlements.persons (安置人口).
-- An unknown project gives zeros. Areas leave as text so that no digit is lost on the way to the client; sums of
-- several projects (the report) should add land_m2 and convert once, as zd_summary does.
CREATE OR REPLACE FUNCTION zd_audit_totals(p_project_id integer) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  WITH land AS (
    SELECT count(*)::int AS n, coalesce(sum((p.area ->> 'ellipsoidal_m2')::numeric), 0) AS m2  -- stored zd_area (migration 017)
    FROM parcels p WHERE p.project_id = p_project_id
  ), houses AS (
    SELECT count(*)::int AS n, coalesce(sum(b.floor_area_m2), 0) AS m2 FROM buildings b WHERE b.project_id = p_project_id
  )
  SELECT jsonb_build_object(
    'parcels', land.n,
    'land_m2', round(land.m2, 2)::text,
    'land_mu', round(land.m2 * 15 / 10000, 4)::text,
    'buildings', houses.n,
    'houses_m2', round(houses.m2, 2)::text,
    'households', (SELECT count(*)::int FROM households h WHERE h.project_id = p_project_id),
    'persons', (SELECT coalesce(sum(r.persons), 0)::int FROM resettlements r WHERE r.project_id = p_project_id))
  FROM land, houses
$$;
COMMENT ON FUNCTION zd_audit_totals(integer) IS
  'Audited quantities of a project: parcels, land_m2 (2 dp) and land_mu (4 dp) from zd_area ellipsoidal, buildings, houses_m2 (Σ floor_area_m2, 2 dp), households, persons (Σ resettlements.persons).';
