//! Vector loading for the unit tests: the public and derived vectors copied under
//! `tests/vectors/` (from the protocol notes), shared by every provider's tests.

use std::collections::BTreeMap;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/");

pub fn vector_file(rel: &str) -> Vec<u8> {
    std::fs::read(format!("{DIR}{rel}")).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn json(rel: &str) -> serde_json::Value {
    serde_json::from_slice(&vector_file(rel)).unwrap()
}

pub fn public() -> serde_json::Value {
    json("public_vectors.json")
}

pub fn derived() -> serde_json::Value {
    json("derived_vectors.json")
}

pub fn string_map(v: &serde_json::Value) -> BTreeMap<String, String> {
    v.as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect()
}
