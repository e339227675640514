/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** The kind of principal an audit entry names. */
export type ActorKind =
  | 'ADMIN'
  /** The `paycenter` command on the server. */
  | 'CLI'
  | 'PROJECT'
  | 'USER';

/** What a console administrator may do; each role includes the ones below it. */
export type AdminRole =
  /** Orders, refunds, closes and callback (re)sends; no credentials, keys, projects or admins. */
  | 'OPERATOR'
  /** Everything: projects, credentials, keys, admins, and all an operator does. */
  | 'OWNER'
  /** Read-only. */
  | 'VIEWER';

/** Alipay settings. On update, an omitted field is kept and an empty string clears it. */
export type AlipayConfigInput = {
  /** Alipay's platform public key. */
  alipayPublicKey?: string | null | undefined;
  appId?: string | null | undefined;
  /** The app's RSA private key (PKCS#1 or PKCS#8, PEM or bare base64). */
  appPrivateKey?: string | null | undefined;
};

/** What an audit entry records. */
export type AuditAction =
  | 'ADMIN_CREATED'
  | 'ADMIN_DISABLED'
  /** Role or disabled flag changed. */
  | 'ADMIN_UPDATED'
  | 'API_KEY_ROTATED'
  | 'CALLBACK_RESENT'
  | 'CALLBACK_URL_CHANGED'
  /** Provider credentials set, replaced or cleared (the detail names the fields). */
  | 'CREDENTIALS_CHANGED'
  /** A discrepancy closed by a person (`resolveDiscrepancy`). */
  | 'DISCREPANCY_RESOLVED'
  | 'LOGIN'
  /** Unknown user, wrong password or disabled admin. */
  | 'LOGIN_FAILED'
  | 'ORDER_CLOSED'
  /** An admin changed their own password. */
  | 'PASSWORD_CHANGED'
  /** An owner set another admin's password. */
  | 'PASSWORD_RESET'
  | 'PROJECT_CREATED'
  | 'PROJECT_DISABLED'
  | 'PROJECT_ENABLED'
  /** Name, order TTL or trust-client-amount changed. */
  | 'PROJECT_UPDATED'
  /** A day reconciled by hand (`reconcile`). */
  | 'RECONCILIATION_RUN'
  | 'REFUND_REQUESTED'
  | 'SIGNING_SECRET_ROTATED'
  | 'TEST_CALLBACK_SENT';

export type AuditLogFilter = {
  action?: AuditAction | null | undefined;
  actorId?: string | number | null | undefined;
  /** Inclusive. */
  from?: string | null | undefined;
  projectId?: string | number | null | undefined;
  targetId?: string | number | null | undefined;
  targetType?: AuditTarget | null | undefined;
  /** Exclusive. */
  to?: string | null | undefined;
};

/** The kind of object an audit entry is about. */
export type AuditTarget =
  | 'ADMIN'
  | 'DISCREPANCY'
  | 'ORDER'
  | 'PROJECT'
  | 'RECONCILIATION_REPORT'
  | 'REFUND';

export type CallbackEventFilter = {
  /** Acknowledged (true) or not yet (false). */
  delivered?: boolean | null | undefined;
  /**
   * Gave up after the last retry (true) or not (false): `{failed: true}` is the
   * failed-delivery view.
   */
  failed?: boolean | null | undefined;
  /** Created at or after. */
  from?: string | null | undefined;
  orderId?: string | number | null | undefined;
  projectId?: string | number | null | undefined;
  /** Created before. */
  to?: string | null | undefined;
};

/** A merchant callback event's type (`type` in its JSON body). */
export type CallbackEventType =
  /** `order.closed` */
  | 'ORDER_CLOSED'
  /** `order.paid` */
  | 'ORDER_PAID'
  /** `order.refunded` */
  | 'ORDER_REFUNDED'
  /** `reconciliation.discrepancy` */
  | 'RECONCILIATION_DISCREPANCY';

/** A way to pay. */
export type Channel =
  /** Alipay in a native app. */
  | 'ALIPAY_APP'
  /** Alipay on a desktop website: the browser goes to Alipay's cashier (`RedirectParams`). */
  | 'ALIPAY_PAGE'
  /** Alipay precreate: a QR code. */
  | 'ALIPAY_QR'
  /** Alipay in a mobile browser: the browser goes to Alipay's cashier (`RedirectParams`). */
  | 'ALIPAY_WAP'
  /** WeChat in a native app. */
  | 'WECHAT_APP'
  /** WeChat H5: a mobile browser outside WeChat opens WeChat's page (`H5Params.url`). */
  | 'WECHAT_H5'
  /** WeChat mini-program / JSAPI: the payer is the calling user. */
  | 'WECHAT_JSAPI'
  /** WeChat Native: a QR code. */
  | 'WECHAT_NATIVE';

export type CreateAdminInput = {
  /** At least 8 characters. */
  password: string;
  role: AdminRole;
  /** 1-64 characters of letters, digits and `._-@`. */
  username: string;
};

export type CreateProjectInput = {
  alipay?: AlipayConfigInput | null | undefined;
  callbackUrl?: string | null | undefined;
  name: string;
  /** How long an unpaid order stays payable (60..=86400, default 900). */
  orderTtlSeconds?: number | null | undefined;
  trustClientAmount?: boolean | null | undefined;
  wechat?: WechatConfigInput | null | undefined;
};

export type DiscrepancyFilter = {
  dateFrom?: string | null | undefined;
  dateTo?: string | null | undefined;
  kind?: DiscrepancyKind | null | undefined;
  orderId?: string | number | null | undefined;
  projectId?: string | number | null | undefined;
  provider?: Provider | null | undefined;
  reportId?: string | number | null | undefined;
  status?: DiscrepancyStatus | null | undefined;
};

/** What a reconciliation found wrong with one payment or refund. */
export type DiscrepancyKind =
  /** The bill states another amount (order or refund). */
  | 'AMOUNT_DIFFERS'
  /** PAID here but not on the bill. */
  | 'MISSING_FROM_BILL'
  /** The bill has a payment that is not PAID here (a lost notify, or an unknown order). */
  | 'PAID_NOT_RECORDED'
  /** A refund SUCCEEDED here that the bill does not have. */
  | 'REFUND_MISSING_FROM_BILL'
  /** The bill has a refund paycenter does not know (e.g. made in the merchant portal). */
  | 'REFUND_NOT_RECORDED'
  /** Both know it but disagree on its state. */
  | 'STATE_DIFFERS';

/** Where a discrepancy is. */
export type DiscrepancyStatus =
  /** Not found again when the day was reconciled again. */
  | 'CLEARED'
  /** Settled by asking the provider, through the normal state machine. */
  | 'HEALED'
  /** Waiting for a person. */
  | 'OPEN'
  /** Closed by a person, with a note. */
  | 'RESOLVED';

