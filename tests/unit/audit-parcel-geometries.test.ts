import { describe, expect, it } from 'vitest'
import type { ParcelFeature } from '../../client/api/parcels.ts'
import { ParcelGeometries } from '../../client/panels/audit/parcel-geometries.ts'

// The audit workbench fetches the parcels a finding names once: a project's parcels in one request when many are
// missing, else one by one; a parcel deleted since the audit ran is left out, other failures are thrown.

const parcel = (id: number): ParcelFeature =>
  ({ type: 'Feature', id, geometry: { type: 'MultiPolygon', coordinates: [] }, properties: { id, code: `P${id}` } }) as never
const gone = new Error('404')

function fetchers(existing: number[]) {
  const calls: string[] = []
  const one = async (id: number) => {
    calls.push(`one ${id}`)
    if (!existing.includes(id)) throw gone
    return parcel(id)
  }
  const inProject = async (_bbox: unknown, projectId: number) => {
    calls.push(`project ${projectId}`)
    return { features: existing.map(parcel) }
  }
  return { calls, cache: new ParcelGeometries({ one, inProject }, (err) => err === gone) }
}
const project = { id: 3, bbox: [110, 27, 111, 28] as [number, number, number, number] }

describe('parcel geometries for audit findings', () => {
  it('fetches a project at once when more than four are missing, then serves from the cache', async () => {
    const { calls, cache } = fetchers([1, 2, 3, 4, 5, 6])
    const got = await cache.get([6, 5, 4, 3, 2, 1, 9], project, () => false)
    expect(got.map((f) => f.properties.id)).toEqual([6, 5, 4, 3, 2, 1])
    expect(calls).toEqual(['project 3', 'one 9'])
    await cache.get([1, 2], project, () => false)
    expect(calls).toHaveLength(2)
    expect(cache.code(6)).toBe('P6')
    expect(cache.code(9)).toBeNull()
  })

  it('fetches a few one by one, answers nothing once stale, and throws what is not a gone parcel', async () => {
    const { calls, cache } = fetchers([1, 2])
    expect(await cache.get([1, 2], project, () => true)).toEqual([])
    expect(calls).toEqual(['one 1', 'one 2'])
    const failing = new ParcelGeometries({ one: async () => Promise.reject(new Error('500')), inProject: async () => ({}) }, () => false)
    await expect(failing.get([1], undefined, () => false)).rejects.toThrow('500')
  })
})
