// The project form's model and the GraphQL inputs made from it. Provider secrets are write-only:
// the form starts them empty, and an empty secret field means "unchanged" on update (omitted
// from the input); clearing a stored secret is an explicit choice (sent as "").
//
// WeChat Pay holds two credential sets: API v2's (apiKey) and API v3's (merchantSerialNo, the
// merchant's private key, the APIv3 key, and in public-key mode the WeChat Pay public key with its
// id); appId, mchId and the mini-program's appSecret serve both. `apiVersion` chooses the API new
// orders use; unset (creating), the server takes v2 when its credentials are complete, else v3.
import type { CreateProjectInput, ProjectFieldsFragment, UpdateProjectInput, WechatApiVersion } from '@/gql/graphql'

export const WECHAT_SECRETS = ['appSecret', 'apiKey'] as const
export const WECHAT_V3_SECRETS = ['merchantPrivateKey', 'apiV3Key', 'wechatPayPublicKey'] as const
export const ALIPAY_SECRETS = ['appPrivateKey', 'alipayPublicKey'] as const
export type WechatSecret = (typeof WECHAT_SECRETS)[number] | (typeof WECHAT_V3_SECRETS)[number]
export type AlipaySecret = (typeof ALIPAY_SECRETS)[number]

/** WeChat's readable identifiers (sent when changed). */
const WECHAT_V3_IDS = ['merchantSerialNo', 'wechatPayPublicKeyId'] as const

export interface ProjectForm {
  name: string
  callbackUrl: string
  orderTtlSeconds: number
  trustClientAmount: boolean
  wechat: {
    /** '' = let the server choose (creating only). */
    apiVersion: WechatApiVersion | ''
    appId: string
    mchId: string
    merchantSerialNo: string
    wechatPayPublicKeyId: string
  } & Record<WechatSecret, string>
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
    wechat: {
      apiVersion: '',
      appId: '',
      mchId: '',
      appSecret: '',
      apiKey: '',
      merchantSerialNo: '',
      merchantPrivateKey: '',
      apiV3Key: '',
      wechatPayPublicKeyId: '',
      wechatPayPublicKey: '',
    },
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
  f.wechat.apiVersion = p.wechat.apiVersion
  f.wechat.appId = p.wechat.appId ?? ''
  f.wechat.mchId = p.wechat.mchId ?? ''
  f.wechat.merchantSerialNo = p.wechat.merchantSerialNo ?? ''
  f.wechat.wechatPayPublicKeyId = p.wechat.wechatPayPublicKeyId ?? ''
  f.alipay.appId = p.alipay.appId ?? ''
  return f
}

/** Whether a stored project has this WeChat secret. */
export function wechatSecretSet(p: ProjectFieldsFragment, k: WechatSecret): boolean {
  switch (k) {
    case 'appSecret':
      return p.wechat.hasAppSecret
    case 'apiKey':
      return p.wechat.hasApiKey
    case 'merchantPrivateKey':
      return p.wechat.hasMerchantPrivateKey
    case 'apiV3Key':
      return p.wechat.hasApiV3Key
    case 'wechatPayPublicKey':
      return p.wechat.hasWechatPayPublicKey
  }
}

export function alipaySecretSet(p: ProjectFieldsFragment, k: AlipaySecret): boolean {
  return k === 'appPrivateKey' ? p.alipay.hasAppPrivateKey : p.alipay.hasAlipayPublicKey
}

/** UTF-8 bytes, as the server counts the APIv3 key. */
export function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length
}

export type WechatField = keyof ProjectForm['wechat']

export interface FieldProblem {
  field: WechatField
  /** i18n key under `project.problems`. */
  key: 'apiV3KeyLength' | 'serialNo' | 'publicKeyPair' | 'v3Incomplete'
  params?: Record<string, number>
}

/**
 * What the server would refuse in the WeChat fields, checked here first: the APIv3 key is exactly
 * 32 bytes, the certificate serial is hexadecimal, the WeChat Pay public key comes with its id
 * (or neither: certificate mode), and V3 needs a complete v3 set (typed now or stored).
 */
