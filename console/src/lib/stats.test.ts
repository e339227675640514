import { describe, expect, it } from 'vitest'
import { beijingMidnight, bucketLabel, percent, rangeOf } from './stats'

describe('Beijing days', () => {
  it('cut at midnight in Beijing (16:00 UTC)', () => {
    expect(beijingMidnight(new Date('2026-12-01T15:59:59Z')).toISOString()).toBe('2026-11-30T16:00:00.000Z')
    expect(beijingMidnight(new Date('2026-12-01T16:00:00Z')).toISOString()).toBe('2026-12-01T16:00:00.000Z')
  })

  it('make the presets', () => {
    const now = new Date('2026-12-02T03:00:00Z') // 11:00 on Dec 2 in Beijing
    const today = rangeOf('today', now)
    expect([today.from.toISOString(), today.to.toISOString(), today.bucket]).toEqual([
      '2026-12-01T16:00:00.000Z',
      '2026-12-02T16:00:00.000Z',
      'HOUR',
    ])
    const week = rangeOf('7d', now)
    expect(week.from.toISOString()).toBe('2026-11-25T16:00:00.000Z')
    expect(week.bucket).toBe('DAY')
    const custom = rangeOf('custom', now, ['2026-11-01', '2026-11-30'])
    expect([custom.from.toISOString(), custom.to.toISOString()]).toEqual([
      '2026-10-31T16:00:00.000Z',
      '2026-11-30T16:00:00.000Z',
    ])
  })

  it('label buckets in Beijing time', () => {
    expect(bucketLabel('2026-11-30T16:00:00+00:00', 'DAY')).toBe('12-01')
    expect(bucketLabel('2026-12-01T15:00:00+00:00', 'HOUR')).toBe('12-01 23:00')
  })
})

describe('percent', () => {
  it('rounds to one decimal and says — without orders', () => {
    expect(percent(0.75)).toBe('75.0%')
    expect(percent(2 / 3)).toBe('66.7%')
    expect(percent(null)).toBe('—')
  })
})
