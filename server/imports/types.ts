import type { WarningCode } from '../domain/issue-codes.ts'
import type { FieldIssue } from '../problem.ts'

export const importFormats = ['geojson', 'kml', 'shp', 'baopan', 'points', 'wkt', 'lonlat'] as const
export type ImportFormat = (typeof importFormats)[number]

/** [x, y] in the source CRS: [longitude, latitude] in degrees, or [easting, northing] in metres for GK. */
export type XY = [number, number]
export type Ring = XY[]
/** MultiPolygon coordinates: parts, each an outer ring followed by its holes. */
export type Parts = Ring[][]

/** The attributes a file may carry that map onto a parcel's editable properties (defaults for the commit). */
export interface ImportProperties {
  code?: string
  name?: string
  land_class?: string
  owner?: string
  claimed_area_mu?: string
  survey_zone?: number
  status?: string
}

/** The coordinate system of a feature's coordinates. */
export interface SourceCrs {
  /** EPSG code handed to PostGIS; null while an unprefixed GK zone is still to be decided. */
  srid: number | null
  /** The 3° GK zone the coordinates are in (the survey zone), or null for longitude/latitude. */
  zone: number | null
}

/**
 * One feature read from a file, before any transform: geometry in its source CRS, its original attributes,
 * the parcel properties recognised among them, and faults found while reading it.
 */
export interface ParsedFeature {
  parts: Parts
  crs: SourceCrs
  attributes: Record<string, string | number | boolean | null>
  properties: ImportProperties
  /** The area the file states for the feature (报盘: 公顷 → m²), with half a unit of its last digit. */
  stated?: { area_m2: number; rounding_m2: number }
  /**
   * How the file's stated area was obtained, for the parcel's area claim (area_claims) at the commit: the basis
   * ('gk3' for the planar areas of a 勘测定界 file), the mu digits it amounts to, and m_j from the file's 精度
   * (numeric text, 3 decimals). Only formats that state an area and a precision set it (报盘).
   */
  claim?: { basis: 'gk3' | 'ellipsoid'; decimals: number; point_error_m: string }
  /** Faults that keep the geometry from reaching PostGIS (same codes as the parcel API). */
  issues: FieldIssue[]
}

export interface ImportWarning {
  code: WarningCode
  params?: Record<string, unknown>
}

/** What a parser returns: the features and what it assumed on the way. */
export interface ParseResult {
  format: ImportFormat
  encoding: string | null
  warnings: ImportWarning[]
  features: ParsedFeature[]
}

export interface ParseOptions {
  /** A 3° zone (25…45) for GK coordinates without a prefix. */
  zone?: number
  /** An encoding that overrides detection (utf-8, gbk, gb18030, utf-16le, utf-16be). */
  encoding?: string
  /** The original file name, for detection only. */
  filename?: string
}

/** Limits that keep one request from using unbounded memory or time. */
export const importLimits = {
  maxFeatures: 5000,
  maxVerticesPerFeature: 20000,
  maxVerticesTotal: 1_000_000,
  maxLines: 2_000_000,
}
