//! WeChat mini-program login: `sns/jscode2session`.

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};

use super::{BusinessCode, Login, LoginSession, ProviderEndpoints, ProviderError};

/// One mini-program's login client.
#[derive(Clone)]
pub struct MiniProgram {
    app_id: String,
    app_secret: SecretString,
    base: String,
    http: reqwest::Client,
}

impl std::fmt::Debug for MiniProgram {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MiniProgram")
            .field("app_id", &self.app_id)
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

/// The `jscode2session` reply. `session_key` never leaves this module except inside a
/// [`LoginSession`], whose Debug hides it.
#[derive(serde::Deserialize)]
struct SessionReply {
    #[serde(default)]
    errcode: Option<i64>,
    #[serde(default)]
    errmsg: Option<String>,
    #[serde(default)]
    openid: Option<String>,
    #[serde(default)]
    session_key: Option<String>,
    #[serde(default)]
    unionid: Option<String>,
}

/// Maps a `jscode2session` errcode.
pub fn errcode_to_business(errcode: i64) -> BusinessCode {
    match errcode {
        40029 | 40163 => BusinessCode::InvalidCode,
        45011 => BusinessCode::RateLimited,
        40226 => BusinessCode::HighRiskUser,
        -1 => BusinessCode::SystemError,
        40013 | 40125 => BusinessCode::InvalidCredentials,
        _ => BusinessCode::Other,
    }
}

/// Interprets a `jscode2session` JSON body. Errors never quote the body (it may hold the
/// session key).
pub fn parse_session_reply(body: &[u8]) -> Result<LoginSession, ProviderError> {
    let reply: SessionReply = serde_json::from_slice(body).map_err(|e| {
        ProviderError::Malformed(format!(
            "jscode2session reply is not the expected JSON: {e}"
        ))
    })?;
    if let Some(code) = reply.errcode.filter(|c| *c != 0) {
        return Err(ProviderError::business(
            errcode_to_business(code),
            code.to_string(),
            reply.errmsg.unwrap_or_default(),
        ));
    }
    let openid = reply
        .openid
        .filter(|o| !o.is_empty())
        .ok_or_else(|| ProviderError::Malformed("jscode2session reply has no openid".into()))?;
    let session_key = reply.session_key.filter(|k| !k.is_empty()).ok_or_else(|| {
        ProviderError::Malformed("jscode2session reply has no session_key".into())
    })?;
    Ok(LoginSession {
        openid,
        unionid: reply.unionid.filter(|u| !u.is_empty()),
        session_key: SecretString::from(session_key),
    })
}

impl MiniProgram {
    pub fn new(
        app_id: &str,
        app_secret: SecretString,
        endpoints: &ProviderEndpoints,
        http: reqwest::Client,
    ) -> MiniProgram {
        let mut base = endpoints.wechat_api_base.clone();
        if !base.ends_with('/') {
            base.push('/');
        }
        MiniProgram {
            app_id: app_id.to_owned(),
            app_secret,
            base,
            http,
        }
    }

    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// The request URL (it carries the secret: never log it).
    fn session_url(&self, code: &str) -> Result<url::Url, ProviderError> {
        let mut url = url::Url::parse(&format!("{}sns/jscode2session", self.base))
            .map_err(|e| ProviderError::Config(format!("bad WeChat API base URL: {e}")))?;
        url.query_pairs_mut()
            .append_pair("appid", &self.app_id)
            .append_pair("secret", self.app_secret.expose_secret())
            .append_pair("js_code", code)
            .append_pair("grant_type", "authorization_code");
        Ok(url)
    }
}

#[async_trait]
impl Login for MiniProgram {
    async fn code_to_session(&self, code: &str) -> Result<LoginSession, ProviderError> {
        let code = code.trim();
        if code.is_empty() {
            return Err(ProviderError::business(
                BusinessCode::InvalidCode,
                "40029",
                "empty login code",
            ));
        }
        let url = self.session_url(code)?;
        tracing::debug!(app_id = %self.app_id, "jscode2session");
        let resp = self.http.get(url).send().await?;
        let status = resp.status();
        if !status.is_success() {
            return Err(ProviderError::Unavailable(format!(
                "jscode2session answered HTTP {status}"
            )));
        }
        let body = resp.bytes().await?;
        parse_session_reply(&body)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn vector() -> serde_json::Value {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/vectors/public_vectors.json"
        );
        let all: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        all["wechat_jscode2session_wechatpy"]["response"].clone()
    }

