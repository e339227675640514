import type { OrderDetailFragment } from '@/gql/graphql'

/** What can still be refunded: the amount less refunds that succeeded or are in flight (fen). */
export function refundable(o: Pick<OrderDetailFragment, 'amount' | 'refunds'>): number {
  const held = o.refunds.filter((r) => r.state !== 'FAILED').reduce((sum, r) => sum + r.amount, 0)
  return Math.max(0, o.amount - held)
}

/** A fresh refund number: "R" + local time to the second + 6 random hex digits (1–64 of [0-9A-Za-z_-|*@]). */
export function newRefundNo(now = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`
  const bytes = new Uint8Array(3)
  crypto.getRandomValues(bytes)
  return `R${stamp}${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}

export const REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/
