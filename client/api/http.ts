import { i18n, t } from '../i18n/i18n.svelte.ts'

/** One fault in a problem+json `errors` list (e.g. a field or a geometry fault at `at` = [lon, lat]). */
export interface ProblemError {
  path?: string
  code?: string
  message?: string
  at?: [number, number]
}

/** An RFC 9457 problem+json body, as every 4xx/5xx of the API is. */
export interface Problem {
  type?: string
  title?: string
  status?: number
  detail?: string
  code?: string
  errors?: ProblemError[]
}

/**
 * A failed API call. `message` is the text to show: the server's `detail` (already in the UI language, since
 * every request carries `Accept-Language`), else its `title`, else a generic message.
 */
export class ApiError extends Error {
  readonly status: number
  readonly problem: Problem

  constructor(status: number, problem: Problem, message: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.problem = problem
  }
}

/**
 * The session's CSRF token, from the login or /auth/me answer. Kept in memory only: never in storage, so a
 * script that reads storage learns nothing; the session cookie itself is HttpOnly and never seen here.
 */
let csrfToken: string | null = null

export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

/** The CSRF header of a state-changing request sent without apiRequest (an upload with progress, XMLHttpRequest). */
export function csrfHeader(): Record<string, string> {
  return csrfToken ? { 'X-CSRF-Token': csrfToken } : {}
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  body?: unknown
  signal?: AbortSignal
  headers?: Record<string, string>
  /** A body sent as is instead of JSON (a file to import, pasted text), with its Content-Type. */
  raw?: { body: Blob | ArrayBuffer | string; contentType: string }
}

/**
 * Calls the API at `/api{path}` and returns the parsed JSON body (undefined for 204).
 * Sends `Accept-Language` in the UI language and, on state-changing methods, `X-CSRF-Token`.
 * Throws ApiError for a non-2xx answer or a network failure; an abort rethrows the AbortError.
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET'
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': i18n.lang,
    ...options.headers,
  }
  if (options.raw) headers['Content-Type'] = options.raw.contentType
  else if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  if (unsafeMethods.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken

  let response: Response
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers,
      body: options.raw ? options.raw.body : options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError(0, {}, t('error.network'))
  }

  if (response.status === 204) return undefined as T
  const text = await response.text()
  let data: unknown = undefined
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = undefined
    }
  }
  if (!response.ok) {
    const problem: Problem = isObject(data) ? (data as Problem) : {}
    const message =
      (typeof problem.detail === 'string' && problem.detail) ||
      (typeof problem.title === 'string' && problem.title) ||
      t('error.http', { status: response.status })
    throw new ApiError(response.status, problem, message)
  }
  return data as T
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** The text to show for any error thrown by an API call. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message
  if (err instanceof Error) return err.message
  return String(err)
}

/** Whether `err` is the rejection of an aborted request (a superseded load), which is not shown. */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError'
}
