//! paycenter: a payment center for WeChat Pay and Alipay with a GraphQL API.

pub mod app;
pub mod auth;
pub mod config;
pub mod db;
pub mod events;
pub mod graphql;
pub mod http;
pub mod jobs;
pub mod metrics;
pub mod net;
pub mod secrets;
pub mod services;
pub mod telemetry;
