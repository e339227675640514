//! WeChat Pay v2 pay and refund notify verification. The first byte picks the mode:
//! 0 a raw pay notify; 1 its fields re-signed with the merchant key (to reach what follows the
//! signature check); 2 a raw refund notify; 3 the bytes as the decrypted `req_info`, wrapped and
//! encrypted with the merchant key (to reach the inner message's checks).

#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use paycenter_providers::wechat_v2::{refund_crypto, sign, xml, SignType};
use paycenter_providers::ProviderError;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, body)) = data.split_first() else {
        return;
    };
    let wx = common::wechat();
    match mode % 4 {
        0 => {
            let _ = wx.verify_pay_notify(body);
        }
        1 => {
            let Ok(mut fields) = xml::decode(body) else {
                return;
            };
            let Ok(sign_type) = SignType::from_field(fields.get("sign_type").map(String::as_str))
            else {
                return;
            };
            sign::add_sign(&mut fields, common::WECHAT_API_KEY, sign_type);
            let signed = xml::encode(&fields);
            if xml::decode(signed.as_bytes()).ok().as_ref() != Some(&fields) {
                return; // fields the codec cannot carry (see the wechat_xml target)
            }
            if let Err(ProviderError::InvalidSignature) = wx.verify_pay_notify(signed.as_bytes()) {
                panic!("a notify signed with the merchant key failed verification: {signed:?}");
            }
        }
        2 => {
            let _ = wx.verify_refund_notify(body);
        }
        _ => {
            let Ok(plain) = std::str::from_utf8(body) else {
                return;
            };
            let req_info = refund_crypto::encrypt_req_info(plain, common::WECHAT_API_KEY);
            let outer = format!(
                "<xml><return_code>SUCCESS</return_code><appid>{}</appid><mch_id>{}</mch_id>\
                 <req_info><![CDATA[{req_info}]]></req_info></xml>",
                common::WECHAT_APPID,
                common::WECHAT_MCH_ID
            );
            let _ = wx.verify_refund_notify(outer.as_bytes());
        }
    }
});
