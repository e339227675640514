//! The `paycenter` command itself: migrate, admin management, and refusing to start in
//! production mode without secrets.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::json;

fn paycenter(
    dir: &std::path::Path,
    args: &[&str],
    envs: &[(&str, &str)],
    stdin: &str,
) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_paycenter"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("PAYCENTER_TEST_DATABASE_URL")
        .env(
            "PAYCENTER_DATABASE_URL",
            format!("sqlite://{}?mode=rwc", dir.join("cli.db").display()),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run paycenter");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn production_mode_refuses_to_start_without_secrets_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let out = paycenter(
        dir.path(),
        &["serve"],
        &[
            ("PAYCENTER_SANDBOX", "false"),
            ("PAYCENTER_BIND", "127.0.0.1:0"),
        ],
        "",
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("PAYCENTER_JWT_SECRET") && err.contains("sandbox is off"),
        "{err}"
    );
    // Nothing was generated for production.
    assert!(!dir.path().join("cli.secrets.toml").exists());
}

#[tokio::test]
async fn migrate_and_admin_commands_manage_logins() {
    let dir = tempfile::tempdir().unwrap();
    let out = paycenter(dir.path(), &["migrate"], &[], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = paycenter(
        dir.path(),
        &["admin", "create", "ops"],
        &[],
        "ops-password-1\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = paycenter(
        dir.path(),
        &["admin", "create", "ops"],
        &[],
        "ops-password-1\n",
    );
    assert!(!out.status.success(), "a second 'ops' must be refused");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("an admin named 'ops' already exists") && !err.contains("UNIQUE"),
        "a clear error, not the database's: {err}"
    );
    // A role other than the default; stdin is not a terminal here, so no prompt.
    let out = paycenter(
        dir.path(),
        &["admin", "create", "watcher", "--role", "viewer"],
        &[],
        "watcher-password\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("(VIEWER)"));
    let out = paycenter(
        dir.path(),
        &["admin", "set-password", "ops"],
        &[],
        "ops-password-2\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = paycenter(
        dir.path(),
        &["admin", "set-password", "nobody"],
        &[],
        "whatever-password\n",
    );
    assert!(!out.status.success());

    // The server on that database accepts the new password and not the old one.
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("cli.db").display());
    let app = crate::helpers::spawn_app_with(|s| s.database.url = url).await;
    let login = |p: &'static str| {
        let app = &app;
        async move {
            app.gql(
                None,
                "mutation($p:String!){ adminLogin(username:\"ops\", password:$p){ token } }",
                json!({"p": p}),
            )
            .await
        }
    };
    assert!(login("ops-password-2").await["data"]["adminLogin"]["token"].is_string());
    // Logs of a command whose stderr is not a terminal carry no colour codes.
    let out = paycenter(dir.path(), &["migrate"], &[("RUST_LOG", "info")], "");
    assert!(!String::from_utf8_lossy(&out.stderr).contains('\u{1b}'));
    assert_eq!(
        crate::helpers::error_code(&login("ops-password-1").await),
        "UNAUTHENTICATED"
    );
}
