//! Decompression and integrity checks done while a bill streams: gzip (WeChat `tar_type=GZIP`),
//! the SHA1 WeChat v3 publishes for each bill, and a zip entry's CRC-32 and size (Alipay).
//!
//! Each check runs as bytes pass through and fails at the end of the stream, as an `io::Error`
//! carrying a [`BillError::ChecksumMismatch`]; the line parsers read to the end before they hand
//! out totals, so a bill that fails its check never yields totals.

use std::io::{self, Read};

use sha1::{Digest, Sha1};

use super::BillError;

/// How a bill's bytes are compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    /// gzip (RFC 1952): WeChat's `tar_type=GZIP`.
    Gzip,
}

impl Compression {
    /// Gzip when `body` starts with the gzip magic bytes, else none.
    pub fn sniff(body: &[u8]) -> Self {
        if body.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else {
            Compression::None
        }
    }
}

/// The decompressed stream of `body`.
pub fn decompress<'a>(body: &'a [u8], compression: Compression) -> Box<dyn Read + Send + 'a> {
    match compression {
        Compression::None => Box::new(body),
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(body)),
    }
}

/// Decompresses a whole body (tests and small bodies only: bills are parsed as they stream).
pub fn gunzip(body: &[u8]) -> Result<Vec<u8>, BillError> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(body)
        .read_to_end(&mut out)
        .map_err(|e| BillError::malformed(0, format!("bad gzip: {e}")))?;
    Ok(out)
}

/// gzip of `data` (the sandbox's `tar_type=GZIP`, tests).
pub fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a Vec cannot fail.
    let _ = enc.write_all(data);
    enc.finish().unwrap_or_default()
}

/// A SHA1 digest given as hex (WeChat v3 `hash_value`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sha1Digest([u8; 20]);

impl Sha1Digest {
    pub fn from_hex(hex_value: &str) -> Result<Self, BillError> {
        let bytes = hex::decode(hex_value.trim())
            .map_err(|_| BillError::malformed(0, "hash_value is not hex"))?;
        let arr: [u8; 20] = bytes
            .try_into()
            .map_err(|_| BillError::malformed(0, "hash_value is not a SHA1 digest"))?;
        Ok(Self(arr))
    }

    pub fn of(data: &[u8]) -> Self {
        Self(Sha1::digest(data).into())
    }

    pub fn to_hex(self) -> String {
        hex::encode(self.0)
    }
}

/// Checks a whole body against a SHA1 (a body that is not streamed).
pub fn verify_sha1(data: &[u8], expected: Sha1Digest) -> Result<(), BillError> {
    let actual = Sha1Digest::of(data);
    if actual == expected {
        Ok(())
    } else {
        Err(BillError::ChecksumMismatch(format!(
            "SHA1 {} where {} was published",
            actual.to_hex(),
            expected.to_hex()
        )))
    }
}

fn mismatch(message: String) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        BillError::ChecksumMismatch(message),
    )
}

/// Hashes what passes through and compares with the published SHA1 at the end of the stream.
pub struct Sha1Reader<R> {
    inner: R,
    hasher: Sha1,
    expected: Sha1Digest,
    checked: bool,
}

impl<R: Read> Sha1Reader<R> {
    pub fn new(inner: R, expected: Sha1Digest) -> Self {
        Self {
            inner,
            hasher: Sha1::new(),
            expected,
            checked: false,
        }
    }
}

impl<R: Read> Read for Sha1Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            self.hasher.update(&buf[..n]);
        } else if !buf.is_empty() && !self.checked {
            self.checked = true;
            let actual = Sha1Digest(std::mem::take(&mut self.hasher).finalize().into());
            if actual != self.expected {
                return Err(mismatch(format!(
                    "the bill's SHA1 is {} where {} was published",
                    actual.to_hex(),
                    self.expected.to_hex()
                )));
            }
        }
        Ok(n)
    }
}

