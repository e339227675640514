//! Admin roles and management over HTTP: OWNER / OPERATOR / VIEWER, the last active owner,
//! disabled admins and superseded tokens, password changes, the audit log of it all.

use serde_json::{json, Value};

use crate::helpers::{error_code, spawn_app, TestApp, ADMIN_PASSWORD};

pub const CREATE_ADMIN: &str =
    "mutation($i: CreateAdminInput!){ createAdmin(input: $i){ id username role disabled } }";
const ME: &str = "{ me { kind adminId username role } }";

/// Creates an admin of `role` with `password` (as the owner `owner`); returns its id.
pub async fn create_admin(app: &TestApp, owner: &str, name: &str, role: &str) -> String {
    let d = app
        .gql_ok(
            Some(owner),
            CREATE_ADMIN,
            json!({"i": {"username": name, "password": format!("{name}-password"), "role": role}}),
        )
        .await;
    d["createAdmin"]["id"].as_str().unwrap().to_owned()
}

pub async fn login(app: &TestApp, name: &str, password: &str) -> Value {
    app.gql(
        None,
        "mutation($u:String!,$p:String!){ adminLogin(username:$u,password:$p){ token expiresAt } }",
        json!({"u": name, "p": password}),
    )
    .await
}

pub async fn token(app: &TestApp, name: &str) -> String {
    let v = login(app, name, &format!("{name}-password")).await;
    v["data"]["adminLogin"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("login as {name}: {v}"))
        .to_owned()
}

async fn audit(app: &TestApp, token: &str, filter: Value) -> Value {
    app.gql_ok(
        Some(token),
        "query($f: AuditLogFilter){ auditLog(filter: $f, first: 100){ totalCount edges { node {
            actorKind actorId actorName action targetType targetId projectId detail clientIp createdAt } } } }",
        json!({"f": filter}),
    )
    .await["auditLog"]
        .clone()
}

