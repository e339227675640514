import { describe, expect, it } from 'vitest'
import { beijingDay, difference, isFutureDay, noteProblem, pickerDay, reportTag } from './reconciliation'

describe('Beijing days', () => {
  it('turns at midnight Beijing time (16:00 UTC)', () => {
    expect(beijingDay(new Date('2026-12-01T15:59:59Z'))).toBe('2026-12-01')
    expect(beijingDay(new Date('2026-12-01T16:00:00Z'))).toBe('2026-12-02')
    expect(beijingDay(new Date('2026-12-01T16:00:00Z'), -1)).toBe('2026-12-01')
    expect(beijingDay(new Date('2027-01-01T03:00:00Z'), -1)).toBe('2026-12-31')
  })

  it('knows which days are still to come', () => {
    const now = new Date('2026-12-01T17:00:00Z') // 01:00 on 12-02 in Beijing
    expect(isFutureDay('2026-12-02', now)).toBe(false)
    expect(isFutureDay('2026-12-03', now)).toBe(true)
    expect(isFutureDay('2026-11-30', now)).toBe(false)
  })

  it('reads a picked calendar day as it was picked', () => {
    expect(pickerDay(new Date(2026, 0, 5))).toBe('2026-01-05')
  })
})

describe('noteProblem', () => {
  it('wants 1-500 characters once trimmed', () => {
    expect(noteProblem('   ')).toBe('empty')
    expect(noteProblem('refund made in the portal by support')).toBeNull()
    expect(noteProblem(`  ${'x'.repeat(500)}  `)).toBeNull()
    expect(noteProblem('x'.repeat(501))).toBe('tooLong')
    // Characters, not UTF-16 units: 500 CJK characters or emoji are fine.
    expect(noteProblem('对'.repeat(500))).toBeNull()
    expect(noteProblem('😀'.repeat(500))).toBeNull()
  })

  it('takes newlines but no other control characters', () => {
    expect(noteProblem('first line\nsecond line')).toBeNull()
    expect(noteProblem('tab\there')).toBe('control')
    expect(noteProblem('bell\u0007')).toBe('control')
  })
})

describe('reports', () => {
  it('compare only what both sides know', () => {
    expect(difference(1501, 1500)).toBe(1)
    expect(difference(0, 0)).toBe(0)
    expect(difference(null, 1500)).toBeNull()
  })

  it('colour the states that need a look', () => {
    expect(reportTag('DONE')).toBe('success')
    expect(reportTag('FAILED')).toBe('danger')
    expect(reportTag('NOT_READY')).toBe('warning')
  })
})
