//! Payment channels (what the buyer's client opens) and the provider behind each.

use std::fmt;
use std::str::FromStr;

/// A way to pay, as the API names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// WeChat mini-program / official-account JSAPI: the payer is the caller's openid.
    WechatJsapi,
    /// WeChat in a native app (`WXApi.sendReq` / uni-app `requestPayment` provider `wxpay`).
    WechatApp,
    /// WeChat Native: a `code_url` to render as a QR code.
    WechatNative,
    /// Alipay in a native app: a signed `orderInfo` string.
    AlipayApp,
    /// Alipay precreate: a QR code the buyer scans.
    AlipayQr,
}

/// The provider that serves a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    Wechat,
    Alipay,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::WechatJsapi,
        Channel::WechatApp,
        Channel::WechatNative,
        Channel::AlipayApp,
        Channel::AlipayQr,
    ];

    pub fn provider(self) -> Provider {
        match self {
            Channel::WechatJsapi | Channel::WechatApp | Channel::WechatNative => Provider::Wechat,
            Channel::AlipayApp | Channel::AlipayQr => Provider::Alipay,
        }
    }

    /// The stable name stored in the database and used by the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::WechatJsapi => "WECHAT_JSAPI",
            Channel::WechatApp => "WECHAT_APP",
            Channel::WechatNative => "WECHAT_NATIVE",
            Channel::AlipayApp => "ALIPAY_APP",
            Channel::AlipayQr => "ALIPAY_QR",
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Channel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| format!("unknown channel {s}"))
    }
}

impl Provider {
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Wechat => "wechat",
            Provider::Alipay => "alipay",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for c in Channel::ALL {
            assert_eq!(c.as_str().parse::<Channel>(), Ok(c));
        }
        assert!("WECHAT_H5".parse::<Channel>().is_err());
    }
}
