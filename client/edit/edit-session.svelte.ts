import { untrack } from 'svelte'
import type { MultiPolygon, Polygon, Position } from 'geojson'
import {
  checkParcel,
  createParcel,
  getParcel,
  mergeParcels,
  splitParcel,
  updateParcelGeometry,
  type ParcelCheck,
  type ParcelConflict,
  type ParcelFeature,
} from '../api/parcels.ts'
import { ApiError, errorMessage, isAbort, type ProblemError } from '../api/http.ts'
import { actionAddPart } from './actions/add-part.ts'
import { actionAddVertex } from './actions/add-vertex.ts'
import { actionCancelDrawing } from './actions/cancel-drawing.ts'
import { actionDeleteVertex } from './actions/delete-vertex.ts'
import { actionFinishDrawing } from './actions/finish-drawing.ts'
import { actionRemoveLastVertex } from './actions/remove-last-vertex.ts'
import { actionReplaceGeometry } from './actions/replace-geometry.ts'
import { canRedo, canUndo, historyPush, historyRedo, historyStart, historyUndo, type History } from './history.ts'
import { liveAreaM2 } from './live-area.ts'
import { editMarks } from './marks.ts'
import { centroidLon, gk3ZoneOf, measureGeometry } from './measure.ts'
import { toParcelProperties, type ParcelFormValues } from './parcel-form.ts'
import { applyRingChange, classifyRingChange } from './ring-change.ts'
import { defaultSnapTolerancePx } from './snap.ts'
import { closeRing, editStateOf, emptyEditState, geometryOf, orientRing, roundPosition, type EditState, type VertexRef } from './state.ts'
import { validateGeometry, type GeometryIssue } from './validations/index.ts'
import type { DrawEvent, DrawTool, DrawView, WorkbenchView } from '../map/draw.ts'
import type { OverlayFeature } from '../map/overlays.ts'
import { formatDecimal } from '../i18n/format.ts'
import { t } from '../i18n/i18n.svelte.ts'
import type { MessageKey } from '../i18n/zh-CN.ts'

/** What the workbench is doing: drawing or reshaping one parcel, splitting one, or merging several. */
export type EditSessionKind =
  | { kind: 'idle' }
  | { kind: 'edit'; parcel: ParcelFeature | null }
  | { kind: 'split'; parcel: ParcelFeature }
  | { kind: 'merge'; parcels: ParcelFeature[] }

/** The figures shown after a save: the server's, and the estimate they replace. */
export interface Saved {
  code: string
  serverM2: string
  serverMu: string
  planarMu: string
  planarCrs: string
  estimateM2: number
  /** |estimate / server − 1| in parts per million. */
  ppm: number
}

/** After a split or merge: the parcels made (亩 as the server gave them) and the totals before and after. */
export interface AreaResult {
  title: string
  rows: { code: string; mu: string }[]
  beforeMu: number
  afterMu: number
}

/** What the session needs from its host (the props of client/panels/EditToolbar.svelte, read when used). */
export interface EditSessionHost {
  selectedId(): number | null
  mergeIds(): readonly number[]
  /** A save, split or merge changed parcels: reload the map; `select` is the parcel to show. */
  onchanged(select: number | null): void
  onclearmerge(): void
  /** Errors worth the app's attention (e.g. 401: the session has ended). */
  onerror(err: unknown): void
}

/** The GK 3° zones of Huaihua offered for 勘测定界 besides 'auto'. */
export const surveyZones = [36, 37, 38] as const

const checkDelayMs = 350
const fmt = (v: number | string | null | undefined, d: number) => formatDecimal(v, d) ?? '—'
const ppmOf = (estimate: number, server: number) => Math.abs(estimate / server - 1) * 1e6

/**
 * The planner's drawing workbench as state and actions, without markup: the session (new, edit, split, merge),
 * the undo history of pure EditStates (client/edit/actions), the tool, snapping and 勘测定界 settings, the
 * keyboard, the debounced overlap check (POST /api/parcels/check) and the saves. Every gesture becomes one pure
 * action pushed on the history, so undo and redo cover every step. The panels in client/panels/Edit*.svelte show
 * it; `view` is what the map draws. Create it while a component initialises (it uses runes).
 */
