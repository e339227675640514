import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

// The client in Node: sessionStorage and fetch are stubbed per test.
class MemoryStorage {
  private items = new Map<string, string>()
  getItem(k: string) {
    return this.items.get(k) ?? null
  }
  setItem(k: string, v: string) {
    this.items.set(k, v)
  }
  removeItem(k: string) {
    this.items.delete(k)
  }
}

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString()

async function load() {
  vi.resetModules()
  const session = await import('./session')
  const client = await import('./client')
  const ops = await import('./operations')
  return { session, client, ops }
}

function answer(body: unknown) {
  const fetch = vi.fn(async () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }))
  vi.stubGlobal('fetch', fetch)
  return fetch
}

describe('GraphQL client and session', () => {
  beforeEach(() => {
    vi.stubGlobal('sessionStorage', new MemoryStorage())
  })
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('sends the token as a bearer header and returns the data', async () => {
    const { session, client, ops } = await load()
    session.startSession({ token: 'tok', expiresAt: inAnHour(), username: 'admin' })
    const fetch = answer({ data: { me: { kind: 'ADMIN', adminId: 'adm_1', username: 'admin' } } })
    const data = await client.request(ops.MeQuery)
    expect(data.me.kind).toBe('ADMIN')
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/graphql')
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer tok')
    expect(JSON.parse(init.body as string).query).toContain('query Me')
  })

  it('ends the session on UNAUTHENTICATED, and only then', async () => {
    const { session, client, ops } = await load()
    const ended = vi.fn()
    session.onSessionEnd(ended)
    session.startSession({ token: 'tok', expiresAt: inAnHour(), username: 'admin' })

    answer({ data: null, errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] })
    await expect(client.request(ops.MeQuery)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect(session.currentToken()).toBe('tok')
    expect(ended).not.toHaveBeenCalled()

    answer({ data: null, errors: [{ message: 'expired', extensions: { code: 'UNAUTHENTICATED' } }] })
    await expect(client.request(ops.MeQuery)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(session.currentToken()).toBeNull()
    expect(sessionStorage.getItem('paycenter.session')).toBeNull()
    expect(ended).toHaveBeenCalledWith('unauthenticated')
  })

  it('drops an expired stored session and never sends its token', async () => {
    sessionStorage.setItem(
      'paycenter.session',
      JSON.stringify({ token: 'old', expiresAt: new Date(Date.now() - 1000).toISOString(), username: 'admin' }),
    )
    const { session, client, ops } = await load()
    expect(session.currentToken()).toBeNull()
    const fetch = answer({ data: { me: { kind: 'ADMIN', adminId: null, username: null } } })
    await client.request(ops.MeQuery)
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect((init.headers as Record<string, string>).authorization).toBeUndefined()
  })

  it('reports a transport failure as NETWORK', async () => {
    const { client, ops } = await load()
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch')
      }),
    )
    await expect(client.request(ops.MeQuery)).rejects.toMatchObject({ code: 'NETWORK' })
  })
})
