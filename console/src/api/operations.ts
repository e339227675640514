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
