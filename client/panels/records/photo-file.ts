/**
 * The checks a photo file gets before it is uploaded to an attachment (拍照存档), the same the server makes:
 * its type from its first bytes (JPEG, PNG or WebP; never from the file name or the browser's guess) and at most
 * 5 MB. The server decides again (422 PHOTO_TYPE_UNSUPPORTED, 413 BODY_TOO_LARGE).
 */

/** Largest photo the server keeps, bytes (server/schemas/attachment.ts maxPhotoBytes). */
export const maxPhotoBytes = 5 * 1024 * 1024

export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp'

/** The image type named by the first bytes, or null. */
export function photoTypeOf(head: Uint8Array): PhotoType | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg'
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  if (head.length >= 8 && png.every((b, i) => head[i] === b)) return 'image/png'
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to))
  if (head.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp'
  return null
}

export type PhotoCheck =
  | { ok: true; type: PhotoType }
  | { ok: false; code: 'PHOTO_TYPE_UNSUPPORTED' | 'PHOTO_TOO_LARGE' | 'PHOTO_EMPTY' }

/** A file of `size` bytes starting with `head` (its first 12 bytes are enough). */
export function checkPhotoFile(head: Uint8Array, size: number): PhotoCheck {
  if (size === 0) return { ok: false, code: 'PHOTO_EMPTY' }
  if (size > maxPhotoBytes) return { ok: false, code: 'PHOTO_TOO_LARGE' }
  const type = photoTypeOf(head)
  return type ? { ok: true, type } : { ok: false, code: 'PHOTO_TYPE_UNSUPPORTED' }
}

/** A size for people: "812 B", "34.5 KB", "4.80 MB" (1 KB = 1024 B, as the 5 MB limit counts). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(2)} MB`
}
