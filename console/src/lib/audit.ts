// The audit log's vocabulary, and its JSON details as one line of text.
import type { AuditAction, AuditTarget } from '@/gql/graphql'
import { allOf } from './enums'

export const AUDIT_ACTIONS = allOf<AuditAction>()(
  'LOGIN',
  'LOGIN_FAILED',
  'PROJECT_CREATED',
  'PROJECT_UPDATED',
  'CREDENTIALS_CHANGED',
  'CALLBACK_URL_CHANGED',
  'API_KEY_ROTATED',
  'SIGNING_SECRET_ROTATED',
  'PROJECT_DISABLED',
  'PROJECT_ENABLED',
  'ORDER_CLOSED',
  'REFUND_REQUESTED',
  'CALLBACK_RESENT',
  'TEST_CALLBACK_SENT',
  'ADMIN_CREATED',
  'ADMIN_UPDATED',
  'ADMIN_DISABLED',
  'PASSWORD_RESET',
  'PASSWORD_CHANGED',
  'RECONCILIATION_RUN',
  'DISCREPANCY_RESOLVED',
)

export const AUDIT_TARGETS = allOf<AuditTarget>()('ADMIN', 'PROJECT', 'ORDER', 'REFUND', 'RECONCILIATION_REPORT', 'DISCREPANCY')

function flat(v: unknown): string {
  if (v === null || v === undefined) {
    return '∅'
  }
  if (Array.isArray(v)) {
    return v.map(flat).join(', ')
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>
    if ('from' in o && 'to' in o && Object.keys(o).length === 2) {
      return `${flat(o.from)} → ${flat(o.to)}`
    }
    return Object.entries(o)
      .map(([k, x]) => `${k}: ${flat(x)}`)
      .join('; ')
  }
  return String(v)
}

/** `{"fields":["name"]}` → `fields: name`; `{"role":{"from":"VIEWER","to":"OWNER"}}` → `role: VIEWER → OWNER`. */
export function describeDetail(detail: string | null | undefined): string {
  if (!detail) {
    return ''
  }
  try {
    return flat(JSON.parse(detail))
  } catch {
    return detail
  }
}
