-- zd_owner_township(owner), zd_owner_village(owner) → the township (乡, 镇 or 街道) and the village (村) a parcel's
-- owner collective names at its start, as written there, or NULL: '城东街道樟树湾村二组' → '城东街道' and
-- '城东街道樟树湾村'; '盈口乡炉天冲村' → '盈口乡' and '盈口乡炉天冲村'. The shortest such prefix is taken, so a village
-- keeps its township in its name (two 新村 of different townships stay apart) and 村民委员会 ends at its 村.
-- Used by the overview aggregates (migrations/013_parcel_tiles.sql).
CREATE OR REPLACE FUNCTION zd_owner_township(owner text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT substring(owner FROM '^(.*?(?:乡|镇|街道))')
$$;

CREATE OR REPLACE FUNCTION zd_owner_village(owner text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT substring(owner FROM '^(.*?村)')
$$;