export function wechatProblems(f: ProjectForm, stored?: ProjectFieldsFragment): FieldProblem[] {
  const w = f.wechat
  const out: FieldProblem[] = []
  const key = w.apiV3Key.trim()
  if (key !== '' && utf8Length(key) !== 32) {
    out.push({ field: 'apiV3Key', key: 'apiV3KeyLength', params: { n: utf8Length(key) } })
  }
  const serial = w.merchantSerialNo.trim()
  if (serial !== '' && !/^[0-9A-Fa-f]{1,64}$/.test(serial)) {
    out.push({ field: 'merchantSerialNo', key: 'serialNo' })
  }
  // What the project will hold after saving: typed, else stored unless cleared.
  const will = (k: WechatSecret) =>
    w[k].trim() !== '' || (!!stored && wechatSecretSet(stored, k) && !f.clear.wechat.includes(k))
  const hasId = w.wechatPayPublicKeyId.trim() !== ''
  if (hasId !== will('wechatPayPublicKey')) {
    out.push({ field: hasId ? 'wechatPayPublicKey' : 'wechatPayPublicKeyId', key: 'publicKeyPair' })
  }
  if (w.apiVersion === 'V3') {
    const complete =
      w.appId.trim() !== '' && w.mchId.trim() !== '' && serial !== '' && will('merchantPrivateKey') && will('apiV3Key')
    if (!complete) {
      out.push({ field: 'apiVersion', key: 'v3Incomplete' })
    }
  }
  return out
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
  const { apiVersion, ...fields } = f.wechat
  const wechat = nonEmpty(fields)
  if (wechat || apiVersion) {
    input.wechat = { ...wechat, ...(apiVersion ? { apiVersion } : {}) }
  }
  const alipay = nonEmpty(f.alipay)
  if (alipay) {
    input.alipay = alipay
  }
  return input
}

/**
 * The changes to `stored`: identifiers as they stand, secrets only when typed (or cleared), the v3
 * identifiers and the API version only when changed (so saving an unrelated field neither
 * starts a v3 set nor pins the version the server chose).
 */
export function updateInput(f: ProjectForm, stored: ProjectFieldsFragment): UpdateProjectInput {
  const wechat: NonNullable<UpdateProjectInput['wechat']> = {
    appId: f.wechat.appId.trim(),
    mchId: f.wechat.mchId.trim(),
  }
  for (const k of WECHAT_V3_IDS) {
    const v = f.wechat[k].trim()
    if (v !== (stored.wechat[k] ?? '')) {
      wechat[k] = v
    }
  }
  for (const k of [...WECHAT_SECRETS, ...WECHAT_V3_SECRETS]) {
    const v = f.wechat[k].trim()
    if (v !== '') {
      wechat[k] = v
    } else if (f.clear.wechat.includes(k)) {
      wechat[k] = ''
    }
  }
  if (f.wechat.apiVersion !== '' && f.wechat.apiVersion !== stored.wechat.apiVersion) {
    wechat.apiVersion = f.wechat.apiVersion
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

/** The credentials a sandbox merchant's answer carries, as the form's fields (what it lacks: empty). */
export function withSandboxMerchant(
  f: ProjectForm,
  m: { wechat: Partial<Record<string, unknown>>; alipay: Partial<Record<string, unknown>> },
): ProjectForm {
  const text = (v: unknown) => (typeof v === 'string' ? v : '')
  const empty = emptyForm()
  const wechat = { ...empty.wechat, apiVersion: f.wechat.apiVersion }
  for (const k of Object.keys(wechat) as WechatField[]) {
    if (k !== 'apiVersion') {
      wechat[k] = text(m.wechat[k])
    }
  }
  const alipay = { ...empty.alipay }
  for (const k of Object.keys(alipay) as (keyof ProjectForm['alipay'])[]) {
    alipay[k] = text(m.alipay[k])
  }
  return { ...f, wechat, alipay, clear: { wechat: [], alipay: [] } }
}
