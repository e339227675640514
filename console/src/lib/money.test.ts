import { describe, expect, it } from 'vitest'
import { formatFen, formatYuan, parseYuan } from './money'

describe('formatFen', () => {
  it('formats from the integer digits', () => {
    expect(formatFen(0)).toBe('0.00')
    expect(formatFen(1)).toBe('0.01')
    expect(formatFen(10)).toBe('0.10')
    expect(formatFen(99)).toBe('0.99')
    expect(formatFen(100)).toBe('1.00')
    expect(formatFen(12345)).toBe('123.45')
    expect(formatFen(-5)).toBe('-0.05')
    expect(formatFen(-12345)).toBe('-123.45')
  })

  it('is exact where floats are not', () => {
    // 0.1 + 0.2 style errors and large values: 10^10 fen and the largest safe integer.
    expect(formatFen(30)).toBe('0.30')
    expect(formatFen(10_000_000_000)).toBe('100000000.00')
    expect(formatFen(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91')
  })

  it('groups thousands on request', () => {
    expect(formatFen(123456789, { grouping: true })).toBe('1,234,567.89')
    expect(formatFen(100000, { grouping: true })).toBe('1,000.00')
    expect(formatFen(99999, { grouping: true })).toBe('999.99')
    expect(formatYuan(-123456789)).toBe('¥-1,234,567.89')
  })

  it('refuses non-integers', () => {
    expect(() => formatFen(1.5)).toThrow(RangeError)
    expect(() => formatFen(Number.NaN)).toThrow(RangeError)
    expect(() => formatFen(2 ** 53)).toThrow(RangeError)
  })
})

describe('parseYuan', () => {
  it('parses up to two decimals exactly', () => {
    expect(parseYuan('0.01')).toBe(1)
    expect(parseYuan('0.1')).toBe(10)
    expect(parseYuan('1')).toBe(100)
    expect(parseYuan(' 12.30 ')).toBe(1230)
    expect(parseYuan('19.99')).toBe(1999)
    expect(parseYuan('100000000')).toBe(10_000_000_000)
  })

  it('refuses what is not a plain amount', () => {
    for (const bad of ['', '.5', '1.', '1.234', '-1', '+1', '1e3', '1,000', '0x10', 'abc', '100000000.01']) {
      expect(parseYuan(bad), bad).toBeNull()
    }
  })
})
