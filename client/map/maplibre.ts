import 'maplibre-gl/dist/maplibre-gl.css'
import { setWorkerUrl } from 'maplibre-gl'
// MapLibre 6 is ESM only and runs its tile work in a separate module worker, which it looks for next to its own
// module. Once bundled that file is elsewhere, so hand MapLibre the worker that Vite emits as an asset.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'

setWorkerUrl(workerUrl)

export * from 'maplibre-gl'

/** Makes a text safe to hand to MapLibre's attribution control, which reads its strings as (sanitised) HTML. */
export function attributionText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
