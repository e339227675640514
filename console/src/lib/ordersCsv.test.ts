import { describe, expect, it } from 'vitest'
import type { OrderRowFragment } from '@/gql/graphql'
import { ORDER_CSV_HEADER, ordersCsv } from './ordersCsv'

const order: OrderRowFragment = {
  id: 'ord_1',
  projectId: 'prj_1',
  orderNo: 'A-1',
  amount: 12345,
  paidAmount: 12345,
  refundedAmount: 45,
  subject: '=HYPERLINK("http://evil","click"), 咖啡',
  channel: 'WECHAT_NATIVE',
  state: 'PARTIALLY_REFUNDED',
  providerTradeNo: '4200001',
  payer: '@openid',
  attach: null,
  flagged: false,
  flagReason: null,
  callbackDelivered: true,
  createdAt: '2026-12-01T16:00:00Z',
  expiresAt: '2026-12-01T16:15:00Z',
  paidAt: '2026-12-01T16:01:00Z',
  closedAt: null,
}

describe('ordersCsv', () => {
  it('writes yuan from fen, Beijing times, guarded and quoted cells, CRLF', () => {
    const text = ordersCsv([order], () => 'My, shop')
    const lines = text.split('\r\n')
    expect(lines).toHaveLength(3)
    expect(lines[0]).toBe(ORDER_CSV_HEADER.join(','))
    expect(lines[1]).toBe(
      [
        'ord_1',
        'prj_1',
        '"My, shop"',
        'A-1',
        `"'=HYPERLINK(""http://evil"",""click""), 咖啡"`,
        'WECHAT_NATIVE',
        'PARTIALLY_REFUNDED',
        '123.45',
        '123.45',
        '0.45',
        '4200001',
        "'@openid",
        '',
        'true',
        'false',
        '2026-12-02 00:00:00',
        '2026-12-02 00:01:00',
        '',
        '2026-12-02 00:15:00',
      ].join(','),
    )
    expect(lines[2]).toBe('')
  })
})