/** What an entry of an order's audit trail (or a live order update) records. */
export type OrderEventKind =
  /** A provider message disagreed with the order (amount): flagged, not paid. */
  | 'AMOUNT_MISMATCH'
  /** An operator queued the order's callback again. */
  | 'CALLBACK_RESEND'
  /** A close attempt's answer that changed nothing. */
  | 'CLOSE'
  /** Closed by the merchant. */
  | 'CLOSED'
  /** A close attempt that found the payment already recorded. */
  | 'CLOSE_DUPLICATE'
  /** The provider could not be reached to close: retried in the background. */
  | 'CLOSE_PENDING'
  /** The provider refused the close because the buyer had paid. */
  | 'CLOSE_REFUSED_PAID'
  /** The order was created (PENDING). */
  | 'CREATED'
  /** Closed because its time was up. */
  | 'EXPIRED'
  /** A notify that changed nothing. */
  | 'NOTIFY'
  /** A notify confirming a payment already recorded. */
  | 'NOTIFY_DUPLICATE'
  /** The provider confirmed the payment. */
  | 'PAID'
  /** The provider's answer to the prepay. */
  | 'PREPAY'
  /** A prepay answer saying paid, for a payment already recorded. */
  | 'PREPAY_DUPLICATE'
  /** The prepay could not be made (provider unreachable); the order stays PENDING. */
  | 'PREPAY_ERROR'
  /** The provider refused the prepay for good: the order FAILED. */
  | 'PREPAY_REJECTED'
  /** A query answer that changed nothing. */
  | 'QUERY'
  /** A query confirming a payment already recorded. */
  | 'QUERY_DUPLICATE'
  /** The refund call failed in a way that leaves the refund PROCESSING (settled by a query). */
  | 'REFUND_ERROR'
  /** A refund failed: its amount was released. */
  | 'REFUND_FAILED'
  /** A refund notify that changed nothing. */
  | 'REFUND_NOTIFY'
  /** A notify repeating a settled refund's verdict. */
  | 'REFUND_NOTIFY_DUPLICATE'
  /** A refund query answer that changed nothing. */
  | 'REFUND_QUERY'
  /** A query repeating a settled refund's verdict. */
  | 'REFUND_QUERY_DUPLICATE'
  /** The refund call's reply, when it changed nothing. */
  | 'REFUND_REPLY'
  /** A reply repeating a settled refund's verdict. */
  | 'REFUND_REPLY_DUPLICATE'
  /** A refund was reserved and sent to the provider. */
  | 'REFUND_REQUESTED'
  /** A refund settled. */
  | 'REFUND_SUCCEEDED';

export type OrderFilter = {
  /** Whether the merchant acknowledged the order's paid callback. */
  callbackDelivered?: boolean | null | undefined;
  channel?: Channel | null | undefined;
  /** Inclusive. */
  createdFrom?: string | null | undefined;
  /** Exclusive. */
  createdTo?: string | null | undefined;
  /** Orders a provider message disagreed with. */
  flagged?: boolean | null | undefined;
  orderNo?: string | null | undefined;
  projectId?: string | number | null | undefined;
  /** transaction_id (WeChat) / trade_no (Alipay), exactly. */
  providerTradeNo?: string | null | undefined;
  /**
   * Free text (at most 64 characters): an order id, order number, provider trade number or
   * payer exactly, or part of the subject.
   */
  q?: string | null | undefined;
  state?: OrderState | null | undefined;
};

export type OrderState =
  /** Closed or expired unpaid. */
  | 'CLOSED'
  /** The provider refused the order. */
  | 'FAILED'
  | 'PAID'
  | 'PARTIALLY_REFUNDED'
  /** Awaiting the buyer. */
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
  /**
   * The merchant page the buyer goes back to after paying (http or https, checked like the
   * callback URL): the hosted checkout page sends the buyer there with `orderNo` and `state`
   * appended. One per order: a repeated payOrder with another one is `ORDER_NO_CONFLICT`.
   */
  returnUrl?: string | null | undefined;
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

/** A payment provider. */
export type Provider =
  | 'ALIPAY'
  /** WeChat Pay. */
  | 'WECHAT';

export type ReconciliationReportFilter = {
  /** From this day on (inclusive). */
  dateFrom?: string | null | undefined;
  /** Up to this day (inclusive). */
  dateTo?: string | null | undefined;
  projectId?: string | number | null | undefined;
  provider?: Provider | null | undefined;
  status?: ReconciliationStatus | null | undefined;
};

/** Where a reconciliation report is. */
export type ReconciliationStatus =
  /** Reconciled (discrepancies may be open). */
  | 'DONE'
  /** Given up (see `lastError`). */
  | 'FAILED'
  /** The provider has not published the day's bill yet: asked again on the retry schedule. */
  | 'NOT_READY'
  /** The provider has no bill for the day at all: nothing can be concluded. */
  | 'NO_BILL'
  /** Scheduled; no attempt has run yet. */
  | 'PENDING'
  /** The last attempt failed (see `lastError`): asked again on the retry schedule. */
  | 'RETRYING'
  /** Being reconciled. */
  | 'RUNNING';

/** How the browser makes a `RedirectParams` request. */
export type RedirectMethod =
  /** Open `url` (a link, or `location.href`). */
  | 'GET'
  /** Submit `fields` as an HTML form with `method="post"` to `url`. */
  | 'POST';

export type RefundFilter = {
  /** Inclusive. */
  createdFrom?: string | null | undefined;
  /** Exclusive. */
  createdTo?: string | null | undefined;
  orderId?: string | number | null | undefined;
  projectId?: string | number | null | undefined;
  refundNo?: string | null | undefined;
  state?: RefundState | null | undefined;
};

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

/** The size of a statistics bucket: an hour or a day of Beijing time (UTC+8). */
export type StatsBucket =
  | 'DAY'
  | 'HOUR';

export type UpdateAdminInput = {
  disabled?: boolean | null | undefined;
  role?: AdminRole | null | undefined;
};

export type UpdateProjectInput = {
  alipay?: AlipayConfigInput | null | undefined;
  /** `null` clears the callback URL. */
  callbackUrl?: string | null | undefined;
  name?: string | null | undefined;
  orderTtlSeconds?: number | null | undefined;
  trustClientAmount?: boolean | null | undefined;
  wechat?: WechatConfigInput | null | undefined;
};

/** Which WeChat Pay API a project's new orders use. */
export type WechatApiVersion =
  /** API v2 (XML, MD5/HMAC-SHA256 with the API key). */
  | 'V2'
  /** API v3 (JSON, RSA signatures, AES-GCM notifies). */
  | 'V3';

/**
 * WeChat settings. On update, an omitted field is kept and an empty string clears it.
 * `appId`, `mchId` and the mini-program's `appSecret` serve both APIs; `apiKey` is v2's;
 * `merchantSerialNo`, `merchantPrivateKey`, `apiV3Key` and the WeChat Pay public key (with its
 * id; omit both for certificate mode) are v3's.
 */