export class EditSession {
  session = $state.raw<EditSessionKind>({ kind: 'idle' })
  history = $state.raw<History<EditState>>(historyStart(emptyEditState))
  tool = $state<DrawTool>('none')
  /** The next ring drawn is added as a further part (multipolygon) instead of replacing the shape. */
  addingPart = $state(false)
  snapEnabled = $state(true)
  snapTolerance = $state(defaultSnapTolerancePx)
  surveyMode = $state(false)
  /** 勘测定界 zone: 'auto' = the zone of the centroid, as the server picks it. */
  surveyZone = $state<'auto' | number>('auto')
  activeVertex = $state.raw<VertexRef | null>(null)
  /** The drawing as it follows the pointer. */
  cursor = $state.raw<Position[] | null>(null)
  check = $state.raw<ParcelCheck | null>(null)
  checking = $state(false)
  checkError = $state<string | null>(null)
  /** Conflicts of the last 409 from a save (drawn like the check's). */
  saveConflicts = $state.raw<ParcelConflict[] | null>(null)
  formOpen = $state(false)
  busy = $state(false)
  formErrors = $state.raw<ProblemError[]>([])
  message = $state<string | null>(null)
  saved = $state.raw<Saved | null>(null)
  result = $state.raw<AreaResult | null>(null)
  resultOverlays = $state.raw<OverlayFeature[]>([])

  /** The present editing state. */
  readonly current = $derived(this.history.present)
  readonly active = $derived(this.session.kind !== 'idle')
  readonly canUndo = $derived(canUndo(this.history))
  readonly canRedo = $derived(canRedo(this.history))
  readonly drawnGeometry = $derived(geometryOf(this.current, true))
  /** What the readout measures: the drawing with the pointer while drawing, else the drawn shape. */
  readonly liveGeometry = $derived.by((): Polygon | MultiPolygon | null => {
    const d = this.current.drawing
    if (d?.kind === 'ring' && this.cursor && this.cursor.length >= 3) {
      const parts = d.target === 'add' ? this.current.parts.slice() : []
      parts.push([closeRing(this.cursor)])
      return parts.length === 1 ? { type: 'Polygon', coordinates: parts[0]! } : { type: 'MultiPolygon', coordinates: parts }
    }
    return this.drawnGeometry
  })
  readonly measurement = $derived(this.liveGeometry ? measureGeometry(this.liveGeometry, this.surveyMode ? this.surveyZone : undefined) : null)
  readonly autoZone = $derived(this.liveGeometry ? gk3ZoneOf(centroidLon(this.liveGeometry)) : null)
  readonly issues = $derived(this.session.kind === 'edit' ? validateGeometry(this.drawnGeometry) : [])
  readonly serverIssues = $derived(this.check?.issues ?? [])
  readonly conflicts = $derived(this.saveConflicts ?? this.check?.conflicts ?? [])
  readonly saveGeometry = $derived(geometryOf(this.current))
  readonly canSave = $derived(
    this.session.kind === 'edit' &&
      !!this.saveGeometry &&
      !this.current.drawing &&
      this.issues.length === 0 &&
      this.serverIssues.length === 0 &&
      !this.busy,
  )
  /** The hint of the tool in use, if it has one. */
  readonly toolHint = $derived.by((): MessageKey | null => {
    if (!this.active || this.session.kind === 'merge') return null
    if (this.tool === 'polygon') return 'edit.hint.polygon'
    if (this.tool === 'rectangle') return 'edit.hint.rectangle'
    if (this.tool === 'select') return 'edit.hint.select'
    if (this.tool === 'line') return 'edit.hint.line'
    return null
  })
  readonly title = $derived.by(() => {
    const s = this.session
    if (s.kind === 'edit') return s.parcel ? t('edit.editing', { code: s.parcel.properties.code }) : t('edit.drawingNew')
    if (s.kind === 'split') return t('edit.splitting', { code: s.parcel.properties.code })
    if (s.kind === 'merge') return t('edit.merging')
    return t('edit.title')
  })

  /** What the map shows: the drawing, the validity marks, the parcel being edited hidden, conflicts and results. */
  readonly view = $derived.by((): WorkbenchView => {
    const { session, current, active } = this
    const marks = active
      ? editMarks(
          current,
          [...this.issues, ...this.serverIssues.filter((i) => i.at).map((i) => ({ code: i.code, at: i.at }) as GeometryIssue)],
          this.activeVertex,
        )
      : null
    const drawing: DrawView | null =
      active && session.kind !== 'merge'
        ? { state: current, tool: this.tool, snapping: { enabled: this.snapEnabled, tolerancePx: this.snapTolerance } }
        : null
    const hiddenId = session.kind === 'edit' && session.parcel ? session.parcel.properties.id : null
    const conflictOverlays = this.conflicts
      .filter((c) => c.geometry)
      .map(
        (c): OverlayFeature => ({
          type: 'Feature',
          geometry: c.geometry!,
          properties: { kind: 'conflict', label: t('edit.conflictLabel', { m2: fmt(c.overlap_m2, 2) }), parcel_id: c.id },
        }),
      )
    return { drawing, marks, hiddenId, overlays: [...conflictOverlays, ...this.resultOverlays] }
  })

