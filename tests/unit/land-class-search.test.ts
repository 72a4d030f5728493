import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { groupLandClasses, landClassInitials, searchLandClasses, type LandClass } from '../../client/edit/land-class-search.ts'

// The picker searches the GB/T 21010-2017 list the server serves; the list here is read from the migration that
// loads it, so the pinyin table cannot drift from the names the office sees.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const sql = fs.readFileSync(path.join(repoRoot, 'sql/migrations/002_land_classes.sql'), 'utf8')
const classes: LandClass[] = [...sql.matchAll(/\('(\d{4})','([^']+)','([^']+)','(\d{2})','([^']+)','([^']+)'\)/g)].map((m) => ({
  code: m[1]!, name_zh: m[2]!, name_en: m[3]!, group_code: m[4]!, group_zh: m[5]!, group_en: m[6]!,
}))

const codes = (list: LandClass[]) => list.map((c) => c.code)

describe('the land class list', () => {
  it('has the 73 classes in 12 groups, and an initial for every Chinese character of every name', () => {
    expect(classes).toHaveLength(73)
    const groups = groupLandClasses(classes)
    expect(groups.map((g) => g.code)).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'])
    for (const c of classes) {
      expect([...(landClassInitials[c.code] ?? '')].length, c.name_zh).toBe([...c.name_zh].length)
      expect([...(landClassInitials[c.group_code!] ?? '')].length, c.group_zh).toBe([...c.group_zh!].length)
    }
    expect(Object.keys(landClassInitials)).toHaveLength(73 + 12)
  })
})

describe('searchLandClasses', () => {
  it('finds a class by its exact code first, and a group by a two-digit prefix', () => {
    expect(codes(searchLandClasses(classes, '0101'))).toEqual(['0101'])
    expect(codes(searchLandClasses(classes, '01'))).toEqual(['0101', '0102', '0103'])
    expect(codes(searchLandClasses(classes, '１００６'))).toEqual(['1006']) // full-width digits from a Chinese IME
    expect(searchLandClasses(classes, '99')).toEqual([])
  })

  it('finds by Chinese name, whole names before partial ones', () => {
    expect(codes(searchLandClasses(classes, '水田'))[0]).toBe('0101')
    expect(codes(searchLandClasses(classes, '旱地'))).toEqual(['0103'])
    const woods = codes(searchLandClasses(classes, '林地'))
    expect(woods).toEqual(expect.arrayContaining(['0301', '0302', '0303', '0305', '0307']))
    expect(woods.every((c) => classes.find((x) => x.code === c)!.name_zh.includes('林地') || c.startsWith('03'))).toBe(true)
  })

  it('finds by pinyin initials, in lower or upper case', () => {
    expect(codes(searchLandClasses(classes, 'st'))[0]).toBe('0101') // 水田
    expect(codes(searchLandClasses(classes, 'NCZJD'))).toEqual(['0702']) // 农村宅基地
    expect(codes(searchLandClasses(classes, 'hd'))[0]).toBe('0103') // 旱地
    // A group's initials bring its classes: gd = 耕地.
    expect(codes(searchLandClasses(classes, 'gd'))).toEqual(expect.arrayContaining(['0101', '0102', '0103']))
  })

  it('finds by English words', () => {
    expect(codes(searchLandClasses(classes, 'paddy'))).toEqual(['0101'])
    expect(codes(searchLandClasses(classes, 'Rural'))).toEqual(['0702', '1006'])
    expect(codes(searchLandClasses(classes, 'homestead'))).toEqual(['0702'])
  })

  it('gives every class for an empty query, in code order', () => {
    expect(codes(searchLandClasses(classes, '  '))).toEqual(codes(classes))
  })
})

describe('groupLandClasses', () => {
  it('keeps the ranked order inside groups and orders groups by their best match', () => {
    const ranked = searchLandClasses(classes, 'rural')
    const groups = groupLandClasses(ranked)
    expect(groups.map((g) => [g.code, g.name_zh, codes(g.items)])).toEqual([
      ['07', '住宅用地', ['0702']],
      ['10', '交通运输用地', ['1006']],
    ])
  })
})
