//! The real UI in Debian's headless Chromium (through chromedriver) against `archboard serve`:
//! create a decision, find it in the list, read its rendered and sanitised Markdown, accept it.

use crate::common::{self, ProcessGuard, Server, click, wait_for_text};
use fantoccini::Locator;
use serde_json::json;
use std::process::{Command, Stdio};

/// A headless Chromium session on a fresh `archboard serve`; the guards stop both on drop.
struct Browser {
    client: fantoccini::Client,
    server: Server,
    _driver: ProcessGuard,
    _profile: tempfile::TempDir,
}

async fn start_browser() -> Browser {
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
    Browser { client, server, _driver, _profile: profile }
}

#[tokio::test]
async fn a_decision_is_created_listed_rendered_and_accepted_in_the_browser() {
    let browser = start_browser().await;
    let client = &browser.client;
    wait_for_text(client, ".empty-state", "No decisions recorded yet").await;

    let body = "## Context and Problem Statement\n\nWe need **one local store**.\n\n\
                <script>document.title='pwned'</script>\n\n[bad link](javascript:alert(1))\n";
    common::create_decision_through_the_ui(client, "Use SQLite for the local store", body).await;

    let article = client.find(Locator::Css("article.markdown")).await.unwrap();
    let html = article.html(true).await.unwrap();
    assert!(html.contains("<strong>one local store</strong>"), "{html}");
    assert!(html.contains("<h2>Context and Problem Statement</h2>"), "{html}");
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script") && !lower.contains("javascript:"), "unsanitised: {html}");
    assert_ne!(client.title().await.unwrap(), "pwned");

    // Back to the list: the decision is there, numbered and proposed.
    client.find(Locator::Css("#nav-decisions")).await.unwrap().click().await.unwrap();
    let row = wait_for_text(client, "table.adr-list tbody tr[data-number='1']", "ADR-0001").await;
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
    wait_for_text(client, ".adr-title .badge", "accepted").await;
    wait_for_text(client, ".toast", "ADR-0001 is now accepted").await;

    // The status filter narrows the list.
    client.find(Locator::Css("#nav-decisions")).await.unwrap().click().await.unwrap();
    let status_filter = client.wait().for_element(Locator::Css("#adr-filter-status")).await.unwrap();
    status_filter.select_by_value("rejected").await.unwrap();
    wait_for_text(client, ".empty-state", "No decisions match these filters").await;

    // Keyboard: N opens the form, Escape leaves it without saving.
    client.find(Locator::Css("body")).await.unwrap().send_keys("n").await.unwrap();
    let title = client.wait().for_element(Locator::Css("#adr-title")).await.unwrap();
    title.send_keys("Abandoned draft").await.unwrap();
    title.send_keys("\u{E00C}").await.unwrap(); // WebDriver's Escape key
    wait_for_text(client, "h1", "Decisions").await;
    let titles = client.find(Locator::Css("main")).await.unwrap().text().await.unwrap();
    assert!(!titles.contains("Abandoned draft"), "{titles}");

    let png = client.screenshot().await.unwrap();
    std::fs::write(common::screenshot_dir().join("browser.png"), png).unwrap();
    browser.client.clone().close().await.unwrap();
}