export type WechatConfigInput = {
  /** v2: the API key (32 characters). */
  apiKey?: string | null | undefined;
  /** v3: the APIv3 key (exactly 32 bytes). */
  apiV3Key?: string | null | undefined;
  /** The API new orders use (unset: v2 when its credentials are complete, else v3). */
  apiVersion?: WechatApiVersion | null | undefined;
  appId?: string | null | undefined;
  appSecret?: string | null | undefined;
  mchId?: string | null | undefined;
  /** v3: the merchant API private key (`apiclient_key.pem`, PKCS#1 or PKCS#8 PEM). */
  merchantPrivateKey?: string | null | undefined;
  /** v3: the serial of the merchant API certificate (40 hex digits). */
  merchantSerialNo?: string | null | undefined;
  /** v3: the WeChat Pay public key (SPKI PEM). */
  wechatPayPublicKey?: string | null | undefined;
  /** v3: the WeChat Pay public key's id (`PUB_KEY_ID_…`). */
  wechatPayPublicKeyId?: string | null | undefined;
};

export type AdminLoginMutationVariables = Exact<{
  username: string;
  password: string;
}>;


export type AdminLoginMutation = { adminLogin: { token: string, expiresAt: string } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { kind: PrincipalKind, adminId: string | null, username: string | null, role: AdminRole | null } };

export type ServerInfoQueryVariables = Exact<{ [key: string]: never; }>;


export type ServerInfoQuery = { serverInfo: { sandbox: boolean, version: string } };

export type ProjectFieldsFragment = { id: string, name: string, disabled: boolean, callbackUrl: string | null, orderTtlSeconds: number, trustClientAmount: boolean, apiKeyPrefix: string, createdAt: string, updatedAt: string, wechat: { apiVersion: WechatApiVersion, appId: string | null, mchId: string | null, hasApiKey: boolean, hasAppSecret: boolean, merchantSerialNo: string | null, hasMerchantPrivateKey: boolean, hasApiV3Key: boolean, wechatPayPublicKeyId: string | null, hasWechatPayPublicKey: boolean, platformCertificates: Array<{ serialNo: string, expiresAt: string }> }, alipay: { appId: string | null, hasAppPrivateKey: boolean, hasAlipayPublicKey: boolean } };

