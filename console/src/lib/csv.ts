// CSV built in the browser (RFC 4180: comma separated, CRLF line ends, fields quoted when they
// hold a comma, a quote, CR or LF; quotes doubled). Cells that a spreadsheet would run as a
// formula (starting with = + - @ tab or CR) get a leading apostrophe (OWASP "CSV injection").

export type Cell = string | number | boolean | null | undefined

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) {
    return ''
  }
  let s = String(value)
  if (FORMULA_START.test(s)) {
    s = `'${s}`
  }
  if (NEEDS_QUOTES.test(s)) {
    s = `"${s.replace(/"/g, '""')}"`
  }
  return s
}

export function csvRow(cells: readonly Cell[]): string {
  return cells.map(csvCell).join(',')
}

/** The whole document: a header row, then the rows, each line ended by CRLF. */
export function buildCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((r) => `${csvRow(r)}\r\n`).join('')
}

/**
 * Offers the text as a download. The UTF-8 byte order mark makes Excel read Chinese text as
 * UTF-8 rather than the system code page.
 */
export function downloadCsv(filename: string, text: string): void {
  const blob = new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  URL.revokeObjectURL(url)
}