/// Creates a decision through the HTTP API, as another client of the same board would.
async fn create_via_api(server: &Server, body: serde_json::Value) -> u64 {
    let response = reqwest::Client::new()
        .post(format!("{}/api/adr_create", server.base))
        .bearer_auth(&server.token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    response.json::<serde_json::Value>().await.unwrap()["number"].as_u64().unwrap()
}

#[tokio::test]
async fn search_finds_a_decision_and_links_read_both_ways_in_the_browser() {
    let browser = start_browser().await;
    let client = &browser.client;
    create_via_api(
        &browser.server,
        json!({"title": "Serve models with KServe", "body_markdown": "Online inference on Kubernetes."}),
    )
    .await;
    create_via_api(
        &browser.server,
        json!({"title": "Autoscale GPU nodes", "body_markdown": "Scale the KServe predictors on queue depth.\n\n### Confirmation\n\nA weekly load test.", "revisit_by": "2020-01-01"}),
    )
    .await;
    client.refresh().await.unwrap();

    // The overdue decision is called out above the list.
    wait_for_text(client, ".callout", "1 decision is due for review").await;

    // Search ranks the title match first and highlights the word.
    client.wait().for_element(Locator::Css("#adr-search")).await.unwrap().send_keys("kserve").await.unwrap();
    let first = wait_for_text(client, ".search-results li:first-child", "ADR-0001").await;
    assert!(first.contains("Serve models with KServe"), "{first}");
    let second = wait_for_text(client, ".search-results li:nth-child(2)", "ADR-0002").await;
    assert!(second.contains("KServe predictors"), "{second}");
    let marked = client.find(Locator::Css(".search-results li:nth-child(2) mark")).await.unwrap();
    assert_eq!(marked.text().await.unwrap().to_lowercase(), "kserve");

    // Open the second hit, see its confirmation, and link it to the first.
    client.find(Locator::Css(".search-results li:nth-child(2) button")).await.unwrap().click().await.unwrap();
    wait_for_text(client, ".confirmation", "A weekly load test.").await;
    client.wait().for_element(Locator::Css("#add-link")).await.unwrap().click().await.unwrap();
    let kind = client.wait().for_element(Locator::Css("#link-kind option[value='amends']")).await.unwrap();
    kind.click().await.unwrap();
    client
        .wait()
        .for_element(Locator::Css("#link-target option[value='1']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client.find(Locator::Css("#confirm-link")).await.unwrap().click().await.unwrap();
    wait_for_text(client, ".link-row", "Amends").await;

    // The other end shows the inverse label.
    client.find(Locator::Css(".link-row a.link")).await.unwrap().click().await.unwrap();
    wait_for_text(client, ".adr-title", "Serve models with KServe").await;
    wait_for_text(client, ".link-row", "Amended by").await;

    // The timeline groups decisions by month.
    client.find(Locator::Css("#nav-decisions")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Css("#layout-timeline")).await.unwrap().click().await.unwrap();
    let timeline = wait_for_text(client, ".timeline", "ADR-0002 Autoscale GPU nodes").await;
    assert!(timeline.contains("ADR-0001 Serve models with KServe"), "{timeline}");
    browser.client.clone().close().await.unwrap();
}

#[tokio::test]
async fn a_folder_is_imported_through_the_ui_and_found_by_search() {
    let browser = start_browser().await;
    let client = &browser.client;
    client.wait().for_element(Locator::Css("#import-folder-open")).await.unwrap().click().await.unwrap();
    let picker = client.wait().for_element(Locator::Css("#import-folder")).await.unwrap();
    // ChromeDriver uploads a whole directory into an input that has `webkitdirectory`.
    let folder = common::workspace_root().join("tests/fixtures/adr/adr-tools");
    picker.send_keys(folder.to_str().unwrap()).await.unwrap();

    // The preview lists every file before anything is written.
    wait_for_text(client, ".import-summary", "3 new · 0 updated · 0 unchanged · 0 failed").await;
    let preview =
        wait_for_text(client, ".import-preview", "0003-use-postgresql-for-the-feature-registry.md").await;
    assert!(preview.contains("ADR-0002 Use MySQL for the feature registry"), "{preview}");
    let png = client.screenshot().await.unwrap();
    std::fs::write(common::screenshot_dir().join("import-preview.png"), png).unwrap();
    client.find(Locator::Css("#import-apply")).await.unwrap().click().await.unwrap();
    wait_for_text(client, ".toast", "Imported 3 new and 0 updated decisions.").await;

    // Search finds the imported decision by a word in its body.
    client
        .wait()
        .for_element(Locator::Css("#adr-search"))
        .await
        .unwrap()
        .send_keys("row-level")
        .await
        .unwrap();
    let hit = wait_for_text(client, ".search-results li:first-child", "ADR-0003").await;
    assert!(hit.contains("Use PostgreSQL for the feature registry"), "{hit}");
    client.find(Locator::Css(".search-results li:first-child button")).await.unwrap().click().await.unwrap();
    let links = wait_for_text(client, ".meta", "Supersedes").await;
    assert!(links.contains("Clarifies"), "{links}");
    let html = client.find(Locator::Css("article.markdown")).await.unwrap().html(true).await.unwrap();
    // The raw <script> block stays in the stored text; the rendered page never gets it.
    assert!(
        html.contains("PostgreSQL 16") && !html.contains("<script") && !html.contains("alert("),
        "{html}"
    );

    // The graph draws the two links as arcs.
    client.find(Locator::Css("#nav-decisions")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Css("#layout-graph")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Css(".graph svg path.edge-supersedes")).await.unwrap();
    let arcs = client.find_all(Locator::Css(".graph svg path.edge")).await.unwrap();
    assert_eq!(arcs.len(), 2);
    let png = client.screenshot().await.unwrap();
    std::fs::write(common::screenshot_dir().join("graph.png"), png).unwrap();
    browser.client.clone().close().await.unwrap();
}

/// Sets a text area's value the way typing does, so the app's input handler sees it.
async fn type_into(client: &fantoccini::Client, css: &str, value: &str) {
    common::set_field(client, css, value, "input").await;
}

#[tokio::test]
async fn the_catalog_is_browsed_edited_and_a_pattern_diagram_is_drawn() {
    let browser = start_browser().await;
    let client = &browser.client;

    // The built-in catalog is there on first launch, counted per kind.
    click(client, "#nav-catalog").await;
    wait_for_text(client, "#catalog-tab-kpi", "KPIs 67").await;
    wait_for_text(client, "#catalog-tab-hardware", "Hardware profiles 13").await;

    // A role with its weighted rubric, then a KPI reached from it.
    click(client, "#catalog-tab-role").await;
    click(client, ".catalog-row[data-key='role.mlops-architect']").await;
    wait_for_text(client, "#catalog-item-name", "MLOps Architect").await;
    let rubric = wait_for_text(client, "table.rubric", "MLOps architecture depth").await;
    assert!(rubric.contains("20.0%") && rubric.contains("5.0%"), "{rubric}");
    click(client, "button[data-link='kpi.change-failure-rate']").await;
    wait_for_text(client, "#catalog-item-name", "Change failure rate (ML)").await;
    let thresholds = wait_for_text(client, "table.thresholds", "Green").await;
    assert!(thresholds.contains("≤ 10 %"), "{thresholds}");

    // Search reaches into every field.
    type_into(client, "#catalog-search", "poisoning").await;
    wait_for_text(client, ".catalog-list", "ML security review").await;
    type_into(client, "#catalog-search", "").await;

    // Edit as TOML: a broken value is reported before saving; a good one saves and marks the item.
    click(client, "#catalog-edit").await;
    let original =
        client.find(Locator::Css("#catalog-toml")).await.unwrap().prop("value").await.unwrap().unwrap();
    type_into(client, "#catalog-toml", &original.replace("max = 10.0", "max = 99.0")).await;
    wait_for_text(client, "#catalog-toml-status", "inside target.amber").await;
    assert!(
        client.find(Locator::Css("#catalog-save")).await.unwrap().prop("disabled").await.unwrap().as_deref()
            == Some("true")
    );
    type_into(client, "#catalog-toml", &original.replace("max = 10.0", "max = 8.0")).await;
    wait_for_text(client, "#catalog-toml-status", "Valid.").await;
    click(client, "#catalog-save").await;
    wait_for_text(client, ".catalog-item", "edited").await;
    wait_for_text(client, "table.thresholds", "≤ 8 %").await;

    // Patterns: the diagram is drawn by the bundled mermaid, under the strict CSP.
    click(client, "#nav-patterns").await;
    click(client, ".catalog-row[data-key='pattern.online-inference']").await;
    wait_for_text(client, "#catalog-item-name", "Online inference").await;
    let image = match client
        .wait()
        .at_most(std::time::Duration::from_secs(30))
        .for_element(Locator::Css("img.mermaid-diagram"))
        .await
    {
        Ok(image) => image,
        Err(_) => {
            let figure = client.find(Locator::Css("figure.diagram")).await.unwrap();
            panic!("no diagram: {:?}", figure.prop("textContent").await);
        }
    };
    let svg = client
        .execute(
            "const img = arguments[0];
             return [decodeURIComponent(img.src.split(',')[1]), img.naturalWidth];",
            vec![serde_json::to_value(&image).unwrap()],
        )
        .await
        .unwrap();
    let (markup, width) = (svg[0].as_str().unwrap().to_owned(), svg[1].as_u64().unwrap());
    let png = client.screenshot().await.unwrap();
    std::fs::write(common::screenshot_dir().join("pattern.png"), png).unwrap();
    assert!(markup.starts_with("<svg"), "{}", &markup[..markup.len().min(200)]);
    // Labels are SVG text, one <tspan> per word: compare the words without the markup.
    let mut words = String::new();
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                words.push(' ');
            }
            c if !in_tag => words.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = words.split_whitespace().collect();
    for label in ["API gateway", "Model server", "Online feature store", "Prediction log"] {
        assert!(
            words.windows(label.split(' ').count()).any(|w| w.join(" ") == label),
            "the diagram lacks {label}"
        );
    }
    assert!(width > 200, "the SVG did not draw as an image (width {width})");

    // A KPI link on the Patterns page opens it on the Catalog page.
    click(client, "button[data-link='kpi.p95-inference-latency']").await;
    wait_for_text(client, "#catalog-item-name", "P95 inference latency").await;
    assert!(client.find(Locator::Css("#nav-catalog[aria-current='page']")).await.is_ok());
}

/// Picks an option of a select the way a person does, so the app's change handler sees it.
async fn choose(client: &fantoccini::Client, css: &str, value: &str) {
    common::set_field(client, css, value, "change").await;
}

#[tokio::test]
async fn a_benchmark_is_configured_followed_live_judged_and_compared_in_the_browser() {
    let mlserver = common::MlServer::start();
    let browser = start_browser().await;
    let client = &browser.client;
    click(client, "#nav-benchmarks").await;
    wait_for_text(client, ".catalog-list", "No runs yet").await;

    // A missing model name is refused before anything runs, naming the field.
    click(client, "#bench-new").await;
    type_into(client, "#bench-url", &mlserver.url).await;
    type_into(client, "#bench-duration", "2").await;
    click(client, "#bench-start").await;
    wait_for_text(client, "#bench-form-error", "target.model").await;

    // A concurrency sweep against MLServer, followed live.
    type_into(client, "#bench-model", "tiny").await;
    choose(client, "#bench-scenario", "concurrency_sweep").await;
    type_into(client, "#bench-concurrency", "2").await;
    type_into(client, "#bench-flops", "128").await;
    type_into(client, "#bench-bytes", "352").await;
    choose(client, "#bench-profile", "hw.x86-small").await;
    type_into(client, "#bench-name", "tiny on MLServer").await;
    click(client, "#bench-start").await;
    wait_for_text(client, ".bench-live", "Running").await;
    let live = wait_for_text(client, ".bench-live", "window").await;
    assert!(live.contains("phase"), "{live}");
    let png = client.screenshot().await.unwrap();
    std::fs::write(common::screenshot_dir().join("bench-live.png"), png).unwrap();

    // The record opens when the run ends: phases, a verdict against the profile it represents,
    // and the engine's charts.
    wait_for_text(client, "#bench-run-title", "tiny on MLServer").await;
    let phases = wait_for_text(client, "table.bench-phases", "concurrency 2").await;
    assert!(phases.contains("concurrency 1"), "{phases}");
    let verdict =
        wait_for_text(client, ".bench-evaluation[data-profile='hw.x86-small']", "p99 latency").await;
    assert!(verdict.contains("pass") || verdict.contains("fail"), "{verdict}");
    assert!(verdict.contains("Roofline floor (an estimate)"), "{verdict}");
    choose(client, "#bench-judge", "hw.jetson-orin-nano").await;
    wait_for_text(client, ".bench-evaluation[data-profile='hw.jetson-orin-nano']", "Cost per 1k").await;
    assert!(common::loaded_image_width(client, "#bench-cdf").await > 300);
    assert!(common::loaded_image_width(client, "#bench-curve").await > 300);
    let png = client.screenshot().await.unwrap();
    std::fs::write(common::screenshot_dir().join("bench-result.png"), png).unwrap();

    // A second run (open loop) through the same form, then both side by side.
    click(client, "#bench-new").await;
    type_into(client, "#bench-url", &mlserver.url).await;
    type_into(client, "#bench-model", "tiny").await;
    choose(client, "#bench-scenario", "server").await;
    type_into(client, "#bench-rate", "40").await;
    type_into(client, "#bench-duration", "2").await;
    type_into(client, "#bench-name", "tiny open loop").await;
    click(client, "#bench-start").await;
    wait_for_text(client, "#bench-run-title", "tiny open loop").await;
    common::wait_for_count(client, ".bench-row input[type='checkbox']", 2).await;
    for row in 1..=2 {
        click(client, &format!(".bench-row:nth-child({row}) input[type='checkbox']")).await;
    }
    click(client, "#bench-compare").await;
    choose(client, "#bench-compare-profile-1", "hw.x86-small").await;
    choose(client, "#bench-compare-profile-2", "hw.nvidia-t4").await;
    let table = wait_for_text(client, "#bench-comparison-table", "NVIDIA T4").await;
    assert!(table.contains("tiny open loop") && table.contains("tiny on MLServer"), "{table}");
    assert!(common::loaded_image_width(client, "#bench-compare-cdf").await > 300);
    let png = client.screenshot().await.unwrap();
    std::fs::write(common::screenshot_dir().join("bench-compare.png"), png).unwrap();

    // A long run cancelled from the panel keeps what it measured, marked as cancelled.
    click(client, "#bench-new").await;
    type_into(client, "#bench-url", &mlserver.url).await;
    type_into(client, "#bench-model", "tiny").await;
    type_into(client, "#bench-duration", "60").await;
    type_into(client, "#bench-name", "tiny cancelled").await;
    click(client, "#bench-start").await;
    wait_for_window(client, 2).await;
    // Left for another page, the run is still in the status bar, which leads back to it.
    click(client, "#nav-decisions").await;
    wait_for_text(client, ".status-jobs", "tiny cancelled").await;
    click(client, ".status-job-link").await;
    wait_for_text(client, ".bench-live", "Running").await;
    assert!(client.current_url().await.unwrap().path().starts_with("/benchmarks/"));
    let run_url = client.current_url().await.unwrap();
    // Cancelled from the status bar on another page, it keeps what it measured.
    click(client, "#nav-catalog").await;
    click(client, ".status-job .job-cancel").await;
    common::wait_for_count(client, ".status-job", 0).await;
    client.goto(run_url.as_str()).await.unwrap();
    wait_for_text(client, "#bench-run-title", "tiny cancelled").await;
    let detail = wait_for_text(client, ".bench-detail", "cancelled").await;
    assert!(detail.contains("cut short when the run was cancelled"), "{detail}");
    browser.client.clone().close().await.unwrap();
}

#[tokio::test]
async fn a_deep_link_to_a_decision_survives_navigation_back_and_reload() {
    let browser = start_browser().await;
    let client = &browser.client;
    create_via_api(&browser.server, json!({"title": "Keep places in the URL", "body_markdown": "Routed."}))
        .await;
    // The session cookie came with the first page; a deep link needs no token.
    client.goto(&format!("{}/decisions/1", browser.server.base)).await.unwrap();
    wait_for_text(client, ".adr-title", "Keep places in the URL").await;

    // Into the list with a filter in the query string, then Back to the decision.
    click(client, "#nav-decisions").await;
    choose(client, "#adr-filter-status", "proposed").await;
    wait_for_text(client, "table.adr-list tbody tr[data-number='1']", "ADR-0001").await;
    assert!(client.current_url().await.unwrap().as_str().ends_with("/decisions?status=proposed"));
    client.back().await.unwrap();
    wait_for_text(client, ".adr-title", "Keep places in the URL").await;
    assert!(client.current_url().await.unwrap().path().ends_with("/decisions/1"));

    // A reload keeps the place, and so does a reload of a filtered catalog page.
    client.refresh().await.unwrap();
    wait_for_text(client, ".adr-title", "Keep places in the URL").await;
    client.goto(&format!("{}/catalog/kpi.change-failure-rate?kind=kpi", browser.server.base)).await.unwrap();
    wait_for_text(client, "#catalog-item-name", "Change failure rate (ML)").await;
    client.refresh().await.unwrap();
    wait_for_text(client, "#catalog-item-name", "Change failure rate (ML)").await;
    assert!(client.find(Locator::Css("#catalog-tab-kpi[aria-pressed='true']")).await.is_ok());
    assert!(client.find(Locator::Css("#nav-catalog[aria-current='page']")).await.is_ok());
    browser.client.clone().close().await.unwrap();
}

/// Polls until the live view of a run shows window `at_least` or a later one: a slow machine
/// may poll the page only after several windows have gone by.
async fn wait_for_window(client: &fantoccini::Client, at_least: u32) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let mut last = String::new();
    loop {
        if let Ok(live) = client.find(Locator::Css(".bench-live")).await
            && let Ok(Some(text)) = live.prop("textContent").await
        {
            let window = text
                .split("window ")
                .nth(1)
                .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
                .and_then(|digits| digits.parse::<u32>().ok());
            if window.is_some_and(|n| n >= at_least) {
                return;
            }
            last = text;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the live view never reached window {at_least}: `{last}`"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