    #[test]
    fn wechatpy_session() {
        let v = vector();
        let s = parse_session_reply(v.to_string().as_bytes()).unwrap();
        assert_eq!(s.openid, v["openid"].as_str().unwrap());
        assert_eq!(s.unionid.as_deref(), v["unionid"].as_str());
        assert_eq!(
            s.session_key.expose_secret(),
            v["session_key"].as_str().unwrap()
        );
        let dbg = format!("{s:?}");
        assert!(!dbg.contains(v["session_key"].as_str().unwrap()));

        // errcode 0 on success is fine; no unionid is fine.
        let mut v0 = v.clone();
        v0["errcode"] = 0.into();
        v0["errmsg"] = "ok".into();
        v0.as_object_mut().unwrap().remove("unionid");
        let s = parse_session_reply(v0.to_string().as_bytes()).unwrap();
        assert_eq!(s.unionid, None);
    }

    #[test]
    fn errcodes() {
        for (code, expected) in [
            (40029, BusinessCode::InvalidCode),
            (40163, BusinessCode::InvalidCode),
            (45011, BusinessCode::RateLimited),
            (40226, BusinessCode::HighRiskUser),
            (-1, BusinessCode::SystemError),
            (40013, BusinessCode::InvalidCredentials),
            (40125, BusinessCode::InvalidCredentials),
            (12345, BusinessCode::Other),
        ] {
            let body = format!(r#"{{"errcode":{code},"errmsg":"x, rid: 1"}}"#);
            match parse_session_reply(body.as_bytes()) {
                Err(ProviderError::Business {
                    code: c,
                    provider_code,
                    ..
                }) => {
                    assert_eq!(c, expected, "{code}");
                    assert_eq!(provider_code, code.to_string());
                }
                other => panic!("{code}: {other:?}"),
            }
        }
        assert!(parse_session_reply(br#"{"errcode":-1}"#)
            .unwrap_err()
            .is_retryable());
    }

    #[test]
    fn malformed_replies() {
        for body in [
            &b"not json"[..],
            br#"{"openid":"o"}"#,
            br#"{"session_key":"k"}"#,
            br#"{"openid":"","session_key":"k"}"#,
            br#"[]"#,
        ] {
            assert!(
                matches!(parse_session_reply(body), Err(ProviderError::Malformed(_))),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        // The error never quotes the session key.
        let e = parse_session_reply(br#"{"session_key":"SECRETKEY"}"#).unwrap_err();
        assert!(!e.to_string().contains("SECRETKEY"));
    }

    #[test]
    fn url_is_encoded_and_debug_hides_secret() {
        let mp = MiniProgram::new(
            "wx1",
            SecretString::from("s&e=c ret"),
            &ProviderEndpoints::sandbox("http://127.0.0.1:1/sandbox"),
            reqwest::Client::new(),
        );
        let url = mp.session_url("a+b/c=d").unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:1/sandbox/wechat/sns/jscode2session?appid=wx1&secret=s%26e%3Dc+ret&js_code=a%2Bb%2Fc%3Dd&grant_type=authorization_code"
        );
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert_eq!(pairs[1], ("secret".into(), "s&e=c ret".into()));
        assert_eq!(pairs[2], ("js_code".into(), "a+b/c=d".into()));
        let dbg = format!("{mp:?}");
        assert!(!dbg.contains("c ret") && !dbg.contains("s&e"));
    }

    #[tokio::test]
    async fn empty_code_is_rejected_locally() {
        let mp = MiniProgram::new(
            "wx1",
            SecretString::from("secret"),
            &ProviderEndpoints::sandbox("http://127.0.0.1:1/sandbox"),
            reqwest::Client::new(),
        );
        assert!(matches!(
            mp.code_to_session("  ").await,
            Err(ProviderError::Business {
                code: BusinessCode::InvalidCode,
                ..
            })
        ));
    }
}
