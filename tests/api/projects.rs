//! Project CRUD, write-only secrets, key scoping and validation.

use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};

use crate::helpers::{error_code, spawn_app};

const PROJECT_FIELDS: &str = "id name callbackUrl orderTtlSeconds trustClientAmount disabled apiKeyPrefix
    wechat { appId mchId hasApiKey hasAppSecret } alipay { appId hasAppPrivateKey hasAlipayPublicKey }";

pub fn full_input(name: &str) -> Value {
    json!({
        "name": name,
        "callbackUrl": "https://merchant.example.com/paycenter",
        "wechat": { "appId": "wx1234567890abcdef", "appSecret": "APPSECRET-PLAINTEXT-1", "mchId": "1900000109", "apiKey": "APIKEY-PLAINTEXT-192006250b4c09247ec02edce69f6a2d" },
        "orderTtlSeconds": 600
    })
}

#[tokio::test]
async fn create_read_update_disable_and_rotate() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (id, key, secret) = app.create_project(&admin, full_input("Shop")).await;
    assert!(key.starts_with("pck_"));
    assert!(secret.starts_with("pcs_"));

    let q = format!("query($id:ID!){{ project(id:$id){{ {PROJECT_FIELDS} }} }}");
    let d = app.gql_ok(Some(&admin), &q, json!({"id": id})).await;
    let p = &d["project"];
    assert_eq!(p["name"], "Shop");
    assert_eq!(p["orderTtlSeconds"], 600);
    assert_eq!(p["trustClientAmount"], false);
    assert_eq!(
        p["wechat"],
        json!({"appId":"wx1234567890abcdef","mchId":"1900000109","hasApiKey":true,"hasAppSecret":true})
    );
    assert_eq!(p["alipay"]["hasAppPrivateKey"], false);
    assert_eq!(p["apiKeyPrefix"].as_str().unwrap(), &key[..12]);

    // Update: rename, clear the callback URL, clear the app secret, keep the API key.
    let d = app
        .gql_ok(
            Some(&admin),
            &format!("mutation($id:ID!,$i:UpdateProjectInput!){{ updateProject(id:$id,input:$i){{ {PROJECT_FIELDS} }} }}"),
            json!({"id": id, "i": {"name": "Shop 2", "callbackUrl": null, "wechat": {"appSecret": ""}}}),
        )
        .await;
    let p = &d["updateProject"];
    assert_eq!(p["name"], "Shop 2");
    assert!(p["callbackUrl"].is_null());
    assert_eq!(p["wechat"]["hasAppSecret"], false);
    assert_eq!(p["wechat"]["hasApiKey"], true);

    // The project key sees itself.
    let d = app
        .gql_ok(Some(&key), "{ me { kind projectId } }", json!({}))
        .await;
    assert_eq!(d["me"], json!({"kind":"PROJECT","projectId": id}));

    // Rotation: the old key stops working at once, the new one works.
    let d = app
        .gql_ok(
            Some(&admin),
            "mutation($id:ID!){ rotateProjectKey(id:$id){ apiKey project{ id } } }",
            json!({"id": id}),
        )
        .await;
    let new_key = d["rotateProjectKey"]["apiKey"].as_str().unwrap().to_owned();
    assert_ne!(new_key, key);
    let v = app.gql(Some(&key), "{ me { kind } }", json!({})).await;
    assert_eq!(error_code(&v), "UNAUTHENTICATED");
    app.gql_ok(Some(&new_key), "{ me { kind } }", json!({}))
        .await;

    // Disable (admin only).
    let v = app
        .gql(
            Some(&new_key),
            "mutation($id:ID!){ disableProject(id:$id){ disabled } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(error_code(&v), "FORBIDDEN");
    let d = app
        .gql_ok(
            Some(&admin),
            "mutation($id:ID!){ disableProject(id:$id){ disabled } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(d["disableProject"]["disabled"], true);
    let d = app
        .gql_ok(
            Some(&admin),
            "mutation($id:ID!){ enableProject(id:$id){ disabled } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(d["enableProject"]["disabled"], false);
}

#[tokio::test]
async fn secrets_are_write_only_and_encrypted_at_rest() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mut input = full_input("Secretive");
    input["alipay"] = json!({
        "appId": "2021000000000001",
        "appPrivateKey": include_str!("../../crates/providers/tests/vectors/alipay-sdk-nodejs-all/test/fixtures/app-private-key.pem"),
        "alipayPublicKey": include_str!("../../crates/providers/tests/vectors/alipay-sdk-nodejs-all/test/fixtures/app-public-key.pem"),
    });
    let d = app
        .gql_ok(
            Some(&admin),
            &format!("mutation($i:CreateProjectInput!){{ createProject(input:$i){{ project{{ {PROJECT_FIELDS} }} }} }}"),
            json!({"i": input}),
        )
        .await;
    let body = d.to_string();
    for secret in [
        "APPSECRET-PLAINTEXT-1",
        "APIKEY-PLAINTEXT",
        "PRIVATE KEY",
        "MII",
    ] {
        assert!(!body.contains(secret), "{secret} leaked in {body}");
    }
    assert_eq!(
        d["createProject"]["project"]["alipay"]["hasAppPrivateKey"],
        true
    );

    // Nothing at rest holds a plaintext secret: the signing secret is encrypted in `projects`,
    // provider credentials are sealed blobs in `project_credentials` whose summaries name which
    // secrets are set and hold none.
    let db = &app.core.db;
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT signing_secret_enc, wechat_api_key_enc FROM projects",
        ))
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let signing: String = rows[0].try_get("", "signing_secret_enc").unwrap();
    assert!(signing.starts_with("v1:"), "{signing}");
    let legacy: Option<String> = rows[0].try_get("", "wechat_api_key_enc").unwrap();
    assert_eq!(legacy, None, "credentials are no longer kept in projects");
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT kind, summary, sealed FROM project_credentials ORDER BY kind",
        ))
        .await
        .unwrap();
    let kinds: Vec<String> = rows
        .iter()
        .map(|r| r.try_get::<String>("", "kind").unwrap())
        .collect();
    assert_eq!(kinds, ["ALIPAY", "WECHAT_V2"]);
    for row in &rows {
        let summary: String = row.try_get("", "summary").unwrap();
        let sealed: String = row.try_get("", "sealed").unwrap();
        assert!(sealed.starts_with("v1:"), "not encrypted: {sealed}");
        for text in [&summary, &sealed] {
            assert!(
                !text.contains("PLAINTEXT") && !text.contains("PRIVATE") && !text.contains("MII"),
                "{text}"
            );
        }
    }
}

