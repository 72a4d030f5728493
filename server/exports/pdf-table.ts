/** A column of a printed table: its header, relative width and alignment. */
export interface PdfColumn {
  header: string
  width: number
  align?: 'left' | 'right' | 'center'
}

/** A row: its cells, or a group heading spanning the whole width (e.g. "part 2 of the scope"). */
export type PdfRow = string[] | { group: string }

export interface PdfTableFrame {
  left: number
  width: number
  /** Lowest y a row may reach before the table goes on on a new page. */
  bottom: number
  /** Where rows start on a new page. */
  top: number
  font: string
  size: number
}

/**
 * Draws a table from doc.y, row by row; a row that would cross `bottom` starts a new page where the header is drawn
 * again, so a long table (a boundary-point list) continues over as many pages as it needs. The header and the
 * first row are kept together. `footer` rows are set off by a rule and a grey fill (totals).
 */
export function drawPdfTable(doc: PDFKit.PDFDocument, frame: PdfTableFrame, columns: PdfColumn[], rows: PdfRow[], footer: string[][] = []) {
  const total = columns.reduce((s, c) => s + c.width, 0)
  const colW = columns.map((c) => (c.width / total) * frame.width)
  const pad = 2.5
  doc.font(frame.font).fontSize(frame.size)
  const heightOf = (r: PdfRow) => Array.isArray(r)
    ? Math.max(...r.map((c, k) => doc.heightOfString(c || ' ', { width: colW[k]! - 2 * pad }))) + 2 * pad
    : doc.heightOfString(r.group || ' ', { width: frame.width - 2 * pad }) + 2 * pad
  const header = columns.map((c) => c.header)
  const draw = (r: PdfRow, style: { header?: boolean; footer?: boolean }) => {
    const h = heightOf(r)
    if (doc.y + h > frame.bottom) {
      doc.addPage()
      doc.y = frame.top
      if (!style.header) draw(header, { header: true })
    }
    const y = doc.y
    const fill = style.header ? '#e8ecf2' : style.footer ? '#f4f4f4' : Array.isArray(r) ? undefined : '#f7f3ea'
    if (fill) doc.save().rect(frame.left, y, frame.width, h).fill(fill).restore()
    doc.fillColor('#111111').font(frame.font).fontSize(frame.size)
    if (Array.isArray(r)) {
      let x = frame.left
      r.forEach((c, k) => {
        doc.text(c, x + pad, y + pad, { width: colW[k]! - 2 * pad, align: columns[k]!.align ?? 'left' })
        x += colW[k]!
      })
    } else {
      doc.text(r.group, frame.left + pad, y + pad, { width: frame.width - 2 * pad })
    }
    const strong = style.header || style.footer
    doc.save().lineWidth(strong ? 0.7 : 0.3).strokeColor(strong ? '#333333' : '#bbbbbb')
      .moveTo(frame.left, y + h).lineTo(frame.left + frame.width, y + h).stroke().restore()
    doc.y = y + h
  }
  if (doc.y + heightOf(header) + (rows[0] ? heightOf(rows[0]) : 0) > frame.bottom) {
    doc.addPage()
    doc.y = frame.top
  }
  draw(header, { header: true })
  for (const r of rows) draw(r, {})
  for (const r of footer) draw(r, { footer: true })
}
