// The orders export: one row per order, amounts in yuan from integer fen, times in Beijing time
// (the providers' bills and most merchants' books are kept in it).
import type { OrderRowFragment } from '@/gql/graphql'
import { buildCsv, type Cell } from './csv'
import { formatFen } from './money'
import { formatBeijing } from './time'

export const ORDER_CSV_HEADER = [
  'id',
  'projectId',
  'project',
  'orderNo',
  'subject',
  'channel',
  'state',
  'amountYuan',
  'paidAmountYuan',
  'refundedAmountYuan',
  'providerTradeNo',
  'payer',
  'attach',
  'callbackDelivered',
  'flagged',
  'createdAt (UTC+8)',
  'paidAt (UTC+8)',
  'closedAt (UTC+8)',
  'expiresAt (UTC+8)',
] as const

export function orderCsvRow(o: OrderRowFragment, projectName: (id: string) => string): Cell[] {
  return [
    o.id,
    o.projectId,
    projectName(o.projectId),
    o.orderNo,
    o.subject,
    o.channel,
    o.state,
    formatFen(o.amount),
    o.paidAmount === null ? '' : formatFen(o.paidAmount),
    formatFen(o.refundedAmount),
    o.providerTradeNo,
    o.payer,
    o.attach,
    o.callbackDelivered,
    o.flagged,
    formatBeijing(o.createdAt),
    formatBeijing(o.paidAt),
    formatBeijing(o.closedAt),
    formatBeijing(o.expiresAt),
  ]
}

export function ordersCsv(orders: readonly OrderRowFragment[], projectName: (id: string) => string): string {
  return buildCsv(
    ORDER_CSV_HEADER,
    orders.map((o) => orderCsvRow(o, projectName)),
  )
}
