// The orders page's filter: from and to the URL, to the API's OrderFilter, and whether a live
// order (from the orderEvents subscription) belongs in the filtered list.
import type { Channel, OrderFilter, OrderRowFragment, OrderState } from '@/gql/graphql'
import { allOf } from './enums'

export const ORDER_STATES = allOf<OrderState>()('PENDING', 'PAID', 'PARTIALLY_REFUNDED', 'REFUNDED', 'CLOSED', 'FAILED')
export const CHANNELS = allOf<Channel>()(
  'WECHAT_JSAPI',
  'WECHAT_APP',
  'WECHAT_NATIVE',
  'WECHAT_H5',
  'ALIPAY_APP',
  'ALIPAY_QR',
  'ALIPAY_PAGE',
  'ALIPAY_WAP',
)

export interface Filter {
  projectId: string
  state: OrderState | ''
  channel: Channel | ''
  orderNo: string
  /** Free text: an order id, order number, provider trade number or payer exactly, or part of the subject. */
  q: string
  /** Local calendar days, "YYYY-MM-DD", both included. */
  from: string
  to: string
}

export function emptyFilter(): Filter {
  return { projectId: '', state: '', channel: '', orderNo: '', q: '', from: '', to: '' }
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** Local midnight starting the day "YYYY-MM-DD" (plus `addDays`), or null when malformed. */
export function localDayStart(day: string, addDays = 0): Date | null {
  const m = DAY.exec(day)
  if (!m) {
    return null
  }
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + addDays)
  return Number.isNaN(d.getTime()) ? null : d
}

export function toOrderFilter(f: Filter): OrderFilter {
  const out: OrderFilter = {}
  if (f.projectId) {
    out.projectId = f.projectId
  }
  if (f.state) {
    out.state = f.state
  }
  if (f.channel) {
    out.channel = f.channel
  }
  if (f.orderNo.trim()) {
    out.orderNo = f.orderNo.trim()
  }
  if (f.q.trim()) {
    out.q = f.q.trim()
  }
  const from = localDayStart(f.from)
  if (from) {
    out.createdFrom = from.toISOString()
  }
  // The API's createdTo is exclusive: the start of the day after the last one picked.
  const to = localDayStart(f.to, 1)
  if (to) {
    out.createdTo = to.toISOString()
  }
  return out
}

/** Whether `o` is in the list the filter asks for (the same rules as the server's). */
export function matches(f: Filter, o: OrderRowFragment): boolean {
  const api = toOrderFilter(f)
  if (api.projectId && o.projectId !== api.projectId) {
    return false
  }
  if (api.state && o.state !== api.state) {
    return false
  }
  if (api.channel && o.channel !== api.channel) {
    return false
  }
  if (api.orderNo && o.orderNo !== api.orderNo) {
    return false
  }
  if (api.q) {
    const q = api.q
    const exact = [o.id, o.orderNo, o.providerTradeNo, o.payer].includes(q)
    if (!exact && !o.subject.toLowerCase().includes(q.toLowerCase())) {
      return false
    }
  }
  const created = Date.parse(o.createdAt)
  if (api.createdFrom && created < Date.parse(api.createdFrom)) {
    return false
  }
  if (api.createdTo && created >= Date.parse(api.createdTo)) {
    return false
  }
  return true
}

type Query = Record<string, string | null | (string | null)[] | undefined>

function one(q: Query, k: string): string {
  const v = q[k]
  return typeof v === 'string' ? v : ''
}

export function fromQuery(q: Query): Filter {
  const state = one(q, 'state')
  const channel = one(q, 'channel')
  return {
    projectId: one(q, 'project'),
    state: (ORDER_STATES as readonly string[]).includes(state) ? (state as OrderState) : '',
    channel: (CHANNELS as readonly string[]).includes(channel) ? (channel as Channel) : '',
    orderNo: one(q, 'orderNo'),
    q: one(q, 'q').slice(0, 64),
    from: DAY.test(one(q, 'from')) ? one(q, 'from') : '',
    to: DAY.test(one(q, 'to')) ? one(q, 'to') : '',
  }
}

export function toQuery(f: Filter): Record<string, string> {
  const q: Record<string, string> = {}
  const put = (k: string, v: string) => {
    if (v) {
      q[k] = v
    }
  }
  put('project', f.projectId)
  put('state', f.state)
  put('channel', f.channel)
  put('orderNo', f.orderNo.trim())
  put('q', f.q.trim())
  put('from', f.from)
  put('to', f.to)
  return q
}
