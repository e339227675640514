//! The emulated providers' own records (tables `sandbox_*`): what WeChat Pay and Alipay would keep
//! on their side. Nothing here reads or writes paycenter's tables.

pub mod code;
pub mod merchant;
pub mod notification;
pub mod order;
pub mod platform_key;
pub mod refund;
pub mod setting;
