// The checkout page's GraphQL client, with the checkout ticket as its credential: `fetch` for the
// order, and the `paymentStatus` subscription over graphql-transport-ws (written out here: the
// protocol is five message types, and the page stays a few kilobytes). When the socket cannot be
// opened, is not acknowledged, or drops before the order is final, the page polls the `order`
// query instead.
import type {
  CheckoutOrderStatusQuery,
  CheckoutPaymentStatusSubscription,
} from '@/gql/graphql'
import { CHECKOUT_ORDER_STATUS, CHECKOUT_PAYMENT_STATUS } from './operations'
import { isFinal, POLL_MS } from './logic'

const GRAPHQL_PATH = '/graphql'
/** How long the socket may take to be acknowledged before the page polls instead. */
const ACK_TIMEOUT_MS = 5000

/** A GraphQL error answer (its `extensions.code`), or NETWORK for a transport failure. */
export class CheckoutError extends Error {
  readonly code: string

  constructor(message: string, code: string) {
    super(message)
    this.name = 'CheckoutError'
    this.code = code
  }
}

interface ErrorItem {
  message: string
  extensions?: { code?: string }
}

function fromErrors(errors: readonly ErrorItem[]): CheckoutError {
  const first = errors[0]
  return new CheckoutError(first?.message ?? 'request failed', first?.extensions?.code ?? 'INTERNAL')
}

/** Runs a query with the ticket. */
export async function query<T>(ticket: string, document: string, variables: Record<string, unknown>): Promise<T> {
  let res: Response
  try {
    res = await fetch(GRAPHQL_PATH, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        authorization: `Bearer ${ticket}`,
      },
      body: JSON.stringify({ query: document, variables }),
      credentials: 'omit',
    })
  } catch (e) {
    throw new CheckoutError(String(e), 'NETWORK')
  }
  let body: { data?: T | null; errors?: ErrorItem[] }
  try {
    body = (await res.json()) as typeof body
  } catch {
    throw new CheckoutError(`HTTP ${res.status}`, 'NETWORK')
  }
  if (body.errors?.length) {
    throw fromErrors(body.errors)
  }
  if (!body.data) {
    throw new CheckoutError(`HTTP ${res.status}: no data`, 'NETWORK')
  }
  return body.data
}

/** The order's state as the live updates carry it. */
export type StatusFields = CheckoutPaymentStatusSubscription['paymentStatus']

export type Mode = 'ws' | 'poll'

export interface FollowHandlers {
  /** Each new state of the order (the first is the current one). */
  status: (s: StatusFields) => void
  /** How the page is following: over the socket, or polling. */
  mode: (m: Mode) => void
  /** A refusal (the ticket expired, …): following stops. */
  refused: (e: CheckoutError) => void
  /** A transport problem; following goes on (true once it works again). */
  offline: (offline: boolean) => void
}

/** Follows the order until it is final; returns a function that stops it. */
export function follow(ticket: string, orderId: string, on: FollowHandlers): () => void {
  let stopped = false
  let socket: WebSocket | null = null
  let timer: ReturnType<typeof setTimeout> | null = null

  const stop = () => {
    stopped = true
    if (timer !== null) {
      clearTimeout(timer)
    }
    if (socket && socket.readyState <= WebSocket.OPEN) {
      socket.close(1000)
    }
  }

  const deliver = (s: StatusFields) => {
    on.offline(false)
    on.status(s)
    if (isFinal(s.state)) {
      stop()
    }
  }

  const poll = () => {
    if (stopped) {
      return
    }
    on.mode('poll')
    const once = async () => {
      if (stopped) {
        return
      }
      try {
        const d = await query<CheckoutOrderStatusQuery>(ticket, CHECKOUT_ORDER_STATUS, { id: orderId })
        deliver(d.order)
      } catch (e) {
        const err = e instanceof CheckoutError ? e : new CheckoutError(String(e), 'NETWORK')
        if (err.code !== 'NETWORK' && err.code !== 'INTERNAL') {
          on.refused(err)
          stop()
          return
        }
        on.offline(true)
      }
      if (!stopped) {
        timer = setTimeout(() => void once(), POLL_MS)
      }
    }
    void once()
  }

  const listen = () => {
    if (typeof WebSocket === 'undefined') {
      poll()
      return
    }
    const url = new URL(GRAPHQL_PATH, window.location.href)
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
    let ws: WebSocket
    try {
      ws = new WebSocket(url, 'graphql-transport-ws')
    } catch {
      poll()
      return
    }
    socket = ws
    let acknowledged = false
    let completed = false
    const fallBack = () => {
      if (!stopped && !completed) {
        socket = null
        poll()
      }
    }
    const ackTimer = setTimeout(() => {
      if (!acknowledged) {
        ws.close()
      }
    }, ACK_TIMEOUT_MS)
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: 'connection_init', payload: { token: ticket } }))
    }
    ws.onmessage = (ev: MessageEvent) => {
      let m: { type?: string; id?: string; payload?: unknown }
      try {
        m = JSON.parse(String(ev.data)) as typeof m
      } catch {
        return
      }
      switch (m.type) {
        case 'connection_ack':
          acknowledged = true
          clearTimeout(ackTimer)
          on.mode('ws')
          ws.send(
            JSON.stringify({
              id: '1',
              type: 'subscribe',
              payload: { query: CHECKOUT_PAYMENT_STATUS, variables: { id: orderId } },
            }),
          )
          break
        case 'ping':
          ws.send(JSON.stringify({ type: 'pong' }))
          break
        case 'next': {
          const p = m.payload as { data?: CheckoutPaymentStatusSubscription | null; errors?: ErrorItem[] }
          if (p.errors?.length) {
            completed = true
            on.refused(fromErrors(p.errors))
            stop()
          } else if (p.data) {
            deliver(p.data.paymentStatus)
          }
          break
        }
        case 'error':
          completed = true
          on.refused(fromErrors((m.payload as ErrorItem[] | undefined) ?? []))
          stop()
          break
        case 'complete':
          completed = true
          ws.close(1000)
          break
      }
    }
    ws.onclose = () => {
      clearTimeout(ackTimer)
      fallBack()
    }
  }

  listen()
  return stop
}
