import type { Attachment, AttachmentPhoto, AttachmentUnit } from './records.ts'
import { apiRequest } from './http.ts'
import { versionTag } from './parcels.ts'

/** 果树/林木 tree, 青苗 crop, 水井 well, 棚房 shed, 围墙 fence, 鱼塘 pond, other. */
export const attachmentKinds = ['tree', 'crop', 'well', 'shed', 'fence', 'pond', 'other'] as const
export type AttachmentKind = (typeof attachmentKinds)[number]

/** An attachment (地上附着物) as POST/PUT /api/attachments take it. `quantity`: a decimal string, 2 places at most. */
export interface AttachmentBody {
  project_id: number
  parcel_id: number
  household_id: number | null
  kind: AttachmentKind
  name: string
  quantity: string
  unit: AttachmentUnit
  notes: string | null
  reason?: string
}

const enc = (id: number) => encodeURIComponent(String(id))

export function getAttachment(id: number, signal?: AbortSignal): Promise<Attachment> {
  return apiRequest<Attachment>(`/attachments/${enc(id)}`, { signal })
}

export function createAttachment(body: AttachmentBody): Promise<Attachment> {
  return apiRequest<Attachment>('/attachments', { method: 'POST', body })
}

/** PUT with If-Match on the version edited: 412 when someone saved in between. Photos are kept. */
export function updateAttachment(id: number, version: number, body: AttachmentBody): Promise<Attachment> {
  return apiRequest<Attachment>(`/attachments/${enc(id)}`, { method: 'PUT', body, headers: { 'If-Match': versionTag(version) } })
}

/**
 * `POST /api/attachments/:id/photos?caption=`: the image bytes as they are (the server decides JPEG/PNG/WebP by
 * its first bytes: 422 PHOTO_TYPE_UNSUPPORTED; over 5 MB: 413). The same bytes again answer the photo already stored.
 */
export function uploadAttachmentPhoto(id: number, file: Blob, caption: string | null): Promise<AttachmentPhoto> {
  const query = caption ? `?caption=${encodeURIComponent(caption)}` : ''
  return apiRequest<AttachmentPhoto>(`/attachments/${enc(id)}/photos${query}`, {
    method: 'POST',
    raw: { body: file, contentType: 'application/octet-stream' },
  })
}

export function deleteAttachmentPhoto(id: number, photoId: number): Promise<void> {
  return apiRequest<void>(`/attachments/${enc(id)}/photos/${enc(photoId)}`, { method: 'DELETE' })
}
