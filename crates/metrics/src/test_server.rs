//! A real Prometheus for integration tests (feature `test-server`): history is backfilled with
//! `promtool tsdb create-blocks-from openmetrics`, then `prometheus` serves it on a free local
//! port, optionally behind basic auth. Needs Debian's `prometheus` package (or the binaries
//! named by `ARCHBOARD_PROMETHEUS` / `ARCHBOARD_PROMTOOL`); reports their absence as an error.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long Prometheus gets to load its blocks and answer `/-/ready`.
const READY_WITHIN: Duration = Duration::from_secs(30);

/// Blocks as long as promtool allows (it rounds down to 2h·3ⁿ, here 4374 h ≈ 6 months): a few
/// blocks load far faster than the thousand 2-hour blocks the default would write for 90 days.
const MAX_BLOCK_DURATION: &str = "8760h";

/// A running Prometheus serving backfilled data. Dropping it kills the process and removes its
/// data directory.
pub struct PrometheusServer {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    child: Option<Child>,
    // Held for its Drop, which removes the data; after `child` so the process dies first.
    _dir: tempfile::TempDir,
}

impl std::fmt::Debug for PrometheusServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrometheusServer")
            .field("url", &self.url)
            .field("running", &self.child.is_some())
            .finish()
    }
}

impl PrometheusServer {
    /// Backfills `openmetrics` (OpenMetrics text ending in `# EOF\n`) and starts Prometheus on
    /// it, behind basic auth when `basic_auth` is given; returns once `/-/ready` answers 200.
    /// Blocking (it waits for the processes), so call it before or outside hot async code.
    pub fn start(openmetrics: &str, basic_auth: Option<(&str, &str)>) -> Result<Self, String> {
        if !openmetrics.ends_with("# EOF\n") {
            return Err("the OpenMetrics text must end with \"# EOF\\n\"".to_string());
        }
        let dir = tempfile::Builder::new()
            .prefix("archboard-prometheus-")
            .tempdir()
            .map_err(|error| format!("could not create a temporary directory: {error}"))?;
        let input = dir.path().join("history.om.txt");
        let data = dir.path().join("data");
        std::fs::write(&input, openmetrics)
            .map_err(|error| format!("could not write {}: {error}", input.display()))?;
        backfill(&binary("ARCHBOARD_PROMTOOL", "promtool"), &input, &data)?;

        let config = dir.path().join("prometheus.yml");
        // No scrape targets: the server only serves what was backfilled.
        write_file(&config, "global:\n  scrape_interval: 1h\nscrape_configs: []\n")?;
        let web_config = match basic_auth {
            None => None,
            Some((user, password)) => {
                // Cost 4, bcrypt's minimum: Prometheus checks the hash on every request.
                let hash = bcrypt::hash(password, 4)
                    .map_err(|error| format!("could not hash the password: {error}"))?;
                let path = dir.path().join("web.yml");
                write_file(&path, &format!("basic_auth_users:\n  {}: '{}'\n", yaml_quoted(user), hash))?;
                Some(path)
            }
        };
        let authorization =
            basic_auth.map(|(user, password)| format!("Basic {}", base64(&format!("{user}:{password}"))));

        // A port freed just before Prometheus binds it can be taken meanwhile: then try another.
        let mut last_error = String::new();
        for _ in 0..3 {
            let port = free_port()?;
            let log = dir.path().join(format!("prometheus-{port}.log"));
            let mut child = spawn_prometheus(&config, &data, web_config.as_deref(), port, &log)?;
            match wait_ready(&mut child, port, authorization.as_deref(), &log) {
                Ok(()) => {
                    return Ok(PrometheusServer {
                        url: format!("http://127.0.0.1:{port}"),
                        child: Some(child),
                        _dir: dir,
                    });
                }
                Err(error) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    let port_taken = error.contains("address already in use");
                    last_error = error;
                    if !port_taken {
                        break;
                    }
                }
            }
        }
        Err(last_error)
    }

    /// Kills Prometheus now (to test a source that goes away mid-work); idempotent.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Polls `/-/ready` until it answers 200, the process exits, or [`READY_WITHIN`] passes.
