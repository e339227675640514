// The provider sandbox's own REST controls (mounted by paycenter under /sandbox when it is on).

/** How the sandbox's WeChat Pay v3 merchant verifies WeChat Pay: its public key, or platform certificates. */
export type WechatMode = 'publicKey' | 'certificate'

export interface SandboxMerchant {
  /** v2's and v3's credentials, in `WechatConfigInput`'s shape (the v3 ones from a sandbox that has them). */
  wechat: {
    appId: string
    appSecret: string
    mchId: string
    apiKey: string
    merchantSerialNo?: string
    merchantPrivateKey?: string
    apiV3Key?: string
    /** Public-key mode only. */
    wechatPayPublicKeyId?: string
    wechatPayPublicKey?: string
  }
  wechatMode?: WechatMode
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
export async function createSandboxMerchant(wechatMode: WechatMode = 'publicKey'): Promise<SandboxMerchant> {
  const r = await fetch('/sandbox/merchants', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ wechatMode }),
    credentials: 'omit',
  })
  if (!r.ok) {
    throw new Error(`POST /sandbox/merchants: HTTP ${r.status}`)
  }
  return (await r.json()) as SandboxMerchant
}
