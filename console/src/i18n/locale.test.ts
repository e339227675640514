import { describe, expect, it } from 'vitest'
import { detectLocale } from './index'
import en from './en'
import zhCN from './zh-CN'
import { CHANNELS, ORDER_STATES } from '@/lib/orderFilter'

describe('detectLocale', () => {
  it('prefers the remembered choice', () => {
    expect(detectLocale('en', ['zh-CN'])).toBe('en')
    expect(detectLocale('zh-CN', ['en-US'])).toBe('zh-CN')
  })

  it('follows the browser otherwise', () => {
    expect(detectLocale(null, ['zh-TW', 'en'])).toBe('zh-CN')
    expect(detectLocale(null, ['de-DE', 'en-GB'])).toBe('en')
    expect(detectLocale('fr', ['fr-FR'])).toBe('en')
    expect(detectLocale(null, [])).toBe('en')
  })
})

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  )
}

describe('messages', () => {
  it('have the same keys in both languages', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort())
  })

  it('name every order state and channel of the schema', () => {
    for (const s of ORDER_STATES) {
      expect(en.orderState[s], s).toBeTruthy()
    }
    for (const c of CHANNELS) {
      expect(en.channel[c], c).toBeTruthy()
    }
  })
})
