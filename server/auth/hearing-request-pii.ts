import { blindIndex, encryptPii, type PiiKeys } from './pii-cipher.ts'

/**
 * How a hearing request's personal data is stored, in one place for the public handler
 * (server/handlers/hearing-requests.ts) and the demo loader (server/demo/load-demo.ts), so that both write what
 * the legal section can decrypt and what the duplicate and abuse checks of zd_public_hearing_file can compare.
 */

/** The additional data (AAD) of each ciphertext, so a value cannot be moved to another column. */
export const hearingRequestFields = { name: 'hearing_request.name', phone: 'hearing_request.phone' } as const

/** The blind-index kinds: the phone (one request per phone per notice) and the sender's address (client_key). */
export const hearingRequestIndexKinds = { phone: 'hearing_request.phone', client: 'hearing_request.client' } as const

/** Name and phone encrypted, and the phone's blind index. `phone` must already be normalised (normalizePhone). */
export function sealHearingRequest(keys: PiiKeys, r: { name: string; phone: string }) {
  return {
    name_enc: encryptPii(keys, hearingRequestFields.name, r.name),
    phone_enc: encryptPii(keys, hearingRequestFields.phone, r.phone),
    phone_index: blindIndex(keys, hearingRequestIndexKinds.phone, r.phone),
  }
}

/** The keyed hash of a sender's address: equal for one address, useless to anyone without the key. */
export function hearingClientKey(keys: PiiKeys, address: string): string {
  return blindIndex(keys, hearingRequestIndexKinds.client, address)
}
