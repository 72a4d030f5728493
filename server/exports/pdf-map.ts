import type { MultiPolygon, Polygon, Position } from 'geojson'

/** The subset of a pdfkit document the map draws with (PDFKit.PDFDocument satisfies it). */
type Doc = PDFKit.PDFDocument

/** A shape to draw: an outline in planar metres (Gauss-Krüger easting, northing) with its colours. */
export interface MapShape {
  geometry: Polygon | MultiPolygon
  fill: string
  stroke: string
  /** Outline width in points; 0.5 unless set. */
  lineWidth?: number
}

export interface MapLabel {
  /** Planar metres, like the shapes. */
  at: [number, number]
  text: string
  /** Larger and bold-looking: a group's name rather than a shape's. */
  project?: boolean
}

export interface PlanarMapOptions {
  shapes: MapShape[]
  labels?: MapLabel[]
  /** Angle of true north clockwise from grid north (meridian convergence), degrees: the north arrow's tilt. */
  convergenceDeg: number
  /** Under the map: the coordinate system and projection, e.g. CGCS2000 (EPSG:4490), GK zone 37 (EPSG:4525). */
  note: string
  /** Legend entries, drawn top left. */
  legend?: { fill: string; stroke: string; text: string }[]
  /** The font (registered name) and the word for north on the arrow. */
  font: string
  north: string
  /** "m" and "km" as the scale bar writes them. */
  units?: { m: string; km: string }
  /**
   * Marked points (planar metres), e.g. boundary points: a dot and its name, set away from `from` (the centre of the
   * point's own shape, so that the name lands outside it), else from the centre of all shapes.
   */
  points?: { at: [number, number]; text: string; from?: [number, number] }[]
  /**
   * Print at a round ratio: the fitted scale is lowered to the nearest round 1:N (N = 1, 1.5, 2, 2.5, 3, 4, 5,
   * 6 or 8 × 10^k) and the bar
   * also reads "<prefix>1:N" (e.g. 比例尺 1:5000). True only when the page is printed at 100 %.
   */
  ratio?: { prefix: string }
}

/** Metres per PostScript point (1/72 inch). */
const metresPerPoint = 0.0254 / 72

