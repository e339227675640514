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

/// What a channel asks its provider for: the product, in provider-neutral terms. A provider
/// client matches on it exhaustively, naming the products it does not sell, so a new product is
/// a compile error in every client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Product {
    /// Pay inside the provider's own app for a known buyer (WeChat JSAPI / mini-program).
    Jsapi,
    /// A native app hands a signed order to the provider's SDK (WeChat APP, Alipay app pay).
    App,
    /// A QR code the buyer scans (WeChat Native, Alipay precreate).
    Qr,
    /// A mobile browser outside the provider's app is sent to the provider's page (WeChat H5 / MWEB).
    H5,
    /// A desktop browser is redirected to the provider's cashier (Alipay page pay).
    Page,
    /// A mobile browser is redirected to the provider's cashier (Alipay wap pay).
    Wap,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::WechatJsapi,
        Channel::WechatApp,
        Channel::WechatNative,
        Channel::AlipayApp,
        Channel::AlipayQr,
    ];

    /// The provider and product that serve this channel: the one place a channel is routed.
    pub fn route(self) -> (Provider, Product) {
        match self {
            Channel::WechatJsapi => (Provider::Wechat, Product::Jsapi),
            Channel::WechatApp => (Provider::Wechat, Product::App),
            Channel::WechatNative => (Provider::Wechat, Product::Qr),
            Channel::AlipayApp => (Provider::Alipay, Product::App),
            Channel::AlipayQr => (Provider::Alipay, Product::Qr),
        }
    }

    pub fn provider(self) -> Provider {
        self.route().0
    }

    pub fn product(self) -> Product {
        self.route().1
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
