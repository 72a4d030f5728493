import type { Role } from './auth/sessions.ts'
import type { Handler } from './handlers/context.ts'
import { computeArea } from './handlers/area.ts'
import { exportParcels } from './handlers/exports.ts'
import { commitImport, previewImport } from './handlers/imports.ts'
import { login, logout, me } from './handlers/auth.ts'
import { clientConfig, health } from './handlers/health.ts'
import { mergeParcels, restoreParcel, splitParcel } from './handlers/parcel-lineage.ts'
import {
  checkParcel, createParcel, deleteParcel, getParcel, listParcels, parcelHistory, parcelVersion, updateParcel,
} from './handlers/parcels.ts'
import { createProject, getProject, listLandClasses, listProjects } from './handlers/projects.ts'

/** 'public': anyone; 'session': any logged-in user; a role list: only those roles. */
export type Access = 'public' | 'session' | readonly Role[]

export interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  path: string
  access: Access
  handler: Handler
  /** Largest accepted body; the default is 256 kB. */
  bodyLimit?: string
  /** 'raw': the body is bytes (application/octet-stream or text/plain), for file uploads; default 'json'. */
  body?: 'json' | 'raw'
}

const everyone = ['planner', 'auditor', 'finance', 'legal', 'admin'] as const
const editors = ['planner', 'admin'] as const

/** The whole API, under /api. Every route names who may call it; app.ts enforces it before the handler. */
export const routes: Route[] = [
  { method: 'get', path: '/health', access: 'public', handler: health },
  { method: 'get', path: '/config', access: 'public', handler: clientConfig },
  { method: 'post', path: '/auth/login', access: 'public', handler: login },
  { method: 'post', path: '/auth/logout', access: 'session', handler: logout },
  { method: 'get', path: '/auth/me', access: 'session', handler: me },
  { method: 'get', path: '/land-classes', access: 'public', handler: listLandClasses },
  { method: 'get', path: '/projects', access: everyone, handler: listProjects },
  { method: 'post', path: '/projects', access: editors, handler: createProject },
  { method: 'get', path: '/projects/:id', access: everyone, handler: getProject },
  { method: 'post', path: '/area', access: everyone, handler: computeArea, bodyLimit: '2mb' },
  { method: 'get', path: '/parcels', access: everyone, handler: listParcels },
  { method: 'post', path: '/parcels', access: editors, handler: createParcel, bodyLimit: '2mb' },
  { method: 'get', path: '/parcels/:id', access: everyone, handler: getParcel },
  { method: 'put', path: '/parcels/:id', access: editors, handler: updateParcel, bodyLimit: '2mb' },
  { method: 'delete', path: '/parcels/:id', access: editors, handler: deleteParcel },
  { method: 'get', path: '/parcels/:id/history', access: everyone, handler: parcelHistory },
  { method: 'get', path: '/parcels/:id/history/:version', access: everyone, handler: parcelVersion },
  { method: 'post', path: '/parcels/check', access: editors, handler: checkParcel, bodyLimit: '2mb' },
  { method: 'post', path: '/parcels/merge', access: editors, handler: mergeParcels },
  { method: 'post', path: '/parcels/:id/split', access: editors, handler: splitParcel, bodyLimit: '2mb' },
  { method: 'post', path: '/parcels/:id/restore', access: editors, handler: restoreParcel },
  { method: 'post', path: '/imports/preview', access: editors, handler: previewImport, bodyLimit: '50mb', body: 'raw' },
  { method: 'post', path: '/imports/commit', access: editors, handler: commitImport, bodyLimit: '20mb' },
  { method: 'get', path: '/exports/parcels', access: everyone, handler: exportParcels },
]