/** The smallest round ratio denominator (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k) not below `min`. */
export function roundRatio(min: number): number {
  const p = 10 ** Math.floor(Math.log10(min))
  return [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((m) => m * p).find((d) => d >= min * (1 - 1e-9)) ?? 10 * p
}

const partsOf = (g: Polygon | MultiPolygon): Position[][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)

/** 1, 2 or 5 × 10^k metres: the longest such length not above `max`. */
export function niceLength(max: number): number {
  const p = 10 ** Math.floor(Math.log10(max))
  return [5, 2, 1].map((m) => m * p).find((l) => l <= max) ?? p
}

/**
 * Draws planar shapes (metres) as vector paths into the box x, y, width, height of the current page: fitted to
 * the box with equal scale on both axes, clipped to it, framed, with a legend, labels, a scale bar in metres
 * (alternating segments, 1-2-5 lengths) and a north arrow tilted by the meridian convergence, and the note under
 * the frame (the box's height includes the note's line). Grid north is up. Returns the scale in points per metre,
 * or null when there is nothing to draw (the box then says so in `emptyText`).
 */
export function drawPlanarMap(doc: Doc, box: { x: number; y: number; width: number; height: number }, opts: PlanarMapOptions,
  emptyText = ''): number | null {
  const noteHeight = 22
  const frame = { x: box.x, y: box.y, width: box.width, height: box.height - noteHeight }
  doc.save()
  doc.lineWidth(0.75).strokeColor('#555555').rect(frame.x, frame.y, frame.width, frame.height).stroke()
  doc.restore()
  // The note last but placed now: two lines at most, the font shrunk until it fits, so that it can never run past
  // the page and make pdfkit start a new one in the middle of the map.
  const note = () => {
    let size = 7
    doc.font(opts.font)
    while (size > 4.5 && doc.fontSize(size).heightOfString(opts.note, { width: frame.width }) > noteHeight - 3) size -= 0.5
    doc.fontSize(size).fillColor('#444444').text(opts.note, frame.x, frame.y + frame.height + 3, { width: frame.width, height: noteHeight - 3 })
  }

  let minE = Infinity, minN = Infinity, maxE = -Infinity, maxN = -Infinity
  for (const s of opts.shapes) for (const part of partsOf(s.geometry)) for (const ring of part) for (const [e, n] of ring) {
    if (e! < minE) minE = e!
    if (e! > maxE) maxE = e!
    if (n! < minN) minN = n!
    if (n! > maxN) maxN = n!
  }
  if (!Number.isFinite(minE)) {
    doc.font(opts.font).fontSize(10).fillColor('#666666')
      .text(emptyText, frame.x, frame.y + frame.height / 2 - 6, { width: frame.width, align: 'center', lineBreak: false })
    note()
    return null
  }
  const pad = 18
  const spanE = Math.max(maxE - minE, 1)
  const spanN = Math.max(maxN - minN, 1)
  const fitted = Math.min((frame.width - 2 * pad) / spanE, (frame.height - 2 * pad) / spanN)
  const denominator = opts.ratio ? roundRatio(1 / (fitted * metresPerPoint)) : undefined
  const scale = denominator ? 1 / (denominator * metresPerPoint) : fitted
  const offX = frame.x + (frame.width - spanE * scale) / 2
  const offY = frame.y + (frame.height - spanN * scale) / 2
  const px = (e: number) => offX + (e - minE) * scale
  const py = (n: number) => offY + (maxN - n) * scale

  doc.save()
  doc.rect(frame.x, frame.y, frame.width, frame.height).clip()
  for (const s of opts.shapes) {
    for (const part of partsOf(s.geometry)) {
      for (const ring of part) {
        ring.forEach(([e, n], i) => (i === 0 ? doc.moveTo(px(e!), py(n!)) : doc.lineTo(px(e!), py(n!))))
        doc.closePath()
      }
    }
    // Even-odd, so that holes stay empty.
    doc.lineWidth(s.lineWidth ?? 0.5).fillOpacity(0.65).strokeOpacity(1).fillAndStroke(s.fill, s.stroke, 'even-odd')
  }
  doc.fillOpacity(1)
  for (const l of opts.labels ?? []) {
    const size = l.project ? 8 : 6
    doc.font(opts.font).fontSize(size)
    const w = doc.widthOfString(l.text)
    const x = px(l.at[0]) - w / 2
    const y = py(l.at[1]) - size / 2
    if (l.project) doc.save().rect(x - 1.5, y - 1, w + 3, size + 3).fillOpacity(0.85).fill('#ffffff').restore()
    doc.fillColor(l.project ? '#000000' : '#1a1a1a').text(l.text, x, y, { lineBreak: false })
  }
  if (opts.points?.length) {
    const cx = px((minE + maxE) / 2)
    const cy = py((minN + maxN) / 2)
    doc.font(opts.font).fontSize(6.5)
    for (const p of opts.points) {
      const x = px(p.at[0])
      const y = py(p.at[1])
      doc.circle(x, y, 1.6).fill('#111111')
      const [ox, oy] = p.from ? [px(p.from[0]), py(p.from[1])] : [cx, cy]
      const d = Math.hypot(x - ox, y - oy) || 1
      const w = doc.widthOfString(p.text)
      // The name's centre 4 pt beyond the dot, away from the centre, so that it sits outside the outline.
      const tx = x + ((x - ox) / d) * (4 + w / 2) - w / 2
      const ty = y + ((y - oy) / d) * 7 - 3.5
      doc.fillColor('#111111').text(p.text, tx, ty, { lineBreak: false })
    }
  }
  doc.restore()

  // Legend, top left.
  if (opts.legend?.length) {
    doc.font(opts.font).fontSize(7)
    const lw = Math.max(...opts.legend.map((l) => doc.widthOfString(l.text))) + 22
    const lh = opts.legend.length * 11 + 6
    doc.save().rect(frame.x + 6, frame.y + 6, lw, lh).fillOpacity(0.85).fill('#ffffff').restore()
    opts.legend.forEach((l, i) => {
      const y = frame.y + 10 + i * 11
      doc.save().rect(frame.x + 10, y, 10, 7).fillOpacity(0.65).fillAndStroke(l.fill, l.stroke).restore()
      doc.fillColor('#111111').text(l.text, frame.x + 24, y - 0.5, { lineBreak: false })
    })
  }

  // Scale bar, bottom left: a 1-2-5 length of at most a quarter of the frame, in four alternating segments.
  const units = opts.units ?? { m: 'm', km: 'km' }
  const metres = niceLength((frame.width / 4) / scale)
  const barW = metres * scale
  const bx = frame.x + 12
  const by = frame.y + frame.height - 16
  const ratioText = denominator ? `${opts.ratio!.prefix}1:${denominator}` : ''
  doc.font(opts.font).fontSize(7)
  const ratioW = ratioText ? doc.widthOfString(ratioText) + 8 : 0
  doc.save().rect(bx - 4, by - 12, barW + 36 + ratioW, 24).fillOpacity(0.85).fill('#ffffff').restore()
  for (let i = 0; i < 4; i++) {
    doc.save().lineWidth(0.5).rect(bx + (i * barW) / 4, by, barW / 4, 4).fillAndStroke(i % 2 ? '#ffffff' : '#111111', '#111111').restore()
  }
  const fmt = (m: number) => (m >= 1000 ? `${m / 1000} ${units.km}` : `${m} ${units.m}`)
  doc.font(opts.font).fontSize(7).fillColor('#111111')
  doc.text('0', bx - 2, by - 10, { lineBreak: false })
  doc.text(fmt(metres), bx + barW - doc.widthOfString(fmt(metres)) / 2, by - 10, { lineBreak: false })
  if (ratioText) doc.text(ratioText, bx + barW + 24, by - 1, { lineBreak: false })

  // North arrow, top right, tilted to true north.
  const ax = frame.x + frame.width - 22
  const ay = frame.y + 30
  doc.save()
  doc.rotate(opts.convergenceDeg, { origin: [ax, ay] })
  doc.moveTo(ax, ay - 16).lineTo(ax + 6, ay + 8).lineTo(ax, ay + 3).closePath().fill('#111111')
  doc.moveTo(ax, ay - 16).lineTo(ax - 6, ay + 8).lineTo(ax, ay + 3).closePath().lineWidth(0.6).fillAndStroke('#ffffff', '#111111')
  doc.restore()
  doc.font(opts.font).fontSize(8).fillColor('#111111')
  doc.text(opts.north, ax - doc.widthOfString(opts.north) / 2, ay - 28, { lineBreak: false })
  note()
  return scale
}
