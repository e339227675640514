// GraphiQL's fetcher: POST for queries and mutations with the headers typed in the editor;
// subscriptions over one graphql-ws connection per distinct Authorization header, the token sent
// in connection_init (paycenter reads `token` or `Authorization` there).
import { getOperationAST, parse, type ExecutionResult } from 'graphql'
import { createClient, type Client } from 'graphql-ws'

interface Params {
  query: string
  operationName?: string | null
  variables?: Record<string, unknown> | null
}

interface Options {
  headers?: Record<string, unknown>
}

function isSubscription(query: string, operationName: string | null | undefined): boolean {
  try {
    return getOperationAST(parse(query), operationName ?? undefined)?.operation === 'subscription'
  } catch {
    // Not a valid document: let the server say what is wrong with it.
    return false
  }
}

function wsUrl(path: string): string {
  const u = new URL(path, window.location.href)
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:'
  return u.toString()
}

export function createFetcher(path: string) {
  const clients = new Map<string, Client>()

  function ws(authorization: string): Client {
    let c = clients.get(authorization)
    if (!c) {
      c = createClient({
        url: wsUrl(path),
        lazy: true,
        connectionParams: authorization ? { Authorization: authorization } : {},
      })
      clients.set(authorization, c)
    }
    return c
  }

  return (params: Params, opts?: Options) => {
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(opts?.headers ?? {})) {
      if (typeof v === 'string') {
        headers[k] = v
      }
    }
    if (isSubscription(params.query, params.operationName)) {
      const auth = Object.entries(headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1] ?? ''
      // graphql-ws yields JSON results (formatted errors); GraphiQL's type names graphql-js's.
      return ws(auth).iterate({
        query: params.query,
        operationName: params.operationName ?? undefined,
        variables: params.variables ?? undefined,
      }) as unknown as AsyncIterable<ExecutionResult>
    }
    return fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(params),
      credentials: 'omit',
    }).then((r) => r.json() as Promise<ExecutionResult>)
  }
}
