//! archboard-tests: the helpers every end-to-end suite shares — locating the built binaries,
//! starting `archboard serve` and MLServer, WebDriver drivers and Xvfb as child processes that
//! are stopped (SIGTERM, then reaped) when dropped, even on panic. The CLI and HTTP suites live
//! in crates/cli (they find the binary through `CARGO_BIN_EXE_archboard`); the browser and
//! desktop suites live in tests/tests/e2e.

use fantoccini::{Client, ClientBuilder, Locator};
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The repository root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ lives in the workspace").to_owned()
}

/// A binary built by `cargo build` into the same profile directory as this test binary.
pub fn built_binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary knows its path");
    // target/<profile>/deps/e2e-<hash> → target/<profile>/<name>
    let profile_dir = exe.parent().and_then(Path::parent).expect("test binary sits in target/<profile>/deps");
    let path = profile_dir.join(name);
    assert!(
        path.is_file(),
        "{} is missing: build it first (`make test` does: cargo build -p archboard -p archboard-desktop)",
        path.display()
    );
    path
}

/// A port that was free a moment ago on loopback.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A child process stopped politely when the guard drops: SIGTERM lets tauri-driver stop its
/// WebKitWebDriver and chromedriver release the output pipe; SIGKILL follows if it lingers.
pub struct ProcessGuard {
    pub child: Child,
    name: String,
}

impl ProcessGuard {
    pub fn new(name: &str, child: Child) -> Self {
        Self { child, name: name.to_owned() }
    }
}

impl Drop for ProcessGuard {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        eprintln!("{} did not stop on SIGTERM; killing it", self.name);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until something accepts connections on `port`.
pub fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "{what} did not start listening on port {port} within 30 s");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `archboard serve` on a temporary database, with the URL (and token) it printed.
pub struct Server {
    pub url: String,
    pub base: String,
    pub token: String,
    pub db: PathBuf,
    _process: ProcessGuard,
    _dir: tempfile::TempDir,
}

impl Server {
    /// `archboard serve` from the binary `cargo build` put beside this test binary.
    pub fn start() -> Server {
        Server::start_with(&built_binary("archboard"))
    }

