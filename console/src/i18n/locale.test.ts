import { describe, expect, it } from 'vitest'
import { detectLocale } from './index'
import en from './en'
import zhCN from './zh-CN'
import { CHANNELS, ORDER_STATES } from '@/lib/orderFilter'
import { AUDIT_ACTIONS, AUDIT_TARGETS } from '@/lib/audit'
import { CALLBACK_EVENT_TYPES } from '@/lib/callbackEvents'
import { DISCREPANCY_KINDS, DISCREPANCY_STATUSES, PROVIDERS, RECONCILIATION_STATUSES } from '@/lib/reconciliation'

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

  // The lists are exhaustive (lib/enums.ts: a value the schema adds fails the typecheck until listed).
  it('name every value of the schema\'s enums the console shows', () => {
    for (const m of [en, zhCN]) {
      for (const s of ORDER_STATES) {
        expect(m.orderState[s], s).toBeTruthy()
      }
      for (const c of CHANNELS) {
        expect(m.channel[c], c).toBeTruthy()
      }
      for (const a of AUDIT_ACTIONS) {
        expect(m.audit.actions[a], a).toBeTruthy()
      }
      for (const x of AUDIT_TARGETS) {
        expect(m.audit.targets[x], x).toBeTruthy()
      }
      for (const e of CALLBACK_EVENT_TYPES) {
        expect(m.callbacks.types[e], e).toBeTruthy()
      }
      for (const p of PROVIDERS) {
        expect(m.provider[p], p).toBeTruthy()
      }
      for (const s of RECONCILIATION_STATUSES) {
        expect(m.reconciliationStatus[s], s).toBeTruthy()
      }
      for (const k of DISCREPANCY_KINDS) {
        expect(m.discrepancyKind[k], k).toBeTruthy()
      }
      for (const s of DISCREPANCY_STATUSES) {
        expect(m.discrepancyStatus[s], s).toBeTruthy()
      }
    }
  })
})
