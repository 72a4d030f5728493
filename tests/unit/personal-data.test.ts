import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { blindIndex, decryptPii, encryptPii, keyFilePath, loadPiiKeys, PiiDecryptError, piiKeysFrom } from '../../server/auth/pii-cipher.ts'
import { loadConfig } from '../../server/config.ts'
import {
  birthDateOfIdNumber, idCheckChar, maskIdNumber, maskName, maskPhone, normalizeIdNumber, normalizePhone, seesFullPersonalData,
} from '../../server/domain/personal-data.ts'
import { parseHouseholdBody } from '../../server/schemas/household.ts'

const key = Buffer.alloc(32, 7).toString('base64')
const keys = piiKeysFrom(key)

describe('resident ID numbers (GB 11643)', () => {
  it('computes the check character of the standard examples', () => {
    // The two worked examples of GB 11643-1999 and its commentary.
    expect(idCheckChar('11010519491231002')).toBe('X')
    expect(idCheckChar('44052418800101001')).toBe('4')
    expect(idCheckChar('43010219900307123')).toBe('4')
  })

  it('accepts real-format numbers, normalising x, full-width digits and spaces', () => {
    expect(normalizeIdNumber('11010519491231002X')).toEqual({ value: '11010519491231002X' })
    expect(normalizeIdNumber('11010519491231002x')).toEqual({ value: '11010519491231002X' })
    expect(normalizeIdNumber('４３０１０２１９９００３０７１２３４')).toEqual({ value: '430102199003071234' })
    expect(normalizeIdNumber(' 430102 19900307 1234 ')).toEqual({ value: '430102199003071234' })
    expect(normalizeIdNumber('431202198506154017')).toEqual({ value: '431202198506154017' })
  })

  it('refuses a wrong check digit, length, region, birth date and a future birth', () => {
    expect(normalizeIdNumber('430102199003071235')).toEqual({ fault: 'check_digit' })
    expect(normalizeIdNumber('11010519491231002Y')).toEqual({ fault: 'format' })
    expect(normalizeIdNumber('43010219900307123')).toEqual({ fault: 'format' })
    expect(normalizeIdNumber('430102900307123')).toEqual({ fault: 'format' }) // the old 15-digit form
    expect(normalizeIdNumber('4301021990030712345')).toEqual({ fault: 'format' })
    const withCheck = (s: string) => s + idCheckChar(s)
    expect(normalizeIdNumber(withCheck('00010219900307123'))).toEqual({ fault: 'region' })
    expect(normalizeIdNumber(withCheck('43010219900230123'))).toEqual({ fault: 'birth_date' }) // 30 February
    expect(normalizeIdNumber(withCheck('43010219001301123'))).toEqual({ fault: 'birth_date' }) // month 13
    expect(normalizeIdNumber(withCheck('43010220990101123'), new Date('2026-01-01'))).toEqual({ fault: 'birth_date' })
    expect(birthDateOfIdNumber('430102199003071234')).toBe('1990-03-07')
  })
})

describe('phone numbers', () => {
  it('normalises mainland mobiles and landlines', () => {
    expect(normalizePhone('13812345678')).toBe('13812345678')
    expect(normalizePhone('+86 138-1234-5678')).toBe('13812345678')
    expect(normalizePhone('138 1234 5678')).toBe('13812345678')
    expect(normalizePhone('0745-2381234')).toBe('0745-2381234')
    expect(normalizePhone('(0745) 2381234')).toBe('0745-2381234')
    expect(normalizePhone('010-62345678')).toBe('010-62345678')
    expect(normalizePhone('0745-2381234转801')).toBe('0745-2381234-801')
  })

  it('refuses anything else', () => {
    for (const bad of ['12812345678', '1381234567', '138123456789', '2381234', '0745-1381234', 'abc', '', '110', '+1 415 555 0100']) {
      expect(normalizePhone(bad), bad).toBeUndefined()
    }
  })
})

