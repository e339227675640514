import { describe, expect, it } from 'vitest'
import { actionOf, countdown, isFinal, parseLocation, phaseOf, providerOf, returnTo } from './logic'
import { pickLocale } from './i18n'

const at = (iso: string) => Date.parse(iso)

describe('phaseOf', () => {
  const expiresAt = '2026-12-17T08:15:00Z'
  it('waits until the expiry, then shows it expired before the server closes it', () => {
    const s = { state: 'PENDING' as const, expiresAt, closedAt: null }
    expect(phaseOf(s, at('2026-12-17T08:14:59Z'))).toBe('waiting')
    expect(phaseOf(s, at('2026-12-17T08:15:00Z'))).toBe('expired')
  })
  it('tells an expired order from one closed before its time', () => {
    expect(phaseOf({ state: 'CLOSED', expiresAt, closedAt: '2026-12-17T08:15:01Z' }, 0)).toBe('expired')
    expect(phaseOf({ state: 'CLOSED', expiresAt, closedAt: '2026-12-17T08:01:00Z' }, 0)).toBe('closed')
    expect(phaseOf({ state: 'CLOSED', expiresAt, closedAt: null }, 0)).toBe('closed')
  })
  it('paid stays paid after refunds; failed is failed', () => {
    for (const state of ['PAID', 'PARTIALLY_REFUNDED', 'REFUNDED'] as const) {
      expect(phaseOf({ state, expiresAt, closedAt: null }, at('2027-01-01T00:00:00Z'))).toBe('paid')
    }
    expect(phaseOf({ state: 'FAILED', expiresAt, closedAt: null }, 0)).toBe('failed')
    expect(isFinal('PENDING')).toBe(false)
    expect(isFinal('CLOSED')).toBe(true)
  })
})

describe('channels', () => {
  it('QR codes, web cashiers and apps', () => {
    expect(actionOf('WECHAT_NATIVE')).toBe('qr')
    expect(actionOf('ALIPAY_QR')).toBe('qr')
    expect(actionOf('ALIPAY_PAGE')).toBe('redirect')
    expect(actionOf('ALIPAY_WAP')).toBe('redirect')
    expect(actionOf('WECHAT_H5')).toBe('redirect')
    expect(actionOf('WECHAT_JSAPI')).toBe('app')
    expect(actionOf('WECHAT_APP')).toBe('app')
    expect(actionOf('ALIPAY_APP')).toBe('app')
    expect(providerOf('WECHAT_H5')).toBe('wechat')
    expect(providerOf('ALIPAY_WAP')).toBe('alipay')
  })
})

describe('countdown', () => {
  it('minutes and seconds, hours when needed, never negative', () => {
    expect(countdown(65_000)).toBe('1:05')
    expect(countdown(59_999)).toBe('0:59')
    expect(countdown(3_600_000 + 61_000)).toBe('1:01:01')
    expect(countdown(-5000)).toBe('0:00')
  })
})

describe('returnTo', () => {
  it('appends the order number and state as the server does', () => {
    expect(returnTo('https://shop.example/done', 'A-1|x', 'PAID')).toBe(
      'https://shop.example/done?orderNo=A-1%7Cx&state=PAID',
    )
    expect(returnTo('https://shop.example/done?cart=7&state=FORGED#top', 'A1', 'PAID')).toBe(
      'https://shop.example/done?cart=7&orderNo=A1&state=PAID#top',
    )
  })
  it('nothing for a missing or unusable URL', () => {
    expect(returnTo(null, 'A1', 'PAID')).toBeNull()
    expect(returnTo('javascript:alert(1)', 'A1', 'PAID')).toBeNull()
    expect(returnTo('not a url', 'A1', 'PAID')).toBeNull()
  })
})

describe('parseLocation', () => {
  it('reads the order id and the ticket', () => {
    expect(parseLocation('/checkout/ord_1', '?t=pct1.ord_1.9.x&lang=en')).toEqual({ orderId: 'ord_1', ticket: 'pct1.ord_1.9.x' })
    expect(parseLocation('/checkout/ord_1/', '?t=x')).toEqual({ orderId: 'ord_1', ticket: 'x' })
    expect(parseLocation('/checkout/ord_1', '')).toBeNull()
    expect(parseLocation('/console/', '?t=x')).toBeNull()
  })
})

describe('pickLocale', () => {
  it('the asked language, else the browser’s, else English', () => {
    expect(pickLocale('?lang=en', ['zh-CN'])).toBe('en')
    expect(pickLocale('?lang=zh', ['en-US'])).toBe('zh-CN')
    expect(pickLocale('', ['zh-TW', 'en'])).toBe('zh-CN')
    expect(pickLocale('', ['fr-FR', 'en-GB'])).toBe('en')
    expect(pickLocale('', ['fr-FR'])).toBe('en')
  })
})
