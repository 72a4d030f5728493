-- zd_project_totals_fold(changes project_parcel_change[]) → void: adds what one statement on parcels changed
-- (functions/zd_project_totals_stage.sql: + the parcels arriving, − those leaving, grouped by project, land class
-- and owner) to project_parcel_totals (migrations/019_project_totals.sql): the 'project', 'land_class' and 'owner'
-- rows by exact differences, in key order; rows left without parcels are deleted.
-- The extent of a 'project' row grows with the parcels arriving; when a parcel leaving reached one of its edges and
-- no parcel arriving reaches that edge, it is computed again from the project's parcels (ST_Extent over them: about
-- 0.5 s for 125 000 parcels; rare, since only an edit at the rim of a project does it).
-- The 'project' rows are locked first, in project order, so that concurrent writers to a project queue here and
-- each one sees the extent the one before it committed.
CREATE OR REPLACE FUNCTION zd_project_totals_fold(p_changes project_parcel_change[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  touched integer[];
  reshaped integer[];
BEGIN
  SELECT array_agg(DISTINCT c.project_id ORDER BY c.project_id) INTO touched FROM unnest(p_changes) c;
  IF touched IS NULL THEN
    RETURN;
  END IF;
  PERFORM 1 FROM project_parcel_totals t
  WHERE t.project_id = ANY (touched) AND t.kind = 'project' AND t.key = ''
  ORDER BY t.project_id
  FOR UPDATE;

  SELECT coalesce(array_agg(t.project_id), '{}') INTO reshaped
  FROM (SELECT c.project_id,
               min(ST_XMin(c.box)) FILTER (WHERE c.parcels < 0) AS gone_west, min(ST_XMin(c.box)) FILTER (WHERE c.parcels > 0) AS new_west,
               min(ST_YMin(c.box)) FILTER (WHERE c.parcels < 0) AS gone_south, min(ST_YMin(c.box)) FILTER (WHERE c.parcels > 0) AS new_south,
               max(ST_XMax(c.box)) FILTER (WHERE c.parcels < 0) AS gone_east, max(ST_XMax(c.box)) FILTER (WHERE c.parcels > 0) AS new_east,
               max(ST_YMax(c.box)) FILTER (WHERE c.parcels < 0) AS gone_north, max(ST_YMax(c.box)) FILTER (WHERE c.parcels > 0) AS new_north
        FROM unnest(p_changes) c
        GROUP BY c.project_id) x
  JOIN project_parcel_totals t ON t.project_id = x.project_id AND t.kind = 'project' AND t.key = ''
  WHERE (x.gone_west <= t.west AND NOT coalesce(x.new_west <= t.west, false))
     OR (x.gone_south <= t.south AND NOT coalesce(x.new_south <= t.south, false))
     OR (x.gone_east >= t.east AND NOT coalesce(x.new_east >= t.east, false))
     OR (x.gone_north >= t.north AND NOT coalesce(x.new_north >= t.north, false));

  INSERT INTO project_parcel_totals AS t (project_id, kind, key, parcels, area_m2, west, south, east, north)
  SELECT d.project_id, d.kind, d.key, d.parcels, d.area_m2,
         CASE WHEN d.kind = 'project' THEN d.west END, CASE WHEN d.kind = 'project' THEN d.south END,
         CASE WHEN d.kind = 'project' THEN d.east END, CASE WHEN d.kind = 'project' THEN d.north END
  FROM (SELECT c.project_id,
               CASE WHEN GROUPING(c.land_class) = 0 THEN 'land_class' WHEN GROUPING(c.owner) = 0 THEN 'owner' ELSE 'project' END AS kind,
               CASE WHEN GROUPING(c.land_class) = 0 THEN c.land_class WHEN GROUPING(c.owner) = 0 THEN c.owner ELSE '' END AS key,
               sum(c.parcels)::integer AS parcels, sum(c.area_m2) AS area_m2,
               -- the extent of the parcels arriving
               min(ST_XMin(c.box)) FILTER (WHERE c.parcels > 0) AS west, min(ST_YMin(c.box)) FILTER (WHERE c.parcels > 0) AS south,
               max(ST_XMax(c.box)) FILTER (WHERE c.parcels > 0) AS east, max(ST_YMax(c.box)) FILTER (WHERE c.parcels > 0) AS north
        FROM unnest(p_changes) c
        GROUP BY GROUPING SETS ((c.project_id), (c.project_id, c.land_class), (c.project_id, c.owner))) d
  ORDER BY d.project_id, d.kind, d.key
  ON CONFLICT (project_id, kind, key) DO UPDATE
    SET parcels = t.parcels + excluded.parcels,
        area_m2 = t.area_m2 + excluded.area_m2,
        west = least(t.west, excluded.west),
        south = least(t.south, excluded.south),
        east = greatest(t.east, excluded.east),
        north = greatest(t.north, excluded.north);

  UPDATE project_parcel_totals t
  SET west = ST_XMin(e.box), south = ST_YMin(e.box), east = ST_XMax(e.box), north = ST_YMax(e.box)
  FROM (SELECT p.project_id, ST_Extent(p.geom) AS box FROM parcels p WHERE p.project_id = ANY (reshaped) GROUP BY p.project_id) e
  WHERE t.project_id = e.project_id AND t.kind = 'project' AND t.key = '';

  DELETE FROM project_parcel_totals WHERE project_id = ANY (touched) AND parcels = 0;
END
$$;
COMMENT ON FUNCTION zd_project_totals_fold(project_parcel_change[]) IS
  'Adds the parcel changes of one statement to the per-project totals (counts, exact m², extent).';
