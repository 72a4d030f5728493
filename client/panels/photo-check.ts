import { t } from '../i18n/i18n.svelte.ts'
import type { MessageKey } from '../i18n/zh-CN.ts'
import { checkPhotoFile, formatBytes, maxPhotoBytes } from './records/photo-file.ts'

const checkKeys: Record<'PHOTO_TYPE_UNSUPPORTED' | 'PHOTO_TOO_LARGE' | 'PHOTO_EMPTY', MessageKey> = {
  PHOTO_TYPE_UNSUPPORTED: 'attachment.photoType',
  PHOTO_TOO_LARGE: 'attachment.photoTooLarge',
  PHOTO_EMPTY: 'attachment.photoEmpty',
}

/**
 * The check a chosen photo file gets before it is uploaded (attachment photos, notice posting evidence): its type
 * from its first bytes and at most 5 MB, as the server checks it (client/panels/records/photo-file.ts). Null when
 * the file may be uploaded, else the reason to show, in the UI language.
 */
export async function chosenPhotoProblem(file: Blob): Promise<string | null> {
  const head = new Uint8Array(await file.slice(0, 12).arrayBuffer())
  const check = checkPhotoFile(head, file.size)
  return check.ok ? null : t(checkKeys[check.code], { max: formatBytes(maxPhotoBytes) })
}
