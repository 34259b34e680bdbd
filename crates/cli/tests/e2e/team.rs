//! `archboard serve --team` with the real binary: the CLI against it with personal tokens
//! (`--server`), refusals that name the server and the missing role, revocation, invitations
//! and password sign-in over HTTP with the brute-force limit, HTTPS, and what never reaches the
//! database file.

use archboard_tests::Server;
use reqwest::StatusCode;
use std::path::Path;
use std::process::{Command, Output};

/// `archboard --server URL ARGS…` with `token` in ARCHBOARD_TOKEN.
fn remote(server: &Server, token: &str, args: &[&str]) -> Output {
    Command::new(crate::archboard_binary())
        .args(["--server", &server.base])
        .args(args)
        .env("ARCHBOARD_TOKEN", token)
        .env_remove("ARCHBOARD_SERVER")
        .output()
        .expect("archboard runs")
}

fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn failed(output: &Output) -> String {
    assert!(!output.status.success(), "should have failed: {}", String::from_utf8_lossy(&output.stdout));
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The token line `archboard user token` prints.
fn issue_token(db: &Path, name: &str) -> String {
    let printed = ok(&crate::archboard(db, &["user", "token", name, "--label", "e2e"]));
    printed.lines().find(|l| l.starts_with("abt_")).expect("the token is printed").trim().to_owned()
}

fn file_bytes(path: &Path, suffix: &str) -> Vec<u8> {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    std::fs::read(std::path::PathBuf::from(name)).unwrap_or_default()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle.as_bytes())
}

#[test]
fn the_cli_runs_against_a_team_server_as_the_tokens_user_and_is_refused_by_role() {
    let server = Server::start_team(&crate::archboard_binary(), &[]);
    // The owner, at the server's machine, adds people with the local CLI on the same file.
    let invitation = ok(&crate::archboard(&server.db, &["user", "add", "cora", "--role", "contributor"]));
    assert!(invitation.contains(&format!("{}/invite/", server.base)), "a whole link: {invitation}");
    ok(&crate::archboard(
        &server.db,
        &["user", "add", "vera", "--role", "viewer", "--email", "vera@example.org"],
    ));
    let cora = issue_token(&server.db, "cora");
    let vera = issue_token(&server.db, "vera");

    let me = ok(&remote(&server, &cora, &["whoami"]));
    assert!(me.starts_with("cora (contributor) on a team board"), "{me}");
    ok(&remote(&server, &cora, &["team", "add", "Payments ML", "--lead", "cora"]));
    ok(&remote(
        &server,
        &cora,
        &[
            "system",
            "add",
            "fraud-scoring",
            "--name",
            "Fraud scoring",
            "--team",
            "Payments ML",
            "--tier",
            "high",
            "--pattern",
            "pattern.online-inference",
        ],
    ));
    let list = ok(&remote(&server, &vera, &["system", "list"]));
    assert!(
        list.contains("fraud-scoring") && list.contains("Payments ML") && list.contains("high"),
        "{list}"
    );
    let shown: serde_json::Value =
        serde_json::from_str(&ok(&remote(&server, &vera, &["system", "show", "fraud-scoring", "--json"])))
            .unwrap();
    assert_eq!(shown["patterns"][0], "pattern.online-inference");
    assert_eq!(shown["changed_by"], "cora via http");

    // A viewer reads but cannot add; the message names the server and the roles that could.
    let refused = failed(&remote(
        &server,
        &vera,
        &["system", "add", "churn", "--name", "Churn", "--team", "Payments ML", "--tier", "low"],
    ));
    assert!(refused.contains(&server.base), "{refused}");
    assert!(refused.contains("needs the contributor, chair or owner role"), "{refused}");
    assert!(refused.contains("vera has viewer"), "{refused}");
    let refused = failed(&remote(&server, &cora, &["user", "add", "mallory", "--role", "owner"]));
    assert!(refused.contains("needs the owner role"), "{refused}");

    // The token file works as the variable does.
    let token_file = server.db.with_file_name("vera.token");
    std::fs::write(&token_file, format!("{vera}\n")).unwrap();
    let output = Command::new(crate::archboard_binary())
        .args(["--server", &server.base, "--token-file"])
        .arg(&token_file)
        .args(["team", "list"])
        .env_remove("ARCHBOARD_TOKEN")
        .output()
        .unwrap();
    assert!(ok(&output).contains("Payments ML"));

    // A revoked token stops working at once.
    let tokens: serde_json::Value =
        serde_json::from_str(&ok(&crate::archboard(&server.db, &["user", "tokens", "cora", "--json"])))
            .unwrap();
    let id = tokens[0]["id"].as_i64().unwrap().to_string();
    ok(&crate::archboard(&server.db, &["user", "revoke", &id]));
    let refused = failed(&remote(&server, &cora, &["system", "list"]));
    assert!(refused.contains("revoked"), "{refused}");

    // The audit trail names the user; the board's files hold no token and are private.
    let audit = ok(&crate::archboard(&server.db, &["audit", "--entity", "system", "--json"]));
    assert!(audit.contains("\"actor\": \"cora via http\""), "{audit}");
    for suffix in ["", "-wal"] {
        let bytes = file_bytes(&server.db, suffix);
        assert!(
            !contains(&bytes, &cora) && !contains(&bytes, &vera),
            "a token is in the database{suffix} file"
        );
        assert!(!contains(&bytes, &cora["abt_".len()..]), "a token's secret is in the database{suffix} file");
    }
    #[cfg(unix)]
    for suffix in ["", "-wal", "-shm"] {
        use std::os::unix::fs::PermissionsExt;
        let mut name = server.db.as_os_str().to_owned();
        name.push(suffix);
        let mode = std::fs::metadata(std::path::PathBuf::from(name)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "board.db{suffix} is readable by others");
    }
}