  #host: EditSessionHost
  #checkController: AbortController | null = null
  #checkTimer: ReturnType<typeof setTimeout> | undefined

  constructor(host: EditSessionHost) {
    this.#host = host
  }

  /**
   * The overlap preview: asks the server about the drawn shape, debounced, whenever it (or the exclusion or the
   * zone) changes. Call it inside an $effect: it tracks exactly those inputs.
   */
  previewCheck(): void {
    const geometry = this.drawnGeometry
    const clientIssues = this.issues.length
    const session = this.session
    const excludeId = session.kind === 'edit' ? (session.parcel?.properties.id ?? null) : null
    const zone = this.surveyMode && this.surveyZone !== 'auto' ? this.surveyZone : null
    untrack(() => {
      this.#stopCheck()
      this.saveConflicts = null
      if (session.kind !== 'edit' || !geometry || clientIssues) {
        this.check = null
        this.checking = false
        return
      }
      this.checking = true
      this.#checkTimer = setTimeout(() => this.#runCheck(geometry, excludeId, zone), checkDelayMs)
    })
  }

  /** Stops a pending or running check (the panel is going away). */
  dispose(): void {
    this.#stopCheck()
  }

  #stopCheck() {
    clearTimeout(this.#checkTimer)
    this.#checkController?.abort()
  }

  async #runCheck(geometry: Polygon | MultiPolygon, excludeId: number | null, zone: number | null) {
    const controller = new AbortController()
    this.#checkController = controller
    this.checkError = null
    try {
      const answer = await checkParcel(geometry, { excludeId, surveyZone: zone, signal: controller.signal })
      if (!controller.signal.aborted) this.check = answer
    } catch (err) {
      if (isAbort(err)) return
      this.check = null
      this.checkError = errorMessage(err)
      if (err instanceof ApiError && err.status === 401) this.#host.onerror(err)
    } finally {
      if (this.#checkController === controller) this.checking = false
    }
  }

  // ---- steps ----

