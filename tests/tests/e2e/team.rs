//! Two people in two real headless Chromium sessions against `archboard serve --team`: each
//! accepts an invitation, sets a password and sees their own name; a viewer is offered no edit
//! and is refused one by the server; a deactivated user is signed out at their next request;
//! reused and expired invitation links get a clear page.

use crate::common::{
    self, ProcessGuard, Server, accept_invitation as accept, archboard_on as archboard, invite, wait_for_text,
};
use fantoccini::{Client, Locator};
use serde_json::json;
use std::process::{Command, Stdio};

/// What the server answers this browser session for a write, with its cookie and Origin.
async fn try_create_team(client: &Client, name: &str) -> u64 {
    let script = r#"
        const done = arguments[arguments.length - 1];
        fetch('/api/team_create', {method: 'POST', headers: {'content-type': 'application/json'},
                                   body: JSON.stringify({name: arguments[0]})})
            .then(r => done(r.status), e => done(0));
    "#;
    client.execute_async(script, vec![json!(name)]).await.unwrap().as_u64().unwrap()
}

#[tokio::test]
async fn two_users_sign_in_from_invitations_and_see_what_their_roles_allow() {
    let server = Server::start_team(&common::built_binary("archboard"), &[]);
    let alice_link = invite(&server.db, "alice", "contributor");
    let victor_link = invite(&server.db, "victor", "viewer");

    let port = common::free_port();
    let driver = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver is installed (make test installs chromium-driver)");
    let _driver = ProcessGuard::new("chromedriver", driver);
    common::wait_for_port(port, "chromedriver");
    let (alice_profile, victor_profile) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let alice = common::chromium_session(port, alice_profile.path(), None).await;
    let victor = common::chromium_session(port, victor_profile.path(), None).await;

    // Before signing in, the app sends a browser to the sign-in page.
    alice.goto(&format!("{}/systems", server.base)).await.unwrap();
    wait_for_text(&alice, "h1", "Sign in to Archboard").await;

    accept(&alice, &alice_link, "alice's long passphrase").await;
    wait_for_text(&alice, "#status-me", "alice").await;
    accept(&victor, &victor_link, "victor's long passphrase").await;
    wait_for_text(&victor, "#status-me", "victor").await;
    wait_for_text(&alice, "#status-me", "Contributor").await;

    // Alice creates a team through the UI; Victor sees it and is offered no way to add one.
    alice.goto(&format!("{}/teams/new", server.base)).await.unwrap();
    common::set_field(&alice, "#team-name", "Payments ML", "input").await;
    alice.find(Locator::Css("#team-save")).await.unwrap().click().await.unwrap();
    wait_for_text(&alice, "h1", "Payments ML").await;
    victor.goto(&format!("{}/teams", server.base)).await.unwrap();
    wait_for_text(&victor, "main", "Payments ML").await;
    assert!(victor.find(Locator::Css("#new-team")).await.is_err(), "a viewer is offered no New team");
    assert_eq!(try_create_team(&victor, "Victor's team").await, 403, "the server refuses a viewer's write");
    assert_eq!(try_create_team(&alice, "Search ML").await, 200);

    // A system for the team, from the form that shows the tiering questions beside the tier.
    alice.goto(&format!("{}/systems/new", server.base)).await.unwrap();
    wait_for_text(&alice, "main", "Does the model make or drive decisions about customers").await;
    if let Ok(png) = alice.screenshot().await {
        let _ = std::fs::write(common::screenshot_dir().join("team-system-form.png"), png);
    }

    // The link was for one use; a reused link says so on its page.
    victor.goto(&victor_link).await.unwrap();
    wait_for_text(&victor, "main", "already been used").await;
    // An expired one too (the test moves the link's expiry into the past, as 72 hours would).
    let late_link = invite(&server.db, "lena", "viewer");
    let board = rusqlite::Connection::open(&server.db).unwrap();
    board
        .execute("UPDATE invitation SET expires_at = '2020-01-01T00:00:00+00:00' WHERE used_at IS NULL", [])
        .unwrap();
    alice.goto(&late_link).await.unwrap();
    wait_for_text(&alice, "main", "expired").await;

    // Deactivated: signed out at the very next request.
    archboard(&server.db, &["user", "deactivate", "victor"]);
    victor.goto(&format!("{}/teams", server.base)).await.unwrap();
    wait_for_text(&victor, "h1", "Sign in to Archboard").await;
    assert_eq!(try_create_team(&victor, "Too late").await, 401);
    if let Ok(png) = alice.screenshot().await {
        let _ = std::fs::write(common::screenshot_dir().join("team-alice.png"), png);
    }
    alice.goto(&format!("{}/teams/payments%20ml", server.base)).await.unwrap();
    wait_for_text(&alice, "h1", "Payments ML").await;

    // Sign out, and in the same browser an owner invites someone from the Users page.
    alice.goto(&format!("{}/users", server.base)).await.unwrap();
    wait_for_text(&alice, "#sign-out", "Sign out").await;
    alice.find(Locator::Css("#sign-out")).await.unwrap().click().await.unwrap();
    wait_for_text(&alice, "main", "You have signed out").await;
    let owner_link = invite(&server.db, "olga", "owner");
    accept(&alice, &owner_link, "olga's long passphrase").await;
    wait_for_text(&alice, "#status-me", "olga").await;
    alice.goto(&format!("{}/users", server.base)).await.unwrap();
    wait_for_text(&alice, "#user-add-open", "").await;
    alice.find(Locator::Css("#user-add-open")).await.unwrap().click().await.unwrap();
    wait_for_text(&alice, "#user-add", "").await;
    common::set_field(&alice, "#user-name", "pia", "input").await;
    // Viewer is ticked to begin with; tick Reviewer too (roles are listed in the contract's order).
    alice.find(Locator::Css("label[for='user-role-2']")).await.unwrap().click().await.unwrap();
    alice.find(Locator::Css("#user-add-save")).await.unwrap().click().await.unwrap();
    common::wait_for_value(&alice, "#invitation-link", "/invite/").await;
    let shown =
        alice.find(Locator::Css("#invitation-link")).await.unwrap().prop("value").await.unwrap().unwrap();
    assert!(shown.starts_with(&server.base), "{shown}");
    let users = archboard(&server.db, &["user", "list"]);
    assert!(
        users.lines().any(|l| l.starts_with("pia") && l.contains("invited") && l.contains("reviewer,viewer")),
        "{users}"
    );
    let _ = alice.close().await;
    let _ = victor.close().await;
}