#[tokio::test]
async fn project_keys_are_scoped_to_their_own_project() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (a, key_a, _) = app.create_project(&admin, full_input("A")).await;
    let (b, _key_b, _) = app.create_project(&admin, full_input("B")).await;

    let v = app
        .gql(
            Some(&key_a),
            "query($id:ID!){ project(id:$id){ id } }",
            json!({"id": b}),
        )
        .await;
    assert_eq!(error_code(&v), "NOT_FOUND", "{v}");
    let v = app
        .gql(
            Some(&key_a),
            "mutation($id:ID!){ updateProject(id:$id,input:{name:\"x\"}){ id } }",
            json!({"id": b}),
        )
        .await;
    assert_eq!(error_code(&v), "NOT_FOUND", "{v}");
    let v = app
        .gql(
            Some(&key_a),
            "mutation($id:ID!){ rotateProjectKey(id:$id){ apiKey } }",
            json!({"id": b}),
        )
        .await;
    assert_eq!(error_code(&v), "NOT_FOUND", "{v}");

    let d = app
        .gql_ok(
            Some(&key_a),
            "{ projects { edges { node { id } } } }",
            json!({}),
        )
        .await;
    assert_eq!(d["projects"]["edges"], json!([{"node": {"id": a}}]));

    // Only admins create projects; anonymous callers nothing at all.
    let v = app
        .gql(
            Some(&key_a),
            "mutation{ createProject(input:{name:\"x\"}){ apiKey } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&v), "FORBIDDEN");
    let v = app
        .gql(None, "{ projects { edges { node { id } } } }", json!({}))
        .await;
    assert_eq!(error_code(&v), "UNAUTHENTICATED");
    // The admin sees both; the admin asking for an unknown id gets NOT_FOUND.
    let d = app
        .gql_ok(
            Some(&admin),
            "{ projects { edges { node { id } } } }",
            json!({}),
        )
        .await;
    assert_eq!(d["projects"]["edges"].as_array().unwrap().len(), 2);
    let v = app
        .gql(
            Some(&admin),
            "{ project(id:\"prj_0000\"){ id } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&v), "NOT_FOUND");
}

#[tokio::test]
async fn projects_paginate_newest_first() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(
            app.create_project(&admin, json!({"name": format!("P{i}")}))
                .await
                .0,
        );
    }
    ids.reverse();
    let q = "query($a:String){ projects(first:2, after:$a){ edges{ cursor node{ id } } pageInfo{ hasNextPage endCursor } } }";
    let mut seen = Vec::new();
    let mut after = Value::Null;
    loop {
        let d = app.gql_ok(Some(&admin), q, json!({"a": after})).await;
        let c = &d["projects"];
        for e in c["edges"].as_array().unwrap() {
            seen.push(e["node"]["id"].as_str().unwrap().to_owned());
        }
        if !c["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = c["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(seen, ids);
    let v = app
        .gql(
            Some(&admin),
            "{ projects(first: 0){ edges { cursor } } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&v), "BAD_USER_INPUT");
}

#[tokio::test]
async fn invalid_input_is_refused_with_a_code_and_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let cases = [
        (json!({"name": ""}), "name"),
        (
            json!({"name": "x", "callbackUrl": "ftp://example.com/"}),
            "callbackUrl",
        ),
        (
            json!({"name": "x", "callbackUrl": "not a url"}),
            "callbackUrl",
        ),
        (
            json!({"name": "x", "callbackUrl": "https://user:pw@example.com/"}),
            "callbackUrl",
        ),
        (
            json!({"name": "x", "orderTtlSeconds": 5}),
            "orderTtlSeconds",
        ),
        (
            json!({"name": "x", "wechat": {"appId": "wx bad id"}}),
            "wechat.appId",
        ),
        (
            json!({"name": "x", "alipay": {"appPrivateKey": "not a key"}}),
            "alipay.appPrivateKey",
        ),
        (
            json!({"name": "x", "alipay": {"alipayPublicKey": "not a key"}}),
            "alipay.alipayPublicKey",
        ),
    ];
    for (input, field) in cases {
        let v = app
            .gql(
                Some(&admin),
                "mutation($i:CreateProjectInput!){ createProject(input:$i){ apiKey } }",
                json!({"i": input}),
            )
            .await;
        assert_eq!(error_code(&v), "BAD_USER_INPUT", "{input}: {v}");
        assert_eq!(v["errors"][0]["extensions"]["field"], field, "{v}");
    }
    let d = app
        .gql_ok(Some(&admin), "{ projects { edges { cursor } } }", json!({}))
        .await;
    assert_eq!(d["projects"]["edges"], json!([]));

    // A failed update leaves the project as it was.
    let (id, _, _) = app.create_project(&admin, full_input("Keep")).await;
    let v = app
        .gql(
            Some(&admin),
            "mutation($id:ID!){ updateProject(id:$id,input:{name:\"Changed\", orderTtlSeconds: 1}){ id } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(error_code(&v), "BAD_USER_INPUT");
    let d = app
        .gql_ok(
            Some(&admin),
            "query($id:ID!){ project(id:$id){ name orderTtlSeconds } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(
        d["project"],
        json!({"name": "Keep", "orderTtlSeconds": 600})
    );
}

/// Two instances on one PostgreSQL: a project change made through one reaches the other's cache
/// (NOTIFY), so a disabled project or a rotated key stops working there too.
#[tokio::test]
async fn project_changes_reach_the_other_instance() {
    use crate::flow::{pay, pay_input, pay_ok, shop};
    use crate::helpers::{eventually, spawn_pair};
    let Some((a, b)) = spawn_pair(|_| {}).await else {
        eprintln!("project_changes_reach_the_other_instance: needs PAYCENTER_TEST_DATABASE_URL (PostgreSQL)");
        return;
    };
    let admin = a.admin_token().await;
    let shop = shop(&a, &admin).await;
    // B learns the project and its key by serving a payment.
    pay_ok(
        &b,
        &shop.api_key,
        pay_input(&shop, "X-0", 100, "WECHAT_NATIVE"),
    )
    .await;

    a.gql_ok(
        Some(&admin),
        "mutation($id:ID!){ disableProject(id:$id){ disabled } }",
        json!({"id": shop.project_id}),
    )
    .await;
    let mut n = 0;
    eventually("B refusing payOrder for the disabled project", || {
        n += 1;
        let input = pay_input(&shop, &format!("X-{n}"), 100, "WECHAT_NATIVE");
        let (b, key) = (&b, &shop.api_key);
        async move {
            let r = pay(b, key, input).await;
            (r["errors"][0]["extensions"]["code"] == "PROJECT_DISABLED").then_some(())
        }
    })
    .await;

    a.gql_ok(
        Some(&admin),
        "mutation($id:ID!){ enableProject(id:$id){ disabled } }",
        json!({"id": shop.project_id}),
    )
    .await;
    let d = a
        .gql_ok(
            Some(&admin),
            "mutation($id:ID!){ rotateProjectKey(id:$id){ apiKey } }",
            json!({"id": shop.project_id}),
        )
        .await;
    let new_key = d["rotateProjectKey"]["apiKey"].as_str().unwrap().to_owned();
    eventually("B refusing the rotated-out key", || {
        n += 1;
        let input = pay_input(&shop, &format!("X-{n}"), 100, "WECHAT_NATIVE");
        let (b, key) = (&b, &shop.api_key);
        async move {
            let r = pay(b, key, input).await;
            (r["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED").then_some(())
        }
    })
    .await;
    pay_ok(
        &b,
        &new_key,
        pay_input(&shop, "X-new", 100, "WECHAT_NATIVE"),
    )
    .await;
}
