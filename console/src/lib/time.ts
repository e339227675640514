// Times come from the API as RFC 3339 UTC strings. The console shows them in the browser's time
// zone, with Beijing time (the providers' and most merchants' clock) on hover.

export const BEIJING = 'Asia/Shanghai'

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(zone: string | undefined): Intl.DateTimeFormat {
  const key = zone ?? ''
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
    formatters.set(key, f)
  }
  return f
}

/** "2026-12-02 08:30:05" in `zone` (the browser's zone when omitted); "" for null. */
export function formatTime(iso: string | null | undefined, zone?: string): string {
  if (!iso) {
    return ''
  }
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) {
    return iso
  }
  const parts: Record<string, string> = {}
  for (const p of formatter(zone).formatToParts(d)) {
    parts[p.type] = p.value
  }
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`
}

/** The same instant in Beijing time. */
export function formatBeijing(iso: string | null | undefined): string {
  return formatTime(iso, BEIJING)
}

/** The browser's time zone name, e.g. "Europe/Berlin". */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone
}

/** Local midnight of a date picked in the browser, as an RFC 3339 UTC instant. */
export function startOfLocalDay(d: Date): string {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).toISOString()
}

/** Local midnight of the day after `d` (an exclusive upper bound for "up to and including d"). */
export function startOfNextLocalDay(d: Date): string {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).toISOString()
}