export type ProjectsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ProjectsQuery = { projects: { edges: Array<{ cursor: string, node: { id: string, name: string, disabled: boolean, callbackUrl: string | null, orderTtlSeconds: number, trustClientAmount: boolean, apiKeyPrefix: string, createdAt: string, updatedAt: string, wechat: { apiVersion: WechatApiVersion, appId: string | null, mchId: string | null, hasApiKey: boolean, hasAppSecret: boolean, merchantSerialNo: string | null, hasMerchantPrivateKey: boolean, hasApiV3Key: boolean, wechatPayPublicKeyId: string | null, hasWechatPayPublicKey: boolean, platformCertificates: Array<{ serialNo: string, expiresAt: string }> }, alipay: { appId: string | null, hasAppPrivateKey: boolean, hasAlipayPublicKey: boolean } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ProjectQueryVariables = Exact<{
  id: string | number;
}>;


export type ProjectQuery = { project: { id: string, name: string, disabled: boolean, callbackUrl: string | null, orderTtlSeconds: number, trustClientAmount: boolean, apiKeyPrefix: string, createdAt: string, updatedAt: string, wechat: { apiVersion: WechatApiVersion, appId: string | null, mchId: string | null, hasApiKey: boolean, hasAppSecret: boolean, merchantSerialNo: string | null, hasMerchantPrivateKey: boolean, hasApiV3Key: boolean, wechatPayPublicKeyId: string | null, hasWechatPayPublicKey: boolean, platformCertificates: Array<{ serialNo: string, expiresAt: string }> }, alipay: { appId: string | null, hasAppPrivateKey: boolean, hasAlipayPublicKey: boolean } } };

export type CreateProjectMutationVariables = Exact<{
  input: CreateProjectInput;
}>;


export type CreateProjectMutation = { createProject: { apiKey: string, signingSecret: string, project: { id: string, name: string, disabled: boolean, callbackUrl: string | null, orderTtlSeconds: number, trustClientAmount: boolean, apiKeyPrefix: string, createdAt: string, updatedAt: string, wechat: { apiVersion: WechatApiVersion, appId: string | null, mchId: string | null, hasApiKey: boolean, hasAppSecret: boolean, merchantSerialNo: string | null, hasMerchantPrivateKey: boolean, hasApiV3Key: boolean, wechatPayPublicKeyId: string | null, hasWechatPayPublicKey: boolean, platformCertificates: Array<{ serialNo: string, expiresAt: string }> }, alipay: { appId: string | null, hasAppPrivateKey: boolean, hasAlipayPublicKey: boolean } } } };

export type UpdateProjectMutationVariables = Exact<{
  id: string | number;
  input: UpdateProjectInput;
}>;


export type UpdateProjectMutation = { updateProject: { id: string, name: string, disabled: boolean, callbackUrl: string | null, orderTtlSeconds: number, trustClientAmount: boolean, apiKeyPrefix: string, createdAt: string, updatedAt: string, wechat: { apiVersion: WechatApiVersion, appId: string | null, mchId: string | null, hasApiKey: boolean, hasAppSecret: boolean, merchantSerialNo: string | null, hasMerchantPrivateKey: boolean, hasApiV3Key: boolean, wechatPayPublicKeyId: string | null, hasWechatPayPublicKey: boolean, platformCertificates: Array<{ serialNo: string, expiresAt: string }> }, alipay: { appId: string | null, hasAppPrivateKey: boolean, hasAlipayPublicKey: boolean } } };

export type DisableProjectMutationVariables = Exact<{
  id: string | number;
}>;


export type DisableProjectMutation = { disableProject: { id: string, name: string, disabled: boolean, callbackUrl: string | null, orderTtlSeconds: number, trustClientAmount: boolean, apiKeyPrefix: string, createdAt: string, updatedAt: string, wechat: { apiVersion: WechatApiVersion, appId: string | null, mchId: string | null, hasApiKey: boolean, hasAppSecret: boolean, merchantSerialNo: string | null, hasMerchantPrivateKey: boolean, hasApiV3Key: boolean, wechatPayPublicKeyId: string | null, hasWechatPayPublicKey: boolean, platformCertificates: Array<{ serialNo: string, expiresAt: string }> }, alipay: { appId: string | null, hasAppPrivateKey: boolean, hasAlipayPublicKey: boolean } } };

export type EnableProjectMutationVariables = Exact<{
  id: string | number;
}>;


export type EnableProjectMutation = { enableProject: { id: string, name: string, disabled: boolean, callbackUrl: string | null, orderTtlSeconds: number, trustClientAmount: boolean, apiKeyPrefix: string, createdAt: string, updatedAt: string, wechat: { apiVersion: WechatApiVersion, appId: string | null, mchId: string | null, hasApiKey: boolean, hasAppSecret: boolean, merchantSerialNo: string | null, hasMerchantPrivateKey: boolean, hasApiV3Key: boolean, wechatPayPublicKeyId: string | null, hasWechatPayPublicKey: boolean, platformCertificates: Array<{ serialNo: string, expiresAt: string }> }, alipay: { appId: string | null, hasAppPrivateKey: boolean, hasAlipayPublicKey: boolean } } };

export type RotateProjectKeyMutationVariables = Exact<{
  id: string | number;
}>;


export type RotateProjectKeyMutation = { rotateProjectKey: { apiKey: string, project: { id: string, name: string, disabled: boolean, callbackUrl: string | null, orderTtlSeconds: number, trustClientAmount: boolean, apiKeyPrefix: string, createdAt: string, updatedAt: string, wechat: { apiVersion: WechatApiVersion, appId: string | null, mchId: string | null, hasApiKey: boolean, hasAppSecret: boolean, merchantSerialNo: string | null, hasMerchantPrivateKey: boolean, hasApiV3Key: boolean, wechatPayPublicKeyId: string | null, hasWechatPayPublicKey: boolean, platformCertificates: Array<{ serialNo: string, expiresAt: string }> }, alipay: { appId: string | null, hasAppPrivateKey: boolean, hasAlipayPublicKey: boolean } } } };

export type RotateSigningSecretMutationVariables = Exact<{
  id: string | number;
}>;


export type RotateSigningSecretMutation = { rotateSigningSecret: { signingSecret: string, project: { id: string, name: string, disabled: boolean, callbackUrl: string | null, orderTtlSeconds: number, trustClientAmount: boolean, apiKeyPrefix: string, createdAt: string, updatedAt: string, wechat: { apiVersion: WechatApiVersion, appId: string | null, mchId: string | null, hasApiKey: boolean, hasAppSecret: boolean, merchantSerialNo: string | null, hasMerchantPrivateKey: boolean, hasApiV3Key: boolean, wechatPayPublicKeyId: string | null, hasWechatPayPublicKey: boolean, platformCertificates: Array<{ serialNo: string, expiresAt: string }> }, alipay: { appId: string | null, hasAppPrivateKey: boolean, hasAlipayPublicKey: boolean } } } };

export type OrderRowFragment = { id: string, projectId: string, orderNo: string, amount: number, paidAmount: number | null, refundedAmount: number, subject: string, channel: Channel, state: OrderState, providerTradeNo: string | null, payer: string | null, attach: string | null, flagged: boolean, flagReason: string | null, callbackDelivered: boolean, createdAt: string, expiresAt: string, paidAt: string | null, closedAt: string | null };

export type OrdersQueryVariables = Exact<{
  filter?: OrderFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  withTotal?: boolean | null | undefined;
}>;


export type OrdersQuery = { orders: { totalCount?: number, edges: Array<{ cursor: string, node: { id: string, projectId: string, orderNo: string, amount: number, paidAmount: number | null, refundedAmount: number, subject: string, channel: Channel, state: OrderState, providerTradeNo: string | null, payer: string | null, attach: string | null, flagged: boolean, flagReason: string | null, callbackDelivered: boolean, createdAt: string, expiresAt: string, paidAt: string | null, closedAt: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type OrderDetailFragment = { id: string, projectId: string, orderNo: string, amount: number, paidAmount: number | null, refundedAmount: number, subject: string, channel: Channel, state: OrderState, providerTradeNo: string | null, payer: string | null, attach: string | null, flagged: boolean, flagReason: string | null, callbackDelivered: boolean, createdAt: string, expiresAt: string, paidAt: string | null, closedAt: string | null, events: Array<{ id: string, kind: OrderEventKind, fromState: OrderState | null, toState: OrderState | null, detail: string | null, createdAt: string }>, refunds: Array<{ id: string, refundNo: string, amount: number, reason: string | null, state: RefundState, providerRefundNo: string | null, failureReason: string | null, createdAt: string, succeededAt: string | null }>, callbackAttempts: Array<{ eventId: string, attempt: number, acknowledged: boolean, httpStatus: number | null, latencyMs: number, error: string | null, responseExcerpt: string | null, createdAt: string }> };

export type OrderQueryVariables = Exact<{
  id: string | number;
  refresh?: boolean | null | undefined;
}>;


export type OrderQuery = { order: { id: string, projectId: string, orderNo: string, amount: number, paidAmount: number | null, refundedAmount: number, subject: string, channel: Channel, state: OrderState, providerTradeNo: string | null, payer: string | null, attach: string | null, flagged: boolean, flagReason: string | null, callbackDelivered: boolean, createdAt: string, expiresAt: string, paidAt: string | null, closedAt: string | null, events: Array<{ id: string, kind: OrderEventKind, fromState: OrderState | null, toState: OrderState | null, detail: string | null, createdAt: string }>, refunds: Array<{ id: string, refundNo: string, amount: number, reason: string | null, state: RefundState, providerRefundNo: string | null, failureReason: string | null, createdAt: string, succeededAt: string | null }>, callbackAttempts: Array<{ eventId: string, attempt: number, acknowledged: boolean, httpStatus: number | null, latencyMs: number, error: string | null, responseExcerpt: string | null, createdAt: string }> } };

export type CloseOrderMutationVariables = Exact<{
  id: string | number;
}>;


export type CloseOrderMutation = { closeOrder: { id: string, projectId: string, orderNo: string, amount: number, paidAmount: number | null, refundedAmount: number, subject: string, channel: Channel, state: OrderState, providerTradeNo: string | null, payer: string | null, attach: string | null, flagged: boolean, flagReason: string | null, callbackDelivered: boolean, createdAt: string, expiresAt: string, paidAt: string | null, closedAt: string | null, events: Array<{ id: string, kind: OrderEventKind, fromState: OrderState | null, toState: OrderState | null, detail: string | null, createdAt: string }>, refunds: Array<{ id: string, refundNo: string, amount: number, reason: string | null, state: RefundState, providerRefundNo: string | null, failureReason: string | null, createdAt: string, succeededAt: string | null }>, callbackAttempts: Array<{ eventId: string, attempt: number, acknowledged: boolean, httpStatus: number | null, latencyMs: number, error: string | null, responseExcerpt: string | null, createdAt: string }> } };

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


export type ResendCallbackMutation = { resendCallback: { id: string, projectId: string, orderNo: string, amount: number, paidAmount: number | null, refundedAmount: number, subject: string, channel: Channel, state: OrderState, providerTradeNo: string | null, payer: string | null, attach: string | null, flagged: boolean, flagReason: string | null, callbackDelivered: boolean, createdAt: string, expiresAt: string, paidAt: string | null, closedAt: string | null, events: Array<{ id: string, kind: OrderEventKind, fromState: OrderState | null, toState: OrderState | null, detail: string | null, createdAt: string }>, refunds: Array<{ id: string, refundNo: string, amount: number, reason: string | null, state: RefundState, providerRefundNo: string | null, failureReason: string | null, createdAt: string, succeededAt: string | null }>, callbackAttempts: Array<{ eventId: string, attempt: number, acknowledged: boolean, httpStatus: number | null, latencyMs: number, error: string | null, responseExcerpt: string | null, createdAt: string }> } };

export type SandboxPayMutationVariables = Exact<{
  orderId: string | number;
  outcome: SandboxOutcome;
}>;


export type SandboxPayMutation = { sandboxPay: { id: string, projectId: string, orderNo: string, amount: number, paidAmount: number | null, refundedAmount: number, subject: string, channel: Channel, state: OrderState, providerTradeNo: string | null, payer: string | null, attach: string | null, flagged: boolean, flagReason: string | null, callbackDelivered: boolean, createdAt: string, expiresAt: string, paidAt: string | null, closedAt: string | null } };

export type OrderEventsSubscriptionVariables = Exact<{
  projectId: string | number;
}>;


export type OrderEventsSubscription = { orderEvents: { orderId: string, projectId: string, kind: OrderEventKind, state: OrderState, order: { id: string, projectId: string, orderNo: string, amount: number, paidAmount: number | null, refundedAmount: number, subject: string, channel: Channel, state: OrderState, providerTradeNo: string | null, payer: string | null, attach: string | null, flagged: boolean, flagReason: string | null, callbackDelivered: boolean, createdAt: string, expiresAt: string, paidAt: string | null, closedAt: string | null } } };

export type PayOrderMutationVariables = Exact<{
  input: PayOrderInput;
}>;


export type PayOrderMutation = { payOrder: { order: { id: string, projectId: string, orderNo: string, amount: number, paidAmount: number | null, refundedAmount: number, subject: string, channel: Channel, state: OrderState, providerTradeNo: string | null, payer: string | null, attach: string | null, flagged: boolean, flagReason: string | null, callbackDelivered: boolean, createdAt: string, expiresAt: string, paidAt: string | null, closedAt: string | null } } };

export type SendTestCallbackMutationVariables = Exact<{
  projectId: string | number;
}>;


export type SendTestCallbackMutation = { sendTestCallback: { eventId: string, url: string, acknowledged: boolean, httpStatus: number | null, latencyMs: number, responseExcerpt: string | null, error: string | null } };

export type StatsFiguresFieldsFragment = { createdCount: number, createdPaidCount: number, successRate: number | null, paidCount: number, paidAmount: number, refundCount: number, refundedAmount: number, netAmount: number };

export type StatsQueryVariables = Exact<{
  projectId?: string | number | null | undefined;
  from: string;
  to: string;
  bucket: StatsBucket;
}>;


export type StatsQuery = { stats: { from: string, to: string, bucket: StatsBucket, totals: { createdCount: number, createdPaidCount: number, successRate: number | null, paidCount: number, paidAmount: number, refundCount: number, refundedAmount: number, netAmount: number }, byChannel: Array<{ channel: Channel, figures: { createdCount: number, createdPaidCount: number, successRate: number | null, paidCount: number, paidAmount: number, refundCount: number, refundedAmount: number, netAmount: number } }>, byProject: Array<{ projectId: string, figures: { createdCount: number, createdPaidCount: number, successRate: number | null, paidCount: number, paidAmount: number, refundCount: number, refundedAmount: number, netAmount: number } }>, series: Array<{ start: string, end: string, figures: { paidCount: number, paidAmount: number, refundedAmount: number, createdCount: number, successRate: number | null }, byChannel: Array<{ channel: Channel, figures: { paidAmount: number } }> }> } };

export type RefundsQueryVariables = Exact<{
  filter?: RefundFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type RefundsQuery = { refunds: { totalCount: number, edges: Array<{ node: { id: string, orderId: string, projectId: string, refundNo: string, amount: number, reason: string | null, state: RefundState, providerRefundNo: string | null, failureReason: string | null, createdAt: string, succeededAt: string | null, order: { orderNo: string, channel: Channel } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CallbackEventsQueryVariables = Exact<{
  filter?: CallbackEventFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type CallbackEventsQuery = { callbackEvents: { totalCount: number, edges: Array<{ node: { id: string, orderId: string | null, projectId: string, type: CallbackEventType, payload: string, createdAt: string, deliveredAt: string | null, failedAt: string | null, order: { orderNo: string } | null, attempts: Array<{ attempt: number, httpStatus: number | null, acknowledged: boolean, latencyMs: number, error: string | null, responseExcerpt: string | null, createdAt: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type AdminFieldsFragment = { id: string, username: string, role: AdminRole, disabled: boolean, passwordChangedAt: string | null, createdAt: string, updatedAt: string };

export type AdminsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AdminsQuery = { admins: { totalCount: number, edges: Array<{ node: { id: string, username: string, role: AdminRole, disabled: boolean, passwordChangedAt: string | null, createdAt: string, updatedAt: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CreateAdminMutationVariables = Exact<{
  input: CreateAdminInput;
}>;


export type CreateAdminMutation = { createAdmin: { id: string, username: string, role: AdminRole, disabled: boolean, passwordChangedAt: string | null, createdAt: string, updatedAt: string } };

export type UpdateAdminMutationVariables = Exact<{
  id: string | number;
  input: UpdateAdminInput;
}>;


export type UpdateAdminMutation = { updateAdmin: { id: string, username: string, role: AdminRole, disabled: boolean, passwordChangedAt: string | null, createdAt: string, updatedAt: string } };

export type DisableAdminMutationVariables = Exact<{
  id: string | number;
}>;


export type DisableAdminMutation = { disableAdmin: { id: string, username: string, role: AdminRole, disabled: boolean, passwordChangedAt: string | null, createdAt: string, updatedAt: string } };

export type SetAdminPasswordMutationVariables = Exact<{
  id: string | number;
  password: string;
}>;


export type SetAdminPasswordMutation = { setAdminPassword: { id: string, username: string, role: AdminRole, disabled: boolean, passwordChangedAt: string | null, createdAt: string, updatedAt: string } };

export type ChangePasswordMutationVariables = Exact<{
  currentPassword: string;
  newPassword: string;
}>;


export type ChangePasswordMutation = { changePassword: { token: string, expiresAt: string } };

export type AuditLogQueryVariables = Exact<{
  filter?: AuditLogFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AuditLogQuery = { auditLog: { totalCount: number, edges: Array<{ node: { id: string, actorKind: ActorKind, actorId: string | null, actorName: string | null, action: AuditAction, targetType: AuditTarget | null, targetId: string | null, projectId: string | null, detail: string | null, clientIp: string | null, createdAt: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ReconciliationReportFieldsFragment = { id: string, projectId: string, provider: Provider, date: string, status: ReconciliationStatus, attempts: number, lastError: string | null, nextAttemptAt: string | null, billPayments: number | null, billPaidAmount: number | null, billSettlementAmount: number | null, billRefunds: number | null, billRefundedAmount: number | null, billFee: number | null, payments: number | null, paidAmount: number | null, refunds: number | null, refundedAmount: number | null, discrepancyCount: number, openDiscrepancyCount: number, healedDiscrepancyCount: number, createdAt: string, startedAt: string | null, finishedAt: string | null };

export type ReconciliationReportsQueryVariables = Exact<{
  filter?: ReconciliationReportFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ReconciliationReportsQuery = { reconciliationReports: { totalCount: number, edges: Array<{ node: { id: string, projectId: string, provider: Provider, date: string, status: ReconciliationStatus, attempts: number, lastError: string | null, nextAttemptAt: string | null, billPayments: number | null, billPaidAmount: number | null, billSettlementAmount: number | null, billRefunds: number | null, billRefundedAmount: number | null, billFee: number | null, payments: number | null, paidAmount: number | null, refunds: number | null, refundedAmount: number | null, discrepancyCount: number, openDiscrepancyCount: number, healedDiscrepancyCount: number, createdAt: string, startedAt: string | null, finishedAt: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ReconciliationReportQueryVariables = Exact<{
  id: string | number;
}>;


export type ReconciliationReportQuery = { reconciliationReport: { id: string, projectId: string, provider: Provider, date: string, status: ReconciliationStatus, attempts: number, lastError: string | null, nextAttemptAt: string | null, billPayments: number | null, billPaidAmount: number | null, billSettlementAmount: number | null, billRefunds: number | null, billRefundedAmount: number | null, billFee: number | null, payments: number | null, paidAmount: number | null, refunds: number | null, refundedAmount: number | null, discrepancyCount: number, openDiscrepancyCount: number, healedDiscrepancyCount: number, createdAt: string, startedAt: string | null, finishedAt: string | null } };

export type DiscrepancyFieldsFragment = { id: string, reportId: string, projectId: string, provider: Provider, date: string, kind: DiscrepancyKind, status: DiscrepancyStatus, orderId: string | null, orderNo: string | null, refundId: string | null, refundNo: string | null, providerTradeNo: string | null, providerRefundNo: string | null, amount: number | null, billAmount: number | null, billLine: number | null, detail: string, healedAt: string | null, resolvedBy: string | null, resolutionNote: string | null, resolvedAt: string | null, createdAt: string, updatedAt: string };

export type DiscrepanciesQueryVariables = Exact<{
  filter?: DiscrepancyFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type DiscrepanciesQuery = { discrepancies: { totalCount: number, edges: Array<{ node: { id: string, reportId: string, projectId: string, provider: Provider, date: string, kind: DiscrepancyKind, status: DiscrepancyStatus, orderId: string | null, orderNo: string | null, refundId: string | null, refundNo: string | null, providerTradeNo: string | null, providerRefundNo: string | null, amount: number | null, billAmount: number | null, billLine: number | null, detail: string, healedAt: string | null, resolvedBy: string | null, resolutionNote: string | null, resolvedAt: string | null, createdAt: string, updatedAt: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ReconcileMutationVariables = Exact<{
  projectId: string | number;
  date: string;
  provider?: Provider | null | undefined;
}>;


export type ReconcileMutation = { reconcile: Array<{ id: string, projectId: string, provider: Provider, date: string, status: ReconciliationStatus, attempts: number, lastError: string | null, nextAttemptAt: string | null, billPayments: number | null, billPaidAmount: number | null, billSettlementAmount: number | null, billRefunds: number | null, billRefundedAmount: number | null, billFee: number | null, payments: number | null, paidAmount: number | null, refunds: number | null, refundedAmount: number | null, discrepancyCount: number, openDiscrepancyCount: number, healedDiscrepancyCount: number, createdAt: string, startedAt: string | null, finishedAt: string | null }> };

export type ResolveDiscrepancyMutationVariables = Exact<{
  id: string | number;
  note: string;
}>;


export type ResolveDiscrepancyMutation = { resolveDiscrepancy: { id: string, reportId: string, projectId: string, provider: Provider, date: string, kind: DiscrepancyKind, status: DiscrepancyStatus, orderId: string | null, orderNo: string | null, refundId: string | null, refundNo: string | null, providerTradeNo: string | null, providerRefundNo: string | null, amount: number | null, billAmount: number | null, billLine: number | null, detail: string, healedAt: string | null, resolvedBy: string | null, resolutionNote: string | null, resolvedAt: string | null, createdAt: string, updatedAt: string } };

export type CheckoutOrderQueryVariables = Exact<{
  id: string | number;
}>;


export type CheckoutOrderQuery = { order: { id: string, orderNo: string, projectName: string, subject: string, amountYuan: string, channel: Channel, state: OrderState, expiresAt: string, paidAt: string | null, closedAt: string | null, returnUrl: string | null, payParams:
      | { __typename: 'AlipayAppParams' }
      | { __typename: 'H5Params', url: string, expiresAt: string }
      | { __typename: 'QrCodeParams', codeUrl: string, svg: string }
      | { __typename: 'RedirectParams', url: string, method: RedirectMethod, expiresAt: string, fields: Array<{ name: string, value: string }> }
      | { __typename: 'WechatAppParams' }
      | { __typename: 'WechatJsapiParams' }
     | null } };

export type CheckoutOrderStatusQueryVariables = Exact<{
  id: string | number;
}>;


export type CheckoutOrderStatusQuery = { order: { id: string, state: OrderState, expiresAt: string, paidAt: string | null, closedAt: string | null } };

export type CheckoutPaymentStatusSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type CheckoutPaymentStatusSubscription = { paymentStatus: { id: string, state: OrderState, expiresAt: string, paidAt: string | null, closedAt: string | null } };

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
    apiVersion
    appId
    mchId
    hasApiKey
    hasAppSecret
    merchantSerialNo
    hasMerchantPrivateKey
    hasApiV3Key
    wechatPayPublicKeyId
    hasWechatPayPublicKey
    platformCertificates {
      serialNo
      expiresAt
    }
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
export const StatsFiguresFieldsFragmentDoc = new TypedDocumentString(`
    fragment StatsFiguresFields on StatsFigures {
  createdCount
  createdPaidCount
  successRate
  paidCount
  paidAmount
  refundCount
  refundedAmount
  netAmount
}
    `, {"fragmentName":"StatsFiguresFields"}) as unknown as TypedDocumentString<StatsFiguresFieldsFragment, unknown>;
export const AdminFieldsFragmentDoc = new TypedDocumentString(`
    fragment AdminFields on Admin {
  id
  username
  role
  disabled
  passwordChangedAt
  createdAt
  updatedAt
}
    `, {"fragmentName":"AdminFields"}) as unknown as TypedDocumentString<AdminFieldsFragment, unknown>;
export const ReconciliationReportFieldsFragmentDoc = new TypedDocumentString(`
    fragment ReconciliationReportFields on ReconciliationReport {
  id
  projectId
  provider
  date
  status
  attempts
  lastError
  nextAttemptAt
  billPayments
  billPaidAmount
  billSettlementAmount
  billRefunds
  billRefundedAmount
  billFee
  payments
  paidAmount
  refunds
  refundedAmount
  discrepancyCount
  openDiscrepancyCount
  healedDiscrepancyCount
  createdAt
  startedAt
  finishedAt
}
    `, {"fragmentName":"ReconciliationReportFields"}) as unknown as TypedDocumentString<ReconciliationReportFieldsFragment, unknown>;
export const DiscrepancyFieldsFragmentDoc = new TypedDocumentString(`
    fragment DiscrepancyFields on Discrepancy {
  id
  reportId
  projectId
  provider
  date
  kind
  status
  orderId
  orderNo
  refundId
  refundNo
  providerTradeNo
  providerRefundNo
  amount
  billAmount
  billLine
  detail
  healedAt
  resolvedBy
  resolutionNote
  resolvedAt
  createdAt
  updatedAt
}
    `, {"fragmentName":"DiscrepancyFields"}) as unknown as TypedDocumentString<DiscrepancyFieldsFragment, unknown>;
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
    role
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const ServerInfoDocument = new TypedDocumentString(`
    query ServerInfo {
  serverInfo {
    sandbox
    version
  }
}
    `) as unknown as TypedDocumentString<ServerInfoQuery, ServerInfoQueryVariables>;
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
    apiVersion
    appId
    mchId
    hasApiKey
    hasAppSecret
    merchantSerialNo
    hasMerchantPrivateKey
    hasApiV3Key
    wechatPayPublicKeyId
    hasWechatPayPublicKey
    platformCertificates {
      serialNo
      expiresAt
    }
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
    apiVersion
    appId
    mchId
    hasApiKey
    hasAppSecret
    merchantSerialNo
    hasMerchantPrivateKey
    hasApiV3Key
    wechatPayPublicKeyId
    hasWechatPayPublicKey
    platformCertificates {
      serialNo
      expiresAt
    }
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
    apiVersion
    appId
    mchId
    hasApiKey
    hasAppSecret
    merchantSerialNo
    hasMerchantPrivateKey
    hasApiV3Key
    wechatPayPublicKeyId
    hasWechatPayPublicKey
    platformCertificates {
      serialNo
      expiresAt
    }
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
    apiVersion
    appId
    mchId
    hasApiKey
    hasAppSecret
    merchantSerialNo
    hasMerchantPrivateKey
    hasApiV3Key
    wechatPayPublicKeyId
    hasWechatPayPublicKey
    platformCertificates {
      serialNo
      expiresAt
    }
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
    apiVersion
    appId
    mchId
    hasApiKey
    hasAppSecret
    merchantSerialNo
    hasMerchantPrivateKey
    hasApiV3Key
    wechatPayPublicKeyId
    hasWechatPayPublicKey
    platformCertificates {
      serialNo
      expiresAt
    }
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
    apiVersion
    appId
    mchId
    hasApiKey
    hasAppSecret
    merchantSerialNo
    hasMerchantPrivateKey
    hasApiV3Key
    wechatPayPublicKeyId
    hasWechatPayPublicKey
    platformCertificates {
      serialNo
      expiresAt
    }
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
    apiVersion
    appId
    mchId
    hasApiKey
    hasAppSecret
    merchantSerialNo
    hasMerchantPrivateKey
    hasApiV3Key
    wechatPayPublicKeyId
    hasWechatPayPublicKey
    platformCertificates {
      serialNo
      expiresAt
    }
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
    apiVersion
    appId
    mchId
    hasApiKey
    hasAppSecret
    merchantSerialNo
    hasMerchantPrivateKey
    hasApiV3Key
    wechatPayPublicKeyId
    hasWechatPayPublicKey
    platformCertificates {
      serialNo
      expiresAt
    }
  }
  alipay {
    appId
    hasAppPrivateKey
    hasAlipayPublicKey
  }
}`) as unknown as TypedDocumentString<RotateSigningSecretMutation, RotateSigningSecretMutationVariables>;
export const OrdersDocument = new TypedDocumentString(`
    query Orders($filter: OrderFilter, $first: Int, $after: String, $withTotal: Boolean = false) {
  orders(filter: $filter, first: $first, after: $after) {
    totalCount @include(if: $withTotal)
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
export const SendTestCallbackDocument = new TypedDocumentString(`
    mutation SendTestCallback($projectId: ID!) {
  sendTestCallback(projectId: $projectId) {
    eventId
    url
    acknowledged
    httpStatus
    latencyMs
    responseExcerpt
    error
  }
}
    `) as unknown as TypedDocumentString<SendTestCallbackMutation, SendTestCallbackMutationVariables>;
export const StatsDocument = new TypedDocumentString(`
    query Stats($projectId: ID, $from: DateTime!, $to: DateTime!, $bucket: StatsBucket!) {
  stats(projectId: $projectId, from: $from, to: $to, bucket: $bucket) {
    from
    to
    bucket
    totals {
      ...StatsFiguresFields
    }
    byChannel {
      channel
      figures {
        ...StatsFiguresFields
      }
    }
    byProject {
      projectId
      figures {
        ...StatsFiguresFields
      }
    }
    series {
      start
      end
      figures {
        paidCount
        paidAmount
        refundedAmount
        createdCount
        successRate
      }
      byChannel {
        channel
        figures {
          paidAmount
        }
      }
    }
  }
}
    fragment StatsFiguresFields on StatsFigures {
  createdCount
  createdPaidCount
  successRate
  paidCount
  paidAmount
  refundCount
  refundedAmount
  netAmount
}`) as unknown as TypedDocumentString<StatsQuery, StatsQueryVariables>;
export const RefundsDocument = new TypedDocumentString(`
    query Refunds($filter: RefundFilter, $first: Int, $after: String) {
  refunds(filter: $filter, first: $first, after: $after) {
    totalCount
    edges {
      node {
        id
        orderId
        projectId
        refundNo
        amount
        reason
        state
        providerRefundNo
        failureReason
        createdAt
        succeededAt
        order {
          orderNo
          channel
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<RefundsQuery, RefundsQueryVariables>;
export const CallbackEventsDocument = new TypedDocumentString(`
    query CallbackEvents($filter: CallbackEventFilter, $first: Int, $after: String) {
  callbackEvents(filter: $filter, first: $first, after: $after) {
    totalCount
    edges {
      node {
        id
        orderId
        projectId
        type
        payload
        createdAt
        deliveredAt
        failedAt
        order {
          orderNo
        }
        attempts {
          attempt
          httpStatus
          acknowledged
          latencyMs
          error
          responseExcerpt
          createdAt
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<CallbackEventsQuery, CallbackEventsQueryVariables>;
export const AdminsDocument = new TypedDocumentString(`
    query Admins($first: Int, $after: String) {
  admins(first: $first, after: $after) {
    totalCount
    edges {
      node {
        ...AdminFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment AdminFields on Admin {
  id
  username
  role
  disabled
  passwordChangedAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<AdminsQuery, AdminsQueryVariables>;
export const CreateAdminDocument = new TypedDocumentString(`
    mutation CreateAdmin($input: CreateAdminInput!) {
  createAdmin(input: $input) {
    ...AdminFields
  }
}
    fragment AdminFields on Admin {
  id
  username
  role
  disabled
  passwordChangedAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<CreateAdminMutation, CreateAdminMutationVariables>;
export const UpdateAdminDocument = new TypedDocumentString(`
    mutation UpdateAdmin($id: ID!, $input: UpdateAdminInput!) {
  updateAdmin(id: $id, input: $input) {
    ...AdminFields
  }
}
    fragment AdminFields on Admin {
  id
  username
  role
  disabled
  passwordChangedAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<UpdateAdminMutation, UpdateAdminMutationVariables>;
export const DisableAdminDocument = new TypedDocumentString(`
    mutation DisableAdmin($id: ID!) {
  disableAdmin(id: $id) {
    ...AdminFields
  }
}
    fragment AdminFields on Admin {
  id
  username
  role
  disabled
  passwordChangedAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<DisableAdminMutation, DisableAdminMutationVariables>;
export const SetAdminPasswordDocument = new TypedDocumentString(`
    mutation SetAdminPassword($id: ID!, $password: String!) {
  setAdminPassword(id: $id, password: $password) {
    ...AdminFields
  }
}
    fragment AdminFields on Admin {
  id
  username
  role
  disabled
  passwordChangedAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SetAdminPasswordMutation, SetAdminPasswordMutationVariables>;
export const ChangePasswordDocument = new TypedDocumentString(`
    mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
  changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
    token
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<ChangePasswordMutation, ChangePasswordMutationVariables>;
export const AuditLogDocument = new TypedDocumentString(`
    query AuditLog($filter: AuditLogFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    totalCount
    edges {
      node {
        id
        actorKind
        actorId
        actorName
        action
        targetType
        targetId
        projectId
        detail
        clientIp
        createdAt
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<AuditLogQuery, AuditLogQueryVariables>;
export const ReconciliationReportsDocument = new TypedDocumentString(`
    query ReconciliationReports($filter: ReconciliationReportFilter, $first: Int, $after: String) {
  reconciliationReports(filter: $filter, first: $first, after: $after) {
    totalCount
    edges {
      node {
        ...ReconciliationReportFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment ReconciliationReportFields on ReconciliationReport {
  id
  projectId
  provider
  date
  status
  attempts
  lastError
  nextAttemptAt
  billPayments
  billPaidAmount
  billSettlementAmount
  billRefunds
  billRefundedAmount
  billFee
  payments
  paidAmount
  refunds
  refundedAmount
  discrepancyCount
  openDiscrepancyCount
  healedDiscrepancyCount
  createdAt
  startedAt
  finishedAt
}`) as unknown as TypedDocumentString<ReconciliationReportsQuery, ReconciliationReportsQueryVariables>;
export const ReconciliationReportDocument = new TypedDocumentString(`
    query ReconciliationReport($id: ID!) {
  reconciliationReport(id: $id) {
    ...ReconciliationReportFields
  }
}
    fragment ReconciliationReportFields on ReconciliationReport {
  id
  projectId
  provider
  date
  status
  attempts
  lastError
  nextAttemptAt
  billPayments
  billPaidAmount
  billSettlementAmount
  billRefunds
  billRefundedAmount
  billFee
  payments
  paidAmount
  refunds
  refundedAmount
  discrepancyCount
  openDiscrepancyCount
  healedDiscrepancyCount
  createdAt
  startedAt
  finishedAt
}`) as unknown as TypedDocumentString<ReconciliationReportQuery, ReconciliationReportQueryVariables>;
export const DiscrepanciesDocument = new TypedDocumentString(`
    query Discrepancies($filter: DiscrepancyFilter, $first: Int, $after: String) {
  discrepancies(filter: $filter, first: $first, after: $after) {
    totalCount
    edges {
      node {
        ...DiscrepancyFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment DiscrepancyFields on Discrepancy {
  id
  reportId
  projectId
  provider
  date
  kind
  status
  orderId
  orderNo
  refundId
  refundNo
  providerTradeNo
  providerRefundNo
  amount
  billAmount
  billLine
  detail
  healedAt
  resolvedBy
  resolutionNote
  resolvedAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<DiscrepanciesQuery, DiscrepanciesQueryVariables>;
export const ReconcileDocument = new TypedDocumentString(`
    mutation Reconcile($projectId: ID!, $date: NaiveDate!, $provider: Provider) {
  reconcile(projectId: $projectId, date: $date, provider: $provider) {
    ...ReconciliationReportFields
  }
}
    fragment ReconciliationReportFields on ReconciliationReport {
  id
  projectId
  provider
  date
  status
  attempts
  lastError
  nextAttemptAt
  billPayments
  billPaidAmount
  billSettlementAmount
  billRefunds
  billRefundedAmount
  billFee
  payments
  paidAmount
  refunds
  refundedAmount
  discrepancyCount
  openDiscrepancyCount
  healedDiscrepancyCount
  createdAt
  startedAt
  finishedAt
}`) as unknown as TypedDocumentString<ReconcileMutation, ReconcileMutationVariables>;
export const ResolveDiscrepancyDocument = new TypedDocumentString(`
    mutation ResolveDiscrepancy($id: ID!, $note: String!) {
  resolveDiscrepancy(id: $id, note: $note) {
    ...DiscrepancyFields
  }
}
    fragment DiscrepancyFields on Discrepancy {
  id
  reportId
  projectId
  provider
  date
  kind
  status
  orderId
  orderNo
  refundId
  refundNo
  providerTradeNo
  providerRefundNo
  amount
  billAmount
  billLine
  detail
  healedAt
  resolvedBy
  resolutionNote
  resolvedAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<ResolveDiscrepancyMutation, ResolveDiscrepancyMutationVariables>;
export const CheckoutOrderDocument = new TypedDocumentString(`
    query CheckoutOrder($id: ID!) {
  order(id: $id) {
    id
    orderNo
    projectName
    subject
    amountYuan
    channel
    state
    expiresAt
    paidAt
    closedAt
    returnUrl
    payParams {
      __typename
      ... on QrCodeParams {
        codeUrl
        svg
      }
      ... on RedirectParams {
        url
        method
        fields {
          name
          value
        }
        expiresAt
      }
      ... on H5Params {
        url
        expiresAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CheckoutOrderQuery, CheckoutOrderQueryVariables>;
export const CheckoutOrderStatusDocument = new TypedDocumentString(`
    query CheckoutOrderStatus($id: ID!) {
  order(id: $id) {
    id
    state
    expiresAt
    paidAt
    closedAt
  }
}
    `) as unknown as TypedDocumentString<CheckoutOrderStatusQuery, CheckoutOrderStatusQueryVariables>;
export const CheckoutPaymentStatusDocument = new TypedDocumentString(`
    subscription CheckoutPaymentStatus($id: ID!) {
  paymentStatus(orderId: $id) {
    id
    state
    expiresAt
    paidAt
    closedAt
  }
}
    `) as unknown as TypedDocumentString<CheckoutPaymentStatusSubscription, CheckoutPaymentStatusSubscriptionVariables>;