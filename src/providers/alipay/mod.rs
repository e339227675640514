//! Alipay OpenAPI (RSA2).
