import { describe, expect, it } from 'vitest'
import { discrepancyOf, resendable } from './callbackEvents'

const discrepancy = JSON.stringify({
  id: 'evt_1',
  type: 'reconciliation.discrepancy',
  createdAt: '2026-12-02T02:30:00Z',
  data: { projectId: 'prj_1', reportId: 'rcn_1', discrepancyId: 'dsc_1', date: '2026-12-01', kind: 'PAID_NOT_RECORDED', orderId: null, orderNo: 'X9' },
})

describe('callback events', () => {
  it('resends only an order event with its order', () => {
    expect(resendable({ type: 'ORDER_PAID', orderId: 'ord_1' })).toBe(true)
    expect(resendable({ type: 'ORDER_PAID', orderId: null })).toBe(false)
    expect(resendable({ type: 'RECONCILIATION_DISCREPANCY', orderId: 'ord_1' })).toBe(false)
  })

  it('reads the report and trade of a discrepancy event', () => {
    expect(discrepancyOf(discrepancy)).toEqual({ reportId: 'rcn_1', discrepancyId: 'dsc_1', orderNo: 'X9', kind: 'PAID_NOT_RECORDED' })
  })

  it('is null for other events and for bodies that are not JSON objects', () => {
    expect(discrepancyOf('{"type":"order.paid","data":{"orderNo":"A1"}}')).toBeNull()
    expect(discrepancyOf('not json')).toBeNull()
    expect(discrepancyOf('null')).toBeNull()
    expect(discrepancyOf('{"type":"reconciliation.discrepancy"}')).toBeNull()
    expect(discrepancyOf(null)).toBeNull()
  })
})
