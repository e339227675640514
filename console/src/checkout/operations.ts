// The checkout page's GraphQL operations, as plain strings: codegen types them (the `/* GraphQL */`
// comment marks them), and the page imports only those types, not the console's document map.
// The first load asks for everything the page shows; the live updates only for the state.

export const CHECKOUT_ORDER = /* GraphQL */ `
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
`

export const CHECKOUT_ORDER_STATUS = /* GraphQL */ `
  query CheckoutOrderStatus($id: ID!) {
    order(id: $id) {
      id
      state
      expiresAt
      paidAt
      closedAt
    }
  }
`

export const CHECKOUT_PAYMENT_STATUS = /* GraphQL */ `
  subscription CheckoutPaymentStatus($id: ID!) {
    paymentStatus(orderId: $id) {
      id
      state
      expiresAt
      paidAt
      closedAt
    }
  }
`
