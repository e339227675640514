import { describe, expect, it } from 'vitest'
import type { OrderRowFragment } from '@/gql/graphql'
import { emptyFilter, fromQuery, localDayStart, matches, toOrderFilter, toQuery } from './orderFilter'

const order: OrderRowFragment = {
  id: 'ord_1',
  projectId: 'prj_1',
  orderNo: 'A1',
  amount: 100,
  paidAmount: null,
  refundedAmount: 0,
  subject: 'Coffee',
  channel: 'WECHAT_NATIVE',
  state: 'PENDING',
  providerTradeNo: null,
  payer: null,
  attach: null,
  flagged: false,
  flagReason: null,
  callbackDelivered: false,
  createdAt: localDayStart('2026-12-02')!.toISOString(),
  expiresAt: '2026-12-02T00:15:00Z',
  paidAt: null,
  closedAt: null,
}

describe('toOrderFilter', () => {
  it('omits what is not set and makes the day range end-exclusive', () => {
    expect(toOrderFilter(emptyFilter())).toEqual({})
    const f = { ...emptyFilter(), state: 'PAID' as const, orderNo: ' A1 ', from: '2026-12-01', to: '2026-12-02' }
    expect(toOrderFilter(f)).toEqual({
      state: 'PAID',
      orderNo: 'A1',
      createdFrom: localDayStart('2026-12-01')!.toISOString(),
      createdTo: localDayStart('2026-12-03')!.toISOString(),
    })
  })
})

describe('matches', () => {
  it('follows every field of the filter', () => {
    expect(matches(emptyFilter(), order)).toBe(true)
    expect(matches({ ...emptyFilter(), projectId: 'prj_2' }, order)).toBe(false)
    expect(matches({ ...emptyFilter(), state: 'PAID' }, order)).toBe(false)
    expect(matches({ ...emptyFilter(), channel: 'ALIPAY_QR' }, order)).toBe(false)
    expect(matches({ ...emptyFilter(), orderNo: 'A2' }, order)).toBe(false)
    expect(matches({ ...emptyFilter(), from: '2026-12-02', to: '2026-12-02' }, order)).toBe(true)
    expect(matches({ ...emptyFilter(), to: '2026-12-01' }, order)).toBe(false)
    expect(matches({ ...emptyFilter(), from: '2026-12-03' }, order)).toBe(false)
  })

  it('matches free text as the server does: identifiers exactly, the subject in part', () => {
    const paid = { ...order, providerTradeNo: '4200001', payer: 'o-buyer' }
    for (const q of ['ord_1', 'A1', '4200001', 'o-buyer', 'coff', 'FEE']) {
      expect(matches({ ...emptyFilter(), q }, paid), q).toBe(true)
    }
    for (const q of ['A', '42', 'tea']) {
      expect(matches({ ...emptyFilter(), q }, paid), q).toBe(false)
    }
    expect(toOrderFilter({ ...emptyFilter(), q: ' latte ' })).toEqual({ q: 'latte' })
  })
})

describe('URL query', () => {
  it('round-trips and drops unknown values', () => {
    const f = { ...emptyFilter(), projectId: 'prj_1', state: 'PAID' as const, q: 'latte', from: '2026-12-01' }
    expect(fromQuery(toQuery(f))).toEqual(f)
    expect(fromQuery({ state: 'BOGUS', channel: 'X', from: '12/01/2026' })).toEqual(emptyFilter())
  })
})
