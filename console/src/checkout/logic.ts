// The checkout page's decisions, free of the DOM (unit-tested): what the buyer is shown for an
// order's state and channel, the countdown, and where a paid buyer goes back to.
import type { Channel, OrderState } from '@/gql/graphql'

/** What the page shows. */
export type Phase = 'waiting' | 'paid' | 'closed' | 'expired' | 'failed'

/** The order as the page follows it. */
export interface Status {
  state: OrderState
  expiresAt: string
  closedAt: string | null
}

/**
 * The phase of an order at `now` (ms). A PENDING order past its expiry shows as expired before
 * the server closes it; a CLOSED one closed at or after its expiry expired, else it was closed.
 */
export function phaseOf(s: Status, now: number): Phase {
  const expires = Date.parse(s.expiresAt)
  switch (s.state) {
    case 'PENDING':
      return now >= expires ? 'expired' : 'waiting'
    case 'PAID':
    case 'PARTIALLY_REFUNDED':
    case 'REFUNDED':
      return 'paid'
    case 'CLOSED':
      return s.closedAt !== null && Date.parse(s.closedAt) >= expires ? 'expired' : 'closed'
    case 'FAILED':
      return 'failed'
  }
}

/** Whether nothing more will change what the buyer sees. */
export function isFinal(state: OrderState): boolean {
  return state !== 'PENDING'
}

/** How the buyer pays on this page. */
export type Action = 'qr' | 'redirect' | 'app'

export function actionOf(channel: Channel): Action {
  switch (channel) {
    case 'WECHAT_NATIVE':
    case 'ALIPAY_QR':
      return 'qr'
    case 'ALIPAY_PAGE':
    case 'ALIPAY_WAP':
    case 'WECHAT_H5':
      return 'redirect'
    case 'WECHAT_JSAPI':
    case 'WECHAT_APP':
    case 'ALIPAY_APP':
      return 'app'
  }
}

/** The provider whose app or cashier the buyer uses. */
export function providerOf(channel: Channel): 'wechat' | 'alipay' {
  return channel.startsWith('WECHAT') ? 'wechat' : 'alipay'
}

/** `mm:ss`, or `h:mm:ss` from an hour up; 0:00 once it has passed. */
export function countdown(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const two = (n: number) => String(n).padStart(2, '0')
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`
}

/**
 * The merchant's return URL with `orderNo` and `state` set (replacing parameters of those names),
 * as the server's return landing builds it. Null without a usable http(s) URL.
 */
export function returnTo(returnUrl: string | null, orderNo: string, state: OrderState): string | null {
  if (!returnUrl) {
    return null
  }
  let url: URL
  try {
    url = new URL(returnUrl)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return null
  }
  url.searchParams.delete('orderNo')
  url.searchParams.delete('state')
  url.searchParams.append('orderNo', orderNo)
  url.searchParams.append('state', state)
  return url.toString()
}

/** The order id and ticket of a checkout URL (`/checkout/{orderId}?t=…`), if it is one. */
export function parseLocation(pathname: string, search: string): { orderId: string; ticket: string } | null {
  const m = /\/checkout\/([^/]+)\/?$/.exec(pathname)
  const ticket = new URLSearchParams(search).get('t')
  if (!m?.[1] || !ticket) {
    return null
  }
  return { orderId: decodeURIComponent(m[1]), ticket }
}

/** The wait before a paid buyer is sent back to the merchant by itself. */
export const RETURN_DELAY_MS = 3000
/** How often the page asks when it cannot listen. */
export const POLL_MS = 3000
