/**
 * The headers of an answer that sends back bytes a user uploaded (attachment photos, notice evidence): the stored
 * type (decided from the bytes at upload, never sniffed by the browser), a download rather than a page of the app's
 * origin, and a sandbox with nothing allowed should a browser render it anyway (hostile-inputs F12). An <img> shows
 * such an answer as usual.
 */
export function uploadHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'X-Content-Type-Options': 'nosniff',
    'Content-Disposition': 'attachment',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-store',
  }
}