fn browser_like() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).cookie_store(true).build().unwrap()
}

/// Sets a password through an invitation link, as the form in a browser would.
async fn accept(server: &Server, link: &str, password: &str) -> reqwest::Response {
    browser_like()
        .post(link)
        .header("origin", &server.base)
        .form(&[("password", password), ("repeat", password)])
        .send()
        .await
        .unwrap()
}

async fn sign_in(client: &reqwest::Client, server: &Server, name: &str, password: &str) -> StatusCode {
    client
        .post(format!("{}/signin", server.base))
        .header("origin", &server.base)
        .form(&[("name", name), ("password", password), ("next", "/")])
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn invitations_work_once_and_the_eleventh_wrong_password_is_refused_unchecked() {
    let server = Server::start_team(&crate::archboard_binary(), &[]);
    let printed = ok(&crate::archboard(&server.db, &["user", "add", "nina", "--role", "reviewer"]));
    let link = printed.lines().find(|l| l.contains("/invite/")).unwrap().trim().to_owned();

    let page = browser_like().get(&link).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Welcome, nina"));
    let answer = accept(&server, &link, "short").await;
    assert_eq!(
        answer.status(),
        StatusCode::BAD_REQUEST,
        "too short a password is refused with the form again"
    );
    let password = "a sufficiently long passphrase";
    let answer = accept(&server, &link, password).await;
    assert!(answer.status().is_redirection(), "{}", answer.status());
    let cookie = answer.headers()["set-cookie"].to_str().unwrap().to_owned();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age="] {
        assert!(cookie.contains(attribute), "{attribute} missing from {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain-HTTP loopback: WebKit would drop a Secure cookie");
    let reused = browser_like().get(&link).send().await.unwrap();
    assert_eq!(reused.status(), StatusCode::GONE);
    assert!(reused.text().await.unwrap().contains("already been used"));

    // A session from signing in reaches the API; another origin does not.
    let client = browser_like();
    assert!(sign_in(&client, &server, "nina", password).await.is_redirection());
    let me = client
        .post(format!("{}/api/me", server.base))
        .header("origin", &server.base)
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    let me: serde_json::Value = me.json().await.unwrap();
    assert_eq!((me["user"]["name"].as_str(), me["team_mode"].as_bool()), (Some("nina"), Some(true)));
    let forged = client
        .post(format!("{}/api/me", server.base))
        .header("origin", "http://evil.example")
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);

    // Ten wrong passwords, then the right one: refused without being checked.
    let attacker = browser_like();
    for attempt in 0..10 {
        assert_eq!(
            sign_in(&attacker, &server, "nina", "not the password").await,
            StatusCode::UNAUTHORIZED,
            "try {attempt}"
        );
    }
    assert_eq!(sign_in(&attacker, &server, "nina", password).await, StatusCode::TOO_MANY_REQUESTS);

    for suffix in ["", "-wal"] {
        let bytes = file_bytes(&server.db, suffix);
        assert!(!contains(&bytes, password), "the password is in the database{suffix} file");
        let secret = link.rsplit('/').next().unwrap();
        assert!(!contains(&bytes, secret), "the invitation secret is in the database{suffix} file");
    }
}

#[tokio::test]
async fn a_team_server_speaks_https_with_the_given_certificate_and_refuses_the_network_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
        ])
        .args(["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl runs");
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let server = Server::start_team(
        &crate::archboard_binary(),
        &["--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap()],
    );
    assert!(server.base.starts_with("https://127.0.0.1:"), "{}", server.base);
    // The certificate is self-signed for the test; what is checked is that the server speaks TLS
    // with it (its handshake, HTTPS answers), not a chain of trust.
    let client = reqwest::Client::builder().danger_accept_invalid_certs(true).build().unwrap();
    let page = client.get(format!("{}/signin", server.base)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Sign in to Archboard"));
    // Over HTTPS the session cookie is Secure, and the invitation link printed is https.
    let printed = ok(&crate::archboard(&server.db, &["user", "add", "tess", "--role", "viewer"]));
    let link = printed.lines().find(|l| l.contains("/invite/")).unwrap().trim().to_owned();
    assert!(link.starts_with("https://127.0.0.1:"), "{link}");
    let password = "a long passphrase over tls";
    let answer = reqwest::Client::builder()
        .danger_accept_invalid_certs(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(&link)
        .header("origin", &server.base)
        .form(&[("password", password), ("repeat", password)])
        .send()
        .await
        .unwrap();
    assert!(answer.status().is_redirection(), "{}", answer.status());
    let cookie = answer.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cookie.contains("; Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );

    let exposed = Command::new(crate::archboard_binary())
        .arg("--db")
        .arg(dir.path().join("other.db"))
        .args(["serve", "--team", "--host", "0.0.0.0", "--port", "0"])
        .output()
        .unwrap();
    let refused = failed(&exposed);
    assert!(refused.contains("--tls-cert") && refused.contains("--insecure-http"), "{refused}");
}
