import { describe, expect, it } from 'vitest'
import { formatBeijing, formatTime, startOfLocalDay, startOfNextLocalDay } from './time'

describe('formatTime', () => {
  it('shows an instant in the given zone', () => {
    const iso = '2026-12-01T23:30:05Z'
    expect(formatTime(iso, 'UTC')).toBe('2026-12-01 23:30:05')
    // Beijing is UTC+8 all year: the next day.
    expect(formatBeijing(iso)).toBe('2026-12-02 07:30:05')
    expect(formatTime(iso, 'America/New_York')).toBe('2026-12-01 18:30:05')
  })

  it('keeps midnight as 00, not 24', () => {
    expect(formatTime('2026-01-01T16:00:00Z', 'Asia/Shanghai')).toBe('2026-01-02 00:00:00')
  })

  it('handles fractional seconds and offsets in the input', () => {
    expect(formatTime('2026-06-30T12:00:00.123456+02:00', 'UTC')).toBe('2026-06-30 10:00:00')
  })

  it('is empty for no time and shows garbage as it came', () => {
    expect(formatTime(null)).toBe('')
    expect(formatTime(undefined)).toBe('')
    expect(formatTime('not a time', 'UTC')).toBe('not a time')
  })
})

describe('local day bounds', () => {
  it('covers a whole local day, end exclusive', () => {
    const d = new Date(2026, 1, 28, 15, 45)
    const from = new Date(startOfLocalDay(d))
    const to = new Date(startOfNextLocalDay(d))
    expect([from.getDate(), from.getHours(), from.getMinutes()]).toEqual([28, 0, 0])
    expect([to.getMonth(), to.getDate(), to.getHours()]).toEqual([2, 1, 0])
  })
})
