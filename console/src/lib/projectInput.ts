// The project form's model and the GraphQL inputs made from it. Provider secrets are write-only:
// the form starts them empty, and an empty secret field means "unchanged" on update (omitted
// from the input); clearing a stored secret is an explicit choice (sent as "").
import type { CreateProjectInput, ProjectFieldsFragment, UpdateProjectInput } from '@/gql/graphql'

export const WECHAT_SECRETS = ['appSecret', 'apiKey'] as const
export const ALIPAY_SECRETS = ['appPrivateKey', 'alipayPublicKey'] as const
export type WechatSecret = (typeof WECHAT_SECRETS)[number]
export type AlipaySecret = (typeof ALIPAY_SECRETS)[number]

export interface ProjectForm {
  name: string
  callbackUrl: string
  orderTtlSeconds: number
  trustClientAmount: boolean
  wechat: { appId: string; mchId: string } & Record<WechatSecret, string>
  alipay: { appId: string } & Record<AlipaySecret, string>
  /** Stored secrets the admin chose to remove. */
  clear: { wechat: WechatSecret[]; alipay: AlipaySecret[] }
}

export const DEFAULT_TTL = 900

export function emptyForm(): ProjectForm {
  return {
    name: '',
    callbackUrl: '',
    orderTtlSeconds: DEFAULT_TTL,
    trustClientAmount: false,
    wechat: { appId: '', mchId: '', appSecret: '', apiKey: '' },
    alipay: { appId: '', appPrivateKey: '', alipayPublicKey: '' },
    clear: { wechat: [], alipay: [] },
  }
}

/** The form for an existing project: its settings, secrets empty (unchanged). */
export function formOf(p: ProjectFieldsFragment): ProjectForm {
  const f = emptyForm()
  f.name = p.name
  f.callbackUrl = p.callbackUrl ?? ''
  f.orderTtlSeconds = p.orderTtlSeconds
  f.trustClientAmount = p.trustClientAmount
  f.wechat.appId = p.wechat.appId ?? ''
  f.wechat.mchId = p.wechat.mchId ?? ''
  f.alipay.appId = p.alipay.appId ?? ''
  return f
}

function nonEmpty<T extends Record<string, string>>(o: T): Partial<T> | undefined {
  const out: Partial<T> = {}
  let any = false
  for (const [k, v] of Object.entries(o) as [keyof T, string][]) {
    const trimmed = v.trim()
    if (trimmed !== '') {
      out[k] = trimmed as T[keyof T]
      any = true
    }
  }
  return any ? out : undefined
}

export function createInput(f: ProjectForm): CreateProjectInput {
  const input: CreateProjectInput = {
    name: f.name.trim(),
    orderTtlSeconds: f.orderTtlSeconds,
    trustClientAmount: f.trustClientAmount,
  }
  if (f.callbackUrl.trim() !== '') {
    input.callbackUrl = f.callbackUrl.trim()
  }
  const wechat = nonEmpty(f.wechat)
  if (wechat) {
    input.wechat = wechat
  }
  const alipay = nonEmpty(f.alipay)
  if (alipay) {
    input.alipay = alipay
  }
  return input
}

export function updateInput(f: ProjectForm): UpdateProjectInput {
  const wechat: NonNullable<UpdateProjectInput['wechat']> = {
    appId: f.wechat.appId.trim(),
    mchId: f.wechat.mchId.trim(),
  }
  for (const k of WECHAT_SECRETS) {
    const v = f.wechat[k].trim()
    if (v !== '') {
      wechat[k] = v
    } else if (f.clear.wechat.includes(k)) {
      wechat[k] = ''
    }
  }
  const alipay: NonNullable<UpdateProjectInput['alipay']> = { appId: f.alipay.appId.trim() }
  for (const k of ALIPAY_SECRETS) {
    const v = f.alipay[k].trim()
    if (v !== '') {
      alipay[k] = v
    } else if (f.clear.alipay.includes(k)) {
      alipay[k] = ''
    }
  }
  return {
    name: f.name.trim(),
    // null clears the callback URL.
    callbackUrl: f.callbackUrl.trim() === '' ? null : f.callbackUrl.trim(),
    orderTtlSeconds: f.orderTtlSeconds,
    trustClientAmount: f.trustClientAmount,
    wechat,
    alipay,
  }
}