describe('masking', () => {
  it('keeps the first and last character of names (hostile-inputs.md A08), compound surnames whole', () => {
    expect(maskName('张三')).toBe('张*')
    expect(maskName('张三丰')).toBe('张*丰')
    expect(maskName('张美玉')).toBe('张*玉')
    expect(maskName('欧阳明华')).toBe('欧阳*华')
    expect(maskName('欧阳华')).toBe('欧阳*')
    expect(maskName('李明华玉')).toBe('李**玉')
    expect(maskName('阿卜杜热合曼·买买提')).toBe('阿********提')
    expect(maskName('王')).toBe('*')
    expect(maskName('𠀋三丰')).toBe('𠀋*丰')
  })

  it('never shows more than the surname and the last character, for any generated name', () => {
    let seed = 20261125
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let n = 0; n < 2000; n++) {
      const length = 1 + Math.floor(rand() * 12)
      const chars = Array.from({ length }, () => String.fromCodePoint(0x4e00 + Math.floor(rand() * 0x5000)))
      const masked = [...maskName(chars.join(''))]
      expect(masked.length).toBe(Math.max(length, 1))
      const shown = masked.filter((c) => c !== '*').length
      expect(shown, chars.join('')).toBeLessThanOrEqual(length <= 1 ? 0 : length === 2 ? 1 : 2)
      if (length >= 2) expect(masked[0]).toBe(chars[0])
      if (length >= 3) expect(masked[length - 1]).toBe(chars[length - 1])
    }
  })

  it('masks ID numbers to the first and last four, phones to the prefix and the last four', () => {
    expect(maskIdNumber('430102199003071234')).toBe('4301**********1234')
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X')
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('0745-2381234')).toBe('0745-****1234')
    expect(maskPhone('010-62345678-801')).toBe('010-****5678')
  })

  it('shows full values to planner and finance only', () => {
    expect((['planner', 'finance', 'auditor', 'legal', 'admin'] as const).map(seesFullPersonalData)).toEqual([true, true, false, false, false])
  })
})

describe('the personal-data cipher', () => {
  it('round-trips, with a different ciphertext at every write and no plaintext in it', () => {
    const a = encryptPii(keys, 'household.id_number', '430102199003071234')
    const b = encryptPii(keys, 'household.id_number', '430102199003071234')
    expect(a).not.toBe(b)
    expect(a).toMatch(/^v1:[0-9a-f]{12}:[A-Za-z0-9+/=]+$/)
    expect(a).not.toContain('430102')
    expect(decryptPii(keys, 'household.id_number', a)).toBe('430102199003071234')
    expect(decryptPii(keys, 'household.id_number', b)).toBe('430102199003071234')
    expect(decryptPii(keys, 'household.phone', encryptPii(keys, 'household.phone', '张三 13812345678'))).toBe('张三 13812345678')
  })

  it('detects tampering, another field and another key', () => {
    const c = encryptPii(keys, 'household.id_number', '430102199003071234')
    const raw = Buffer.from(c.split(':')[2]!, 'base64')
    for (const i of [0, 12, 20, raw.length - 1]) {
      const t = Buffer.from(raw)
      t[i]! ^= 1
      expect(() => decryptPii(keys, 'household.id_number', `v1:${keys.kid}:${t.toString('base64')}`), `byte ${i}`).toThrow(PiiDecryptError)
    }
    expect(() => decryptPii(keys, 'household.phone', c)).toThrow(PiiDecryptError)
    const other = piiKeysFrom(Buffer.alloc(32, 8).toString('base64'))
    expect(other.kid).not.toBe(keys.kid)
    expect(() => decryptPii(other, 'household.id_number', c)).toThrow(/another|key/)
    expect(() => decryptPii({ ...other, kid: keys.kid }, 'household.id_number', c)).toThrow(PiiDecryptError)
    expect(() => decryptPii(keys, 'household.id_number', 'v1:abc:xyz')).toThrow(PiiDecryptError)
  })

  it('derives a blind index that is stable, keyed and apart from the encryption key', () => {
    const i1 = blindIndex(keys, 'id_number', '430102199003071234')
    expect(i1).toMatch(/^[0-9a-f]{64}$/)
    expect(blindIndex(keys, 'id_number', '430102199003071234')).toBe(i1)
    expect(blindIndex(keys, 'id_number', '11010519491231002X')).not.toBe(i1)
    expect(blindIndex(piiKeysFrom(Buffer.alloc(32, 8).toString('base64')), 'id_number', '430102199003071234')).not.toBe(i1)
    // Not a plain hash of the value.
    expect(i1).not.toBe(crypto.createHash('sha256').update('430102199003071234').digest('hex'))
    expect(keys.indexKey.equals(keys.encKey)).toBe(false)
  })

  it('refuses a malformed key', () => {
    for (const bad of ['', 'short', Buffer.alloc(31).toString('base64'), Buffer.alloc(33).toString('base64'), `${key.slice(0, -2)}!=`]) {
      expect(() => piiKeysFrom(bad), bad).toThrow(/32/)
    }
  })

  it('generates the embedded key once, beside the database folder, mode 0600; a server database needs ZD_PII_KEY', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-pii-'))
    const dataDir = path.join(dir, 'db')
    const logs: string[] = []
    const k1 = loadPiiKeys(loadConfig({ ZD_DATA_DIR: dataDir }), (l) => logs.push(l))
    const file = keyFilePath(dataDir)
    expect(file).toBe(path.join(dir, 'db.pii-key'))
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(logs.join()).toContain('generated')
    const k2 = loadPiiKeys(loadConfig({ ZD_DATA_DIR: dataDir }))
    expect(k2.kid).toBe(k1.kid)
    expect(loadPiiKeys(loadConfig({ ZD_DATA_DIR: dataDir, ZD_PII_KEY: key })).kid).toBe(keys.kid)
    expect(() => loadPiiKeys(loadConfig({ DATABASE_URL: 'postgres://x@localhost/zd' }))).toThrow(/ZD_PII_KEY is required/)
    fs.rmSync(dir, { recursive: true })
  })
})

