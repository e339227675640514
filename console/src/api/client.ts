// A small GraphQL client: fetch for queries and mutations (Authorization: Bearer), graphql-ws
// for subscriptions (the token in connection_init). An UNAUTHENTICATED answer ends the session.
import { ref } from 'vue'
import { createClient, type Client } from 'graphql-ws'
import type { TypedDocumentString } from '@/gql/graphql'
import { currentToken, endSession, onSessionEnd } from './session'

export interface GraphQLErrorItem {
  message: string
  path?: readonly (string | number)[]
  extensions?: { code?: string; field?: string; providerCode?: string; [k: string]: unknown }
}

/** A GraphQL error answer, or a transport failure (code NETWORK). */
export class ApiError extends Error {
  readonly code: string
  readonly field: string | undefined
  readonly providerCode: string | undefined
  readonly errors: readonly GraphQLErrorItem[]

  constructor(errors: readonly GraphQLErrorItem[]) {
    const first = errors[0]
    super(first?.message ?? 'request failed')
    this.name = 'ApiError'
    this.errors = errors
    this.code = first?.extensions?.code ?? 'INTERNAL'
    this.field = first?.extensions?.field
    this.providerCode = first?.extensions?.providerCode
  }
}

export const GRAPHQL_PATH = '/graphql'

interface GraphQLResponseBody<T> {
  data?: T | null
  errors?: GraphQLErrorItem[]
}

function isUnauthenticated(errors: readonly GraphQLErrorItem[]): boolean {
  return errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')
}

export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
): Promise<TResult> {
  const token = currentToken()
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
  }
  if (token) {
    headers.authorization = `Bearer ${token}`
  }
  let res: Response
  try {
    res = await fetch(GRAPHQL_PATH, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
      credentials: 'omit',
    })
  } catch (e) {
    throw new ApiError([{ message: String(e), extensions: { code: 'NETWORK' } }])
  }
  let body: GraphQLResponseBody<TResult>
  try {
    body = (await res.json()) as GraphQLResponseBody<TResult>
  } catch {
    throw new ApiError([{ message: `HTTP ${res.status}`, extensions: { code: 'NETWORK' } }])
  }
  if (body.errors?.length) {
    if (token && isUnauthenticated(body.errors)) {
      endSession('unauthenticated')
    }
    throw new ApiError(body.errors)
  }
  if (!body.data) {
    throw new ApiError([{ message: `HTTP ${res.status}: no data`, extensions: { code: 'NETWORK' } }])
  }
  return body.data
}

let ws: Client | null = null

/**
 * Counts the subscription connection's (re)connections. Pages that show live data read again
 * when it changes: whatever happened while the connection was down (or before it was up) is
 * then on screen, and the live feed carries the rest.
 */
export const wsConnections = ref(0)
/** Whether the subscription socket is open and acknowledged. */
export const wsConnected = ref(false)

function wsUrl(): string {
  const u = new URL(GRAPHQL_PATH, window.location.href)
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:'
  return u.toString()
}

function wsClient(): Client {
  if (!ws) {
    ws = createClient({
      url: wsUrl(),
      lazy: true,
      // Reconnect after a dropped connection (a server restart, a proxy timeout).
      retryAttempts: Infinity,
      shouldRetry: () => currentToken() !== null,
      connectionParams: () => {
        const token = currentToken()
        return token ? { token } : {}
      },
      on: {
        connected: () => {
          wsConnected.value = true
          wsConnections.value += 1
        },
        closed: (event) => {
          wsConnected.value = false
          // paycenter refuses a token it no longer accepts in connection_init by closing with
          // 1002 and the reason "UNAUTHENTICATED"; 4401/4403 are the protocol's own codes.
          const { code, reason } = (event ?? {}) as { code?: number; reason?: string }
          if (code === 4401 || code === 4403 || (code === 1002 && reason?.includes('UNAUTHENTICATED'))) {
            endSession('unauthenticated')
          }
        },
      },
    })
  }
  return ws
}

export interface Subscription {
  unsubscribe(): void
}

/** Subscribes; `onData` gets every result's data. Errors end the subscription (reported once). */
export function subscribe<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  onData: (data: TResult) => void,
  onError?: (e: ApiError) => void,
): Subscription {
  const dispose = wsClient().subscribe<TResult>(
    { query: document.toString(), variables: variables as Record<string, unknown> },
    {
      next: (r) => {
        if (r.errors?.length) {
          const errors = r.errors as unknown as GraphQLErrorItem[]
          if (isUnauthenticated(errors)) {
            endSession('unauthenticated')
          }
          onError?.(new ApiError(errors))
          return
        }
        if (r.data) {
          onData(r.data)
        }
      },
      error: (e) => {
        if (Array.isArray(e)) {
          onError?.(new ApiError(e as GraphQLErrorItem[]))
        } else {
          onError?.(new ApiError([{ message: String(e), extensions: { code: 'NETWORK' } }]))
        }
      },
      complete: () => {},
    },
  )
  return { unsubscribe: dispose }
}

// A new session must not reuse a connection authenticated as the previous one.
onSessionEnd(() => {
  const old = ws
  ws = null
  wsConnected.value = false
  void old?.dispose()
})