/// A zip entry's data, checked against the CRC-32 and size its directory records.
pub struct CrcReader<R> {
    inner: R,
    hasher: crc32fast::Hasher,
    expected_crc: u32,
    expected_size: u64,
    size: u64,
    checked: bool,
}

impl<R: Read> CrcReader<R> {
    pub fn new(inner: R, expected_crc: u32, expected_size: u64) -> Self {
        Self {
            inner,
            hasher: crc32fast::Hasher::new(),
            expected_crc,
            expected_size,
            size: 0,
            checked: false,
        }
    }
}

impl<R: Read> Read for CrcReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            self.hasher.update(&buf[..n]);
            self.size += n as u64;
            if self.size > self.expected_size {
                return Err(mismatch(format!(
                    "zip entry is longer than the {} bytes its directory records",
                    self.expected_size
                )));
            }
        } else if !buf.is_empty() && !self.checked {
            self.checked = true;
            let crc = std::mem::take(&mut self.hasher).finalize();
            if crc != self.expected_crc || self.size != self.expected_size {
                return Err(mismatch(format!(
                    "zip entry has CRC-32 {crc:08x} and {} bytes where its directory records \
                     {:08x} and {}",
                    self.size, self.expected_crc, self.expected_size
                )));
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn gzip_round_trip_and_sniffing() {
        let data = "交易时间,公众账号ID\r\n".repeat(100);
        let z = gzip(data.as_bytes());
        assert_eq!(Compression::sniff(&z), Compression::Gzip);
        assert_eq!(Compression::sniff(data.as_bytes()), Compression::None);
        assert_eq!(gunzip(&z).unwrap(), data.as_bytes());
        let mut streamed = Vec::new();
        decompress(&z, Compression::Gzip)
            .read_to_end(&mut streamed)
            .unwrap();
        assert_eq!(streamed, data.as_bytes());
        assert!(gunzip(b"\x1f\x8bnot gzip").is_err());
    }

    #[test]
    fn sha1_checks() {
        // SHA1("abc"), FIPS 180-1 appendix A.
        let abc = Sha1Digest::from_hex("a9993e364706816aba3e25717850c26c9cd0d89d").unwrap();
        assert_eq!(Sha1Digest::of(b"abc"), abc);
        verify_sha1(b"abc", abc).unwrap();
        assert!(matches!(
            verify_sha1(b"abd", abc),
            Err(BillError::ChecksumMismatch(_))
        ));
        assert!(Sha1Digest::from_hex("a9993e").is_err());
        assert!(Sha1Digest::from_hex("zz").is_err());
        // Upper-case hex, as some SDKs print it.
        assert_eq!(
            Sha1Digest::from_hex("A9993E364706816ABA3E25717850C26C9CD0D89D").unwrap(),
            abc
        );

        let mut ok = Vec::new();
        Sha1Reader::new(&b"abc"[..], abc)
            .read_to_end(&mut ok)
            .unwrap();
        assert_eq!(ok, b"abc");
        let err = Sha1Reader::new(&b"abd"[..], abc)
            .read_to_end(&mut Vec::new())
            .unwrap_err();
        assert!(matches!(
            super::super::text::io_error(err, 0),
            BillError::ChecksumMismatch(_)
        ));
    }

    #[test]
    fn crc_checks() {
        let data = b"hello";
        let crc = crc32fast::hash(data);
        let mut out = Vec::new();
        CrcReader::new(&data[..], crc, 5)
            .read_to_end(&mut out)
            .unwrap();
        assert!(CrcReader::new(&data[..], crc ^ 1, 5)
            .read_to_end(&mut Vec::new())
            .is_err());
        assert!(CrcReader::new(&data[..], crc, 4)
            .read_to_end(&mut Vec::new())
            .is_err());
        assert!(CrcReader::new(&data[..], crc, 6)
            .read_to_end(&mut Vec::new())
            .is_err());
    }
}
