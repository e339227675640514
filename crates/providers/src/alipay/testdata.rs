//! Test vector loading (tests only). Vectors live in `tests/vectors/` so CI needs nothing else.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/");

pub fn read_vector(rel: &str) -> String {
    let path = format!("{VECTORS}{rel}");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn fixture(name: &str) -> String {
    read_vector(&format!("alipay-sdk-nodejs-all/test/fixtures/{name}"))
}

pub fn public_vectors() -> serde_json::Value {
    serde_json::from_str(&read_vector("public_vectors.json")).unwrap()
}

pub fn derived_vectors() -> serde_json::Value {
    serde_json::from_str(&read_vector("derived_vectors.json")).unwrap()
}

pub fn string_map(v: &serde_json::Value) -> BTreeMap<String, String> {
    v.as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect()
}
