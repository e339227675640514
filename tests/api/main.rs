//! The one integration-test binary: every module talks to a real server over HTTP/WebSocket.
//! SQLite by default; PostgreSQL when PAYCENTER_TEST_DATABASE_URL is set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod admins;
mod auth;
mod authz;
mod checkout;
mod cli;
mod console;
mod console_api;
mod flow;
mod hardening;
mod helpers;
mod jobs;
mod migrations;
mod notify;
mod payments;
mod projects;
mod receiver;
mod reconciliation;
mod refunds;
mod sandbox_alipay;
mod sandbox_wechat;
mod schema;
mod server;
mod stats;
mod wechat_v3;
