//! Refund notify `req_info`: base64(AES-256-ECB, PKCS7) with key = lowercase hex md5(API key),
//! used as 32 ASCII bytes. Shared by the client (decrypt) and the sandbox emulator (encrypt).

use aes::cipher::{block_padding::Pkcs7, BlockDecryptMut, BlockEncryptMut, KeyInit};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use md5::{Digest, Md5};

use crate::ProviderError;

type Enc = ecb::Encryptor<aes::Aes256>;
type Dec = ecb::Decryptor<aes::Aes256>;

/// The AES key for `api_key`: lowercase hex md5, 32 ASCII bytes.
pub fn aes_key(api_key: &str) -> String {
    hex::encode(Md5::digest(api_key.as_bytes()))
}

/// AES-256-ECB-PKCS7 encryption with a raw 32-byte key.
pub fn aes256_ecb_encrypt(key: &[u8], plain: &[u8]) -> Result<Vec<u8>, ProviderError> {
    let enc = Enc::new_from_slice(key)
        .map_err(|_| ProviderError::Config("AES-256 key must be 32 bytes".into()))?;
    Ok(enc.encrypt_padded_vec_mut::<Pkcs7>(plain))
}

/// AES-256-ECB-PKCS7 decryption with a raw 32-byte key.
pub fn aes256_ecb_decrypt(key: &[u8], cipher: &[u8]) -> Result<Vec<u8>, ProviderError> {
    let dec = Dec::new_from_slice(key)
        .map_err(|_| ProviderError::Config("AES-256 key must be 32 bytes".into()))?;
    if cipher.is_empty() || cipher.len() % 16 != 0 {
        return Err(ProviderError::Malformed(
            "req_info is not a whole number of AES blocks".into(),
        ));
    }
    dec.decrypt_padded_vec_mut::<Pkcs7>(cipher)
        .map_err(|_| ProviderError::Malformed("req_info does not decrypt with this API key".into()))
}

/// Decrypts a refund notify's `req_info` to its `<root>…</root>` XML.
pub fn decrypt_req_info(req_info_b64: &str, api_key: &str) -> Result<String, ProviderError> {
    let compact: String = req_info_b64
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let cipher = STANDARD
        .decode(compact.as_bytes())
        .map_err(|_| ProviderError::Malformed("req_info is not base64".into()))?;
    let plain = aes256_ecb_decrypt(aes_key(api_key).as_bytes(), &cipher)?;
    String::from_utf8(plain)
        .map_err(|_| ProviderError::Malformed("decrypted req_info is not UTF-8".into()))
}

/// Encrypts `plain` as a `req_info` value (what WeChat, or the sandbox, sends).
pub fn encrypt_req_info(plain: &str, api_key: &str) -> String {
    let key = aes_key(api_key);
    // The key is always 32 hex characters, so this cannot fail.
    match aes256_ecb_encrypt(key.as_bytes(), plain.as_bytes()) {
        Ok(c) => STANDARD.encode(c),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::test_vectors::{derived, public};
    use crate::wechat_v2::xml;

    #[test]
    fn wechatpy_refund_notify() {
        let v = &public()["wechat_v2_refund_notify_wechatpy"];
        let outer = xml::decode(v["notify_xml"].as_str().unwrap().as_bytes()).unwrap();
        let plain = decrypt_req_info(&outer["req_info"], v["api_key"].as_str().unwrap()).unwrap();
        assert_eq!(plain, v["decrypted_root_xml"].as_str().unwrap());
        let root = xml::decode_root(plain.as_bytes(), "root").unwrap();
        for (k, want) in v["expect"].as_object().unwrap() {
            assert_eq!(&root[k], want.as_str().unwrap(), "{k}");
        }
        // Wrong key: padding check fails (or, rarely, garbage that is not the XML).
        let wrong = decrypt_req_info(&outer["req_info"], "wrong-key");
        assert!(wrong.is_err() || wrong.unwrap() != plain);
    }

    #[test]
    fn wechatpay_php_aes_ecb() {
        let v = &public()["wechat_v2_aes_ecb_wechatpay_php"];
        let key = v["key"].as_str().unwrap().as_bytes();
        let c = aes256_ecb_encrypt(key, v["plaintext"].as_str().unwrap().as_bytes()).unwrap();
        assert_eq!(STANDARD.encode(&c), v["ciphertext"].as_str().unwrap());
        let p = aes256_ecb_decrypt(
            key,
            &STANDARD.decode(v["ciphertext"].as_str().unwrap()).unwrap(),
        )
        .unwrap();
        assert_eq!(p, v["plaintext"].as_str().unwrap().as_bytes());
    }

    #[test]
    fn derived_req_info() {
        let v = &derived()["v2_refund_req_info"];
        let api_key = v["api_key"].as_str().unwrap();
        assert_eq!(aes_key(api_key), v["aes_key_ascii"].as_str().unwrap());
        let plain = v["plaintext"].as_str().unwrap();
        assert_eq!(
            encrypt_req_info(plain, api_key),
            v["req_info"].as_str().unwrap()
        );
        assert_eq!(
            decrypt_req_info(v["req_info"].as_str().unwrap(), api_key).unwrap(),
            plain
        );
    }

    #[test]
    fn rejects_garbage() {
        assert!(matches!(
            decrypt_req_info("!!!", "k"),
            Err(ProviderError::Malformed(_))
        ));
        assert!(matches!(
            decrypt_req_info("", "k"),
            Err(ProviderError::Malformed(_))
        ));
        assert!(matches!(
            decrypt_req_info("AAAA", "k"),
            Err(ProviderError::Malformed(_))
        ));
        assert!(aes256_ecb_encrypt(b"short", b"x").is_err());
    }
}