fn wait_ready(child: &mut Child, port: u16, authorization: Option<&str>, log: &Path) -> Result<(), String> {
    let deadline = Instant::now() + READY_WITHIN;
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("prometheus exited ({status}) before it was ready: {}", log_tail(log)));
        }
        if ready_status(port, authorization) == Some(200) {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(format!(
                "prometheus was not ready within {} s: {}",
                READY_WITHIN.as_secs(),
                log_tail(log)
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

impl Drop for PrometheusServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// OpenMetrics lines for one gauge series: `# TYPE name gauge` and one `name{labels} value
/// timestamp` line per point (timestamps in Unix seconds). Several calls may be concatenated;
/// the caller ends the text with `# EOF\n`.
pub fn openmetrics_gauge(name: &str, labels: &[(&str, &str)], points: &[(i64, f64)]) -> String {
    let labels = if labels.is_empty() {
        String::new()
    } else {
        let pairs: Vec<String> =
            labels.iter().map(|(label, value)| format!("{label}=\"{}\"", escape_label(value))).collect();
        format!("{{{}}}", pairs.join(","))
    };
    let mut text = format!("# TYPE {name} gauge\n");
    for (at, value) in points {
        let _ = writeln!(text, "{name}{labels} {} {at}", openmetrics_number(*value));
    }
    text
}

/// OpenMetrics' spellings of non-finite values; finite ones in Rust's shortest round-trip form.
fn openmetrics_number(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_string()
    } else if value == f64::INFINITY {
        "+Inf".to_string()
    } else if value == f64::NEG_INFINITY {
        "-Inf".to_string()
    } else {
        format!("{value:?}")
    }
}

fn escape_label(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

fn yaml_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn binary(variable: &str, default: &str) -> PathBuf {
    std::env::var_os(variable).map(PathBuf::from).unwrap_or_else(|| PathBuf::from(default))
}

fn missing(name: &str, path: &Path, error: &std::io::Error) -> String {
    if error.kind() == std::io::ErrorKind::NotFound {
        format!(
            "{name} was not found at {} (install Debian's prometheus package, or set ARCHBOARD_{} to the binary)",
            path.display(),
            name.to_ascii_uppercase()
        )
    } else {
        format!("could not run {}: {error}", path.display())
    }
}

fn backfill(promtool: &Path, input: &Path, data: &Path) -> Result<(), String> {
    let output = Command::new(promtool)
        .args(["tsdb", "create-blocks-from", "openmetrics"])
        .arg(format!("--max-block-duration={MAX_BLOCK_DURATION}"))
        .arg(input)
        .arg(data)
        .stdin(Stdio::null())
        .output()
        .map_err(|error| missing("promtool", promtool, &error))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "promtool could not backfill the history ({}): {}{}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim(),
            String::from_utf8_lossy(&output.stdout).trim()
        ))
    }
}

fn spawn_prometheus(
    config: &Path,
    data: &Path,
    web_config: Option<&Path>,
    port: u16,
    log: &Path,
) -> Result<Child, String> {
    let prometheus = binary("ARCHBOARD_PROMETHEUS", "prometheus");
    let log_file =
        std::fs::File::create(log).map_err(|error| format!("could not create {}: {error}", log.display()))?;
    let mut command = Command::new(&prometheus);
    command
        .arg(format!("--config.file={}", config.display()))
        .arg(format!("--storage.tsdb.path={}", data.display()))
        .arg("--storage.tsdb.retention.time=100y")
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log_file);
    if let Some(web_config) = web_config {
        command.arg(format!("--web.config.file={}", web_config.display()));
    }
    command.spawn().map_err(|error| missing("prometheus", &prometheus, &error))
}

fn free_port() -> Result<u16, String> {
    let listener =
        TcpListener::bind("127.0.0.1:0").map_err(|error| format!("no free local port: {error}"))?;
    listener
        .local_addr()
        .map(|address| address.port())
        .map_err(|error| format!("no free local port: {error}"))
}

/// The status of `GET /-/ready`, or `None` while nothing answers. Plain std TCP: this runs
/// outside any async runtime, and the harness must not need reqwest's blocking client.
fn ready_status(port: u16, authorization: Option<&str>) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    stream.set_write_timeout(Some(Duration::from_secs(2))).ok()?;
    let auth = authorization.map(|value| format!("Authorization: {value}\r\n")).unwrap_or_default();
    let request =
        format!("GET /-/ready HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{auth}Connection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).ok()?;
    let mut head = [0u8; 64];
    let read = stream.read(&mut head).ok()?;
    // "HTTP/1.1 200 OK": the status is the second word.
    let text = String::from_utf8_lossy(&head[..read]);
    text.split_whitespace().nth(1)?.parse().ok()
}

fn write_file(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|error| format!("could not write {}: {error}", path.display()))
}

/// The last lines of Prometheus' log, for failure messages.
fn log_tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(8)..].join("\n")
}

/// Standard base64 with padding, for the one basic-auth header the readiness probe sends.
fn base64(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let b = [group[0], group.get(1).copied().unwrap_or(0), group.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= group.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauge_lines_escape_labels_and_spell_non_finite_values() {
        let text = openmetrics_gauge(
            "m",
            &[("a", "x\"y"), ("b", "z")],
            &[(100, 1.5), (200, f64::NAN), (300, -f64::INFINITY)],
        );
        assert_eq!(
            text,
            "# TYPE m gauge\nm{a=\"x\\\"y\",b=\"z\"} 1.5 100\nm{a=\"x\\\"y\",b=\"z\"} NaN 200\nm{a=\"x\\\"y\",b=\"z\"} -Inf 300\n"
        );
        assert_eq!(openmetrics_gauge("n", &[], &[(1, 2.0)]), "# TYPE n gauge\nn 2.0 1\n");
    }

    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(base64("ann:pw"), "YW5uOnB3");
        assert_eq!(base64("a"), "YQ==");
        assert_eq!(base64("ab"), "YWI=");
        assert_eq!(base64(""), "");
    }

    #[test]
    fn a_missing_binary_is_an_error_naming_it() {
        let dir = tempfile::tempdir().expect("a scratch directory");
        let input = dir.path().join("in.txt");
        let error = backfill(Path::new("/nonexistent/promtool"), &input, &dir.path().join("data"))
            .expect_err("no such binary");
        assert!(error.contains("promtool was not found at /nonexistent/promtool"), "{error}");
        assert!(error.contains("ARCHBOARD_PROMTOOL"), "{error}");
    }

    #[test]
    fn text_without_eof_is_refused_before_anything_runs() {
        let error = PrometheusServer::start("# TYPE m gauge\nm 1 1\n", None).expect_err("no EOF");
        assert!(error.contains("# EOF"), "{error}");
    }
}
