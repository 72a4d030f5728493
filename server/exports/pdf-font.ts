import fs from 'node:fs'
import PDFDocument from 'pdfkit'
import { Problem } from '../problem.ts'

/** A CJK font for pdfkit: the file's bytes and, for a collection (.ttc), the PostScript name of the face to use. */
export interface PdfFont {
  bytes: Buffer
  /** Set only for a TrueType/OpenType collection: pdfkit (fontkit) picks the face by this name. */
  face: string | undefined
}

const cache = new Map<string, PdfFont>()

/**
 * The font the PDFs are set in (config ZD_PDF_FONT, ZD_PDF_FONT_FACE), read once and kept: Noto Sans CJK is a
 * 20 MB collection; pdfkit embeds only the glyphs a document uses. A missing or unreadable file, or a collection
 * without the named face, is 503 AUDIT_REPORT_FONT_MISSING naming the path: without a CJK font every Chinese
 * character would print as an empty box, so no PDF is better than that one.
 */
export function loadPdfFont(path: string, face: string): PdfFont {
  const key = `${path}\u0000${face}`
  const hit = cache.get(key)
  if (hit) return hit
  let bytes: Buffer
  try {
    bytes = fs.readFileSync(path)
  } catch {
    throw new Problem('AUDIT_REPORT_FONT_MISSING', { path })
  }
  const collection = bytes.subarray(0, 4).toString('latin1') === 'ttcf'
  // The face's PostScript name is stored in UTF-16BE in the name table (and often in ASCII as well).
  if (collection && !bytes.includes(Buffer.from(face, 'latin1')) && !bytes.includes(Buffer.from(face, 'utf16le').swap16())) {
    throw new Problem('AUDIT_REPORT_FONT_MISSING', { path: `${path} (${face})` })
  }
  const font = { bytes, face: collection ? face : undefined }
  cache.set(key, font)
  return font
}

/** The name under which openPdf registers the CJK font: `doc.font(pdfFontName)`. */
export const pdfFontName = 'cjk'

/**
 * A pdfkit document set in `font`, with its pages buffered (for "第 n 页 / 共 N 页" footers written at the end), and
 * the promise of its bytes once `doc.end()` is called.
 */
export function openPdf(font: PdfFont, options: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; done: Promise<Uint8Array> } {
  const doc = new PDFDocument({ bufferPages: true, autoFirstPage: true, ...options })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    doc.on('error', reject)
  })
  if (font.face) doc.registerFont(pdfFontName, font.bytes, font.face)
  else doc.registerFont(pdfFontName, font.bytes)
  doc.font(pdfFontName)
  return { doc, done }
}
