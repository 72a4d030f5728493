/** What GET /api/exports/parcels can write. */
export const exportFormats = ['geojson', 'kml', 'shp', 'baopan', 'csv'] as const
export type ExportFormat = (typeof exportFormats)[number]

/** Which parcels: one project, or a list of parcel ids (one parcel or a selection). */
export type ExportScope = { project: number } | { ids: readonly number[] }

/**
 * The URL of an export download. It is fetched by the browser through a link (the session cookie carries the
 * authentication; a GET needs no CSRF token), and the server answers with an attachment.
 */
export function exportUrl(format: ExportFormat, scope: ExportScope): string {
  const params = new URLSearchParams({ format })
  if ('project' in scope) params.set('project', String(scope.project))
  else params.set('ids', scope.ids.join(','))
  return `/api/exports/parcels?${params}`
}
