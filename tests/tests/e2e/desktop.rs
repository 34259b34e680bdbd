//! The desktop app itself: the Tauri binary under Xvfb, driven through tauri-driver and
//! WebKitWebDriver. Creates a decision through the window and finds it in the list; notices a
//! change in a collection's linked folder and re-imports it after review.

use crate::common::{self, ProcessGuard, wait_for_text};
use fantoccini::Locator;
use serde_json::json;
use std::io::Read;
use std::process::{Command, Stdio};

/// Starts a private Xvfb unless a display is already set; returns the display name.
fn display() -> (String, Option<ProcessGuard>) {
    if let Ok(display) = std::env::var("DISPLAY")
        && !display.is_empty()
    {
        return (display, None);
    }
    let mut xvfb = Command::new("Xvfb")
        .args(["-displayfd", "1", "-screen", "0", "1280x860x24", "-nolisten", "tcp"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb is installed (make test installs xvfb)");
    let mut stdout = xvfb.stdout.take().unwrap();
    let mut number = String::new();
    let mut byte = [0u8; 1];
    while stdout.read(&mut byte).unwrap_or(0) == 1 && byte[0] != b'\n' {
        number.push(byte[0] as char);
    }
    assert!(!number.trim().is_empty(), "Xvfb did not report its display number");
    (format!(":{}", number.trim()), Some(ProcessGuard::new("Xvfb", xvfb)))
}

/// The desktop app under its own Xvfb (unless a display is set) and tauri-driver, on a board
/// file called `board` in a fresh folder; the guards stop everything on drop.
struct Desktop {
    client: fantoccini::Client,
    _driver: ProcessGuard,
    _xvfb: Option<ProcessGuard>,
    _data: tempfile::TempDir,
}

impl Desktop {
    async fn start(board: &str) -> Desktop {
        Desktop::start_in(tempfile::tempdir().unwrap(), board).await
    }

    /// Starts on the board `board` inside `data`, a folder the test may have prepared.
    async fn start_in(data: tempfile::TempDir, board: &str) -> Desktop {
        let application = common::built_binary("archboard-desktop");
        let (display, xvfb) = display();
        let port = common::free_port();
        let native_port = common::free_port();
        let driver = Command::new("tauri-driver")
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("DISPLAY", &display)
            .env("ARCHBOARD_DB", data.path().join(board))
            // Keep GTK from looking for a session bus and accessibility services that Xvfb lacks.
            .env("NO_AT_BRIDGE", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver is installed (make test runs cargo install tauri-driver)");
        let driver = ProcessGuard::new("tauri-driver", driver);
        common::wait_for_port(port, "tauri-driver");
        let client = common::connect(
            port,
            json!({"browserName": "wry", "tauri:options": {"application": application.display().to_string()}}),
        )
        .await;
        Desktop { client, _driver: driver, _xvfb: xvfb, _data: data }
    }
}

#[tokio::test]
async fn the_desktop_window_creates_and_lists_a_decision() {
    let desktop = Desktop::start("desktop.db").await;
    let client = desktop.client.clone();

    wait_for_text(&client, ".statusbar", "desktop.db").await;
    wait_for_text(&client, ".statusbar", "(desktop)").await;
    common::create_decision_through_the_ui(
        &client,
        "Ship Archboard as a Tauri desktop app",
        "Decided in the window.",
    )
    .await;
    client.find(Locator::Css("#nav-decisions")).await.unwrap().click().await.unwrap();
    let row = wait_for_text(&client, "table.adr-list tbody tr[data-number='1']", "ADR-0001").await;
    assert!(row.contains("Ship Archboard as a Tauri desktop app"), "{row}");
    wait_for_text(&client, ".statusbar", "1 decision ·").await;

    // Every page has an address in the window too: a decision's survives a reload.
    client.find(Locator::Css("tr[data-number='1'] td.title-cell")).await.unwrap().click().await.unwrap();
    wait_for_text(&client, ".adr-title", "Ship Archboard as a Tauri desktop app").await;
    assert!(client.current_url().await.unwrap().path().ends_with("/decisions/1"));
    client.refresh().await.unwrap();
    wait_for_text(&client, ".adr-title", "Ship Archboard as a Tauri desktop app").await;

    let png = client.screenshot().await.unwrap();
    std::fs::write(common::screenshot_dir().join("desktop.png"), png).unwrap();

    // The bundled mermaid draws a pattern's diagram inside the webview's strict CSP too.
    client.find(Locator::Css("#nav-patterns")).await.unwrap().click().await.unwrap();
    wait_for_text(&client, ".catalog-list", "Online inference").await;
    client
        .find(Locator::Css(".catalog-row[data-key='pattern.online-inference']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let image = match client
        .wait()
        .at_most(std::time::Duration::from_secs(30))
        .for_element(Locator::Css("img.mermaid-diagram"))
        .await
    {
        Ok(image) => image,
        Err(_) => {
            let figure = client.find(Locator::Css("figure.diagram")).await.unwrap();
            panic!("no diagram in the desktop window: {:?}", figure.prop("textContent").await);
        }
    };
    let width = client
        .execute("return arguments[0].naturalWidth;", vec![serde_json::to_value(&image).unwrap()])
        .await
        .unwrap();
    assert!(width.as_u64().unwrap_or(0) > 200, "diagram width {width}");
    let png = client.screenshot().await.unwrap();
    std::fs::write(common::screenshot_dir().join("desktop-pattern.png"), png).unwrap();

    // A benchmark of the tiny ONNX model run in-process from the desktop form, and its charts
    // shown under the webview's CSP.
    let model = common::workspace_root().join("tests/fixtures/bench/mlserver/tiny.onnx");
    client.find(Locator::Css("#nav-benchmarks")).await.unwrap().click().await.unwrap();
    wait_for_text(&client, ".catalog-list", "No runs yet").await;
    client.find(Locator::Css("#bench-new")).await.unwrap().click().await.unwrap();
    common::set_field(&client, "#bench-kind", "local_onnx", "change").await;
    common::set_field(&client, "#bench-url", &model.display().to_string(), "input").await;
    common::set_field(&client, "#bench-duration", "1", "input").await;
    common::set_field(&client, "#bench-name", "tiny in the desktop", "input").await;
    client.find(Locator::Css("#bench-start")).await.unwrap().click().await.unwrap();
    wait_for_text(&client, "#bench-run-title", "tiny in the desktop").await;
    wait_for_text(&client, "table.bench-phases", "single stream").await;
    let chart_width = common::loaded_image_width(&client, "#bench-cdf").await;
    assert!(chart_width > 300, "chart width {chart_width}");
    let png = client.screenshot().await.unwrap();
    std::fs::write(common::screenshot_dir().join("desktop-bench.png"), png).unwrap();
    client.close().await.unwrap();
}

/// File → Connect to team board… in the desktop window: the window shows a team server's sign-in
/// page, then its board as the signed-in user, with the board and user in the title; the team
/// server's pages get no access to the desktop shell's own board.
#[tokio::test]
async fn the_desktop_window_connects_to_a_team_board_and_signs_in() {
    let server = common::Server::start_team(&common::built_binary("archboard"), &[]);
    let added = Command::new(common::built_binary("archboard"))
        .arg("--db")
        .arg(&server.db)
        .args(["user", "add", "dora", "--role", "chair"])
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&added.stdout).into_owned();
    let link =
        printed.lines().find(|l| l.contains("/invite/")).expect("an invitation link").trim().to_owned();
    let password = "dora's long passphrase";
    let accepted = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(&link)
        .header("origin", &server.base)
        .form(&[("password", password), ("repeat", password)])
        .send()
        .await
        .unwrap();
    assert!(accepted.status().is_redirection(), "{}", accepted.status());

    let desktop = Desktop::start("mine.db").await;
    let client = desktop.client.clone();
    wait_for_text(&client, ".statusbar", "mine.db").await;
    let local = client.current_url().await.unwrap();
    // The menu item opens this page; WebDriver cannot click a native menu.
    client.goto(local.join("/connect").unwrap().as_str()).await.unwrap();
    common::set_field(&client, "#connect-url", &server.base, "input").await;
    client.find(Locator::Css("#connect-submit")).await.unwrap().click().await.unwrap();

    wait_for_text(&client, "h1", "Sign in to Archboard").await;
    client.find(Locator::Css("input[name=name]")).await.unwrap().send_keys("dora").await.unwrap();
    client.find(Locator::Css("input[name=password]")).await.unwrap().send_keys(password).await.unwrap();
    client.find(Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();
    wait_for_text(&client, "#status-me", "dora").await;
    let title = client.title().await.unwrap();
    let host = server.base.trim_start_matches("http://");
    assert_eq!(title, format!("Archboard — {host} — dora"));
    let png = client.screenshot().await.unwrap();
    std::fs::write(common::screenshot_dir().join("desktop-team-board.png"), png).unwrap();

    // The team server's page cannot use the desktop's own commands (its local board).
    let reached = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             try {
                 window.__TAURI__.core.invoke('api', {name: 'app_info', body: {}})
                     .then(() => done('reached'), () => done('refused'));
             } catch (e) { done('refused'); }",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(reached, "refused");
    client.close().await.unwrap();
}

#[tokio::test]
async fn a_change_in_a_linked_folder_is_noticed_and_reimported_after_review() {
    // A board with a collection linked to a folder, made with the CLI as a team would.
    let data = tempfile::tempdir().unwrap();
    let folder = data.path().join("payments-adr");
    std::fs::create_dir(&folder).unwrap();
    let fixture = common::workspace_root().join("tests/fixtures/adr/madr4");
    for entry in std::fs::read_dir(&fixture).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, folder.join(path.file_name().unwrap())).unwrap();
    }
    let board = data.path().join("watch.db");
    let imported = Command::new(common::built_binary("archboard"))
        .arg("--db")
        .arg(&board)
        .args(["adr", "import", folder.to_str().unwrap(), "--collection", "payments"])
        .output()
        .unwrap();
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));

    let desktop = Desktop::start_in(data, "watch.db").await;
    let client = desktop.client.clone();
    wait_for_text(&client, ".statusbar", "watch.db").await;
    client.find(Locator::Css("#nav-decisions")).await.unwrap().click().await.unwrap();
    wait_for_text(&client, "table.adr-list", "payments/ADR-0002").await;

    // Someone merges a change into the repository: the window offers the re-import.
    let changed = folder.join("0002-canary-every-model-release.md");
    let text = std::fs::read_to_string(&changed).unwrap().replace("status: proposed", "status: accepted");
    std::fs::write(&changed, text).unwrap();
    wait_for_text(&client, ".toast-region", "Files changed in the folder of collection payments").await;
    client.find(Locator::Css("[data-testid='notice-action']")).await.unwrap().click().await.unwrap();
    let preview = wait_for_text(&client, "main", "0002-canary-every-model-release.md").await;
    assert!(preview.contains("updated"), "{preview}");
    let png = client.screenshot().await.unwrap();
    std::fs::write(common::screenshot_dir().join("desktop-folder-sync-preview.png"), png).unwrap();
    client.find(Locator::Css("#sync-apply")).await.unwrap().click().await.unwrap();
    // Applied, the window shows the collection, its decision now accepted.
    wait_for_text(&client, "main", "Linked folder").await;
    assert!(client.current_url().await.unwrap().path().ends_with("/collections/payments"));

    // The window's own engine wrote it: the board now says what the file says.
    let board = desktop._data.path().join("watch.db");
    let mut shown = String::new();
    for _ in 0..100 {
        let output = Command::new(common::built_binary("archboard"))
            .arg("--db")
            .arg(&board)
            .args(["adr", "show", "payments/2"])
            .output()
            .unwrap();
        shown = String::from_utf8_lossy(&output.stdout).into_owned();
        if shown.contains("Status:   accepted") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(shown.contains("Status:   accepted"), "the board took the file's change: {shown}");
    let png = client.screenshot().await.unwrap();
    std::fs::write(common::screenshot_dir().join("desktop-folder-sync.png"), png).unwrap();
}
