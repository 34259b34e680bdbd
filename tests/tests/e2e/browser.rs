//! The real UI in Debian's headless Chromium (through chromedriver) against `archboard serve`:
//! create a decision, find it in the list, read its rendered and sanitised Markdown, accept it.

use crate::common::{self, ProcessGuard, Server, wait_for_text};
use fantoccini::Locator;
use serde_json::json;
use std::process::{Command, Stdio};

#[tokio::test]
async fn a_decision_is_created_listed_rendered_and_accepted_in_the_browser() {
    let server = Server::start();
    let port = common::free_port();
    let driver = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver is installed (make test installs chromium-driver)");
    let _driver = ProcessGuard::new("chromedriver", driver);
    common::wait_for_port(port, "chromedriver");

    let profile = tempfile::tempdir().unwrap();
    let client = common::connect(
        port,
        json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", "--window-size=1280,860",
                         format!("--user-data-dir={}", profile.path().display())]
            }
        }),
    )
    .await;

    client.goto(&server.url).await.unwrap();
    wait_for_text(&client, ".empty-state", "No decisions recorded yet").await;

    let body = "## Context and Problem Statement\n\nWe need **one local store**.\n\n\
                <script>document.title='pwned'</script>\n\n[bad link](javascript:alert(1))\n";
    common::create_decision_through_the_ui(&client, "Use SQLite for the local store", body).await;

    let article = client.find(Locator::Css("article.markdown")).await.unwrap();
    let html = article.html(true).await.unwrap();
    assert!(html.contains("<strong>one local store</strong>"), "{html}");
    assert!(html.contains("<h2>Context and Problem Statement</h2>"), "{html}");
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script") && !lower.contains("javascript:"), "unsanitised: {html}");
    assert_ne!(client.title().await.unwrap(), "pwned");

    // Back to the list: the decision is there, numbered and proposed.
    client.find(Locator::Css("#nav-decisions")).await.unwrap().click().await.unwrap();
    let row = wait_for_text(&client, "table.adr-list tbody tr[data-number='1']", "ADR-0001").await;
    assert!(row.contains("Use SQLite for the local store") && row.contains("proposed"), "{row}");

    // Open it and accept it.
    client
        .find(Locator::Css("table.adr-list tbody tr[data-number='1']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css("button[data-status='accepted']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&client, ".adr-title .badge", "accepted").await;
    wait_for_text(&client, ".toast", "ADR-0001 is now accepted").await;

    // The status filter narrows the list.
    client.find(Locator::Css("#nav-decisions")).await.unwrap().click().await.unwrap();
    let status_filter = client.wait().for_element(Locator::Css("#adr-filter-status")).await.unwrap();
    status_filter.select_by_value("rejected").await.unwrap();
    wait_for_text(&client, ".empty-state", "No decisions match these filters").await;

    let png = client.screenshot().await.unwrap();
    std::fs::write(common::screenshot_dir().join("browser.png"), png).unwrap();
    client.close().await.unwrap();
}
