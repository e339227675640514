// Merchant callback events as the console shows them. Order events (order.paid, …) belong to an
// order and `resendCallback(orderId)` queues the order's latest one again; a reconciliation
// discrepancy event may have no order at all (a trade paycenter never created), and no mutation
// resends it, so the page links it to its reconciliation report instead.
import type { CallbackEventType } from '@/gql/graphql'
import { allOf } from './enums'

export const CALLBACK_EVENT_TYPES = allOf<CallbackEventType>()('ORDER_PAID', 'ORDER_CLOSED', 'ORDER_REFUNDED', 'RECONCILIATION_DISCREPANCY')

const ORDER_EVENTS: ReadonlySet<CallbackEventType> = new Set(['ORDER_PAID', 'ORDER_CLOSED', 'ORDER_REFUNDED'])

/** Whether `resendCallback` can deliver this event again: an order's own event, with its order. */
export function resendable(e: { type: CallbackEventType; orderId?: string | null }): boolean {
  return ORDER_EVENTS.has(e.type) && !!e.orderId
}

/** What a `reconciliation.discrepancy` payload is about. */
export interface DiscrepancyRef {
  reportId: string | null
  discrepancyId: string | null
  /** The out_trade_no on the bill (also for a trade paycenter never created). */
  orderNo: string | null
  kind: string | null
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null
}

/** The discrepancy a callback payload reports, or null for another event (or a body that is not one). */
export function discrepancyOf(payload: string | null | undefined): DiscrepancyRef | null {
  if (!payload) {
    return null
  }
  let body: unknown
  try {
    body = JSON.parse(payload)
  } catch {
    return null
  }
  if (typeof body !== 'object' || body === null) {
    return null
  }
  const { type, data } = body as { type?: unknown; data?: unknown }
  if (type !== 'reconciliation.discrepancy' || typeof data !== 'object' || data === null) {
    return null
  }
  const d = data as Record<string, unknown>
  return { reportId: str(d.reportId), discrepancyId: str(d.discrepancyId), orderNo: str(d.orderNo), kind: str(d.kind) }
}
