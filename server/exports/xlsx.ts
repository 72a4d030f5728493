import { strToU8, zipSync } from 'fflate'

/**
 * A cell: text, or a number given as a decimal string (written to the file digit for digit, never through a JS
 * float) and shown with as many decimals as the string has (330.022 → 0.000, 4699.13 → 0.00), or empty. `bold`
 * for headers and totals.
 */
export type XlsxCell =
  | null
  | string
  | { text: string; bold?: boolean }
  | { number: string; bold?: boolean }

export interface XlsxSheet {
  /** At most 31 characters, none of : \ / ? * [ ]. */
  name: string
  rows: XlsxCell[][]
  /** Column widths in characters. */
  widths?: number[]
  /** Freeze the rows above this one (1-based) and put an autofilter on that header row. */
  header_row?: number
}

const decimal = /^-?\d+(\.\d+)?$/

// Styles (cellXfs): 0 plain text, 1 bold text, then for 0…6 decimals a plain and a bold number style. Formats 0
// (id 1) and 0.00 (id 2) are built in; 0.0, 0.000 … 0.000000 are custom (ids 164…).
const maxDecimals = 6
const numFmtId = (d: number) => (d === 0 ? 1 : d === 2 ? 2 : 164 + [1, 3, 4, 5, 6].indexOf(d))
const styleOf = (decimals: number | null, bold: boolean) => (decimals === null ? (bold ? 1 : 0) : 2 + decimals * 2 + (bold ? 1 : 0))

/** Characters XML 1.0 cannot hold (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/FFFF) are dropped. */
function xmlText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** A1-style column letters of a 0-based index. */
export function columnName(i: number): string {
  let s = ''
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

function cellXml(cell: XlsxCell, ref: string): string {
  if (cell === null) return ''
  if (typeof cell === 'string' || 'text' in cell) {
    const text = typeof cell === 'string' ? cell : cell.text
    const bold = typeof cell !== 'string' && cell.bold === true
    if (text === '') return ''
    return `<c r="${ref}" t="inlineStr"${bold ? ' s="1"' : ''}><is><t xml:space="preserve">${xmlText(text)}</t></is></c>`
  }
  if (!decimal.test(cell.number)) throw new Error(`not a decimal number: ${cell.number}`)
  const decimals = Math.min(maxDecimals, cell.number.split('.')[1]?.length ?? 0)
  // The decimal text goes into <v> as it is. Excel and LibreOffice read it into an IEEE double, which holds every
  // figure of this report exactly to its stated decimals: areas below 10^9 m² with 2 decimals and mu below 10^8
  // with 4 are at most 13 significant digits, inside the 15 a double always round-trips, so the cell shows (and
  // sums) the same digits. Larger magnitudes would need text cells.
  return `<c r="${ref}" s="${styleOf(decimals, cell.bold === true)}"><v>${cell.number}</v></c>`
}

function sheetXml(sheet: XlsxSheet): string {
  const width = Math.max(1, ...sheet.rows.map((r) => r.length))
  const rows = sheet.rows.map((row, i) => {
    const cells = row.map((c, j) => cellXml(c, `${columnName(j)}${i + 1}`)).join('')
    return `<row r="${i + 1}">${cells}</row>`
  }).join('')
  const cols = sheet.widths?.length
    ? `<cols>${sheet.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`
    : ''
  const h = sheet.header_row
  const view = h
    ? `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${h}" topLeftCell="A${h + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`
    : '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
  const filter = h && sheet.rows.length > h ? `<autoFilter ref="A${h}:${columnName(width - 1)}${sheet.rows.length}"/>` : ''
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    + `<dimension ref="A1:${columnName(width - 1)}${Math.max(1, sheet.rows.length)}"/>${view}<sheetFormatPr defaultRowHeight="15"/>${cols}`
    + `<sheetData>${rows}</sheetData>${filter}</worksheet>`
}

const stylesXml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
  + '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
  + `<numFmts count="5">${[1, 3, 4, 5, 6].map((d) => `<numFmt numFmtId="${numFmtId(d)}" formatCode="0.${'0'.repeat(d)}"/>`).join('')}</numFmts>`
  + '<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>'
  + '<font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>'
  + '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
  + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
  + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
  + `<cellXfs count="${2 + (maxDecimals + 1) * 2}">`
  + '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
  + Array.from({ length: maxDecimals + 1 }, (_, d) => [0, 1].map((b) => `<xf numFmtId="${numFmtId(d)}" fontId="${b}" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"${b ? ' applyFont="1"' : ''}/>`).join('')).join('')
  + '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'

/**
 * A minimal Office Open XML workbook (ECMA-376: the parts Excel, WPS and LibreOffice need), written with fflate:
 * inline strings, numbers with number formats, frozen and filtered header rows, column widths. `modified` is the
 * document's date (docProps/core.xml) and the zip entries' time.
 */
export function writeXlsx(sheets: XlsxSheet[], modified: Date, title: string): Uint8Array {
  const names = sheets.map((s) => {
    if (!s.name || s.name.length > 31 || /[:\\/?*[\]]/.test(s.name)) throw new Error(`bad sheet name ${s.name}`)
    return s.name
  })
  const sheetName = (n: string) => `'${n.replace(/'/g, "''")}'`
  const defined = sheets.map((s, i) => (s.header_row && s.rows.length > s.header_row
    ? `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${xmlText(sheetName(s.name))}!$A$${s.header_row}:$${columnName(Math.max(1, ...s.rows.map((r) => r.length)) - 1)}$${s.rows.length}</definedName>`
    : '')).join('')
  const iso = modified.toISOString().replace(/\.\d{3}Z$/, 'Z')
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      + '<Default Extension="xml" ContentType="application/xml"/>'
      + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
      + names.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')
      + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
      + '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
      + '</Types>'),
    '_rels/.rels': strToU8('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
      + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
      + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
      + '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
      + '</Relationships>'),
    'docProps/core.xml': strToU8('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
      + `<dc:title>${xmlText(title)}</dc:title><dc:creator>Zhengdi</dc:creator>`
      + `<dcterms:created xsi:type="dcterms:W3CDTF">${iso}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${iso}</dcterms:modified>`
      + '</cp:coreProperties>'),
    'docProps/app.xml': strToU8('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Zhengdi</Application></Properties>'),
    'xl/workbook.xml': strToU8('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      + '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
      + '<bookViews><workbookView/></bookViews><sheets>'
      + names.map((n, i) => `<sheet name="${xmlText(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')
      + `</sheets>${defined ? `<definedNames>${defined}</definedNames>` : ''}</workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
      + names.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')
      + `<Relationship Id="rId${names.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`
      + '</Relationships>'),
    'xl/styles.xml': strToU8(stylesXml),
  }
  sheets.forEach((s, i) => { files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(s)) })
  return zipSync(files, { level: 6, mtime: modified })
}
