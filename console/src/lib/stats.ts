// Dashboard ranges and chart series: Beijing-time days (the server's buckets), amounts in fen.
import { formatFen } from './money'

const DAY = 86_400_000
const BEIJING = 8 * 3_600_000

export type RangeKey = 'today' | '7d' | '30d' | 'custom'

/** Midnight (Beijing time) of the day holding `at`, as a UTC instant. */
export function beijingMidnight(at: Date): Date {
  const ms = at.getTime() + BEIJING
  return new Date(ms - (((ms % DAY) + DAY) % DAY) - BEIJING)
}

/**
 * `[from, to)` for a preset: today, the last 7 or 30 Beijing days (today included), or whole
 * Beijing days from `custom[0]` to `custom[1]` (YYYY-MM-DD, both included). Hours for a range of
 * at most two days, days beyond.
 */
export function rangeOf(
  key: RangeKey,
  now: Date,
  custom?: readonly [string, string] | null,
): { from: Date; to: Date; bucket: 'HOUR' | 'DAY' } {
  let from: Date
  let to: Date
  if (key === 'custom' && custom) {
    from = new Date(`${custom[0]}T00:00:00+08:00`)
    to = new Date(new Date(`${custom[1]}T00:00:00+08:00`).getTime() + DAY)
  } else {
    to = new Date(beijingMidnight(now).getTime() + DAY)
    const days = key === '7d' ? 7 : key === '30d' ? 30 : 1
    from = new Date(to.getTime() - days * DAY)
  }
  const bucket = to.getTime() - from.getTime() <= 2 * DAY ? 'HOUR' : 'DAY'
  return { from, to, bucket }
}

/** A bucket's label in Beijing time: "MM-DD" for days, "MM-DD HH:00" for hours. */
export function bucketLabel(startIso: string, bucket: 'HOUR' | 'DAY'): string {
  const d = new Date(new Date(startIso).getTime() + BEIJING)
  const p = (n: number) => String(n).padStart(2, '0')
  const day = `${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`
  return bucket === 'DAY' ? day : `${day} ${p(d.getUTCHours())}:00`
}

/** Yuan as a number for a chart axis (display only; the figures shown as text use formatYuan). */
export function chartYuan(fen: number): number {
  return Number(formatFen(fen))
}

/** A rate as a percentage with one decimal ("—" without orders). */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`
}