  #push(next: EditState) {
    this.history = historyPush(this.history, next)
  }

  /** The tool that shows a state's drawing (undo and redo can bring one back). */
  #followDrawing(s: EditState) {
    if (s.drawing?.kind === 'ring') {
      this.tool = 'polygon'
      this.addingPart = s.drawing.target === 'add'
    } else if (s.drawing?.kind === 'line') this.tool = 'line'
  }

  undo(): void {
    if (!canUndo(this.history)) return
    this.history = historyUndo(this.history)
    this.activeVertex = null
    this.cursor = null
    this.#followDrawing(this.history.present)
  }

  redo(): void {
    if (!canRedo(this.history)) return
    this.history = historyRedo(this.history)
    this.activeVertex = null
    this.cursor = null
    this.#followDrawing(this.history.present)
  }

  /** After a ring or line is finished: reshaping goes on with the vertex tool, a split line waits for confirm. */
  #afterFinish() {
    this.cursor = null
    if (this.session.kind === 'edit') {
      this.tool = 'select'
      this.addingPart = false
    } else this.tool = 'none'
  }

  /** Gestures from the map (client/map/draw.ts), each turned into one pure action. */
  handleDraw(e: DrawEvent): void {
    if (!this.active) return
    const current = this.current
    switch (e.type) {
      case 'vertex': {
        if (this.tool === 'polygon')
          this.#push(actionAddVertex(current, e.position, { kind: 'ring', target: this.addingPart ? 'add' : 'replace' }))
        else if (this.tool === 'line') this.#push(actionAddVertex(current, e.position, { kind: 'line', target: 'replace' }))
        break
      }
      case 'closed': {
        const next = actionFinishDrawing(current, e.vertices)
        this.#push(next)
        this.cursor = null
        if (next !== current) this.#afterFinish()
        break
      }
      case 'rectangle': {
        if (this.session.kind !== 'edit') break
        const ring = orientRing(e.ring.map(roundPosition), true)
        this.#push(this.addingPart ? actionAddPart(current, [ring]) : actionReplaceGeometry(current, [[ring]]))
        this.tool = 'select'
        this.addingPart = false
        break
      }
      case 'ring': {
        const before = current.parts[e.part]?.[0]
        if (!before) break
        const change = classifyRingChange(before, e.ring)
        this.#push(applyRingChange(current, e.part, 0, e.ring))
        this.activeVertex = change.type === 'move' || change.type === 'insert' ? { part: e.part, ring: 0, index: change.index } : null
        break
      }
      case 'cursor':
        this.cursor = e.kind === 'ring' && current.drawing?.kind === 'ring' ? e.vertices : null
        break
      case 'pick':
        this.activeVertex = e.ref
        break
    }
  }

  #finishDrawing() {
    const next = actionFinishDrawing(this.current)
    if (next === this.current) return
    this.#push(next)
    this.#afterFinish()
  }

  /** The workbench's keys (window-wide while a session is open and no form field has the focus). */
  onKeydown(e: KeyboardEvent): void {
    if (!this.active || this.formOpen) return
    const target = e.target as HTMLElement | null
    if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return
    const current = this.current
    const mod = e.ctrlKey || e.metaKey
    const key = e.key.toLowerCase()
    if (mod && key === 'z' && !e.shiftKey) {
      e.preventDefault()
      this.undo()
    } else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) {
      e.preventDefault()
      this.redo()
    } else if (e.key === 'Escape') {
      e.preventDefault()
      if (current.drawing) {
        this.#push(actionCancelDrawing(current))
        this.cursor = null
      } else if (this.tool === 'rectangle') {
        // A rectangle in progress lives in the drawing tool only: restart the tool.
        this.tool = 'none'
        queueMicrotask(() => (this.tool = 'rectangle'))
      } else this.activeVertex = null
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      if (current.drawing) {
        e.preventDefault()
        this.#push(actionRemoveLastVertex(current))
      } else if (this.activeVertex) {
        e.preventDefault()
        this.#push(actionDeleteVertex(current, this.activeVertex))
        this.activeVertex = null
      }
    } else if (e.key === 'Enter') {
      if (current.drawing) {
        e.preventDefault()
        this.#finishDrawing()
      }
    }
  }

  // ---- sessions ----

  #reset() {
    this.history = historyStart(emptyEditState)
    this.tool = 'none'
    this.addingPart = false
    this.activeVertex = null
    this.cursor = null
    this.check = null
    this.checkError = null
    this.saveConflicts = null
    this.formOpen = false
    this.formErrors = []
    this.message = null
  }

  clearResults(): void {
    this.saved = null
    this.result = null
    this.resultOverlays = []
  }

  startNew(kind: 'polygon' | 'rectangle'): void {
    this.#reset()
    this.clearResults()
    this.session = { kind: 'edit', parcel: null }
    this.tool = kind
  }

  /** Switches the drawing tool of an edit session; `part`: the ring drawn next is a further part. */
  chooseTool(next: DrawTool, part = false): void {
    if (this.current.drawing) this.#push(actionCancelDrawing(this.current))
    this.cursor = null
    this.addingPart = part
    this.activeVertex = null
    this.tool = next
  }

  async #loadSelected(): Promise<ParcelFeature | null> {
    const id = this.#host.selectedId()
    if (id === null) {
      this.message = t('edit.needSelection')
      return null
    }
    try {
      return await getParcel(id)
    } catch (err) {
      this.message = errorMessage(err)
      this.#host.onerror(err)
      return null
    }
  }

  async startEdit(): Promise<void> {
    this.clearResults()
    const parcel = await this.#loadSelected()
    if (!parcel) return
    this.#reset()
    this.session = { kind: 'edit', parcel }
    this.history = historyStart(editStateOf(parcel.geometry))
    this.tool = 'select'
  }

  async startSplit(): Promise<void> {
    this.clearResults()
    const parcel = await this.#loadSelected()
    if (!parcel) return
    this.#reset()
    this.session = { kind: 'split', parcel }
    this.tool = 'line'
  }

  async startMerge(): Promise<void> {
    this.clearResults()
    this.#reset()
    this.busy = true
    try {
      const parcels = await Promise.all(this.#host.mergeIds().map((id) => getParcel(id)))
      this.session = { kind: 'merge', parcels }
    } catch (err) {
      this.message = errorMessage(err)
      this.#host.onerror(err)
    } finally {
      this.busy = false
    }
  }

  cancel(): void {
    this.#reset()
    this.session = { kind: 'idle' }
  }

  // ---- saving ----

  #saveFailed(err: unknown) {
    const conflicts = conflictsOf(err)
    if (conflicts) {
      this.saveConflicts = conflicts
      this.formOpen = false
      this.message = errorMessage(err)
      return
    }
    if (err instanceof ApiError && err.status === 412) {
      const version = (err.problem as { current_version?: number }).current_version
      this.message = t('edit.stale', { version: version ?? '?' })
      this.formOpen = false
      return
    }
    if (err instanceof ApiError && err.status === 422) {
      this.formErrors = err.problem.errors ?? []
      this.message = errorMessage(err)
      return
    }
    this.message = errorMessage(err)
    this.#host.onerror(err)
  }

  #finishSave(feature: ParcelFeature, estimateM2: number) {
    const a = feature.properties.area
    this.saved = {
      code: feature.properties.code,
      serverM2: String(a.ellipsoidal_m2),
      serverMu: String(a.ellipsoidal_mu),
      planarMu: String(a.planar_mu),
      planarCrs: a.planar_crs,
      estimateM2,
      ppm: ppmOf(estimateM2, Number(a.ellipsoidal_m2)),
    }
    this.#reset()
    this.session = { kind: 'idle' }
    this.#host.onchanged(feature.properties.id)
  }

  /** Saves a reshaped parcel, or opens the attribute form of a new one. */
  async save(): Promise<void> {
    const session = this.session
    const geometry = this.saveGeometry
    if (!this.canSave || session.kind !== 'edit' || !geometry) return
    this.message = null
    if (!session.parcel) {
      this.formErrors = []
      this.formOpen = true
      return
    }
    this.busy = true
    const estimate = liveAreaM2(geometry)
    try {
      this.#finishSave(await updateParcelGeometry(session.parcel, geometry), estimate)
    } catch (err) {
      this.#saveFailed(err)
    } finally {
      this.busy = false
    }
  }

  /** Creates the new parcel with the attributes of its form. */
  async submitNew(values: ParcelFormValues, reason: string): Promise<void> {
    const geometry = this.saveGeometry
    if (!geometry) return
    this.busy = true
    this.message = null
    const estimate = liveAreaM2(geometry)
    try {
      this.#finishSave(await createParcel(geometry, toParcelProperties(values), reason || undefined), estimate)
    } catch (err) {
      this.#saveFailed(err)
    } finally {
      this.busy = false
    }
  }

  #showResult(result: AreaResult, made: ParcelFeature[]) {
    this.result = result
    this.resultOverlays = made.map((p) => ({
      type: 'Feature',
      geometry: p.geometry,
      properties: { kind: 'preview', label: `${p.properties.code}\n${fmt(p.properties.area.ellipsoidal_mu, 4)} ${t('unit.mu')}` },
    }))
    this.#reset()
    this.session = { kind: 'idle' }
  }

  #confirmFailed(err: unknown) {
    this.message = errorMessage(err)
    if (err instanceof ApiError && err.status === 401) this.#host.onerror(err)
  }

  async confirmSplit(): Promise<void> {
    const session = this.session
    const line = this.current.line
    if (session.kind !== 'split' || !line) return
    const parent = session.parcel
    this.busy = true
    this.message = null
    try {
      const answer = await splitParcel(parent.properties.id, parent.properties.version, line)
      const children = answer.children.features
      this.#showResult(
        {
          title: t('edit.splitResult', { code: parent.properties.code, n: children.length }),
          rows: children.map((c) => ({ code: c.properties.code, mu: String(c.properties.area.ellipsoidal_mu) })),
          beforeMu: Number(parent.properties.area.ellipsoidal_mu),
          afterMu: children.reduce((s, c) => s + Number(c.properties.area.ellipsoidal_mu), 0),
        },
        children,
      )
      this.#host.onchanged(children[0]?.properties.id ?? null)
    } catch (err) {
      this.#confirmFailed(err)
    } finally {
      this.busy = false
    }
  }

  async confirmMerge(): Promise<void> {
    const session = this.session
    if (session.kind !== 'merge') return
    const parents = session.parcels
    this.busy = true
    this.message = null
    try {
      const merged = await mergeParcels(parents.map((p) => ({ id: p.properties.id, version: p.properties.version })))
      this.#showResult(
        {
          title: t('edit.mergeResult', { code: merged.properties.code }),
          rows: [{ code: merged.properties.code, mu: String(merged.properties.area.ellipsoidal_mu) }],
          beforeMu: parents.reduce((s, p) => s + Number(p.properties.area.ellipsoidal_mu), 0),
          afterMu: Number(merged.properties.area.ellipsoidal_mu),
        },
        [merged],
      )
      this.#host.onclearmerge()
      this.#host.onchanged(merged.properties.id)
    } catch (err) {
      this.#confirmFailed(err)
    } finally {
      this.busy = false
    }
  }
}

/** The conflicts a 409 from a save carries, or null for any other error. */
function conflictsOf(err: unknown): ParcelConflict[] | null {
  if (!(err instanceof ApiError) || err.status !== 409) return null
  const c = (err.problem as { conflicts?: unknown }).conflicts
  return Array.isArray(c) ? (c as ParcelConflict[]) : null
}
