//! The Reports area in headless Chromium against `archboard serve`: assess a team's seven
//! dimensions (accepting proposals, one set otherwise — refused until it has a rationale),
//! approve, close the quarter, build the whole board's report as a job, preview it inline, and
//! download it as HTML, Markdown (one zip of the .md and its charts) and PDF.

use crate::common::{self, ProcessGuard, Server, archboard_on as archboard, click, wait_for_text};
use fantoccini::Locator;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TEAM: &str = "Payments ML";
const QUARTER: &str = "2026-Q3";

/// Waits for a downloaded file whose name ends with `suffix` and answers its bytes.
async fn downloaded(folder: &Path, suffix: &str) -> Vec<u8> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let found = std::fs::read_dir(folder)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.to_string_lossy().ends_with(suffix));
        if let Some(path) = found
            && let Ok(bytes) = std::fs::read(&path)
            && !bytes.is_empty()
        {
            return bytes;
        }
        assert!(Instant::now() < deadline, "no `*{suffix}` downloaded into {}", folder.display());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_lead_assesses_closes_the_quarter_builds_previews_and_downloads_the_report() {
    let server = Server::start();
    archboard(&server.db, &["team", "add", TEAM]);
    archboard(
        &server.db,
        &["system", "add", "fraud-scoring", "--name", "Fraud scoring", "--team", TEAM, "--tier", "high"],
    );
    archboard(
        &server.db,
        &["scorecard", "choose", "--team", TEAM, "reproducibility-rate", "lineage-coverage"],
    );
    for (kpi, values) in [("reproducibility-rate", ["96", "97"]), ("lineage-coverage", ["84", "91"])] {
        for (at, value) in ["2026-06-20", "2026-09-20"].iter().zip(values) {
            archboard(&server.db, &["kpi", "record", kpi, "--team", TEAM, "--value", value, "--at", at]);
        }
    }

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
    let downloads = tempfile::tempdir().unwrap();
    let client = common::chromium_session(port, profile.path(), Some(downloads.path())).await;
    let client = &client;
    client.goto(&server.url).await.unwrap();

    // The team's assessment: every dimension proposed from evidence with its checks.
    client.goto(&format!("{}/reports/assess/Payments%20ML/{QUARTER}", server.base)).await.unwrap();
    let reproducibility = "article.dimension-card[data-dimension='maturity.reproducibility-lineage']";
    // Reproducibility green twice and lineage green now: levels 1 and 2 met; 3 needs more.
    common::wait_for_attr(
        client,
        &format!("{reproducibility} [data-testid=dimension-proposed]"),
        "data-level",
        "2",
    )
    .await;
    wait_for_text(client, reproducibility, "Lineage coverage").await;
    let shot = client.screenshot().await.unwrap();
    std::fs::write(common::screenshot_dir().join("reports-assess.png"), shot).unwrap();

    // One level set otherwise: refused without a rationale, taken with one.
    let dom = "maturity-deployment-automation";
    click(client, &format!("#assess-other-{dom}")).await;
    common::choose_option(client, &format!("#assess-level-{dom}"), "3").await;
    click(client, &format!("#assess-save-{dom}")).await;
    wait_for_text(client, &format!("#assess-rationale-error-{dom}"), "rationale").await;
    common::type_keys(client, &format!("#assess-rationale-{dom}"), "Gated pipeline since August").await;
    click(client, &format!("#assess-save-{dom}")).await;
    wait_for_text(
        client,
        "article.dimension-card[data-dimension='maturity.deployment-automation'] [data-testid=current-assessment]",
        "Gated pipeline since August",
    )
    .await;
    // The rest accepted as proposed, then approved.
    for key in [
        "cost-management",
        "governance-risk",
        "incident-readiness",
        "monitoring-observability",
        "platform-adoption",
        "reproducibility-lineage",
    ] {
        click(client, &format!("#assess-accept-maturity-{key}")).await;
        wait_for_text(
            client,
            &format!(
                "article.dimension-card[data-dimension='maturity.{key}'] [data-testid=current-assessment]"
            ),
            "Set by",
        )
        .await;
    }
    click(client, "#assess-approve").await;
    common::wait_for_attr(client, "[data-testid=assess-approval]", "data-state", "approved").await;

    // Close the quarter from the hub, confirming what it freezes.
    client.goto(&format!("{}/reports", server.base)).await.unwrap();
    click(client, &format!("#quarter-close-{QUARTER}")).await;
    wait_for_text(client, "#quarter-close-dialog", "freeze").await;
    click(client, "#quarter-close-confirm").await;
    common::wait_for_attr(
        client,
        &format!("tr.quarter-row[data-period='{QUARTER}']"),
        "data-state",
        "closed",
    )
    .await;
    let shot = client.screenshot().await.unwrap();
    std::fs::write(common::screenshot_dir().join("reports-quarters.png"), shot).unwrap();

    // Build the whole board's report: a job followed live, then the report in the history.
    common::choose_option(client, "#report-quarter", QUARTER).await;
    common::type_keys(client, "#report-commentary", "Lineage caught up this quarter.").await;
    click(client, "#report-build").await;
    // A finished build selects its report in the history (the job panel gives way to it).
    let row = client
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css("tr.report-row.selected"))
        .await
        .expect("the built report is selected in the history");
    wait_for_text(client, "#report-history", QUARTER).await;
    let id = row.attr("data-report-id").await.unwrap().expect("the row names its report");

    // The inline preview: the report itself, styled by the report's own sheet.
    click(client, &format!("#report-preview-{id}")).await;
    wait_for_text(client, ".report-preview", "Executive summary").await;
    wait_for_text(client, ".report-preview", "Payments ML is green").await;
    wait_for_text(client, ".report-preview", "Lineage caught up this quarter.").await;
    let radar = client.find(Locator::Css(".report-preview svg")).await;
    assert!(radar.is_ok(), "the preview shows the charts inline");
    client.execute("document.getElementById('report-preview-panel').scrollIntoView()", vec![]).await.unwrap();
    let shot = client.screenshot().await.unwrap();
    std::fs::write(common::screenshot_dir().join("reports-preview.png"), shot).unwrap();

    // The three downloads.
    click(client, &format!("#report-{id}-download-html")).await;
    let html = String::from_utf8(downloaded(downloads.path(), ".html").await).unwrap();
    assert!(html.contains("<main class=\"archboard-report\">") && html.contains("Payments ML"));
    click(client, &format!("#report-{id}-download-md")).await;
    let zip = downloaded(downloads.path(), "-md.zip").await;
    assert!(zip.starts_with(b"PK"), "Markdown comes as one zip");
    assert!(zip.windows(b".md".len()).any(|w| w == b".md") && zip.windows(4).any(|w| w == b".svg"));
    click(client, &format!("#report-{id}-download-pdf")).await;
    let pdf = downloaded(downloads.path(), ".pdf").await;
    assert!(pdf.starts_with(b"%PDF"));
    let shot = client.screenshot().await.unwrap();
    std::fs::write(common::screenshot_dir().join("reports-hub.png"), shot).unwrap();
    client.clone().close().await.unwrap();
}
