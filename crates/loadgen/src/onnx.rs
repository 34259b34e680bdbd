//! Local ONNX models run in this process through ONNX Runtime, loaded at run time from its shared
//! library (`ort` with `load-dynamic`): from `ORT_DYLIB_PATH`, or the `onnxruntime` wheel of a
//! Python environment (the benchmark venv, `VIRTUAL_ENV`, or whatever `python3` imports). Nothing
//! is downloaded at build time. One session per concurrent caller, so calls never wait on each
//! other's session.

use super::target::{CallError, Payload, StreamTiming};
use archboard_types::ApiError;
use archboard_types::bench::BenchConfig;
use ort::environment::Environment;
use ort::session::Session;
use ort::value::Tensor;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// The ONNX Runtime environment of this process (one per process, by ONNX Runtime's rule) and the
/// library it came from; or why there is none.
static RUNTIME: OnceLock<Result<(Environment, PathBuf), String>> = OnceLock::new();

/// Files that may hold ONNX Runtime inside a Python environment or folder.
fn library_in(dir: &Path) -> Option<PathBuf> {
    let capi = dir.join("capi");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&capi)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("libonnxruntime.so"))
        })
        .collect();
    found.sort();
    found.into_iter().next_back()
}

fn site_packages(venv: &Path) -> Option<PathBuf> {
    let lib = venv.join("lib");
    std::fs::read_dir(&lib)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("site-packages/onnxruntime"))
        .find(|p| p.is_dir())
}

/// Where ONNX Runtime's shared library is, in the order documented above.
pub fn find_library() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("ORT_DYLIB_PATH").map(PathBuf::from).filter(|p| p.is_file()) {
        return Some(path);
    }
    let mut venvs: Vec<PathBuf> = Vec::new();
    if let Some(v) = std::env::var_os("ARCHBOARD_BENCH_VENV") {
        venvs.push(v.into());
    }
    if let Some(home) = std::env::var_os("HOME") {
        venvs.push(PathBuf::from(home).join(".cache/archboard/bench-venv"));
    }
    if let Some(v) = std::env::var_os("VIRTUAL_ENV") {
        venvs.push(v.into());
    }
    for venv in venvs {
        if let Some(found) = site_packages(&venv).and_then(|dir| library_in(&dir)) {
            return Some(found);
        }
    }
    let output = std::process::Command::new("python3")
        .args(["-c", "import onnxruntime, os; print(os.path.dirname(onnxruntime.__file__))"])
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()))
        .and_then(|d| library_in(&d))
}

fn runtime() -> Result<&'static (Environment, PathBuf), ApiError> {
    let loaded = RUNTIME.get_or_init(|| {
        let path = find_library().ok_or_else(|| {
            "No ONNX Runtime library was found: set ORT_DYLIB_PATH to libonnxruntime.so, or `pip install onnxruntime` \
             in the Python environment Archboard runs in."
                .to_owned()
        })?;
        let environment = ort::init_from(&path)
            .map_err(|e| format!("Cannot load ONNX Runtime from {}: {e}", path.display()))?
            .with_name("archboard")
            .build()
            .map_err(|e| format!("Cannot start ONNX Runtime from {}: {e}", path.display()))?;
        Ok((environment, path))
    });
    loaded.as_ref().map_err(|message| ApiError::validation("target.kind", message.clone()))
}

/// A model loaded into one session per concurrent caller.
pub struct OnnxModel {
    sessions: Vec<Mutex<Session>>,
    next: AtomicUsize,
    input: String,
    pub runtime: String,
    pub sha256: String,
}

impl OnnxModel {
    /// Loads the uploaded `config.target.model_file`, or else `config.target.url` (a path the
    /// engine may open only for a front on its own machine), into `sessions` sessions.
    pub fn load(config: &BenchConfig, sessions: usize) -> Result<OnnxModel, ApiError> {
        let (bytes, shown) = match &config.target.model_file {
            Some(file) => (std::borrow::Cow::Borrowed(file.content.as_slice()), file.path.clone()),
            None => {
                let path = Path::new(config.target.url.trim());
                let bytes = std::fs::read(path).map_err(|e| {
                    ApiError::validation(
                        "target.url",
                        format!("Cannot read the ONNX model {}: {e}.", path.display()),
                    )
                })?;
                (std::borrow::Cow::Owned(bytes), path.display().to_string())
            }
        };
        let (environment, library) = runtime()?;
        let mut loaded = Vec::new();
        for _ in 0..sessions.max(1) {
            let session = Session::builder(environment)
                .and_then(|b| b.with_intra_threads(1).map_err(Into::into))
                .and_then(|mut b| b.commit_from_memory(&bytes))
                .map_err(|e| {
                    ApiError::validation("target.url", format!("ONNX Runtime cannot load {shown}: {e}."))
                })?;
            loaded.push(Mutex::new(session));
        }
        let names: Vec<String> = loaded[0]
            .lock()
            .map(|s| s.inputs().iter().map(|o| o.name().to_owned()).collect())
            .unwrap_or_default();
        let wanted = config.input.name.trim();
        let input = if names.iter().any(|n| n == wanted) {
            wanted.to_owned()
        } else if names.len() == 1 {
            names[0].clone()
        } else {
            return Err(ApiError::validation(
                "input.name",
                format!("The model has no input `{wanted}`; its inputs are {}.", names.join(", ")),
            ));
        };
        let version = library.file_name().and_then(|n| n.to_str()).unwrap_or("libonnxruntime").to_owned();
        Ok(OnnxModel {
            sessions: loaded,
            next: AtomicUsize::new(0),
            input,
            runtime: format!("onnxruntime via ort (load-dynamic: {version}), in-process, CPU"),
            sha256: Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect(),
        })
    }

    /// Runs one inference on a free session, off the async threads.
    pub async fn call(self: &Arc<Self>, payload: &Payload) -> Result<StreamTiming, CallError> {
        let model = self.clone();
        let payload = payload.clone();
        tokio::task::spawn_blocking(move || model.run(&payload))
            .await
            .map_err(|e| CallError::BadBody(format!("the inference task failed: {e}")))?
    }

    fn run(&self, payload: &Payload) -> Result<StreamTiming, CallError> {
        let values: Vec<f32> =
            payload.body.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        let tensor = Tensor::from_array((payload.shape.clone(), values))
            .map_err(|e| CallError::BadBody(format!("cannot build the input tensor: {e}")))?;
        let slot = self.next.fetch_add(1, Ordering::Relaxed) % self.sessions.len();
        let mut session = self.sessions[slot].lock().unwrap_or_else(|p| p.into_inner());
        let outputs = session
            .run(ort::inputs![self.input.as_str() => tensor])
            .map_err(|e| CallError::BadBody(format!("inference failed: {e}")))?;
        if outputs.len() == 0 {
            return Err(CallError::BadBody("the model returned no outputs".into()));
        }
        Ok(StreamTiming::default())
    }
}

/// The input tensor's bytes (little-endian FP32) for `shape`, from the run's seed.
pub fn input_bytes(shape: &[usize], seed: u64) -> Vec<u8> {
    let count: usize = shape.iter().product();
    let mut next = super::target::seeded_values(seed);
    let mut bytes = Vec::with_capacity(count * 4);
    for _ in 0..count {
        let value = (next() % 2000) as f32 / 1000.0 - 1.0;
        bytes.extend_from_slice(&value.to_le_bytes());
    }
    bytes
}