fn actions(log: &Value) -> Vec<String> {
    log["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["action"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn roles_management_and_the_last_owner() {
    let app = spawn_app().await;
    let owner = app.admin_token().await;
    let me = app.gql_ok(Some(&owner), ME, json!({})).await;
    assert_eq!(me["me"]["role"], "OWNER", "the first admin is an owner");
    let owner_id = me["me"]["adminId"].as_str().unwrap().to_owned();

    // Nobody may demote or disable the only owner, not even itself.
    for (q, vars) in [
        (
            "mutation($id: ID!){ updateAdmin(id: $id, input: {role: OPERATOR}){ id } }",
            json!({"id": owner_id}),
        ),
        (
            "mutation($id: ID!){ disableAdmin(id: $id){ id } }",
            json!({"id": owner_id}),
        ),
    ] {
        let v = app.gql(Some(&owner), q, vars).await;
        assert_eq!(error_code(&v), "LAST_OWNER", "{v}");
    }

    let op_id = create_admin(&app, &owner, "op", "OPERATOR").await;
    let viewer_id = create_admin(&app, &owner, "viewer", "VIEWER").await;
    // A taken username is a typed error naming the field.
    let v = app
        .gql(
            Some(&owner),
            CREATE_ADMIN,
            json!({"i": {"username": "op", "password": "another-password", "role": "VIEWER"}}),
        )
        .await;
    assert_eq!(error_code(&v), "USERNAME_TAKEN", "{v}");
    assert_eq!(v["errors"][0]["extensions"]["field"], "username");
    assert!(
        !v.to_string().contains("UNIQUE"),
        "no database message: {v}"
    );
    // Short passwords are the caller's input.
    let v = app
        .gql(
            Some(&owner),
            CREATE_ADMIN,
            json!({"i": {"username": "short", "password": "1234567", "role": "VIEWER"}}),
        )
        .await;
    assert_eq!(error_code(&v), "BAD_USER_INPUT");

    let op = token(&app, "op").await;
    let viewer = token(&app, "viewer").await;
    assert_eq!(
        app.gql_ok(Some(&op), ME, json!({})).await["me"]["role"],
        "OPERATOR"
    );
    assert_eq!(
        app.gql_ok(Some(&viewer), ME, json!({})).await["me"]["role"],
        "VIEWER"
    );
    // Every admin may list admins, with a total.
    let list = app
        .gql_ok(
            Some(&viewer),
            "{ admins(first: 2){ totalCount edges { node { username role disabled } } pageInfo { hasNextPage } } }",
            json!({}),
        )
        .await;
    assert_eq!(list["admins"]["totalCount"], 3);
    assert_eq!(list["admins"]["edges"][0]["node"]["username"], "admin");
    assert_eq!(list["admins"]["pageInfo"]["hasNextPage"], true);
    // Only owners manage them.
    for t in [&op, &viewer] {
        let v = app
            .gql(
                Some(t),
                "mutation($id: ID!){ disableAdmin(id: $id){ id } }",
                json!({"id": viewer_id}),
            )
            .await;
        assert_eq!(error_code(&v), "FORBIDDEN");
    }

    // A role change takes effect on the next request, with the same token.
    app.gql_ok(
        Some(&owner),
        "mutation($id: ID!){ updateAdmin(id: $id, input: {role: VIEWER}){ role } }",
        json!({"id": op_id}),
    )
    .await;
    assert_eq!(
        app.gql_ok(Some(&op), ME, json!({})).await["me"]["role"],
        "VIEWER"
    );
    app.gql_ok(
        Some(&owner),
        "mutation($id: ID!){ updateAdmin(id: $id, input: {role: OPERATOR}){ role } }",
        json!({"id": op_id}),
    )
    .await;

    // A disabled admin's token stops working at once, and it cannot log in.
    let d = app
        .gql_ok(
            Some(&owner),
            "mutation($id: ID!){ disableAdmin(id: $id){ disabled } }",
            json!({"id": op_id}),
        )
        .await;
    assert_eq!(d["disableAdmin"]["disabled"], true);
    assert_eq!(
        error_code(&app.gql(Some(&op), ME, json!({})).await),
        "UNAUTHENTICATED"
    );
    assert_eq!(
        error_code(&login(&app, "op", "op-password").await),
        "UNAUTHENTICATED"
    );
    app.gql_ok(
        Some(&owner),
        "mutation($id: ID!){ updateAdmin(id: $id, input: {disabled: false}){ disabled } }",
        json!({"id": op_id}),
    )
    .await;
    assert_eq!(
        app.gql_ok(Some(&op), ME, json!({})).await["me"]["role"],
        "OPERATOR",
        "enabled again"
    );

    // With a second owner, the first may step down.
    let owner2_id = create_admin(&app, &owner, "owner2", "OWNER").await;
    let owner2 = token(&app, "owner2").await;
    app.gql_ok(
        Some(&owner2),
        "mutation($id: ID!){ updateAdmin(id: $id, input: {role: OPERATOR}){ role } }",
        json!({"id": owner_id}),
    )
    .await;
    // Now owner2 is the last one.
    let v = app
        .gql(
            Some(&owner2),
            "mutation($id: ID!){ disableAdmin(id: $id){ id } }",
            json!({"id": owner2_id}),
        )
        .await;
    assert_eq!(error_code(&v), "LAST_OWNER");
    // The demoted first admin cannot manage admins any more.
    let v = app
        .gql(
            Some(&owner),
            "mutation($id: ID!){ disableAdmin(id: $id){ id } }",
            json!({"id": viewer_id}),
        )
        .await;
    assert_eq!(error_code(&v), "FORBIDDEN");

    // The audit log has it all, newest first, filterable.
    let log = audit(
        &app,
        &viewer,
        json!({"targetType": "ADMIN", "targetId": op_id}),
    )
    .await;
    assert_eq!(
        actions(&log),
        [
            "ADMIN_UPDATED",
            "LOGIN_FAILED",
            "ADMIN_DISABLED",
            "ADMIN_UPDATED",
            "ADMIN_UPDATED",
            "LOGIN",
            "ADMIN_CREATED"
        ],
        "{log}"
    );
    assert_eq!(log["totalCount"], 7);
    let disabled = &log["edges"][2]["node"];
    assert_eq!(disabled["actorKind"], "ADMIN");
    assert_eq!(disabled["actorId"], json!(owner_id));
    assert_eq!(disabled["actorName"], "admin");
    assert_eq!(disabled["clientIp"], "127.0.0.1");
    let detail: Value = serde_json::from_str(disabled["detail"].as_str().unwrap()).unwrap();
    assert_eq!(
        detail["changes"]["disabled"],
        json!({"from": false, "to": true})
    );
    let by_owner2 = audit(
        &app,
        &owner2,
        json!({"actorId": owner2_id, "action": "ADMIN_UPDATED"}),
    )
    .await;
    assert_eq!(by_owner2["totalCount"], 1);
    // Project keys and users do not read it.
    let v = app
        .gql(Some("pck_nope"), "{ auditLog { totalCount } }", json!({}))
        .await;
    assert_eq!(error_code(&v), "UNAUTHENTICATED");
}

#[tokio::test]
async fn passwords_reset_and_changed_supersede_old_tokens() {
    let app = spawn_app().await;
    let owner = app.admin_token().await;
    let viewer_id = create_admin(&app, &owner, "viewer", "VIEWER").await;
    let viewer = token(&app, "viewer").await;

    // An owner sets it: the old token and the old password stop working.
    app.gql_ok(
        Some(&owner),
        "mutation($id: ID!){ setAdminPassword(id: $id, password: \"new-viewer-password\"){ id passwordChangedAt } }",
        json!({"id": viewer_id}),
    )
    .await;
    assert_eq!(
        error_code(&app.gql(Some(&viewer), ME, json!({})).await),
        "UNAUTHENTICATED"
    );
    assert_eq!(
        error_code(&login(&app, "viewer", "viewer-password").await),
        "UNAUTHENTICATED"
    );
    let viewer = login(&app, "viewer", "new-viewer-password").await["data"]["adminLogin"]["token"]
        .as_str()
        .unwrap()
        .to_owned();

    // Oneself: a wrong current password is an input error, and the session stays.
    const CHANGE: &str = "mutation($c: String!, $n: String!){ changePassword(currentPassword: $c, newPassword: $n){ token expiresAt } }";
    let v = app
        .gql(
            Some(&viewer),
            CHANGE,
            json!({"c": "wrong-password", "n": "viewer-password-3"}),
        )
        .await;
    assert_eq!(error_code(&v), "BAD_USER_INPUT");
    assert_eq!(v["errors"][0]["extensions"]["field"], "currentPassword");
    app.gql_ok(Some(&viewer), ME, json!({})).await;
    let v = app
        .gql(
            Some(&viewer),
            CHANGE,
            json!({"c": "new-viewer-password", "n": "short"}),
        )
        .await;
    assert_eq!(v["errors"][0]["extensions"]["field"], "newPassword");
    let d = app
        .gql_ok(
            Some(&viewer),
            CHANGE,
            json!({"c": "new-viewer-password", "n": "viewer-password-3"}),
        )
        .await;
    let fresh = d["changePassword"]["token"].as_str().unwrap();
    assert_eq!(
        app.gql_ok(Some(fresh), ME, json!({})).await["me"]["username"],
        "viewer"
    );
    assert_eq!(
        error_code(&app.gql(Some(&viewer), ME, json!({})).await),
        "UNAUTHENTICATED",
        "the token from before the change"
    );
    assert!(
        login(&app, "viewer", "viewer-password-3").await["data"]["adminLogin"]["token"].is_string()
    );
    let log = audit(&app, &owner, json!({"targetId": viewer_id})).await;
    let acts = actions(&log);
    assert!(acts.contains(&"PASSWORD_RESET".to_owned()), "{acts:?}");
    assert!(acts.contains(&"PASSWORD_CHANGED".to_owned()), "{acts:?}");
    // No password ever reaches the log.
    let all = audit(&app, &owner, json!({})).await.to_string();
    for secret in [
        "new-viewer-password",
        "viewer-password-3",
        "viewer-password",
        ADMIN_PASSWORD,
    ] {
        assert!(!all.contains(secret), "{secret} in the audit log");
    }
}

/// Two owners demoting each other at the same time: exactly one succeeds, so an owner remains.
#[tokio::test]
async fn two_owners_cannot_demote_each_other_at_once() {
    let app = spawn_app().await;
    let owner = app.admin_token().await;
    let owner_id = app.gql_ok(Some(&owner), ME, json!({})).await["me"]["adminId"]
        .as_str()
        .unwrap()
        .to_owned();
    let other_id = create_admin(&app, &owner, "other", "OWNER").await;
    let other = token(&app, "other").await;
    const DEMOTE: &str =
        "mutation($id: ID!){ updateAdmin(id: $id, input: {role: VIEWER}){ role } }";
    let (a, b) = tokio::join!(
        app.gql(Some(&owner), DEMOTE, json!({"id": other_id})),
        app.gql(Some(&other), DEMOTE, json!({"id": owner_id})),
    );
    let ok = [&a, &b]
        .iter()
        .filter(|v| v.get("errors").is_none())
        .count();
    assert_eq!(ok, 1, "{a} {b}");
    let refused = if a.get("errors").is_some() { &a } else { &b };
    // The loser is refused either because it is no longer an owner or because it would remove
    // the last one.
    assert!(
        ["FORBIDDEN", "LAST_OWNER", "UNAUTHENTICATED"].contains(&error_code(refused)),
        "{refused}"
    );
    let list = app
        .gql_ok(
            Some(&owner),
            "{ admins { edges { node { role disabled } } } }",
            json!({}),
        )
        .await
        .to_string();
    assert_eq!(list.matches("\"OWNER\"").count(), 1, "{list}");
}

#[tokio::test]
async fn server_info_needs_no_login() {
    let app = spawn_app().await;
    let d = app
        .gql_ok(None, "{ serverInfo { sandbox version } }", json!({}))
        .await;
    assert_eq!(d["serverInfo"]["sandbox"], true);
    assert_eq!(d["serverInfo"]["version"], env!("CARGO_PKG_VERSION"));
    let off = crate::helpers::spawn_app_with(|s| s.sandbox.enabled = false).await;
    let d = off
        .gql_ok(None, "{ serverInfo { sandbox } }", json!({}))
        .await;
    assert_eq!(d["serverInfo"]["sandbox"], false);
}
