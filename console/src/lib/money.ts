// Money is integer fen end to end. Yuan strings are made from the integer's digits and parsed back
// into an integer from the string's digits: no floating-point arithmetic anywhere.

/** "12345" fen → "123.45"; with grouping, 123456789 → "1,234,567.89". Negative values keep their sign. */
export function formatFen(fen: number, options: { grouping?: boolean } = {}): string {
  if (!Number.isSafeInteger(fen)) {
    throw new RangeError(`not an integer amount of fen: ${fen}`)
  }
  const negative = fen < 0
  const digits = String(negative ? -fen : fen).padStart(3, '0')
  let yuan = digits.slice(0, -2)
  const cents = digits.slice(-2)
  if (options.grouping) {
    yuan = yuan.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  }
  return `${negative ? '-' : ''}${yuan}.${cents}`
}

/** "¥123.45" with grouping, for display. */
export function formatYuan(fen: number): string {
  return `¥${formatFen(fen, { grouping: true })}`
}

/** The largest amount payOrder accepts (10^10 fen). */
export const MAX_FEN = 10_000_000_000

/**
 * Parses a yuan amount typed by a person ("12", "12.3", "12.30", "0.01") into fen.
 * Returns null for anything else: signs, more than two decimals, exponents, separators, or more
 * than MAX_FEN.
 */
export function parseYuan(input: string): number | null {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(input.trim())
  if (!m) {
    return null
  }
  const yuan = m[1] ?? '0'
  const cents = (m[2] ?? '').padEnd(2, '0')
  const fen = Number(`${yuan}${cents}`)
  return fen <= MAX_FEN ? fen : null
}
