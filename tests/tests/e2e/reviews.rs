//! A production-readiness review run by two people in two real headless Chromium sessions on a
//! team server: the chair creates the system and starts the review at the high tier, answers
//! items by keyboard (a pass without evidence refused), binds one to a benchmark run and sees it
//! judge itself, exempts a failed high-risk item, signs off with the SRE signing in the other
//! browser, decides with a condition, records the ADR, finds the backlog items and downloads
//! the report; Back and reload in the middle keep the place.

use crate::common::{
    self, ProcessGuard, Server, accept_invitation as accept, archboard_on as archboard, click, invite,
    wait_for_text,
};
use fantoccini::{Client, Locator};
use serde_json::json;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Presses keys on the page itself (not in a field), as the working view's shortcuts expect.
async fn press(client: &Client, keys: &str) {
    client
        .execute(
            "document.activeElement && document.activeElement.blur && document.activeElement.blur()",
            vec![],
        )
        .await
        .unwrap();
    client.find(Locator::Css("body")).await.unwrap().send_keys(keys).await.unwrap();
}

fn item(key: &str) -> String {
    format!("[data-testid='item-{key}']")
}

/// The benchmark record the fixture holds, dated now so it is fresh evidence today.
fn import_fresh_run(db: &Path, scratch: &Path) -> String {
    let fixture = common::workspace_root().join("tests/fixtures/bench/record-kserve-tiny.json");
    let mut record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    record["created_at"] = json!(chrono_now());
    let path = scratch.join("run.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&record).unwrap()).unwrap();
    archboard(db, &["bench", "import", path.to_str().unwrap()]);
    record["id"].as_str().unwrap().to_owned()
}

/// Now as RFC 3339, from `date` (the tests crate keeps no date library of its own).
fn chrono_now() -> String {
    let output = Command::new("date").args(["-u", "+%Y-%m-%dT%H:%M:%S+00:00"]).output().unwrap();
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

#[tokio::test]
async fn a_readiness_review_is_run_signed_by_two_people_decided_and_reported_in_the_browser() {
    let server = Server::start_team(&common::built_binary("archboard"), &[]);
    let cora_link = invite(&server.db, "cora", "chair");
    let sam_link = invite(&server.db, "sam", "reviewer");
    archboard(&server.db, &["team", "add", "Payments ML"]);
    let scratch = tempfile::tempdir().unwrap();
    let run = import_fresh_run(&server.db, scratch.path());

    let port = common::free_port();
    let driver = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver is installed (make test installs chromium-driver)");
    let _driver = ProcessGuard::new("chromedriver", driver);
    common::wait_for_port(port, "chromedriver");
    let (cora_profile, sam_profile, downloads) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let cora = common::chromium_session(port, cora_profile.path(), Some(downloads.path())).await;
    let sam = common::chromium_session(port, sam_profile.path(), Some(downloads.path())).await;
    accept(&cora, &cora_link, "cora's long passphrase").await;
    wait_for_text(&cora, "#status-me", "cora").await;
    accept(&sam, &sam_link, "sam's long passphrase").await;
    wait_for_text(&sam, "#status-me", "sam").await;

    // The system, through its form, at the high tier.
    cora.goto(&format!("{}/systems/new", server.base)).await.unwrap();
    common::set_field(&cora, "#system-key", "fraud-scoring", "input").await;
    common::set_field(&cora, "#system-name", "Fraud scoring", "input").await;
    common::choose_option(&cora, "#system-team", "Payments ML").await;
    click(&cora, "#system-tier-high").await;
    click(&cora, "#system-save").await;
    wait_for_text(&cora, "h1", "Fraud scoring").await;

    // A production-readiness review of it, from the template offered for its tier.
    cora.goto(&format!("{}/reviews/new", server.base)).await.unwrap();
    common::choose_option(&cora, "[data-testid='review-system']", "fraud-scoring").await;
    common::choose_option(&cora, "[data-testid='review-kind']", "production-readiness").await;
    click(&cora, "[data-testid='review-template'][data-key='checklist.production-readiness']").await;
    click(&cora, "[data-testid='review-create']").await;
    wait_for_text(&cora, "[data-testid='review-heading']", "Fraud scoring").await;
    assert!(cora.current_url().await.unwrap().path().ends_with("/reviews/1"));
    common::wait_for_attr(&cora, "[data-testid='review-state']", "data-state", "draft").await;

    // By keyboard: a pass without evidence is refused and said on the item.
    click(&cora, &item("owner-on-call")).await;
    common::wait_for_attr(&cora, "[data-testid='item-panel']", "data-key", "owner-on-call").await;
    press(&cora, "1").await;
    wait_for_text(&cora, "[data-testid='item-error']", "evidence").await;
    common::set_field(
        &cora,
        "[data-testid='item-evidence']",
        "[On-call rota](https://pager.example/fraud)",
        "input",
    )
    .await;
    press(&cora, "1").await;
    common::wait_for_attr(&cora, &item("owner-on-call"), "data-status", "pass").await;
    wait_for_text(&cora, "[data-testid='item-evidence-html'] a", "On-call rota").await;
    // j moves to the next item, 3 fails it; the place is in the URL and survives a reload.
    press(&cora, "j").await;
    common::wait_for_attr(&cora, "[data-testid='item-panel']", "data-key", "runbook").await;
    press(&cora, "3").await;
    common::wait_for_attr(&cora, &item("runbook"), "data-status", "fail").await;
    assert!(cora.current_url().await.unwrap().as_str().contains("item=runbook"));
    cora.refresh().await.unwrap();
    common::wait_for_attr(&cora, "[data-testid='item-panel']", "data-key", "runbook").await;
    wait_for_text(&cora, "[data-testid='review-open-high']", "1 open high risk").await;

    // Bound to the benchmark run judged against a profile, the item judges itself.
    click(&cora, &item("slo-defined")).await;
    common::choose_option(&cora, "[data-testid='bind-run']", &run).await;
    common::choose_option(&cora, "[data-testid='bind-profile']", "hw.x86-small").await;
    click(&cora, "[data-testid='bind-save']").await;
    let explanation = wait_for_text(&cora, "[data-testid='bound-explanation']", "on hw.x86-small, run").await;
    assert!(explanation.contains("p99 latency"), "{explanation}");
    let verdict = if explanation.contains(" > ") || explanation.contains(" < ") { "fail" } else { "pass" };
    common::wait_for_attr(&cora, &item("slo-defined"), "data-status", verdict).await;

    // The failed runbook is exempted by the chair until a date, with a reason.
    click(&cora, &item("runbook")).await;
    common::set_field(&cora, "[data-testid='exempt-reason']", "Interim notes in the wiki", "input").await;
    common::set_field(&cora, "[data-testid='exempt-until']", "2099-12-31", "input").await;
    common::set_field(&cora, "[data-testid='exempt-until']", "2099-12-31", "change").await;
    click(&cora, "[data-testid='exempt-save']").await;
    common::wait_for_attr(&cora, &item("runbook"), "data-status", "exempt").await;
    wait_for_text(&cora, "[data-testid='exemption']", "2099-12-31").await;

    // Into review; the chair and the SRE sign, each in their own browser.
    click(&cora, "[data-testid='transition-in-review']").await;
    common::wait_for_attr(&cora, "[data-testid='review-state']", "data-state", "in-review").await;
    click(&cora, "[data-testid='signoff-role-chair']").await;
    click(&cora, "[data-testid='signoff-sign']").await;
    common::wait_for_attr(&cora, "[data-testid='signoff-role-chair']", "data-signed", "true").await;
    sam.goto(&format!("{}/reviews/1", server.base)).await.unwrap();
    click(&sam, "[data-testid='signoff-role-sre']").await;
    common::set_field(&sam, "[data-testid='signoff-comment']", "Dashboards checked", "input").await;
    click(&sam, "[data-testid='signoff-sign']").await;
    common::wait_for_attr(&sam, "[data-testid='signoff-role-sre']", "data-signed", "true").await;
    assert!(
        sam.find(Locator::Css("[data-testid='exempt-save']")).await.is_err(),
        "a reviewer is offered no exemption"
    );

    // The chair decides with a condition and records the decision as an ADR.
    cora.refresh().await.unwrap();
    common::wait_for_attr(&cora, "[data-testid='signoff-role-sre']", "data-signed", "true").await;
    common::choose_option(&cora, "[data-testid='decide-outcome']", "approve-with-conditions").await;
    common::set_field(
        &cora,
        "[data-testid='decide-rationale']",
        "Ready once the runbook is written.",
        "input",
    )
    .await;
    common::set_field(&cora, "[data-testid='condition-text']", "Write and rehearse the runbook", "input")
        .await;
    click(&cora, "[data-testid='condition-add']").await;
    click(&cora, "[data-testid='decide-submit']").await;
    common::wait_for_attr(&cora, "[data-testid='review-state']", "data-state", "decided").await;
    click(&cora, "[data-testid='record-adr']").await;
    let adr = wait_for_text(&cora, "[data-testid='adr-link']", "ADR-0001").await;
    assert!(adr.contains("ADR-0001"), "{adr}");

    // The backlog holds the exempted item and the condition; Back returns to the review.
    cora.goto(&format!("{}/reviews/backlog", server.base)).await.unwrap();
    wait_for_text(&cora, "[data-testid='backlog-row'][data-key='R1/C1']", "Write and rehearse the runbook")
        .await;
    wait_for_text(&cora, "[data-testid='backlog-row'][data-key='R1/runbook']", "runbook").await;
    cora.back().await.unwrap();
    wait_for_text(&cora, "[data-testid='review-heading']", "Fraud scoring").await;

    // The report downloads as Markdown with the decision and the items' answers.
    click(&cora, "[data-testid='report-md']").await;
    let report_path = downloads.path().join("review-1.md");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !report_path.exists() {
        assert!(Instant::now() < deadline, "the report never downloaded into {}", downloads.path().display());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let report = std::fs::read_to_string(&report_path).unwrap();
    assert!(
        report.contains("# Review R1:") && report.contains("Approved with conditions by cora"),
        "{report}"
    );
    assert!(
        report.contains("Write and rehearse the runbook") && report.contains("| sre | sam |"),
        "{report}"
    );
    if let Ok(png) = cora.screenshot().await {
        let _ = std::fs::write(common::screenshot_dir().join("review.png"), png);
    }
    cora.close().await.unwrap();
    sam.close().await.unwrap();
}
