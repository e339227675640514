//! paycenter: a payment center for WeChat Pay and Alipay with a GraphQL API.

pub mod domain;
pub mod providers;
