// Every GraphQL operation the console sends. `npm run codegen` types them from ../schema.graphql
// into src/gql/ (committed).
import { graphql } from '@/gql'

export const AdminLoginMutation = graphql(`
  mutation AdminLogin($username: String!, $password: String!) {
    adminLogin(username: $username, password: $password) {
      token
      expiresAt
    }
  }
`)

export const MeQuery = graphql(`
  query Me {
    me {
      kind
      adminId
      username
      role
    }
  }
`)

export const ServerInfoQuery = graphql(`
  query ServerInfo {
    serverInfo {
      sandbox
      version
    }
  }
`)

export const ProjectFieldsFragment = graphql(`
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
`)

export const ProjectsQuery = graphql(`
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
`)

export const ProjectQuery = graphql(`
  query Project($id: ID!) {
    project(id: $id) {
      ...ProjectFields
    }
  }
`)

export const CreateProjectMutation = graphql(`
  mutation CreateProject($input: CreateProjectInput!) {
    createProject(input: $input) {
      apiKey
      signingSecret
      project {
        ...ProjectFields
      }
    }
  }
`)

export const UpdateProjectMutation = graphql(`
  mutation UpdateProject($id: ID!, $input: UpdateProjectInput!) {
    updateProject(id: $id, input: $input) {
      ...ProjectFields
    }
  }
`)

export const DisableProjectMutation = graphql(`
  mutation DisableProject($id: ID!) {
    disableProject(id: $id) {
      ...ProjectFields
    }
  }
`)

export const EnableProjectMutation = graphql(`
  mutation EnableProject($id: ID!) {
    enableProject(id: $id) {
      ...ProjectFields
    }
  }
`)

export const RotateProjectKeyMutation = graphql(`
  mutation RotateProjectKey($id: ID!) {
    rotateProjectKey(id: $id) {
      apiKey
      project {
        ...ProjectFields
      }
    }
  }
`)

export const RotateSigningSecretMutation = graphql(`
  mutation RotateSigningSecret($id: ID!) {
    rotateSigningSecret(id: $id) {
      signingSecret
      project {
        ...ProjectFields
      }
    }
  }
`)

export const OrderRowFragment = graphql(`
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
`)

export const OrdersQuery = graphql(`
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
`)

export const OrderDetailFragment = graphql(`
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
`)

export const OrderQuery = graphql(`
  query Order($id: ID!, $refresh: Boolean) {
    order(id: $id, refresh: $refresh) {
      ...OrderDetail
    }
  }
`)

export const CloseOrderMutation = graphql(`
  mutation CloseOrder($id: ID!) {
    closeOrder(id: $id) {
      ...OrderDetail
    }
  }
`)

export const RefundOrderMutation = graphql(`
  mutation RefundOrder($id: ID!, $refundNo: String!, $amount: Int!, $reason: String) {
    refundOrder(id: $id, refundNo: $refundNo, amount: $amount, reason: $reason) {
      id
      refundNo
      amount
      state
      failureReason
    }
  }
`)

export const ResendCallbackMutation = graphql(`
  mutation ResendCallback($orderId: ID!) {
    resendCallback(orderId: $orderId) {
      ...OrderDetail
    }
  }
`)

export const SandboxPayMutation = graphql(`
  mutation SandboxPay($orderId: ID!, $outcome: SandboxOutcome!) {
    sandboxPay(orderId: $orderId, outcome: $outcome) {
      ...OrderRow
    }
  }
`)

export const OrderEventsSubscription = graphql(`
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
`)

export const PayOrderMutation = graphql(`
  mutation PayOrder($input: PayOrderInput!) {
    payOrder(input: $input) {
      order {
        ...OrderRow
      }
    }
  }
`)

export const SendTestCallbackMutation = graphql(`
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
`)

export const StatsFiguresFragment = graphql(`
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
`)

export const StatsQuery = graphql(`
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
`)

export const RefundsQuery = graphql(`
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
`)

export const CallbackEventsQuery = graphql(`
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
`)

export const AdminFieldsFragment = graphql(`
  fragment AdminFields on Admin {
    id
    username
    role
    disabled
    passwordChangedAt
    createdAt
    updatedAt
  }
`)

export const AdminsQuery = graphql(`
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
`)

export const CreateAdminMutation = graphql(`
  mutation CreateAdmin($input: CreateAdminInput!) {
    createAdmin(input: $input) {
      ...AdminFields
    }
  }
`)

export const UpdateAdminMutation = graphql(`
  mutation UpdateAdmin($id: ID!, $input: UpdateAdminInput!) {
    updateAdmin(id: $id, input: $input) {
      ...AdminFields
    }
  }
`)

export const DisableAdminMutation = graphql(`
  mutation DisableAdmin($id: ID!) {
    disableAdmin(id: $id) {
      ...AdminFields
    }
  }
`)

export const SetAdminPasswordMutation = graphql(`
  mutation SetAdminPassword($id: ID!, $password: String!) {
    setAdminPassword(id: $id, password: $password) {
      ...AdminFields
    }
  }
`)

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      token
      expiresAt
    }
  }
`)

export const AuditLogQuery = graphql(`
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
`)

export const ReconciliationReportFieldsFragment = graphql(`
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
`)

export const ReconciliationReportsQuery = graphql(`
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
`)

export const ReconciliationReportQuery = graphql(`
  query ReconciliationReport($id: ID!) {
    reconciliationReport(id: $id) {
      ...ReconciliationReportFields
    }
  }
`)

export const DiscrepancyFieldsFragment = graphql(`
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
`)

export const DiscrepanciesQuery = graphql(`
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
`)

export const ReconcileMutation = graphql(`
  mutation Reconcile($projectId: ID!, $date: NaiveDate!, $provider: Provider) {
    reconcile(projectId: $projectId, date: $date, provider: $provider) {
      ...ReconciliationReportFields
    }
  }
`)

export const ResolveDiscrepancyMutation = graphql(`
  mutation ResolveDiscrepancy($id: ID!, $note: String!) {
    resolveDiscrepancy(id: $id, note: $note) {
      ...DiscrepancyFields
    }
  }
`)
