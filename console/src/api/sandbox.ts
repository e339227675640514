// The provider sandbox's own REST controls (mounted by paycenter under /sandbox when it is on).

export interface SandboxMerchant {
  wechat: { appId: string; appSecret: string; mchId: string; apiKey: string }
  alipay: { appId: string; appPrivateKey: string; alipayPublicKey: string }
}

import { request } from './client'
import { ServerInfoQuery } from './operations'

let probe: Promise<boolean> | null = null

/** Whether this paycenter runs the sandbox (`serverInfo`, readable without logging in). */
export function sandboxEnabled(): Promise<boolean> {
  probe ??= request(ServerInfoQuery)
    .then((d) => d.serverInfo.sandbox)
    .catch(() => {
      probe = null
      return false
    })
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