describe('household bodies', () => {
  const base = { project_id: 1, name: '张美玉' }
  it('normalises personal values and derives a member birth date from the ID number', () => {
    const r = parseHouseholdBody({ ...base, id_number: '11010519491231002x', phone: '+86 138 1234 5678', members: [{ name: '张三', relation: '子', id_number: '430102199003071234' }] })
    expect(r.issues).toEqual([])
    expect(r.value!.idNumber).toEqual({ set: '11010519491231002X' })
    expect(r.value!.phone).toEqual({ set: '13812345678' })
    expect(r.value!.members[0]!.birthDate).toBe('1990-03-07')
  })

  it('answers ID_NUMBER_INVALID, PHONE_INVALID, BIRTH_DATE_MISMATCH and ID_NUMBER_REPEATED with paths', () => {
    const r = parseHouseholdBody({
      ...base, id_number: '430102199003071235', phone: '12345',
      members: [{ name: '张三', relation: '子', id_number: '430102199003071234', birth_date: '1990-03-08' }, { name: '李四', relation: '女', id_number: '430102199003071234' }],
    })
    expect(r.issues.map((i) => [i.path, i.code])).toEqual([
      ['id_number', 'ID_NUMBER_INVALID'], ['phone', 'PHONE_INVALID'], ['members[0].birth_date', 'BIRTH_DATE_MISMATCH'], ['members[1].id_number', 'ID_NUMBER_REPEATED'],
    ])
  })

  it('keeps a stored value when it is absent or sent back masked', () => {
    const stored = { idNumberMasked: '4301**********1234', phoneMasked: '138****5678', memberIdNumberMasked: new Map([[5, '1101**********002X']]) }
    const r = parseHouseholdBody({ ...base, id_number: '4301**********1234', members: [{ id: 5, name: '张三', relation: '子', id_number: '1101**********002X' }, { id: 6, name: '李四', relation: '女' }] }, stored)
    expect(r.value!.idNumber).toEqual({ keep: '4301**********1234' })
    expect(r.value!.phone).toEqual({ keep: '138****5678' })
    expect(r.value!.members.map((m) => [m.id, m.idNumber])).toEqual([[5, { keep: '1101**********002X' }], [undefined, { clear: true }]])
    expect(parseHouseholdBody({ ...base, id_number: null }, stored).value!.idNumber).toEqual({ clear: true })
  })

  it('refuses unknown and server-maintained fields', () => {
    expect(parseHouseholdBody({ ...base, version: 3 }).issues[0]!.code).toBe('READ_ONLY_FIELD')
    expect(parseHouseholdBody({ ...base, id_number_enc: 'x' }).issues[0]!.code).toBe('UNKNOWN_PROPERTY')
    expect(parseHouseholdBody({ project_id: 1 }).issues[0]).toMatchObject({ path: 'name', code: 'FIELD_REQUIRED' })
  })
})
