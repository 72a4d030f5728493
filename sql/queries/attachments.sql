-- Attachments (地上附着物) and their photos: named queries for server/handlers/attachments.ts through the record
-- flow of record-crud.ts. Quantities leave as exact decimal text; photos as metadata with their URL (the bytes
-- only through photo_bytes).

-- name: select_one
-- One attachment with its photos (oldest first). $1 attachment id.
SELECT a.id, a.project_id, a.parcel_id, a.household_id, a.kind, a.name, a.quantity::text AS quantity, a.unit, a.notes,
       coalesce((SELECT json_agg(json_build_object('id', ph.id, 'content_type', ph.content_type, 'caption', ph.caption,
                   'size_bytes', octet_length(ph.bytes), 'uploaded_by', ph.uploaded_by, 'uploaded_at', ph.uploaded_at,
                   'url', '/api/attachments/' || a.id || '/photos/' || ph.id) ORDER BY ph.id)
                 FROM attachment_photos ph WHERE ph.attachment_id = a.id), '[]'::json) AS photos,
       a.version, a.updated_at, a.updated_by
FROM attachments a
WHERE a.id = $1::int

-- name: list
-- $1 project, $2 parcel, $3 household (each or NULL); $4 row limit. By id.
SELECT a.id, a.project_id, a.parcel_id, a.household_id, a.kind, a.name, a.quantity::text AS quantity, a.unit, a.notes,
       coalesce((SELECT json_agg(json_build_object('id', ph.id, 'content_type', ph.content_type, 'caption', ph.caption,
                   'size_bytes', octet_length(ph.bytes), 'uploaded_by', ph.uploaded_by, 'uploaded_at', ph.uploaded_at,
                   'url', '/api/attachments/' || a.id || '/photos/' || ph.id) ORDER BY ph.id)
                 FROM attachment_photos ph WHERE ph.attachment_id = a.id), '[]'::json) AS photos,
       a.version, a.updated_at, a.updated_by
FROM attachments a
WHERE ($1::int IS NULL OR a.project_id = $1::int)
  AND ($2::int IS NULL OR a.parcel_id = $2::int)
  AND ($3::int IS NULL OR a.household_id = $3::int)
ORDER BY a.id
LIMIT $4::int

-- name: for_update
SELECT id, version, project_id FROM attachments WHERE id = $1::int FOR UPDATE

-- name: lock_for_photo
-- The attachment a photo is added to or removed from, locked so that a concurrent delete waits. $1 attachment id.
SELECT id FROM attachments WHERE id = $1::int FOR UPDATE

-- name: insert
-- $1 project; $2 parcel; $3 household or NULL; $4 kind; $5 name; $6 quantity; $7 unit; $8 notes; $9 user.
INSERT INTO attachments (project_id, parcel_id, household_id, kind, name, quantity, unit, notes, updated_by)
VALUES ($1::int, $2::int, $3::int, $4::text, $5::text, $6::numeric, $7::text, $8::text, $9::text)
RETURNING id

-- name: update
-- Attachment $1 at version $2; $3..$10 as $1..$8 of insert; $11 user.
UPDATE attachments
SET project_id = $3::int, parcel_id = $4::int, household_id = $5::int, kind = $6::text, name = $7::text,
    quantity = $8::numeric, unit = $9::text, notes = $10::text, updated_by = $11::text, updated_at = now(),
    version = version + 1
WHERE id = $1::int AND version = $2::int
RETURNING id

-- name: delete
DELETE FROM attachments WHERE id = $1::int AND version = $2::int RETURNING id

-- name: delete_photos
-- The photos of attachment $1, deleted with it.
DELETE FROM attachment_photos WHERE attachment_id = $1::int

-- name: photo_by_sha
-- A photo of attachment $1 with the same bytes (sha256 $2), if one was uploaded before.
SELECT id FROM attachment_photos WHERE attachment_id = $1::int AND sha256 = $2::text

-- name: insert_photo
-- $1 attachment; $2 content type; $3 bytes; $4 sha256 hex; $5 caption or NULL; $6 user. No row when the same
-- bytes are already stored for the attachment.
INSERT INTO attachment_photos (attachment_id, content_type, bytes, sha256, caption, uploaded_by)
VALUES ($1::int, $2::text, $3::bytea, $4::text, $5::text, $6::text)
ON CONFLICT (attachment_id, sha256) DO NOTHING
RETURNING id

-- name: photo_meta
-- Photo $2 of attachment $1 as the API lists it.
SELECT ph.id, ph.content_type, ph.caption, octet_length(ph.bytes) AS size_bytes, ph.uploaded_by, ph.uploaded_at,
       '/api/attachments/' || ph.attachment_id || '/photos/' || ph.id AS url
FROM attachment_photos ph
WHERE ph.attachment_id = $1::int AND ph.id = $2::int

-- name: photo_bytes
-- The bytes and stored type of photo $2 of attachment $1.
SELECT ph.content_type, ph.bytes FROM attachment_photos ph WHERE ph.attachment_id = $1::int AND ph.id = $2::int

-- name: delete_photo
DELETE FROM attachment_photos WHERE attachment_id = $1::int AND id = $2::int RETURNING id