    /// Asks the server to stop as a service manager would (SIGTERM) and waits for it to exit,
    /// keeping its board file for the test to read.
    pub fn stop(&mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill").arg("-TERM").arg(self._process.child.id().to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self._process.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "archboard serve did not stop within 30 s of SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// `archboard serve` from `binary` (the CLI suite passes `CARGO_BIN_EXE_archboard`).
    pub fn start_with(binary: &Path) -> Server {
        Server::start_serving(binary, &[])
    }

    /// `archboard serve --team` with `extra` arguments (e.g. TLS files): a board for named
    /// users; `token` is empty, as a team server prints no token.
    pub fn start_team(binary: &Path, extra: &[&str]) -> Server {
        let mut arguments = vec!["--team"];
        arguments.extend_from_slice(extra);
        Server::start_serving(binary, &arguments)
    }

    fn start_serving(binary: &Path, extra: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("board.db");
        let mut child = Command::new(binary)
            .arg("--db")
            .arg(&db)
            .args(["serve", "--port", "0"])
            .args(extra)
            .arg("--ui-dir")
            .arg(workspace_root().join("ui/dist"))
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("archboard serve starts");
        let stdout = child.stdout.take().unwrap();
        let guard = ProcessGuard::new("archboard serve", child);
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            let line = lines.next().expect("archboard serve printed its URL before exiting").unwrap();
            if let Some(at) = line.find("http://").or_else(|| line.find("https://")) {
                break line[at..].trim().to_owned();
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let (base, token) = match url.split_once("/?token=") {
            Some((base, token)) => (base.to_owned(), token.to_owned()),
            None => (url.trim_end_matches('/').to_owned(), String::new()),
        };
        Server { base, token, url, db, _process: guard, _dir: dir }
    }
}

/// Polls until exactly `count` elements match `css` (lists load after the page that shows them).
pub async fn wait_for_count(client: &Client, css: &str, count: usize) -> Vec<fantoccini::elements::Element> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found = client.find_all(Locator::Css(css)).await.unwrap_or_default();
        if found.len() == count {
            return found;
        }
        assert!(Instant::now() < deadline, "`{css}` matched {} elements, not {count}", found.len());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Polls until the element matched by `css` has text containing `needle`.
pub async fn wait_for_text(client: &Client, css: &str, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut last = String::new();
    loop {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            // textContent, not the rendered text: WebKitWebDriver reports no rendered text for
            // elements styled with `text-overflow: ellipsis`, such as the status bar.
            if let Ok(Some(text)) = element.prop("textContent").await {
                if text.contains(needle) {
                    return text;
                }
                last = text;
            }
        }
        if Instant::now() >= deadline {
            // Say what the page showed instead, so a failure can be understood from the log.
            let body = match client.find(Locator::Css("body")).await {
                Ok(body) => body.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if let Ok(png) = client.screenshot().await {
                let _ = std::fs::write(screenshot_dir().join("failure.png"), png);
            }
            panic!("`{css}` never showed `{needle}`; last text: `{last}`; the page said: `{body}`");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Polls until the element matched by `css` has attribute `name` equal to `value` (states the
/// page sets as data attributes once an answer came back).
pub async fn wait_for_attr(client: &Client, css: &str, name: &str, value: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut last = None;
    loop {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            last = element.attr(name).await.ok().flatten();
            if last.as_deref() == Some(value) {
                return;
            }
        }
        assert!(Instant::now() < deadline, "`{css}` never had {name}=`{value}` (last {last:?})");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Picks an option of a select by its value once the option is there (options often come from
/// a query), the way a person does.
pub async fn choose_option(client: &Client, css: &str, value: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(select) = client.find(Locator::Css(css)).await
            && select.select_by_value(value).await.is_ok()
        {
            return;
        }
        assert!(Instant::now() < deadline, "`{css}` never offered `{value}`");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Polls until the form field matched by `css` has a value containing `needle`.
pub async fn wait_for_value(client: &Client, css: &str, needle: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(element) = client.find(Locator::Css(css)).await
            && let Ok(Some(value)) = element.prop("value").await
            && value.contains(needle)
        {
            return;
        }
        if Instant::now() >= deadline {
            let body = match client.find(Locator::Css("body")).await {
                Ok(body) => body.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if let Ok(png) = client.screenshot().await {
                let _ = std::fs::write(screenshot_dir().join("failure.png"), png);
            }
            panic!("`{css}` never got a value containing `{needle}`; the page said: `{body}`");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Sets a form field's value and fires `event` ("input" or "change"), as typing or picking does,
/// so the app's handler sees it.
pub async fn set_field(client: &Client, css: &str, value: &str, event: &str) {
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("`{css}` never appeared: {e}"));
    client
        .execute(
            "const el = document.querySelector(arguments[0]); el.value = arguments[1];
             el.dispatchEvent(new Event(arguments[2], { bubbles: true }));",
            vec![serde_json::json!(css), serde_json::json!(value), serde_json::json!(event)],
        )
        .await
        .unwrap();
}

/// The natural width of the image matched by `css` once it has loaded (0 when it never did).
pub async fn loaded_image_width(client: &Client, css: &str) -> u64 {
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("`{css}` never appeared: {e}"));
    for _ in 0..50 {
        let width = client
            .execute(
                "return document.querySelector(arguments[0]).naturalWidth;",
                vec![serde_json::json!(css)],
            )
            .await
            .unwrap()
            .as_u64()
            .unwrap_or(0);
        if width > 0 {
            return width;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    0
}

/// Connects a WebDriver session with the given capabilities.
pub async fn connect(port: u16, capabilities: serde_json::Value) -> Client {
    let serde_json::Value::Object(capabilities) = capabilities else {
        panic!("capabilities must be an object")
    };
    ClientBuilder::native()
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("the WebDriver session starts")
}

/// Where tests leave screenshots for people to look at.
pub fn screenshot_dir() -> PathBuf {
    let dir = workspace_root().join("target/e2e-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The creation flow shared by the browser and desktop tests: open the form from the list,
/// type a title and a body, save, and land on the new decision.
pub async fn create_decision_through_the_ui(client: &Client, title: &str, body: &str) {
    client
        .wait()
        .for_element(Locator::Css("#new-decision"))
        .await
        .expect("the Decisions list shows")
        .click()
        .await
        .unwrap();
    let title_input = client.wait().for_element(Locator::Css("#adr-title")).await.unwrap();
    // The MADR 4 template arrives from the backend before we replace it.
    wait_for_value(client, "#adr-body", "Context and Problem Statement").await;
    title_input.send_keys(title).await.unwrap();
    let body_input = client.find(Locator::Css("#adr-body")).await.unwrap();
    body_input.clear().await.unwrap();
    body_input.send_keys(body).await.unwrap();
    client.find(Locator::Css("#adr-save")).await.unwrap().click().await.unwrap();
    wait_for_text(client, ".adr-title", title).await;
}

/// The MLServer virtual environment scripts/bootstrap.sh made.
pub fn bench_venv() -> PathBuf {
    std::env::var_os("ARCHBOARD_BENCH_VENV").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(std::env::var("HOME").expect("HOME is set")).join(".cache/archboard/bench-venv")
    })
}

/// MLServer serving `tiny` from a copy of the fixture folder; stopped when dropped.
pub struct MlServer {
    pub url: String,
    _process: ProcessGuard,
    _dir: tempfile::TempDir,
}

impl MlServer {
    pub fn start() -> MlServer {
        let mlserver = bench_venv().join("bin/mlserver");
        assert!(mlserver.exists(), "{} is missing: run scripts/bootstrap.sh", mlserver.display());
        let dir = tempfile::tempdir().unwrap();
        let fixture = workspace_root().join("tests/fixtures/bench/mlserver");
        for entry in std::fs::read_dir(&fixture).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
        let (http, grpc, metrics) = (free_port(), free_port(), free_port());
        let log = std::fs::File::create(dir.path().join("mlserver.log")).unwrap();
        let child = Command::new(&mlserver)
            .arg("start")
            .arg(dir.path())
            .current_dir(dir.path())
            .env("MLSERVER_HTTP_PORT", http.to_string())
            .env("MLSERVER_GRPC_PORT", grpc.to_string())
            .env("MLSERVER_METRICS_PORT", metrics.to_string())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("mlserver starts");
        let process = ProcessGuard::new("mlserver", child);
        let url = format!("http://127.0.0.1:{http}");
        let deadline = Instant::now() + Duration::from_secs(90);
        loop {
            let ready = Command::new("curl")
                .args(["-sf", "-o", "/dev/null", &format!("{url}/v2/models/tiny/ready")])
                .status()
                .is_ok_and(|s| s.success());
            if ready {
                break;
            }
            if Instant::now() > deadline {
                let log = std::fs::read_to_string(dir.path().join("mlserver.log")).unwrap_or_default();
                panic!("MLServer did not load the model within 90 s:\n{log}");
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        MlServer { url, _process: process, _dir: dir }
    }
}

/// Runs the built `archboard` on the board file `db` (as the machine's user, its owner) and
/// answers its standard output; a failure fails the test with the command's stderr.
pub fn archboard_on(db: &Path, args: &[&str]) -> String {
    let output = Command::new(built_binary("archboard")).arg("--db").arg(db).args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The invitation link `archboard user add` prints for a new user with `role`.
pub fn invite(db: &Path, name: &str, role: &str) -> String {
    let printed = archboard_on(db, &["user", "add", name, "--role", role]);
    printed.lines().find(|l| l.contains("/invite/")).expect("a link").trim().to_owned()
}

/// A headless Chromium session of its own profile on the chromedriver at `driver_port`;
/// downloads land in `downloads` without asking, when given.
pub async fn chromium_session(driver_port: u16, profile: &Path, downloads: Option<&Path>) -> Client {
    let mut options = serde_json::json!({
        "binary": "/usr/bin/chromium",
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,860",
                 format!("--user-data-dir={}", profile.display())]
    });
    if let Some(folder) = downloads {
        options["prefs"] = serde_json::json!({
            "download.default_directory": folder.display().to_string(),
            "download.prompt_for_download": false
        });
    }
    connect(driver_port, serde_json::json!({"browserName": "chrome", "goog:chromeOptions": options})).await
}

/// Opens an invitation link and chooses a password, as a person would.
pub async fn accept_invitation(client: &Client, link: &str, password: &str) {
    client.goto(link).await.unwrap();
    wait_for_text(client, "main", "Welcome").await;
    for field in ["input[name=password]", "input[name=repeat]"] {
        client.find(Locator::Css(field)).await.unwrap().send_keys(password).await.unwrap();
    }
    client.find(Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();
}

/// Clicks `css` once it is there; a list re-rendered between finding and clicking leaves a
/// stale element, so it is found again, and a toast passing over it is waited out.
pub async fn click(client: &Client, css: &str) {
    for _ in 0..40 {
        let element = client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("`{css}` never appeared: {e}"));
        match element.click().await {
            Err(fantoccini::error::CmdError::Standard(e))
                if e.error == fantoccini::error::ErrorStatus::StaleElementReference => {}
            Err(fantoccini::error::CmdError::Standard(e))
                if e.error == fantoccini::error::ErrorStatus::ElementClickIntercepted =>
            {
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            other => return other.unwrap(),
        }
    }
    panic!("`{css}` kept going stale or covered");
}

/// Types `text` into the field `css` key by key, as a person does (so the page's own handlers
/// run), after clearing it.
pub async fn type_keys(client: &Client, css: &str, text: &str) {
    let field = client.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css(css)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}
