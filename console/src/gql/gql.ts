/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation AdminLogin($username: String!, $password: String!) {\n    adminLogin(username: $username, password: $password) {\n      token\n      expiresAt\n    }\n  }\n": typeof types.AdminLoginDocument,
    "\n  query Me {\n    me {\n      kind\n      adminId\n      username\n      role\n    }\n  }\n": typeof types.MeDocument,
    "\n  query ServerInfo {\n    serverInfo {\n      sandbox\n      version\n    }\n  }\n": typeof types.ServerInfoDocument,
    "\n  fragment ProjectFields on Project {\n    id\n    name\n    disabled\n    callbackUrl\n    orderTtlSeconds\n    trustClientAmount\n    apiKeyPrefix\n    createdAt\n    updatedAt\n    wechat {\n      apiVersion\n      appId\n      mchId\n      hasApiKey\n      hasAppSecret\n      merchantSerialNo\n      hasMerchantPrivateKey\n      hasApiV3Key\n      wechatPayPublicKeyId\n      hasWechatPayPublicKey\n      platformCertificates {\n        serialNo\n        expiresAt\n      }\n    }\n    alipay {\n      appId\n      hasAppPrivateKey\n      hasAlipayPublicKey\n    }\n  }\n": typeof types.ProjectFieldsFragmentDoc,
    "\n  query Projects($first: Int, $after: String) {\n    projects(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...ProjectFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ProjectsDocument,
    "\n  query Project($id: ID!) {\n    project(id: $id) {\n      ...ProjectFields\n    }\n  }\n": typeof types.ProjectDocument,
    "\n  mutation CreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      apiKey\n      signingSecret\n      project {\n        ...ProjectFields\n      }\n    }\n  }\n": typeof types.CreateProjectDocument,
    "\n  mutation UpdateProject($id: ID!, $input: UpdateProjectInput!) {\n    updateProject(id: $id, input: $input) {\n      ...ProjectFields\n    }\n  }\n": typeof types.UpdateProjectDocument,
    "\n  mutation DisableProject($id: ID!) {\n    disableProject(id: $id) {\n      ...ProjectFields\n    }\n  }\n": typeof types.DisableProjectDocument,
    "\n  mutation EnableProject($id: ID!) {\n    enableProject(id: $id) {\n      ...ProjectFields\n    }\n  }\n": typeof types.EnableProjectDocument,
    "\n  mutation RotateProjectKey($id: ID!) {\n    rotateProjectKey(id: $id) {\n      apiKey\n      project {\n        ...ProjectFields\n      }\n    }\n  }\n": typeof types.RotateProjectKeyDocument,
    "\n  mutation RotateSigningSecret($id: ID!) {\n    rotateSigningSecret(id: $id) {\n      signingSecret\n      project {\n        ...ProjectFields\n      }\n    }\n  }\n": typeof types.RotateSigningSecretDocument,
    "\n  fragment OrderRow on Order {\n    id\n    projectId\n    orderNo\n    amount\n    paidAmount\n    refundedAmount\n    subject\n    channel\n    state\n    providerTradeNo\n    payer\n    attach\n    flagged\n    flagReason\n    callbackDelivered\n    createdAt\n    expiresAt\n    paidAt\n    closedAt\n  }\n": typeof types.OrderRowFragmentDoc,
    "\n  query Orders($filter: OrderFilter, $first: Int, $after: String, $withTotal: Boolean = false) {\n    orders(filter: $filter, first: $first, after: $after) {\n      totalCount @include(if: $withTotal)\n      edges {\n        cursor\n        node {\n          ...OrderRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.OrdersDocument,
    "\n  fragment OrderDetail on Order {\n    ...OrderRow\n    events {\n      id\n      kind\n      fromState\n      toState\n      detail\n      createdAt\n    }\n    refunds {\n      id\n      refundNo\n      amount\n      reason\n      state\n      providerRefundNo\n      failureReason\n      createdAt\n      succeededAt\n    }\n    callbackAttempts {\n      eventId\n      attempt\n      acknowledged\n      httpStatus\n      latencyMs\n      error\n      responseExcerpt\n      createdAt\n    }\n  }\n": typeof types.OrderDetailFragmentDoc,
    "\n  query Order($id: ID!, $refresh: Boolean) {\n    order(id: $id, refresh: $refresh) {\n      ...OrderDetail\n    }\n  }\n": typeof types.OrderDocument,
    "\n  mutation CloseOrder($id: ID!) {\n    closeOrder(id: $id) {\n      ...OrderDetail\n    }\n  }\n": typeof types.CloseOrderDocument,
    "\n  mutation RefundOrder($id: ID!, $refundNo: String!, $amount: Int!, $reason: String) {\n    refundOrder(id: $id, refundNo: $refundNo, amount: $amount, reason: $reason) {\n      id\n      refundNo\n      amount\n      state\n      failureReason\n    }\n  }\n": typeof types.RefundOrderDocument,
    "\n  mutation ResendCallback($orderId: ID!) {\n    resendCallback(orderId: $orderId) {\n      ...OrderDetail\n    }\n  }\n": typeof types.ResendCallbackDocument,
    "\n  mutation SandboxPay($orderId: ID!, $outcome: SandboxOutcome!) {\n    sandboxPay(orderId: $orderId, outcome: $outcome) {\n      ...OrderRow\n    }\n  }\n": typeof types.SandboxPayDocument,
    "\n  subscription OrderEvents($projectId: ID!) {\n    orderEvents(projectId: $projectId) {\n      orderId\n      projectId\n      kind\n      state\n      order {\n        ...OrderRow\n      }\n    }\n  }\n": typeof types.OrderEventsDocument,
    "\n  mutation PayOrder($input: PayOrderInput!) {\n    payOrder(input: $input) {\n      order {\n        ...OrderRow\n      }\n    }\n  }\n": typeof types.PayOrderDocument,
    "\n  mutation SendTestCallback($projectId: ID!) {\n    sendTestCallback(projectId: $projectId) {\n      eventId\n      url\n      acknowledged\n      httpStatus\n      latencyMs\n      responseExcerpt\n      error\n    }\n  }\n": typeof types.SendTestCallbackDocument,
    "\n  fragment StatsFiguresFields on StatsFigures {\n    createdCount\n    createdPaidCount\n    successRate\n    paidCount\n    paidAmount\n    refundCount\n    refundedAmount\n    netAmount\n  }\n": typeof types.StatsFiguresFieldsFragmentDoc,
    "\n  query Stats($projectId: ID, $from: DateTime!, $to: DateTime!, $bucket: StatsBucket!) {\n    stats(projectId: $projectId, from: $from, to: $to, bucket: $bucket) {\n      from\n      to\n      bucket\n      totals {\n        ...StatsFiguresFields\n      }\n      byChannel {\n        channel\n        figures {\n          ...StatsFiguresFields\n        }\n      }\n      byProject {\n        projectId\n        figures {\n          ...StatsFiguresFields\n        }\n      }\n      series {\n        start\n        end\n        figures {\n          paidCount\n          paidAmount\n          refundedAmount\n          createdCount\n          successRate\n        }\n        byChannel {\n          channel\n          figures {\n            paidAmount\n          }\n        }\n      }\n    }\n  }\n": typeof types.StatsDocument,
    "\n  query Refunds($filter: RefundFilter, $first: Int, $after: String) {\n    refunds(filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          id\n          orderId\n          projectId\n          refundNo\n          amount\n          reason\n          state\n          providerRefundNo\n          failureReason\n          createdAt\n          succeededAt\n          order {\n            orderNo\n            channel\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.RefundsDocument,
    "\n  query CallbackEvents($filter: CallbackEventFilter, $first: Int, $after: String) {\n    callbackEvents(filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          id\n          orderId\n          projectId\n          type\n          payload\n          createdAt\n          deliveredAt\n          failedAt\n          order {\n            orderNo\n          }\n          attempts {\n            attempt\n            httpStatus\n            acknowledged\n            latencyMs\n            error\n            responseExcerpt\n            createdAt\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.CallbackEventsDocument,
    "\n  fragment AdminFields on Admin {\n    id\n    username\n    role\n    disabled\n    passwordChangedAt\n    createdAt\n    updatedAt\n  }\n": typeof types.AdminFieldsFragmentDoc,
    "\n  query Admins($first: Int, $after: String) {\n    admins(first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...AdminFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.AdminsDocument,
    "\n  mutation CreateAdmin($input: CreateAdminInput!) {\n    createAdmin(input: $input) {\n      ...AdminFields\n    }\n  }\n": typeof types.CreateAdminDocument,
    "\n  mutation UpdateAdmin($id: ID!, $input: UpdateAdminInput!) {\n    updateAdmin(id: $id, input: $input) {\n      ...AdminFields\n    }\n  }\n": typeof types.UpdateAdminDocument,
    "\n  mutation DisableAdmin($id: ID!) {\n    disableAdmin(id: $id) {\n      ...AdminFields\n    }\n  }\n": typeof types.DisableAdminDocument,
    "\n  mutation SetAdminPassword($id: ID!, $password: String!) {\n    setAdminPassword(id: $id, password: $password) {\n      ...AdminFields\n    }\n  }\n": typeof types.SetAdminPasswordDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      token\n      expiresAt\n    }\n  }\n": typeof types.ChangePasswordDocument,
    "\n  query AuditLog($filter: AuditLogFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          id\n          actorKind\n          actorId\n          actorName\n          action\n          targetType\n          targetId\n          projectId\n          detail\n          clientIp\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.AuditLogDocument,
    "\n  fragment ReconciliationReportFields on ReconciliationReport {\n    id\n    projectId\n    provider\n    date\n    status\n    attempts\n    lastError\n    nextAttemptAt\n    billPayments\n    billPaidAmount\n    billSettlementAmount\n    billRefunds\n    billRefundedAmount\n    billFee\n    payments\n    paidAmount\n    refunds\n    refundedAmount\n    discrepancyCount\n    openDiscrepancyCount\n    healedDiscrepancyCount\n    createdAt\n    startedAt\n    finishedAt\n  }\n": typeof types.ReconciliationReportFieldsFragmentDoc,
    "\n  query ReconciliationReports($filter: ReconciliationReportFilter, $first: Int, $after: String) {\n    reconciliationReports(filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...ReconciliationReportFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ReconciliationReportsDocument,
    "\n  query ReconciliationReport($id: ID!) {\n    reconciliationReport(id: $id) {\n      ...ReconciliationReportFields\n    }\n  }\n": typeof types.ReconciliationReportDocument,
    "\n  fragment DiscrepancyFields on Discrepancy {\n    id\n    reportId\n    projectId\n    provider\n    date\n    kind\n    status\n    orderId\n    orderNo\n    refundId\n    refundNo\n    providerTradeNo\n    providerRefundNo\n    amount\n    billAmount\n    billLine\n    detail\n    healedAt\n    resolvedBy\n    resolutionNote\n    resolvedAt\n    createdAt\n    updatedAt\n  }\n": typeof types.DiscrepancyFieldsFragmentDoc,
    "\n  query Discrepancies($filter: DiscrepancyFilter, $first: Int, $after: String) {\n    discrepancies(filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...DiscrepancyFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.DiscrepanciesDocument,
    "\n  mutation Reconcile($projectId: ID!, $date: NaiveDate!, $provider: Provider) {\n    reconcile(projectId: $projectId, date: $date, provider: $provider) {\n      ...ReconciliationReportFields\n    }\n  }\n": typeof types.ReconcileDocument,
    "\n  mutation ResolveDiscrepancy($id: ID!, $note: String!) {\n    resolveDiscrepancy(id: $id, note: $note) {\n      ...DiscrepancyFields\n    }\n  }\n": typeof types.ResolveDiscrepancyDocument,
    "\n  query CheckoutOrder($id: ID!) {\n    order(id: $id) {\n      id\n      orderNo\n      projectName\n      subject\n      amountYuan\n      channel\n      state\n      expiresAt\n      paidAt\n      closedAt\n      returnUrl\n      payParams {\n        __typename\n        ... on QrCodeParams {\n          codeUrl\n          svg\n        }\n        ... on RedirectParams {\n          url\n          method\n          fields {\n            name\n            value\n          }\n          expiresAt\n        }\n        ... on H5Params {\n          url\n          expiresAt\n        }\n      }\n    }\n  }\n": typeof types.CheckoutOrderDocument,
    "\n  query CheckoutOrderStatus($id: ID!) {\n    order(id: $id) {\n      id\n      state\n      expiresAt\n      paidAt\n      closedAt\n    }\n  }\n": typeof types.CheckoutOrderStatusDocument,
    "\n  subscription CheckoutPaymentStatus($id: ID!) {\n    paymentStatus(orderId: $id) {\n      id\n      state\n      expiresAt\n      paidAt\n      closedAt\n    }\n  }\n": typeof types.CheckoutPaymentStatusDocument,
};
const documents: Documents = {
    "\n  mutation AdminLogin($username: String!, $password: String!) {\n    adminLogin(username: $username, password: $password) {\n      token\n      expiresAt\n    }\n  }\n": types.AdminLoginDocument,
    "\n  query Me {\n    me {\n      kind\n      adminId\n      username\n      role\n    }\n  }\n": types.MeDocument,
    "\n  query ServerInfo {\n    serverInfo {\n      sandbox\n      version\n    }\n  }\n": types.ServerInfoDocument,
    "\n  fragment ProjectFields on Project {\n    id\n    name\n    disabled\n    callbackUrl\n    orderTtlSeconds\n    trustClientAmount\n    apiKeyPrefix\n    createdAt\n    updatedAt\n    wechat {\n      apiVersion\n      appId\n      mchId\n      hasApiKey\n      hasAppSecret\n      merchantSerialNo\n      hasMerchantPrivateKey\n      hasApiV3Key\n      wechatPayPublicKeyId\n      hasWechatPayPublicKey\n      platformCertificates {\n        serialNo\n        expiresAt\n      }\n    }\n    alipay {\n      appId\n      hasAppPrivateKey\n      hasAlipayPublicKey\n    }\n  }\n": types.ProjectFieldsFragmentDoc,
    "\n  query Projects($first: Int, $after: String) {\n    projects(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...ProjectFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ProjectsDocument,
    "\n  query Project($id: ID!) {\n    project(id: $id) {\n      ...ProjectFields\n    }\n  }\n": types.ProjectDocument,
    "\n  mutation CreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      apiKey\n      signingSecret\n      project {\n        ...ProjectFields\n      }\n    }\n  }\n": types.CreateProjectDocument,
    "\n  mutation UpdateProject($id: ID!, $input: UpdateProjectInput!) {\n    updateProject(id: $id, input: $input) {\n      ...ProjectFields\n    }\n  }\n": types.UpdateProjectDocument,
    "\n  mutation DisableProject($id: ID!) {\n    disableProject(id: $id) {\n      ...ProjectFields\n    }\n  }\n": types.DisableProjectDocument,
    "\n  mutation EnableProject($id: ID!) {\n    enableProject(id: $id) {\n      ...ProjectFields\n    }\n  }\n": types.EnableProjectDocument,
    "\n  mutation RotateProjectKey($id: ID!) {\n    rotateProjectKey(id: $id) {\n      apiKey\n      project {\n        ...ProjectFields\n      }\n    }\n  }\n": types.RotateProjectKeyDocument,
    "\n  mutation RotateSigningSecret($id: ID!) {\n    rotateSigningSecret(id: $id) {\n      signingSecret\n      project {\n        ...ProjectFields\n      }\n    }\n  }\n": types.RotateSigningSecretDocument,
    "\n  fragment OrderRow on Order {\n    id\n    projectId\n    orderNo\n    amount\n    paidAmount\n    refundedAmount\n    subject\n    channel\n    state\n    providerTradeNo\n    payer\n    attach\n    flagged\n    flagReason\n    callbackDelivered\n    createdAt\n    expiresAt\n    paidAt\n    closedAt\n  }\n": types.OrderRowFragmentDoc,
    "\n  query Orders($filter: OrderFilter, $first: Int, $after: String, $withTotal: Boolean = false) {\n    orders(filter: $filter, first: $first, after: $after) {\n      totalCount @include(if: $withTotal)\n      edges {\n        cursor\n        node {\n          ...OrderRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.OrdersDocument,
    "\n  fragment OrderDetail on Order {\n    ...OrderRow\n    events {\n      id\n      kind\n      fromState\n      toState\n      detail\n      createdAt\n    }\n    refunds {\n      id\n      refundNo\n      amount\n      reason\n      state\n      providerRefundNo\n      failureReason\n      createdAt\n      succeededAt\n    }\n    callbackAttempts {\n      eventId\n      attempt\n      acknowledged\n      httpStatus\n      latencyMs\n      error\n      responseExcerpt\n      createdAt\n    }\n  }\n": types.OrderDetailFragmentDoc,
    "\n  query Order($id: ID!, $refresh: Boolean) {\n    order(id: $id, refresh: $refresh) {\n      ...OrderDetail\n    }\n  }\n": types.OrderDocument,
    "\n  mutation CloseOrder($id: ID!) {\n    closeOrder(id: $id) {\n      ...OrderDetail\n    }\n  }\n": types.CloseOrderDocument,
    "\n  mutation RefundOrder($id: ID!, $refundNo: String!, $amount: Int!, $reason: String) {\n    refundOrder(id: $id, refundNo: $refundNo, amount: $amount, reason: $reason) {\n      id\n      refundNo\n      amount\n      state\n      failureReason\n    }\n  }\n": types.RefundOrderDocument,
    "\n  mutation ResendCallback($orderId: ID!) {\n    resendCallback(orderId: $orderId) {\n      ...OrderDetail\n    }\n  }\n": types.ResendCallbackDocument,
    "\n  mutation SandboxPay($orderId: ID!, $outcome: SandboxOutcome!) {\n    sandboxPay(orderId: $orderId, outcome: $outcome) {\n      ...OrderRow\n    }\n  }\n": types.SandboxPayDocument,
    "\n  subscription OrderEvents($projectId: ID!) {\n    orderEvents(projectId: $projectId) {\n      orderId\n      projectId\n      kind\n      state\n      order {\n        ...OrderRow\n      }\n    }\n  }\n": types.OrderEventsDocument,
    "\n  mutation PayOrder($input: PayOrderInput!) {\n    payOrder(input: $input) {\n      order {\n        ...OrderRow\n      }\n    }\n  }\n": types.PayOrderDocument,
    "\n  mutation SendTestCallback($projectId: ID!) {\n    sendTestCallback(projectId: $projectId) {\n      eventId\n      url\n      acknowledged\n      httpStatus\n      latencyMs\n      responseExcerpt\n      error\n    }\n  }\n": types.SendTestCallbackDocument,
    "\n  fragment StatsFiguresFields on StatsFigures {\n    createdCount\n    createdPaidCount\n    successRate\n    paidCount\n    paidAmount\n    refundCount\n    refundedAmount\n    netAmount\n  }\n": types.StatsFiguresFieldsFragmentDoc,
    "\n  query Stats($projectId: ID, $from: DateTime!, $to: DateTime!, $bucket: StatsBucket!) {\n    stats(projectId: $projectId, from: $from, to: $to, bucket: $bucket) {\n      from\n      to\n      bucket\n      totals {\n        ...StatsFiguresFields\n      }\n      byChannel {\n        channel\n        figures {\n          ...StatsFiguresFields\n        }\n      }\n      byProject {\n        projectId\n        figures {\n          ...StatsFiguresFields\n        }\n      }\n      series {\n        start\n        end\n        figures {\n          paidCount\n          paidAmount\n          refundedAmount\n          createdCount\n          successRate\n        }\n        byChannel {\n          channel\n          figures {\n            paidAmount\n          }\n        }\n      }\n    }\n  }\n": types.StatsDocument,
    "\n  query Refunds($filter: RefundFilter, $first: Int, $after: String) {\n    refunds(filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          id\n          orderId\n          projectId\n          refundNo\n          amount\n          reason\n          state\n          providerRefundNo\n          failureReason\n          createdAt\n          succeededAt\n          order {\n            orderNo\n            channel\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.RefundsDocument,
    "\n  query CallbackEvents($filter: CallbackEventFilter, $first: Int, $after: String) {\n    callbackEvents(filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          id\n          orderId\n          projectId\n          type\n          payload\n          createdAt\n          deliveredAt\n          failedAt\n          order {\n            orderNo\n          }\n          attempts {\n            attempt\n            httpStatus\n            acknowledged\n            latencyMs\n            error\n            responseExcerpt\n            createdAt\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.CallbackEventsDocument,
    "\n  fragment AdminFields on Admin {\n    id\n    username\n    role\n    disabled\n    passwordChangedAt\n    createdAt\n    updatedAt\n  }\n": types.AdminFieldsFragmentDoc,
    "\n  query Admins($first: Int, $after: String) {\n    admins(first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...AdminFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.AdminsDocument,
    "\n  mutation CreateAdmin($input: CreateAdminInput!) {\n    createAdmin(input: $input) {\n      ...AdminFields\n    }\n  }\n": types.CreateAdminDocument,
    "\n  mutation UpdateAdmin($id: ID!, $input: UpdateAdminInput!) {\n    updateAdmin(id: $id, input: $input) {\n      ...AdminFields\n    }\n  }\n": types.UpdateAdminDocument,
    "\n  mutation DisableAdmin($id: ID!) {\n    disableAdmin(id: $id) {\n      ...AdminFields\n    }\n  }\n": types.DisableAdminDocument,
    "\n  mutation SetAdminPassword($id: ID!, $password: String!) {\n    setAdminPassword(id: $id, password: $password) {\n      ...AdminFields\n    }\n  }\n": types.SetAdminPasswordDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      token\n      expiresAt\n    }\n  }\n": types.ChangePasswordDocument,
    "\n  query AuditLog($filter: AuditLogFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          id\n          actorKind\n          actorId\n          actorName\n          action\n          targetType\n          targetId\n          projectId\n          detail\n          clientIp\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.AuditLogDocument,
    "\n  fragment ReconciliationReportFields on ReconciliationReport {\n    id\n    projectId\n    provider\n    date\n    status\n    attempts\n    lastError\n    nextAttemptAt\n    billPayments\n    billPaidAmount\n    billSettlementAmount\n    billRefunds\n    billRefundedAmount\n    billFee\n    payments\n    paidAmount\n    refunds\n    refundedAmount\n    discrepancyCount\n    openDiscrepancyCount\n    healedDiscrepancyCount\n    createdAt\n    startedAt\n    finishedAt\n  }\n": types.ReconciliationReportFieldsFragmentDoc,
    "\n  query ReconciliationReports($filter: ReconciliationReportFilter, $first: Int, $after: String) {\n    reconciliationReports(filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...ReconciliationReportFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ReconciliationReportsDocument,
    "\n  query ReconciliationReport($id: ID!) {\n    reconciliationReport(id: $id) {\n      ...ReconciliationReportFields\n    }\n  }\n": types.ReconciliationReportDocument,
    "\n  fragment DiscrepancyFields on Discrepancy {\n    id\n    reportId\n    projectId\n    provider\n    date\n    kind\n    status\n    orderId\n    orderNo\n    refundId\n    refundNo\n    providerTradeNo\n    providerRefundNo\n    amount\n    billAmount\n    billLine\n    detail\n    healedAt\n    resolvedBy\n    resolutionNote\n    resolvedAt\n    createdAt\n    updatedAt\n  }\n": types.DiscrepancyFieldsFragmentDoc,
    "\n  query Discrepancies($filter: DiscrepancyFilter, $first: Int, $after: String) {\n    discrepancies(filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...DiscrepancyFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.DiscrepanciesDocument,
    "\n  mutation Reconcile($projectId: ID!, $date: NaiveDate!, $provider: Provider) {\n    reconcile(projectId: $projectId, date: $date, provider: $provider) {\n      ...ReconciliationReportFields\n    }\n  }\n": types.ReconcileDocument,
    "\n  mutation ResolveDiscrepancy($id: ID!, $note: String!) {\n    resolveDiscrepancy(id: $id, note: $note) {\n      ...DiscrepancyFields\n    }\n  }\n": types.ResolveDiscrepancyDocument,
    "\n  query CheckoutOrder($id: ID!) {\n    order(id: $id) {\n      id\n      orderNo\n      projectName\n      subject\n      amountYuan\n      channel\n      state\n      expiresAt\n      paidAt\n      closedAt\n      returnUrl\n      payParams {\n        __typename\n        ... on QrCodeParams {\n          codeUrl\n          svg\n        }\n        ... on RedirectParams {\n          url\n          method\n          fields {\n            name\n            value\n          }\n          expiresAt\n        }\n        ... on H5Params {\n          url\n          expiresAt\n        }\n      }\n    }\n  }\n": types.CheckoutOrderDocument,
    "\n  query CheckoutOrderStatus($id: ID!) {\n    order(id: $id) {\n      id\n      state\n      expiresAt\n      paidAt\n      closedAt\n    }\n  }\n": types.CheckoutOrderStatusDocument,
    "\n  subscription CheckoutPaymentStatus($id: ID!) {\n    paymentStatus(orderId: $id) {\n      id\n      state\n      expiresAt\n      paidAt\n      closedAt\n    }\n  }\n": types.CheckoutPaymentStatusDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminLogin($username: String!, $password: String!) {\n    adminLogin(username: $username, password: $password) {\n      token\n      expiresAt\n    }\n  }\n"): typeof import('./graphql').AdminLoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      kind\n      adminId\n      username\n      role\n    }\n  }\n"): typeof import('./graphql').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ServerInfo {\n    serverInfo {\n      sandbox\n      version\n    }\n  }\n"): typeof import('./graphql').ServerInfoDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProjectFields on Project {\n    id\n    name\n    disabled\n    callbackUrl\n    orderTtlSeconds\n    trustClientAmount\n    apiKeyPrefix\n    createdAt\n    updatedAt\n    wechat {\n      apiVersion\n      appId\n      mchId\n      hasApiKey\n      hasAppSecret\n      merchantSerialNo\n      hasMerchantPrivateKey\n      hasApiV3Key\n      wechatPayPublicKeyId\n      hasWechatPayPublicKey\n      platformCertificates {\n        serialNo\n        expiresAt\n      }\n    }\n    alipay {\n      appId\n      hasAppPrivateKey\n      hasAlipayPublicKey\n    }\n  }\n"): typeof import('./graphql').ProjectFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Projects($first: Int, $after: String) {\n    projects(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...ProjectFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').ProjectsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Project($id: ID!) {\n    project(id: $id) {\n      ...ProjectFields\n    }\n  }\n"): typeof import('./graphql').ProjectDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      apiKey\n      signingSecret\n      project {\n        ...ProjectFields\n      }\n    }\n  }\n"): typeof import('./graphql').CreateProjectDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProject($id: ID!, $input: UpdateProjectInput!) {\n    updateProject(id: $id, input: $input) {\n      ...ProjectFields\n    }\n  }\n"): typeof import('./graphql').UpdateProjectDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableProject($id: ID!) {\n    disableProject(id: $id) {\n      ...ProjectFields\n    }\n  }\n"): typeof import('./graphql').DisableProjectDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EnableProject($id: ID!) {\n    enableProject(id: $id) {\n      ...ProjectFields\n    }\n  }\n"): typeof import('./graphql').EnableProjectDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateProjectKey($id: ID!) {\n    rotateProjectKey(id: $id) {\n      apiKey\n      project {\n        ...ProjectFields\n      }\n    }\n  }\n"): typeof import('./graphql').RotateProjectKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateSigningSecret($id: ID!) {\n    rotateSigningSecret(id: $id) {\n      signingSecret\n      project {\n        ...ProjectFields\n      }\n    }\n  }\n"): typeof import('./graphql').RotateSigningSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OrderRow on Order {\n    id\n    projectId\n    orderNo\n    amount\n    paidAmount\n    refundedAmount\n    subject\n    channel\n    state\n    providerTradeNo\n    payer\n    attach\n    flagged\n    flagReason\n    callbackDelivered\n    createdAt\n    expiresAt\n    paidAt\n    closedAt\n  }\n"): typeof import('./graphql').OrderRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Orders($filter: OrderFilter, $first: Int, $after: String, $withTotal: Boolean = false) {\n    orders(filter: $filter, first: $first, after: $after) {\n      totalCount @include(if: $withTotal)\n      edges {\n        cursor\n        node {\n          ...OrderRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').OrdersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OrderDetail on Order {\n    ...OrderRow\n    events {\n      id\n      kind\n      fromState\n      toState\n      detail\n      createdAt\n    }\n    refunds {\n      id\n      refundNo\n      amount\n      reason\n      state\n      providerRefundNo\n      failureReason\n      createdAt\n      succeededAt\n    }\n    callbackAttempts {\n      eventId\n      attempt\n      acknowledged\n      httpStatus\n      latencyMs\n      error\n      responseExcerpt\n      createdAt\n    }\n  }\n"): typeof import('./graphql').OrderDetailFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Order($id: ID!, $refresh: Boolean) {\n    order(id: $id, refresh: $refresh) {\n      ...OrderDetail\n    }\n  }\n"): typeof import('./graphql').OrderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CloseOrder($id: ID!) {\n    closeOrder(id: $id) {\n      ...OrderDetail\n    }\n  }\n"): typeof import('./graphql').CloseOrderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefundOrder($id: ID!, $refundNo: String!, $amount: Int!, $reason: String) {\n    refundOrder(id: $id, refundNo: $refundNo, amount: $amount, reason: $reason) {\n      id\n      refundNo\n      amount\n      state\n      failureReason\n    }\n  }\n"): typeof import('./graphql').RefundOrderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResendCallback($orderId: ID!) {\n    resendCallback(orderId: $orderId) {\n      ...OrderDetail\n    }\n  }\n"): typeof import('./graphql').ResendCallbackDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SandboxPay($orderId: ID!, $outcome: SandboxOutcome!) {\n    sandboxPay(orderId: $orderId, outcome: $outcome) {\n      ...OrderRow\n    }\n  }\n"): typeof import('./graphql').SandboxPayDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OrderEvents($projectId: ID!) {\n    orderEvents(projectId: $projectId) {\n      orderId\n      projectId\n      kind\n      state\n      order {\n        ...OrderRow\n      }\n    }\n  }\n"): typeof import('./graphql').OrderEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PayOrder($input: PayOrderInput!) {\n    payOrder(input: $input) {\n      order {\n        ...OrderRow\n      }\n    }\n  }\n"): typeof import('./graphql').PayOrderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendTestCallback($projectId: ID!) {\n    sendTestCallback(projectId: $projectId) {\n      eventId\n      url\n      acknowledged\n      httpStatus\n      latencyMs\n      responseExcerpt\n      error\n    }\n  }\n"): typeof import('./graphql').SendTestCallbackDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StatsFiguresFields on StatsFigures {\n    createdCount\n    createdPaidCount\n    successRate\n    paidCount\n    paidAmount\n    refundCount\n    refundedAmount\n    netAmount\n  }\n"): typeof import('./graphql').StatsFiguresFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Stats($projectId: ID, $from: DateTime!, $to: DateTime!, $bucket: StatsBucket!) {\n    stats(projectId: $projectId, from: $from, to: $to, bucket: $bucket) {\n      from\n      to\n      bucket\n      totals {\n        ...StatsFiguresFields\n      }\n      byChannel {\n        channel\n        figures {\n          ...StatsFiguresFields\n        }\n      }\n      byProject {\n        projectId\n        figures {\n          ...StatsFiguresFields\n        }\n      }\n      series {\n        start\n        end\n        figures {\n          paidCount\n          paidAmount\n          refundedAmount\n          createdCount\n          successRate\n        }\n        byChannel {\n          channel\n          figures {\n            paidAmount\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').StatsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Refunds($filter: RefundFilter, $first: Int, $after: String) {\n    refunds(filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          id\n          orderId\n          projectId\n          refundNo\n          amount\n          reason\n          state\n          providerRefundNo\n          failureReason\n          createdAt\n          succeededAt\n          order {\n            orderNo\n            channel\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').RefundsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CallbackEvents($filter: CallbackEventFilter, $first: Int, $after: String) {\n    callbackEvents(filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          id\n          orderId\n          projectId\n          type\n          payload\n          createdAt\n          deliveredAt\n          failedAt\n          order {\n            orderNo\n          }\n          attempts {\n            attempt\n            httpStatus\n            acknowledged\n            latencyMs\n            error\n            responseExcerpt\n            createdAt\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').CallbackEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminFields on Admin {\n    id\n    username\n    role\n    disabled\n    passwordChangedAt\n    createdAt\n    updatedAt\n  }\n"): typeof import('./graphql').AdminFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Admins($first: Int, $after: String) {\n    admins(first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...AdminFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').AdminsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAdmin($input: CreateAdminInput!) {\n    createAdmin(input: $input) {\n      ...AdminFields\n    }\n  }\n"): typeof import('./graphql').CreateAdminDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateAdmin($id: ID!, $input: UpdateAdminInput!) {\n    updateAdmin(id: $id, input: $input) {\n      ...AdminFields\n    }\n  }\n"): typeof import('./graphql').UpdateAdminDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableAdmin($id: ID!) {\n    disableAdmin(id: $id) {\n      ...AdminFields\n    }\n  }\n"): typeof import('./graphql').DisableAdminDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetAdminPassword($id: ID!, $password: String!) {\n    setAdminPassword(id: $id, password: $password) {\n      ...AdminFields\n    }\n  }\n"): typeof import('./graphql').SetAdminPasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      token\n      expiresAt\n    }\n  }\n"): typeof import('./graphql').ChangePasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLog($filter: AuditLogFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          id\n          actorKind\n          actorId\n          actorName\n          action\n          targetType\n          targetId\n          projectId\n          detail\n          clientIp\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').AuditLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReconciliationReportFields on ReconciliationReport {\n    id\n    projectId\n    provider\n    date\n    status\n    attempts\n    lastError\n    nextAttemptAt\n    billPayments\n    billPaidAmount\n    billSettlementAmount\n    billRefunds\n    billRefundedAmount\n    billFee\n    payments\n    paidAmount\n    refunds\n    refundedAmount\n    discrepancyCount\n    openDiscrepancyCount\n    healedDiscrepancyCount\n    createdAt\n    startedAt\n    finishedAt\n  }\n"): typeof import('./graphql').ReconciliationReportFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReconciliationReports($filter: ReconciliationReportFilter, $first: Int, $after: String) {\n    reconciliationReports(filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...ReconciliationReportFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').ReconciliationReportsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReconciliationReport($id: ID!) {\n    reconciliationReport(id: $id) {\n      ...ReconciliationReportFields\n    }\n  }\n"): typeof import('./graphql').ReconciliationReportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DiscrepancyFields on Discrepancy {\n    id\n    reportId\n    projectId\n    provider\n    date\n    kind\n    status\n    orderId\n    orderNo\n    refundId\n    refundNo\n    providerTradeNo\n    providerRefundNo\n    amount\n    billAmount\n    billLine\n    detail\n    healedAt\n    resolvedBy\n    resolutionNote\n    resolvedAt\n    createdAt\n    updatedAt\n  }\n"): typeof import('./graphql').DiscrepancyFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Discrepancies($filter: DiscrepancyFilter, $first: Int, $after: String) {\n    discrepancies(filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...DiscrepancyFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').DiscrepanciesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Reconcile($projectId: ID!, $date: NaiveDate!, $provider: Provider) {\n    reconcile(projectId: $projectId, date: $date, provider: $provider) {\n      ...ReconciliationReportFields\n    }\n  }\n"): typeof import('./graphql').ReconcileDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResolveDiscrepancy($id: ID!, $note: String!) {\n    resolveDiscrepancy(id: $id, note: $note) {\n      ...DiscrepancyFields\n    }\n  }\n"): typeof import('./graphql').ResolveDiscrepancyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CheckoutOrder($id: ID!) {\n    order(id: $id) {\n      id\n      orderNo\n      projectName\n      subject\n      amountYuan\n      channel\n      state\n      expiresAt\n      paidAt\n      closedAt\n      returnUrl\n      payParams {\n        __typename\n        ... on QrCodeParams {\n          codeUrl\n          svg\n        }\n        ... on RedirectParams {\n          url\n          method\n          fields {\n            name\n            value\n          }\n          expiresAt\n        }\n        ... on H5Params {\n          url\n          expiresAt\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').CheckoutOrderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CheckoutOrderStatus($id: ID!) {\n    order(id: $id) {\n      id\n      state\n      expiresAt\n      paidAt\n      closedAt\n    }\n  }\n"): typeof import('./graphql').CheckoutOrderStatusDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CheckoutPaymentStatus($id: ID!) {\n    paymentStatus(orderId: $id) {\n      id\n      state\n      expiresAt\n      paidAt\n      closedAt\n    }\n  }\n"): typeof import('./graphql').CheckoutPaymentStatusDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
