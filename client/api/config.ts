import { apiRequest } from './http.ts'

/** An optional online raster basemap the office configured: a `{z}/{x}/{y}` tile URL template. */
export interface BasemapConfig {
  url: string
  attribution: string
}

/** What the server tells the client before login. */
export interface AppConfig {
  /** True when the database holds the illustrative demo data set: the UI then shows a banner. */
  demo: boolean
  /** Absent or null: the map stays offline with its plain background. */
  basemap?: BasemapConfig | null
}

export async function getConfig(): Promise<AppConfig> {
  const config = await apiRequest<Partial<AppConfig>>('/config')
  const basemap = config.basemap
  return {
    demo: config.demo === true,
    basemap: basemap && typeof basemap.url === 'string' && basemap.url ? basemap : null,
  }
}
