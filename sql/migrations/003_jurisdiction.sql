-- The default jurisdiction: 怀化市 (Huaihua) as its bounding quadrilateral, 108.78–111.10°E, 25.85–29.03°N,
-- widened by about 2 km. An approximation: an office replaces it with its official boundary (UPDATE jurisdictions).
INSERT INTO jurisdictions (id, name, geom) VALUES
(1, '怀化市 Huaihua (bounding box)',
 ST_Multi(ST_MakeEnvelope(108.76, 25.83, 111.12, 29.05, 4490)));
