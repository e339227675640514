// The provider sandbox's own REST controls (mounted by paycenter under /sandbox when it is on).

export interface SandboxMerchant {
  wechat: { appId: string; appSecret: string; mchId: string; apiKey: string }
  alipay: { appId: string; appPrivateKey: string; alipayPublicKey: string }
}

let probe: Promise<boolean> | null = null

/**
 * Whether this paycenter runs the sandbox. `/sandbox/merchants` only takes POST (which creates a
 * merchant), so a GET answering 405 Method Not Allowed tells that the route is there without
 * creating anything; 404 means the sandbox is off.
 */
export function sandboxEnabled(): Promise<boolean> {
  probe ??= fetch('/sandbox/merchants', { method: 'GET', credentials: 'omit' })
    .then((r) => r.status === 405 || r.ok)
    .catch(() => false)
  return probe
}

/** A fresh sandbox merchant with credentials for both providers. */
export async function createSandboxMerchant(): Promise<SandboxMerchant> {
  const r = await fetch('/sandbox/merchants', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
    credentials: 'omit',
  })
  if (!r.ok) {
    throw new Error(`POST /sandbox/merchants: HTTP ${r.status}`)
  }
  return (await r.json()) as SandboxMerchant
}
