/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Alipay settings. On update, an omitted field is kept and an empty string clears it. */
export type AlipayConfigInput = {
  /** Alipay's platform public key. */
  alipayPublicKey?: string | null | undefined;
  appId?: string | null | undefined;
  /** The app's RSA private key (PKCS#1 or PKCS#8, PEM or bare base64). */
  appPrivateKey?: string | null | undefined;
};

export type Channel =
  /** Alipay in a native app. */
  | 'ALIPAY_APP'
  /** Alipay precreate: a QR code. */
  | 'ALIPAY_QR'
  /** WeChat in a native app. */
  | 'WECHAT_APP'
  /** WeChat mini-program / JSAPI: the payer is the calling user. */
  | 'WECHAT_JSAPI'
  /** WeChat Native: a QR code. */
  | 'WECHAT_NATIVE';

export type CreateProjectInput = {
  alipay?: AlipayConfigInput | null | undefined;
  callbackUrl?: string | null | undefined;
  name: string;
  /** How long an unpaid order stays payable (60..=86400, default 900). */
  orderTtlSeconds?: number | null | undefined;
  trustClientAmount?: boolean | null | undefined;
  wechat?: WechatConfigInput | null | undefined;
};

export type OrderFilter = {
  channel?: Channel | null | undefined;
  createdFrom?: string | null | undefined;
  createdTo?: string | null | undefined;
  orderNo?: string | null | undefined;
  projectId?: string | number | null | undefined;
  state?: OrderState | null | undefined;
};

export type OrderState =
  | 'CLOSED'
  | 'FAILED'
  | 'PAID'
  | 'PARTIALLY_REFUNDED'
  | 'PENDING'
  | 'REFUNDED';

export type PayOrderInput = {
  /** Minor units (fen): 1 ..= 10^10. */
  amount: number;
  /** Echoed back on the notify and callback (WeChat attach / Alipay passback_params), ≤ 127 bytes. */
  attach?: string | null | undefined;
  channel: Channel;
  /** Overrides the project's order TTL (60 ..= 86400 seconds). */
  expiresInSeconds?: number | null | undefined;
  /** WECHAT_JSAPI orders placed by an admin or project key: the payer's openid. */
  openid?: string | null | undefined;
  orderNo: string;
  projectId: string | number;
  subject: string;
  /**
   * The merchant backend's voucher for the amount (required from mini-program users unless the
   * project trusts client amounts): hex HMAC-SHA256(signingSecret, "projectId\norderNo\namount\nsubject").
   */
  ticket?: string | null | undefined;
};

export type PrincipalKind =
  | 'ADMIN'
  | 'PROJECT'
  | 'USER';

export type RefundState =
  /** The provider refused it; its amount is released. */
  | 'FAILED'
  /** Reserved and sent to the provider; its amount counts against the order until settled. */
  | 'PROCESSING'
  /** The provider refunded it; counted in the order's `refundedAmount`. */
  | 'SUCCEEDED';

export type SandboxOutcome =
  /** The payment fails. */
  | 'FAIL'
  /** The buyer pays; the sandbox then sends the signed notify. */
  | 'SUCCESS';

export type UpdateProjectInput = {
  alipay?: AlipayConfigInput | null | undefined;
  /** `null` clears the callback URL. */
  callbackUrl?: string | null | undefined;
  name?: string | null | undefined;
  orderTtlSeconds?: number | null | undefined;
  trustClientAmount?: boolean | null | undefined;
  wechat?: WechatConfigInput | null | undefined;
};

/** WeChat settings. On update, an omitted field is kept and an empty string clears it. */
export type WechatConfigInput = {
  apiKey?: string | null | undefined;
  appId?: string | null | undefined;
  appSecret?: string | null | undefined;
  mchId?: string | null | undefined;
};

export type AdminLoginMutationVariables = Exact<{
  username: string;
  password: string;
}>;


export type AdminLoginMutation = { adminLogin: { token: string, expiresAt: string } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { kind: PrincipalKind, adminId: string | null, username: string | null } };

export type ProjectFieldsFragment = { id: string, name: string, disabled: boolean, callbackUrl: string | null, orderTtlSeconds: number, trustClientAmount: boolean, apiKeyPrefix: string, createdAt: string, updatedAt: string, wechat: { appId: string | null, mchId: string | null, hasApiKey: boolean, hasAppSecret: boolean }, alipay: { appId: string | null, hasAppPrivateKey: boolean, hasAlipayPublicKey: boolean } };

