import { describe, expect, it } from 'vitest'
import { REFUND_NO, newRefundNo, refundable } from './refund'

describe('refundable', () => {
  it('subtracts succeeded and processing refunds, not failed ones', () => {
    const r = (amount: number, state: 'SUCCEEDED' | 'PROCESSING' | 'FAILED') => ({
      id: 'x',
      refundNo: 'R',
      amount,
      reason: null,
      state,
      providerRefundNo: null,
      failureReason: null,
      createdAt: '',
      succeededAt: null,
    })
    expect(refundable({ amount: 1000, refunds: [] })).toBe(1000)
    expect(refundable({ amount: 1000, refunds: [r(300, 'SUCCEEDED'), r(200, 'PROCESSING'), r(500, 'FAILED')] })).toBe(500)
    expect(refundable({ amount: 1000, refunds: [r(1000, 'SUCCEEDED')] })).toBe(0)
  })
})

describe('newRefundNo', () => {
  it('is valid for both providers and differs each time', () => {
    const a = newRefundNo(new Date(2026, 11, 2, 9, 5, 7))
    expect(a).toMatch(/^R20261202090507[0-9a-f]{6}$/)
    expect(a).toMatch(REFUND_NO)
    expect(newRefundNo()).not.toBe(newRefundNo())
  })
})
