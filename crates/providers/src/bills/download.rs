//! The HTTP side shared by the bill clients: bills are larger and slower than API replies.

use std::time::Duration;

use bytes::{Bytes, BytesMut};

use super::BillError;
use crate::ProviderError;

/// The largest bill body accepted (compressed size when the provider compresses).
pub const MAX_BILL_BYTES: usize = 512 * 1024 * 1024;

/// How long one bill download may take (the clients' usual timeout is for API calls).
pub const BILL_TIMEOUT: Duration = Duration::from_secs(300);

/// Reads a response body of at most [`MAX_BILL_BYTES`].
pub async fn read_body(mut resp: reqwest::Response) -> Result<Bytes, ProviderError> {
    let too_large = || {
        ProviderError::Bill(BillError::malformed(
            0,
            format!("bill larger than {MAX_BILL_BYTES} bytes"),
        ))
    };
    if resp
        .content_length()
        .is_some_and(|n| n > MAX_BILL_BYTES as u64)
    {
        return Err(too_large());
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = resp.chunk().await? {
        if body.len() + chunk.len() > MAX_BILL_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}