export type ProjectsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ProjectsQuery = { projects: { edges: Array<{ cursor: string, node: { id: string, name: string, disabled: boolean, callbackUrl: string | null, orderTtlSeconds: number, trustClientAmount: boolean, apiKeyPrefix: string, createdAt: string, updatedAt: string, wechat: { appId: string | null, mchId: string | null, hasApiKey: boolean, hasAppSecret: boolean }, alipay: { appId: string | null, hasAppPrivateKey: boolean, hasAlipayPublicKey: boolean } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ProjectQueryVariables = Exact<{
  id: string | number;
}>;


export type ProjectQuery = { project: { id: string, name: string, disabled: boolean, callbackUrl: string | null, orderTtlSeconds: number, trustClientAmount: boolean, apiKeyPrefix: string, createdAt: string, updatedAt: string, wechat: { appId: string | null, mchId: string | null, hasApiKey: boolean, hasAppSecret: boolean }, alipay: { appId: string | null, hasAppPrivateKey: boolean, hasAlipayPublicKey: boolean } } };

export type CreateProjectMutationVariables = Exact<{
  input: CreateProjectInput;
}>;


export type CreateProjectMutation = { createProject: { apiKey: string, signingSecret: string, project: { id: string, name: string, disabled: boolean, callbackUrl: string | null, orderTtlSeconds: number, trustClientAmount: boolean, apiKeyPrefix: string, createdAt: string, updatedAt: string, wechat: { appId: string | null, mchId: string | null, hasApiKey: boolean, hasAppSecret: boolean }, alipay: { appId: string | null, hasAppPrivateKey: boolean, hasAlipayPublicKey: boolean } } } };

export type UpdateProjectMutationVariables = Exact<{
  id: string | number;
  input: UpdateProjectInput;
}>;


export type UpdateProjectMutation = { updateProject: { id: string, name: string, disabled: boolean, callbackUrl: string | null, orderTtlSeconds: number, trustClientAmount: boolean, apiKeyPrefix: string, createdAt: string, updatedAt: string, wechat: { appId: string | null, mchId: string | null, hasApiKey: boolean, hasAppSecret: boolean }, alipay: { appId: string | null, hasAppPrivateKey: boolean, hasAlipayPublicKey: boolean } } };

export type DisableProjectMutationVariables = Exact<{
  id: string | number;
}>;


export type DisableProjectMutation = { disableProject: { id: string, name: string, disabled: boolean, callbackUrl: string | null, orderTtlSeconds: number, trustClientAmount: boolean, apiKeyPrefix: string, createdAt: string, updatedAt: string, wechat: { appId: string | null, mchId: string | null, hasApiKey: boolean, hasAppSecret: boolean }, alipay: { appId: string | null, hasAppPrivateKey: boolean, hasAlipayPublicKey: boolean } } };

export type EnableProjectMutationVariables = Exact<{
  id: string | number;
}>;


export type EnableProjectMutation = { enableProject: { id: string, name: string, disabled: boolean, callbackUrl: string | null, orderTtlSeconds: number, trustClientAmount: boolean, apiKeyPrefix: string, createdAt: string, updatedAt: string, wechat: { appId: string | null, mchId: string | null, hasApiKey: boolean, hasAppSecret: boolean }, alipay: { appId: string | null, hasAppPrivateKey: boolean, hasAlipayPublicKey: boolean } } };

export type RotateProjectKeyMutationVariables = Exact<{
  id: string | number;
}>;


export type RotateProjectKeyMutation = { rotateProjectKey: { apiKey: string, project: { id: string, name: string, disabled: boolean, callbackUrl: string | null, orderTtlSeconds: number, trustClientAmount: boolean, apiKeyPrefix: string, createdAt: string, updatedAt: string, wechat: { appId: string | null, mchId: string | null, hasApiKey: boolean, hasAppSecret: boolean }, alipay: { appId: string | null, hasAppPrivateKey: boolean, hasAlipayPublicKey: boolean } } } };

export type RotateSigningSecretMutationVariables = Exact<{
  id: string | number;
}>;


export type RotateSigningSecretMutation = { rotateSigningSecret: { signingSecret: string, project: { id: string, name: string, disabled: boolean, callbackUrl: string | null, orderTtlSeconds: number, trustClientAmount: boolean, apiKeyPrefix: string, createdAt: string, updatedAt: string, wechat: { appId: string | null, mchId: string | null, hasApiKey: boolean, hasAppSecret: boolean }, alipay: { appId: string | null, hasAppPrivateKey: boolean, hasAlipayPublicKey: boolean } } } };

export type OrderRowFragment = { id: string, projectId: string, orderNo: string, amount: number, paidAmount: number | null, refundedAmount: number, subject: string, channel: Channel, state: OrderState, providerTradeNo: string | null, payer: string | null, attach: string | null, flagged: boolean, flagReason: string | null, callbackDelivered: boolean, createdAt: string, expiresAt: string, paidAt: string | null, closedAt: string | null };

export type OrdersQueryVariables = Exact<{
  filter?: OrderFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type OrdersQuery = { orders: { edges: Array<{ cursor: string, node: { id: string, projectId: string, orderNo: string, amount: number, paidAmount: number | null, refundedAmount: number, subject: string, channel: Channel, state: OrderState, providerTradeNo: string | null, payer: string | null, attach: string | null, flagged: boolean, flagReason: string | null, callbackDelivered: boolean, createdAt: string, expiresAt: string, paidAt: string | null, closedAt: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type OrderDetailFragment = { id: string, projectId: string, orderNo: string, amount: number, paidAmount: number | null, refundedAmount: number, subject: string, channel: Channel, state: OrderState, providerTradeNo: string | null, payer: string | null, attach: string | null, flagged: boolean, flagReason: string | null, callbackDelivered: boolean, createdAt: string, expiresAt: string, paidAt: string | null, closedAt: string | null, events: Array<{ id: string, kind: string, fromState: string | null, toState: string | null, detail: string | null, createdAt: string }>, refunds: Array<{ id: string, refundNo: string, amount: number, reason: string | null, state: RefundState, providerRefundNo: string | null, failureReason: string | null, createdAt: string, succeededAt: string | null }>, callbackAttempts: Array<{ eventId: string, attempt: number, acknowledged: boolean, httpStatus: number | null, latencyMs: number, error: string | null, responseExcerpt: string | null, createdAt: string }> };

export type OrderQueryVariables = Exact<{
  id: string | number;
  refresh?: boolean | null | undefined;
}>;


export type OrderQuery = { order: { id: string, projectId: string, orderNo: string, amount: number, paidAmount: number | null, refundedAmount: number, subject: string, channel: Channel, state: OrderState, providerTradeNo: string | null, payer: string | null, attach: string | null, flagged: boolean, flagReason: string | null, callbackDelivered: boolean, createdAt: string, expiresAt: string, paidAt: string | null, closedAt: string | null, events: Array<{ id: string, kind: string, fromState: string | null, toState: string | null, detail: string | null, createdAt: string }>, refunds: Array<{ id: string, refundNo: string, amount: number, reason: string | null, state: RefundState, providerRefundNo: string | null, failureReason: string | null, createdAt: string, succeededAt: string | null }>, callbackAttempts: Array<{ eventId: string, attempt: number, acknowledged: boolean, httpStatus: number | null, latencyMs: number, error: string | null, responseExcerpt: string | null, createdAt: string }> } };

export type CloseOrderMutationVariables = Exact<{
  id: string | number;
}>;


export type CloseOrderMutation = { closeOrder: { id: string, projectId: string, orderNo: string, amount: number, paidAmount: number | null, refundedAmount: number, subject: string, channel: Channel, state: OrderState, providerTradeNo: string | null, payer: string | null, attach: string | null, flagged: boolean, flagReason: string | null, callbackDelivered: boolean, createdAt: string, expiresAt: string, paidAt: string | null, closedAt: string | null, events: Array<{ id: string, kind: string, fromState: string | null, toState: string | null, detail: string | null, createdAt: string }>, refunds: Array<{ id: string, refundNo: string, amount: number, reason: string | null, state: RefundState, providerRefundNo: string | null, failureReason: string | null, createdAt: string, succeededAt: string | null }>, callbackAttempts: Array<{ eventId: string, attempt: number, acknowledged: boolean, httpStatus: number | null, latencyMs: number, error: string | null, responseExcerpt: string | null, createdAt: string }> } };

export type RefundOrderMutationVariables = Exact<{
  id: string | number;
  refundNo: string;
  amount: number;
  reason?: string | null | undefined;
}>;


export type RefundOrderMutation = { refundOrder: { id: string, refundNo: string, amount: number, state: RefundState, failureReason: string | null } };

export type ResendCallbackMutationVariables = Exact<{
  orderId: string | number;
}>;


export type ResendCallbackMutation = { resendCallback: { id: string, projectId: string, orderNo: string, amount: number, paidAmount: number | null, refundedAmount: number, subject: string, channel: Channel, state: OrderState, providerTradeNo: string | null, payer: string | null, attach: string | null, flagged: boolean, flagReason: string | null, callbackDelivered: boolean, createdAt: string, expiresAt: string, paidAt: string | null, closedAt: string | null, events: Array<{ id: string, kind: string, fromState: string | null, toState: string | null, detail: string | null, createdAt: string }>, refunds: Array<{ id: string, refundNo: string, amount: number, reason: string | null, state: RefundState, providerRefundNo: string | null, failureReason: string | null, createdAt: string, succeededAt: string | null }>, callbackAttempts: Array<{ eventId: string, attempt: number, acknowledged: boolean, httpStatus: number | null, latencyMs: number, error: string | null, responseExcerpt: string | null, createdAt: string }> } };

export type SandboxPayMutationVariables = Exact<{
  orderId: string | number;
  outcome: SandboxOutcome;
}>;


export type SandboxPayMutation = { sandboxPay: { id: string, projectId: string, orderNo: string, amount: number, paidAmount: number | null, refundedAmount: number, subject: string, channel: Channel, state: OrderState, providerTradeNo: string | null, payer: string | null, attach: string | null, flagged: boolean, flagReason: string | null, callbackDelivered: boolean, createdAt: string, expiresAt: string, paidAt: string | null, closedAt: string | null } };

export type OrderEventsSubscriptionVariables = Exact<{
  projectId: string | number;
}>;


export type OrderEventsSubscription = { orderEvents: { orderId: string, projectId: string, kind: string, state: OrderState, order: { id: string, projectId: string, orderNo: string, amount: number, paidAmount: number | null, refundedAmount: number, subject: string, channel: Channel, state: OrderState, providerTradeNo: string | null, payer: string | null, attach: string | null, flagged: boolean, flagReason: string | null, callbackDelivered: boolean, createdAt: string, expiresAt: string, paidAt: string | null, closedAt: string | null } } };

export type PayOrderMutationVariables = Exact<{
  input: PayOrderInput;
}>;


export type PayOrderMutation = { payOrder: { order: { id: string, projectId: string, orderNo: string, amount: number, paidAmount: number | null, refundedAmount: number, subject: string, channel: Channel, state: OrderState, providerTradeNo: string | null, payer: string | null, attach: string | null, flagged: boolean, flagReason: string | null, callbackDelivered: boolean, createdAt: string, expiresAt: string, paidAt: string | null, closedAt: string | null } } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ProjectFieldsFragmentDoc = new TypedDocumentString(`
    fragment ProjectFields on Project {
  id
  name
  disabled
  callbackUrl
  orderTtlSeconds
  trustClientAmount
  apiKeyPrefix
  createdAt
  updatedAt
  wechat {
    appId
    mchId
    hasApiKey
    hasAppSecret
  }
  alipay {
    appId
    hasAppPrivateKey
    hasAlipayPublicKey
  }
}
    `, {"fragmentName":"ProjectFields"}) as unknown as TypedDocumentString<ProjectFieldsFragment, unknown>;
export const OrderRowFragmentDoc = new TypedDocumentString(`
    fragment OrderRow on Order {
  id
  projectId
  orderNo
  amount
  paidAmount
  refundedAmount
  subject
  channel
  state
  providerTradeNo
  payer
  attach
  flagged
  flagReason
  callbackDelivered
  createdAt
  expiresAt
  paidAt
  closedAt
}
    `, {"fragmentName":"OrderRow"}) as unknown as TypedDocumentString<OrderRowFragment, unknown>;
export const OrderDetailFragmentDoc = new TypedDocumentString(`
    fragment OrderDetail on Order {
  ...OrderRow
  events {
    id
    kind
    fromState
    toState
    detail
    createdAt
  }
  refunds {
    id
    refundNo
    amount
    reason
    state
    providerRefundNo
    failureReason
    createdAt
    succeededAt
  }
  callbackAttempts {
    eventId
    attempt
    acknowledged
    httpStatus
    latencyMs
    error
    responseExcerpt
    createdAt
  }
}
    fragment OrderRow on Order {
  id
  projectId
  orderNo
  amount
  paidAmount
  refundedAmount
  subject
  channel
  state
  providerTradeNo
  payer
  attach
  flagged
  flagReason
  callbackDelivered
  createdAt
  expiresAt
  paidAt
  closedAt
}`, {"fragmentName":"OrderDetail"}) as unknown as TypedDocumentString<OrderDetailFragment, unknown>;
export const AdminLoginDocument = new TypedDocumentString(`
    mutation AdminLogin($username: String!, $password: String!) {
  adminLogin(username: $username, password: $password) {
    token
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<AdminLoginMutation, AdminLoginMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    kind
    adminId
    username
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const ProjectsDocument = new TypedDocumentString(`
    query Projects($first: Int, $after: String) {
  projects(first: $first, after: $after) {
    edges {
      cursor
      node {
        ...ProjectFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment ProjectFields on Project {
  id
  name
  disabled
  callbackUrl
  orderTtlSeconds
  trustClientAmount
  apiKeyPrefix
  createdAt
  updatedAt
  wechat {
    appId
    mchId
    hasApiKey
    hasAppSecret
  }
  alipay {
    appId
    hasAppPrivateKey
    hasAlipayPublicKey
  }
}`) as unknown as TypedDocumentString<ProjectsQuery, ProjectsQueryVariables>;
export const ProjectDocument = new TypedDocumentString(`
    query Project($id: ID!) {
  project(id: $id) {
    ...ProjectFields
  }
}
    fragment ProjectFields on Project {
  id
  name
  disabled
  callbackUrl
  orderTtlSeconds
  trustClientAmount
  apiKeyPrefix
  createdAt
  updatedAt
  wechat {
    appId
    mchId
    hasApiKey
    hasAppSecret
  }
  alipay {
    appId
    hasAppPrivateKey
    hasAlipayPublicKey
  }
}`) as unknown as TypedDocumentString<ProjectQuery, ProjectQueryVariables>;
export const CreateProjectDocument = new TypedDocumentString(`
    mutation CreateProject($input: CreateProjectInput!) {
  createProject(input: $input) {
    apiKey
    signingSecret
    project {
      ...ProjectFields
    }
  }
}
    fragment ProjectFields on Project {
  id
  name
  disabled
  callbackUrl
  orderTtlSeconds
  trustClientAmount
  apiKeyPrefix
  createdAt
  updatedAt
  wechat {
    appId
    mchId
    hasApiKey
    hasAppSecret
  }
  alipay {
    appId
    hasAppPrivateKey
    hasAlipayPublicKey
  }
}`) as unknown as TypedDocumentString<CreateProjectMutation, CreateProjectMutationVariables>;
export const UpdateProjectDocument = new TypedDocumentString(`
    mutation UpdateProject($id: ID!, $input: UpdateProjectInput!) {
  updateProject(id: $id, input: $input) {
    ...ProjectFields
  }
}
    fragment ProjectFields on Project {
  id
  name
  disabled
  callbackUrl
  orderTtlSeconds
  trustClientAmount
  apiKeyPrefix
  createdAt
  updatedAt
  wechat {
    appId
    mchId
    hasApiKey
    hasAppSecret
  }
  alipay {
    appId
    hasAppPrivateKey
    hasAlipayPublicKey
  }
}`) as unknown as TypedDocumentString<UpdateProjectMutation, UpdateProjectMutationVariables>;
export const DisableProjectDocument = new TypedDocumentString(`
    mutation DisableProject($id: ID!) {
  disableProject(id: $id) {
    ...ProjectFields
  }
}
    fragment ProjectFields on Project {
  id
  name
  disabled
  callbackUrl
  orderTtlSeconds
  trustClientAmount
  apiKeyPrefix
  createdAt
  updatedAt
  wechat {
    appId
    mchId
    hasApiKey
    hasAppSecret
  }
  alipay {
    appId
    hasAppPrivateKey
    hasAlipayPublicKey
  }
}`) as unknown as TypedDocumentString<DisableProjectMutation, DisableProjectMutationVariables>;
export const EnableProjectDocument = new TypedDocumentString(`
    mutation EnableProject($id: ID!) {
  enableProject(id: $id) {
    ...ProjectFields
  }
}
    fragment ProjectFields on Project {
  id
  name
  disabled
  callbackUrl
  orderTtlSeconds
  trustClientAmount
  apiKeyPrefix
  createdAt
  updatedAt
  wechat {
    appId
    mchId
    hasApiKey
    hasAppSecret
  }
  alipay {
    appId
    hasAppPrivateKey
    hasAlipayPublicKey
  }
}`) as unknown as TypedDocumentString<EnableProjectMutation, EnableProjectMutationVariables>;
export const RotateProjectKeyDocument = new TypedDocumentString(`
    mutation RotateProjectKey($id: ID!) {
  rotateProjectKey(id: $id) {
    apiKey
    project {
      ...ProjectFields
    }
  }
}
    fragment ProjectFields on Project {
  id
  name
  disabled
  callbackUrl
  orderTtlSeconds
  trustClientAmount
  apiKeyPrefix
  createdAt
  updatedAt
  wechat {
    appId
    mchId
    hasApiKey
    hasAppSecret
  }
  alipay {
    appId
    hasAppPrivateKey
    hasAlipayPublicKey
  }
}`) as unknown as TypedDocumentString<RotateProjectKeyMutation, RotateProjectKeyMutationVariables>;
export const RotateSigningSecretDocument = new TypedDocumentString(`
    mutation RotateSigningSecret($id: ID!) {
  rotateSigningSecret(id: $id) {
    signingSecret
    project {
      ...ProjectFields
    }
  }
}
    fragment ProjectFields on Project {
  id
  name
  disabled
  callbackUrl
  orderTtlSeconds
  trustClientAmount
  apiKeyPrefix
  createdAt
  updatedAt
  wechat {
    appId
    mchId
    hasApiKey
    hasAppSecret
  }
  alipay {
    appId
    hasAppPrivateKey
    hasAlipayPublicKey
  }
}`) as unknown as TypedDocumentString<RotateSigningSecretMutation, RotateSigningSecretMutationVariables>;
export const OrdersDocument = new TypedDocumentString(`
    query Orders($filter: OrderFilter, $first: Int, $after: String) {
  orders(filter: $filter, first: $first, after: $after) {
    edges {
      cursor
      node {
        ...OrderRow
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment OrderRow on Order {
  id
  projectId
  orderNo
  amount
  paidAmount
  refundedAmount
  subject
  channel
  state
  providerTradeNo
  payer
  attach
  flagged
  flagReason
  callbackDelivered
  createdAt
  expiresAt
  paidAt
  closedAt
}`) as unknown as TypedDocumentString<OrdersQuery, OrdersQueryVariables>;
export const OrderDocument = new TypedDocumentString(`
    query Order($id: ID!, $refresh: Boolean) {
  order(id: $id, refresh: $refresh) {
    ...OrderDetail
  }
}
    fragment OrderRow on Order {
  id
  projectId
  orderNo
  amount
  paidAmount
  refundedAmount
  subject
  channel
  state
  providerTradeNo
  payer
  attach
  flagged
  flagReason
  callbackDelivered
  createdAt
  expiresAt
  paidAt
  closedAt
}
fragment OrderDetail on Order {
  ...OrderRow
  events {
    id
    kind
    fromState
    toState
    detail
    createdAt
  }
  refunds {
    id
    refundNo
    amount
    reason
    state
    providerRefundNo
    failureReason
    createdAt
    succeededAt
  }
  callbackAttempts {
    eventId
    attempt
    acknowledged
    httpStatus
    latencyMs
    error
    responseExcerpt
    createdAt
  }
}`) as unknown as TypedDocumentString<OrderQuery, OrderQueryVariables>;
export const CloseOrderDocument = new TypedDocumentString(`
    mutation CloseOrder($id: ID!) {
  closeOrder(id: $id) {
    ...OrderDetail
  }
}
    fragment OrderRow on Order {
  id
  projectId
  orderNo
  amount
  paidAmount
  refundedAmount
  subject
  channel
  state
  providerTradeNo
  payer
  attach
  flagged
  flagReason
  callbackDelivered
  createdAt
  expiresAt
  paidAt
  closedAt
}
fragment OrderDetail on Order {
  ...OrderRow
  events {
    id
    kind
    fromState
    toState
    detail
    createdAt
  }
  refunds {
    id
    refundNo
    amount
    reason
    state
    providerRefundNo
    failureReason
    createdAt
    succeededAt
  }
  callbackAttempts {
    eventId
    attempt
    acknowledged
    httpStatus
    latencyMs
    error
    responseExcerpt
    createdAt
  }
}`) as unknown as TypedDocumentString<CloseOrderMutation, CloseOrderMutationVariables>;
export const RefundOrderDocument = new TypedDocumentString(`
    mutation RefundOrder($id: ID!, $refundNo: String!, $amount: Int!, $reason: String) {
  refundOrder(id: $id, refundNo: $refundNo, amount: $amount, reason: $reason) {
    id
    refundNo
    amount
    state
    failureReason
  }
}
    `) as unknown as TypedDocumentString<RefundOrderMutation, RefundOrderMutationVariables>;
export const ResendCallbackDocument = new TypedDocumentString(`
    mutation ResendCallback($orderId: ID!) {
  resendCallback(orderId: $orderId) {
    ...OrderDetail
  }
}
    fragment OrderRow on Order {
  id
  projectId
  orderNo
  amount
  paidAmount
  refundedAmount
  subject
  channel
  state
  providerTradeNo
  payer
  attach
  flagged
  flagReason
  callbackDelivered
  createdAt
  expiresAt
  paidAt
  closedAt
}
fragment OrderDetail on Order {
  ...OrderRow
  events {
    id
    kind
    fromState
    toState
    detail
    createdAt
  }
  refunds {
    id
    refundNo
    amount
    reason
    state
    providerRefundNo
    failureReason
    createdAt
    succeededAt
  }
  callbackAttempts {
    eventId
    attempt
    acknowledged
    httpStatus
    latencyMs
    error
    responseExcerpt
    createdAt
  }
}`) as unknown as TypedDocumentString<ResendCallbackMutation, ResendCallbackMutationVariables>;
export const SandboxPayDocument = new TypedDocumentString(`
    mutation SandboxPay($orderId: ID!, $outcome: SandboxOutcome!) {
  sandboxPay(orderId: $orderId, outcome: $outcome) {
    ...OrderRow
  }
}
    fragment OrderRow on Order {
  id
  projectId
  orderNo
  amount
  paidAmount
  refundedAmount
  subject
  channel
  state
  providerTradeNo
  payer
  attach
  flagged
  flagReason
  callbackDelivered
  createdAt
  expiresAt
  paidAt
  closedAt
}`) as unknown as TypedDocumentString<SandboxPayMutation, SandboxPayMutationVariables>;
export const OrderEventsDocument = new TypedDocumentString(`
    subscription OrderEvents($projectId: ID!) {
  orderEvents(projectId: $projectId) {
    orderId
    projectId
    kind
    state
    order {
      ...OrderRow
    }
  }
}
    fragment OrderRow on Order {
  id
  projectId
  orderNo
  amount
  paidAmount
  refundedAmount
  subject
  channel
  state
  providerTradeNo
  payer
  attach
  flagged
  flagReason
  callbackDelivered
  createdAt
  expiresAt
  paidAt
  closedAt
}`) as unknown as TypedDocumentString<OrderEventsSubscription, OrderEventsSubscriptionVariables>;
export const PayOrderDocument = new TypedDocumentString(`
    mutation PayOrder($input: PayOrderInput!) {
  payOrder(input: $input) {
    order {
      ...OrderRow
    }
  }
}
    fragment OrderRow on Order {
  id
  projectId
  orderNo
  amount
  paidAmount
  refundedAmount
  subject
  channel
  state
  providerTradeNo
  payer
  attach
  flagged
  flagReason
  callbackDelivered
  createdAt
  expiresAt
  paidAt
  closedAt
}`) as unknown as TypedDocumentString<PayOrderMutation, PayOrderMutationVariables>;