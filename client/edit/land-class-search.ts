/**
 * Searching the GB/T 21010-2017 land classes (GET /api/land-classes) the way a planner types: by code ("0101",
 * "01" for a whole group), by Chinese name ("水田", "林"), by pinyin initials ("st" for 水田, "gd" for the 耕地
 * group) or by English name ("paddy"). Pure: no DOM, no fetch.
 */

/** One second-level class as the API lists it. */
export interface LandClass {
  code: string
  name_zh: string
  name_en: string
  /** First-level class: '01' … '12', with its names. */
  group_code?: string
  group_zh?: string
  group_en?: string
}

/**
 * Pinyin initials of every class name and group name of GB/T 21010-2017, one letter per Chinese character, as
 * read in the standard (泊 in 湖泊 as pō, 乐 in 娱乐 as lè). Written out because the list is fixed and short; a
 * tests/unit check holds it to the migration's names.
 */
export const landClassInitials: Readonly<Record<string, string>> = {
  '01': 'gd', '0101': 'st', '0102': 'sjd', '0103': 'hd',
  '02': 'yd', '0201': 'gy', '0202': 'cy', '0203': 'xjy', '0204': 'qtyd',
  '03': 'ld', '0301': 'qmld', '0302': 'zld', '0303': 'hsld', '0304': 'slzz', '0305': 'gmld', '0306': 'gczz', '0307': 'qtld',
  '04': 'cd', '0401': 'trmcd', '0402': 'zzcd', '0403': 'rgmcd', '0404': 'qtcd',
  '05': 'sfyd', '0501': 'lssyyd', '0502': 'pfscyd', '0503': 'cyyd', '0504': 'lgyd', '0505': 'swjryd', '0506': 'ylyd',
  '0507': 'qtsfyd',
  '06': 'gkccyd', '0601': 'gyyd', '0602': 'ckyd', '0603': 'yt', '0604': 'ccyd',
  '07': 'zzyd', '0701': 'czzzyd', '0702': 'nczjd',
  '08': 'ggglyggfwyd', '0801': 'jgttyd', '0802': 'xwcbyd', '0803': 'jyyd', '0804': 'kyyd', '0805': 'ylwsyd',
  '0806': 'shflyd', '0807': 'whssyd', '0808': 'tyyd', '0809': 'gyssyd', '0810': 'gyyld',
  '09': 'tsyd', '0901': 'jsssyd', '0902': 'slgyd', '0903': 'jjcsyd', '0904': 'zjyd', '0905': 'bzyd', '0906': 'fjmsssyd',
  '10': 'jtysyd', '1001': 'tlyd', '1002': 'gdjtyd', '1003': 'glyd', '1004': 'czcdlyd', '1005': 'jtfwczyd', '1006': 'ncdl',
  '1007': 'jcyd', '1008': 'gkmtyd', '1009': 'gdysyd',
  '11': 'syjslssyd', '1101': 'hlsm', '1102': 'hpsm', '1103': 'sksm', '1104': 'ktsm', '1105': 'yhtt', '1106': 'nltt',
  '1107': 'gq', '1108': 'zzd', '1109': 'sgjzyd', '1110': 'bcjyjjx',
  '12': 'qttd', '1201': 'kxd', '1202': 'ssnyd', '1203': 'tk', '1204': 'yjd', '1205': 'sd', '1206': 'ltd', '1207': 'lysld',
}

/** The query as compared: NFKC (full-width digits and letters become ASCII), lower case, no spaces. */
export function normalizeQuery(query: string): string {
  return query.normalize('NFKC').toLowerCase().replace(/\s+/g, '')
}

/**
 * How well a class matches the query, lower is better; null for no match. Ranks an exact code first, then a
 * code prefix, the Chinese name, pinyin initials, the English name, and last a match on the group only.
 */
export function landClassMatchRank(c: LandClass, query: string): number | null {
  const q = normalizeQuery(query)
  if (q === '') return 0
  const code = c.code
  const zh = c.name_zh
  const en = c.name_en.toLowerCase()
  const initials = landClassInitials[code] ?? ''
  if (code === q) return 0
  if (/^\d+$/.test(q)) return code.startsWith(q) ? 1 : null
  if (zh === q) return 2
  if (zh.startsWith(q)) return 3
  if (zh.includes(q)) return 4
  if (initials.startsWith(q)) return 5
  if (en.startsWith(q)) return 6
  if (en.split(/[^a-z]+/).some((w) => w.startsWith(q))) return 7
  // Inside words only for longer queries: two letters occur inside too many English names.
  if (q.length >= 3 && en.replace(/[^a-z]/g, '').includes(q)) return 8
  if (q.length >= 2 && initials.includes(q)) return 9
  const gzh = c.group_zh ?? ''
  const gen = (c.group_en ?? '').toLowerCase()
  const ginitials = c.group_code ? (landClassInitials[c.group_code] ?? '') : ''
  if (gzh && gzh.includes(q)) return 10
  if (ginitials && ginitials.startsWith(q)) return 11
  if (q.length >= 3 && gen && gen.split(/[^a-z]+/).some((w) => w.startsWith(q))) return 12
  return null
}

/** The classes matching `query`, best first, ties in code order; every class for an empty query. */
export function searchLandClasses<T extends LandClass>(classes: readonly T[], query: string): T[] {
  const ranked: { c: T; rank: number }[] = []
  for (const c of classes) {
    const rank = landClassMatchRank(c, query)
    if (rank !== null) ranked.push({ c, rank })
  }
  ranked.sort((a, b) => a.rank - b.rank || a.c.code.localeCompare(b.c.code))
  return ranked.map((r) => r.c)
}

export interface LandClassGroup<T extends LandClass> {
  code: string
  name_zh: string
  name_en: string
  items: T[]
}

/**
 * Groups classes by first-level class in the order given (so a ranked list keeps its order inside each group,
 * and groups appear in the order of their best match). Classes without a group fall under their code's first two
 * digits, with empty names.
 */
export function groupLandClasses<T extends LandClass>(classes: readonly T[]): LandClassGroup<T>[] {
  const groups = new Map<string, LandClassGroup<T>>()
  for (const c of classes) {
    const code = c.group_code ?? c.code.slice(0, 2)
    let g = groups.get(code)
    if (!g) {
      g = { code, name_zh: c.group_zh ?? '', name_en: c.group_en ?? '', items: [] }
      groups.set(code, g)
    }
    g.items.push(c)
  }
  return [...groups.values()]
}
