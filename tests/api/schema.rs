//! The checked-in schema.graphql is exactly what `paycenter schema` prints.

#[test]
fn schema_graphql_is_up_to_date() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_paycenter"))
        .arg("schema")
        .output()
        .expect("run paycenter schema");
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(printed, paycenter::graphql::sdl());
    let checked_in =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql")).unwrap();
    assert!(
        printed == checked_in,
        "schema.graphql is stale: run `cargo run -q -- schema > schema.graphql` and commit it"
    );
}
