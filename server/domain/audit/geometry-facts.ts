import type { Geometry } from 'geojson'

// The facts the geometry rules read, computed in SQL by sql/queries/audit-geometry.sql (server/db/
// audit-geometry-facts.ts). Areas are decimal strings of the server's float8 values (m², exact as PostgreSQL
// printed them) so that no rule ever computes an area itself; GeoJSON is EPSG:4490.

/** How a claim's area was obtained (area_claims.basis): the CGCS2000 ellipsoid, GK 3° planar, or not stated. */
export type ClaimBasis = 'ellipsoid' | 'gk3' | 'unknown'

/** The outline a claim came with (area_claims.claimed_geom), measured like the parcel. */
export interface ClaimedOutlineFacts {
  ellipsoidal_m2: string
  /** GK 3° planar area in the parcel's survey zone. */
  gk_m2: string
  /** Distance between the outline's centroid and the parcel's, geodesic metres. */
  shift_m: number
  /** Direction from the parcel's centroid to the outline's, degrees clockwise from north. */
  shift_bearing_deg: number
  geometry: Geometry
}

/** One parcel of the project with every area the verdict and the basis diagnosis need. */
export interface ParcelAreaFacts {
  id: number
  code: string
  owner: string
  land_class: string
  /** The parcel's area_claims row, or null when it has none (then the defaults below). */
  claim_id: number | null
  /** parcels.claimed_area_mu as numeric text ('9.2750'), or null when nothing was claimed. */
  claimed_area_mu: string | null
  /** From area_claims; a parcel without a row: 'unknown', 3 decimals, 0.05 m. */
  basis: ClaimBasis
  /** The decimals the claim was stated with: rounding = ½ unit of the last one. */
  decimals: number
  /** m_j, the boundary points' mean error in metres, as numeric text ('0.050'). */
  point_error_m: string
  /** The 3° zone of the survey (parcels.survey_zone), or zd_gk3_zone of the centroid. */
  survey_zone: number
  survey_zone_declared: boolean
  centroid_lon: number
  centroid_lat: number
  /** ST_Area(geom::geography): the authoritative 核定面积 (zd_area's ellipsoidal_m2). */
  ellipsoidal_m2: string
  /** ST_Area in the GK 3° plane of survey_zone (zd_area's planar_m2). */
  gk_m2: string
  /** The GK 3° planar areas in the neighbouring zones (survey_zone − 1 and + 1): the wrong-zone signature. */
  gk_neighbours: { zone: number; m2: string }[]
  /** The area on a sphere of radius 6 371 008.8 m, by Turf 7's formula (what @turf/area 7 returns). */
  sphere_turf7_m2: string
  /** The same on a sphere of radius 6 378 137 m (Turf ≤ 6, Leaflet.draw geodesicArea). */
  sphere_turf6_m2: string
  /**
   * Σ D² over every boundary point of every ring, D = the planar distance (GK, survey_zone) between the point's
   * two neighbours, in m²: m_P = m_j·√(ΣD²/8).
   */
  sum_d2_m2: string
  claimed_outline: ClaimedOutlineFacts | null
}

/** A building with its footprint measured in SQL. */
export interface BuildingFacts {
  id: number
  code: string
  parcel_id: number
  parcel_code: string
  household_id: number | null
  floors: number
  /** buildings.floor_area_m2 as numeric text (2 decimals). */
  floor_area_m2: string
  /** Ellipsoidal area of the footprint, m². */
  footprint_m2: string
  /** Perimeter of the footprint in the GK plane of its parcel's zone, m. */
  footprint_perimeter_m: number
  /** Σ D² of the footprint's boundary points, GK planar m² (as ParcelAreaFacts.sum_d2_m2). */
  footprint_sum_d2_m2: string
  /** Ellipsoidal m² of the footprint outside its parcel, and that part's shape (null when none). */
  outside_parcel_m2: string
  outside_parcel_geometry: Geometry | null
}

/** Two parcels that overlap by more than 1 m² (ellipsoidal). */
export interface OverlapFacts {
  parcel_id: number
  parcel_code: string
  other_parcel_id: number
  other_parcel_code: string
  /** The other parcel's project: this project's id for an overlap inside it. */
  other_project_id: number
  other_project_code: string
  overlap_m2: string
  geometry: Geometry
}

/**
 * A sliver between the project's parcels: a connected part of the plane outside every parcel of the project that a
 * disk of 1 m diameter cannot enter (the morphological closing of their union by 0.5 m in the GK plane, minus the
 * union), larger than 1 m². A deliberate hole (an excluded house plot, a road) is wider and is not one.
 */
export interface GapFacts {
  /** The project's parcels the sliver touches (within 0.01 m), ascending. */
  parcel_ids: number[]
  parcel_codes: string[]
  area_m2: string
  /** 2·area/perimeter in the GK plane: a sliver's mean width, m. */
  width_m: number
  centroid_lon: number
  centroid_lat: number
  geometry: Geometry
}

/** The part of a parcel outside the project's acquisition scope (拟征收范围), when more than 1 m². */
export interface OutsideScopeFacts {
  parcel_id: number
  parcel_code: string
  outside_m2: string
  /** The parcel's ellipsoidal m², for the share outside. */
  parcel_m2: string
  geometry: Geometry
}

/** Everything the geometry rules of one project read. */
export interface GeometryFacts {
  project_id: number
  project_code: string
  parcels: ParcelAreaFacts[]
  buildings: BuildingFacts[]
  overlaps: OverlapFacts[]
  gaps: GapFacts[]
  /** False when the project has no acquisition_scopes row: then nothing is outside it. */
  has_scope: boolean
  /** The acquisition_scopes row, or null. */
  scope_id: number | null
  outside_scope: OutsideScopeFacts[]
}
