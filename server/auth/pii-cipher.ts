/**
 * The cipher for personal data at rest (ID numbers, phones): AES-256-GCM with a random 96-bit IV per write and
 * the field name as additional data, so a ciphertext moved to another column fails to decrypt. Stored as
 * `v1:<key id>:base64(IV ‖ tag ‖ ciphertext)`. Equality lookups use a blind index: HMAC-SHA-256 under a second
 * key. Both keys are derived from the one master key ZD_PII_KEY (32 bytes, base64) with HKDF-SHA-256; the key id
 * is derived too, so a database never holds anything from which the key follows.
 *
 * Where the master key comes from (loadPiiKeys): ZD_PII_KEY if set. Otherwise, with the embedded database only,
 * a key generated once into `<ZD_DATA_DIR>.pii-key` (next to the database folder, not inside it, mode 0600), so a
 * copy of the database folder alone reveals nothing. A PostgreSQL server database refuses to start without
 * ZD_PII_KEY: its dumps travel, and a key file on the app host would be lost with the host.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Config } from '../config.ts'

export interface PiiKeys {
  /** 12 hex characters naming the master key, stored with every ciphertext. */
  readonly kid: string
  readonly encKey: Buffer
  readonly indexKey: Buffer
}

/** A stored value cannot be decrypted: tampered with, or written under another key. */
export class PiiDecryptError extends Error {}

const derive = (master: Buffer, info: string, length: number) =>
  Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), `zhengdi pii ${info}`, length))

/** The derived keys of a master key given as base64 of 32 bytes; throws on anything else. */
export function piiKeysFrom(base64: string): PiiKeys {
  const s = base64.trim()
  const master = Buffer.from(s, 'base64')
  if (!/^[A-Za-z0-9+/]{43}=$/.test(s) || master.length !== 32) {
    throw new Error('ZD_PII_KEY must be the base64 of exactly 32 random bytes (e.g. `openssl rand -base64 32`)')
  }
  return { kid: derive(master, 'key id v1', 6).toString('hex'), encKey: derive(master, 'encryption v1', 32), indexKey: derive(master, 'blind index v1', 32) }
}

/** Where the embedded database keeps its generated key: beside the database folder, never inside it. */
export function keyFilePath(dataDir: string): string {
  return `${dataDir.replace(/[\\/]+$/, '')}.pii-key`
}

const cache = new WeakMap<Config, PiiKeys>()

/**
 * The keys for this configuration (see the module comment), loaded once. Throws with a readable message when a
 * server database has no ZD_PII_KEY or a key is malformed; main.ts calls it at start so that this stops the start.
 */
export function loadPiiKeys(config: Config, log: (line: string) => void = () => {}): PiiKeys {
  const cached = cache.get(config)
  if (cached) return cached
  let keys: PiiKeys
  if (config.piiKey) {
    keys = piiKeysFrom(config.piiKey)
  } else if (config.databaseUrl) {
    throw new Error('ZD_PII_KEY is required with DATABASE_URL: set it to `openssl rand -base64 32` and keep it safe (without it the ID numbers and phones in the database cannot be read)')
  } else {
    const file = keyFilePath(config.dataDir)
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true })
      try {
        fs.writeFileSync(file, `${crypto.randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
        log(`[pii] generated the personal-data key ${file} (mode 0600); back it up with the database, store it apart from it`)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      }
    }
    if ((fs.statSync(file).mode & 0o077) !== 0) log(`[pii] warning: ${file} is readable by other users; chmod 600 it`)
    keys = piiKeysFrom(fs.readFileSync(file, 'utf8'))
  }
  cache.set(config, keys)
  return keys
}


/** Encrypts one value of `field` (e.g. `household.id_number`): a new random IV every time. */
export function encryptPii(keys: PiiKeys, field: string, plaintext: string): string {
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', keys.encKey, iv)
  cipher.setAAD(Buffer.from(field, 'utf8'))
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return `v1:${keys.kid}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`
}

/** Decrypts what encryptPii wrote for the same field; PiiDecryptError when the key, field or bytes differ. */
export function decryptPii(keys: PiiKeys, field: string, stored: string): string {
  const m = /^v1:([0-9a-f]{12}):([A-Za-z0-9+/=]+)$/.exec(stored)
  if (!m) throw new PiiDecryptError('not a v1 ciphertext')
  if (m[1] !== keys.kid) throw new PiiDecryptError(`written under key ${m[1]}, the configured key is ${keys.kid}`)
  const raw = Buffer.from(m[2]!, 'base64')
  if (raw.length < 28) throw new PiiDecryptError('ciphertext too short')
  const decipher = crypto.createDecipheriv('aes-256-gcm', keys.encKey, raw.subarray(0, 12), { authTagLength: 16 })
  decipher.setAAD(Buffer.from(field, 'utf8'))
  decipher.setAuthTag(raw.subarray(12, 28))
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
  } catch {
    throw new PiiDecryptError('authentication failed: the value was altered or belongs to another field')
  }
}

/** The blind index of a normalised value of one kind (e.g. `id_number`): 64 hex characters, equal for equal values. */
export function blindIndex(keys: PiiKeys, kind: string, normalized: string): string {
  return crypto.createHmac('sha256', keys.indexKey).update(`${kind}\u0000${normalized}`, 'utf8').digest('hex')
}
