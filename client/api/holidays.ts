import { apiRequest } from './http.ts'

/**
 * One entry of the working-day calendar: 'holiday' makes a weekday a rest day (法定节假日), 'workday' makes a
 * weekend day a working day (调休上班). Days not listed follow the week: Saturday and Sunday rest.
 */
export interface Holiday {
  /** YYYY-MM-DD. */
  day: string
  kind: 'holiday' | 'workday'
  name: string
}

export async function listHolidays(year: number, signal?: AbortSignal): Promise<Holiday[]> {
  const answer = await apiRequest<{ items: Holiday[] }>(`/holidays?year=${encodeURIComponent(String(year))}`, { signal })
  return answer.items
}

/** Adds or replaces the entry of `day` (legal and admin). */
export function putHoliday(day: string, kind: Holiday['kind'], name: string): Promise<Holiday> {
  return apiRequest<Holiday>(`/holidays/${encodeURIComponent(day)}`, { method: 'PUT', body: { kind, name } })
}

export function deleteHoliday(day: string): Promise<void> {
  return apiRequest<void>(`/holidays/${encodeURIComponent(day)}`, { method: 'DELETE' })
}
