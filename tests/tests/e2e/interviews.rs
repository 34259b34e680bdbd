//! An interview panel in three real headless Chromium sessions on a team server: the chair adds
//! a candidate and plans a panel of three, two interviewers score in their own browsers (one
//! cannot see the other's draft or submitted card before submitting their own), the chair opens
//! the debrief with the spread flagged and the weighted totals, decides, and exports what the
//! board holds about the candidate — private notes included.

use crate::common::{
    self, ProcessGuard, Server, accept_invitation as accept, archboard_on as archboard, click, invite,
    wait_for_text,
};
use fantoccini::{Client, Locator};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Sets a field or select the way the page listens for it (value, then input and change).
async fn fill(client: &Client, css: &str, value: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    let script = r#"
        const el = document.querySelector(arguments[0]);
        if (!el) return false;
        if (el.tagName === 'SELECT' && ![...el.options].some(o => o.value === arguments[1])) return false;
        el.value = arguments[1];
        el.dispatchEvent(new Event('input', {bubbles: true}));
        el.dispatchEvent(new Event('change', {bubbles: true}));
        return true;
    "#;
    loop {
        let done = client.execute(script, vec![css.into(), value.into()]).await.unwrap();
        if done.as_bool() == Some(true) {
            return;
        }
        assert!(Instant::now() < deadline, "`{css}` never took `{value}`");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn count(client: &Client, css: &str) -> usize {
    client.find_all(Locator::Css(css)).await.map(|all| all.len()).unwrap_or(0)
}

async fn wait_for_count(client: &Client, css: &str, wanted: usize) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while count(client, css).await != wanted {
        assert!(
            Instant::now() < deadline,
            "`{css}` never counted {wanted} (now {})",
            count(client, css).await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Confirm dialogs answer yes (the submit and erase buttons ask).
async fn confirm_yes(client: &Client) {
    client.execute("window.confirm = () => true;", vec![]).await.unwrap();
}

async fn shot(client: &Client, name: &str) {
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(common::screenshot_dir().join(name), png);
    }
}

/// Rates a dimension and writes its evidence on the open scorecard.
async fn rate(client: &Client, dimension: &str, rating: u8, evidence: &str) {
    let row = format!(".score-dimension[data-key='{dimension}']");
    click(client, &format!("{row} button.rate[data-rating='{rating}']")).await;
    common::type_keys(client, &format!("{row} textarea.evidence"), evidence).await;
}

#[tokio::test]
async fn two_interviewers_score_sealed_from_each_other_and_the_chair_debriefs_decides_and_exports() {
    let server = Server::start_team(&common::built_binary("archboard"), &[]);
    let links: Vec<String> =
        [("olga", "owner"), ("ada", "interviewer"), ("bo", "interviewer"), ("cy", "interviewer")]
            .iter()
            .map(|(name, role)| invite(&server.db, name, role))
            .collect();

    let port = common::free_port();
    let driver = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver is installed (make test installs chromium-driver)");
    let _driver = ProcessGuard::new("chromedriver", driver);
    common::wait_for_port(port, "chromedriver");
    let profiles: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let downloads = tempfile::tempdir().unwrap();
    let olga = common::chromium_session(port, profiles[0].path(), Some(downloads.path())).await;
    let ada = common::chromium_session(port, profiles[1].path(), None).await;
    let bo = common::chromium_session(port, profiles[2].path(), None).await;
    for (client, link, name) in [(&olga, &links[0], "olga"), (&ada, &links[1], "ada"), (&bo, &links[2], "bo")]
    {
        accept(client, link, &format!("{name}'s long passphrase")).await;
        wait_for_text(client, "#status-me", name).await;
    }

    // The chair adds the candidate and plans a panel of three.
    olga.goto(&format!("{}/interviews", server.base)).await.unwrap();
    common::type_keys(&olga, "#candidate-name", "Dana Reyes").await;
    fill(&olga, "#candidate-role", "role.lead-ml-architect").await;
    common::type_keys(&olga, "#candidate-email", "dana@example.com").await;
    click(&olga, "#candidate-add").await;
    wait_for_text(&olga, "h1", "Dana Reyes").await;
    let url = olga.current_url().await.unwrap();
    let candidate: i64 =
        url.path().rsplit('/').next().unwrap().parse().expect("the candidate page's URL ends in its id");
    for (n, who) in ["ada", "bo", "cy"].iter().enumerate() {
        fill(&olga, "#plan-interviewer", who).await;
        for focus in ["ml-system-architecture", "communication"] {
            let checkbox =
                olga.find(Locator::Css(&format!("input.plan-focus[value='{focus}']"))).await.unwrap();
            if !checkbox.is_selected().await.unwrap() {
                checkbox.click().await.unwrap();
            }
        }
        if n == 0 {
            click(&olga, "input.plan-exercise[value='architecture-case-study']").await;
        }
        click(&olga, "#plan-add").await;
        wait_for_count(&olga, "tr.interview-row", n + 1).await;
    }
    // Two focus dimensions each have three interviewers; the other five have none.
    wait_for_text(&olga, ".panel-warnings", "Cloud and platform engineering").await;
    shot(&olga, "interviews-candidate.png").await;
    let shown: serde_json::Value = serde_json::from_str(&archboard(
        &server.db,
        &["candidate", "show", &candidate.to_string(), "--json"],
    ))
    .unwrap();
    let interview_of = |who: &str| -> i64 {
        shown["interviews"].as_array().unwrap().iter().find(|i| i["interviewer"] == who).unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let (ada_card, bo_card) = (interview_of("ada"), interview_of("bo"));

    // Ada drafts her scorecard; it saves as she types.
    ada.goto(&format!("{}/interviews/scorecard/{ada_card}", server.base)).await.unwrap();
    rate(&ada, "ml-system-architecture", 4, "Named three failure modes before being asked").await;
    rate(&ada, "communication", 3, "Clear structure throughout").await;
    fill(&ada, "select#recommendation", "yes").await;
    common::type_keys(&ada, "#private-notes", "Ada private: reminded me of a former colleague").await;
    wait_for_text(&ada, "#draft-status", "Saved").await;
    ada.execute("window.scrollTo(0, 0);", vec![]).await.unwrap();
    shot(&ada, "interviews-scorecard-draft.png").await;
    // Bo cannot see Ada's draft.
    bo.goto(&format!("{}/interviews/scorecard/{ada_card}", server.base)).await.unwrap();
    wait_for_text(&bo, "#sealed", "").await;
    assert!(!bo.source().await.unwrap().contains("three failure modes"));
    // Ada submits; Bo, who has not, still sees nothing of it.
    confirm_yes(&ada).await;
    click(&ada, "#score-submit").await;
    wait_for_text(&ada, "main", "Submitted").await;
    shot(&ada, "interviews-scorecard-submitted.png").await;
    bo.refresh().await.unwrap();
    wait_for_text(&bo, "#sealed", "").await;
    assert!(!bo.source().await.unwrap().contains("three failure modes"));

    // Bo scores with the keyboard: focus the row, press 2; then submits.
    bo.goto(&format!("{}/interviews/scorecard/{bo_card}", server.base)).await.unwrap();
    let row = bo
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(".score-dimension[data-key='ml-system-architecture']"))
        .await
        .unwrap();
    row.click().await.unwrap();
    row.send_keys("2").await.unwrap();
    common::wait_for_text(
        &bo,
        ".score-dimension[data-key='ml-system-architecture'] button.rate[aria-pressed='true']",
        "2",
    )
    .await;
    rate(&bo, "communication", 3, "Fine, a little long-winded").await;
    fill(&bo, "select#recommendation", "no").await;
    confirm_yes(&bo).await;
    click(&bo, "#score-submit").await;
    wait_for_text(&bo, "main", "Submitted").await;
    // Now Bo reads Ada's card, without her private notes.
    bo.goto(&format!("{}/interviews/scorecard/{ada_card}", server.base)).await.unwrap();
    wait_for_text(&bo, "main", "three failure modes").await;
    assert!(!bo.source().await.unwrap().contains("Ada private"));

    // The chair's debrief: the two-point spread flagged, weighted totals, then the decision.
    olga.goto(&format!("{}/interviews/{candidate}/debrief", server.base)).await.unwrap();
    wait_for_count(
        &olga,
        "tr.debrief-dimension[data-key='ml-system-architecture'][data-disagreement='true']",
        1,
    )
    .await;
    wait_for_count(&olga, "tr.debrief-dimension[data-key='communication'][data-disagreement='false']", 1)
        .await;
    // Equal weights over the two rated dimensions: Ada (4 + 3) / 2, Bo (2 + 3) / 2, panel (3 + 3) / 2.
    wait_for_text(&olga, ".weighted-total[data-who='ada']", "3.50").await;
    wait_for_text(&olga, ".weighted-total[data-who='bo']", "2.50").await;
    wait_for_text(&olga, "#panel-total", "3.00").await;
    wait_for_text(&olga, "main", "cy").await;
    shot(&olga, "interviews-debrief.png").await;
    fill(&olga, "#decision-select", "hire").await;
    common::type_keys(&olga, "#decision-rationale", "Strongest design answers on the panel").await;
    click(&olga, "#decision-save").await;
    wait_for_text(&olga, ".decision-record", "Hire").await;

    // The subject access export holds Ada's private notes.
    olga.goto(&format!("{}/interviews/{candidate}", server.base)).await.unwrap();
    click(&olga, "#candidate-export").await;
    let deadline = Instant::now() + Duration::from_secs(30);
    let json = loop {
        let found = std::fs::read_dir(downloads.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "json"));
        if let Some(path) = found
            && let Ok(text) = std::fs::read_to_string(&path)
            && !text.is_empty()
        {
            break text;
        }
        assert!(Instant::now() < deadline, "the export never downloaded into {}", downloads.path().display());
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(json.contains("Ada private: reminded me of a former colleague"), "{json}");
    assert!(json.contains("dana@example.com"));

    // The kit, calibration, retention and the list, looked at as screenshots.
    olga.goto(&format!("{}/interviews/kit/{ada_card}", server.base)).await.unwrap();
    wait_for_text(&olga, "main", "Architecture case study").await;
    shot(&olga, "interviews-kit.png").await;
    olga.goto(&format!("{}/interviews/calibration/role.lead-ml-architect", server.base)).await.unwrap();
    wait_for_text(&olga, "main", "ML system architecture").await;
    shot(&olga, "interviews-calibration.png").await;
    olga.goto(&format!("{}/interviews/retention", server.base)).await.unwrap();
    wait_for_text(&olga, "main", "6 months").await;
    shot(&olga, "interviews-retention.png").await;
    olga.goto(&format!("{}/interviews", server.base)).await.unwrap();
    wait_for_text(&olga, "tr.candidate-row", "Dana Reyes").await;
    shot(&olga, "interviews-list.png").await;
    let _ = olga.close().await;
    let _ = ada.close().await;
    let _ = bo.close().await;
}
