//! Watching the folders ADR collections are linked to: when files there change, the window is
//! told which collection (`archboard://adr-folder-changed`), and the UI offers the re-import.
//! What changed and what to do about it are the engine's to say (a sync's dry run); this only
//! notices and reads the disk.

use archboard_engine::Services;
use archboard_types::adr_collection::AdrCollection;
use archboard_types::endpoint::CollectionList;
use archboard_types::system::Empty;
use archboard_types::{ApiError, Endpoint};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Emitter};

/// The event the window listens for, with `{"collection": NAME}`.
pub const FOLDER_CHANGED: &str = "archboard://adr-folder-changed";

/// Changes closer together than this are one notice (an editor's save is several events).
const QUIET: Duration = Duration::from_secs(2);

/// The watcher and which folder belongs to which collection.
pub struct FolderWatch {
    watcher: Mutex<Option<RecommendedWatcher>>,
    folders: Arc<Mutex<HashMap<PathBuf, String>>>,
}

impl FolderWatch {
    pub fn new(app: &AppHandle) -> FolderWatch {
        let folders: Arc<Mutex<HashMap<PathBuf, String>>> = Arc::default();
        let last_notice: Mutex<HashMap<String, Instant>> = Mutex::default();
        let (app, seen) = (app.clone(), folders.clone());
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else { return };
            if !matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)) {
                return;
            }
            let changed: Vec<String> = {
                let folders = seen.lock().unwrap_or_else(|p| p.into_inner());
                event
                    .paths
                    .iter()
                    .filter(|path| path.extension().is_some_and(|e| e == "md"))
                    .filter_map(|path| {
                        folders
                            .iter()
                            .find(|(folder, _)| path.starts_with(folder))
                            .map(|(_, name)| name.clone())
                    })
                    .collect()
            };
            let mut last = last_notice.lock().unwrap_or_else(|p| p.into_inner());
            for collection in changed {
                let now = Instant::now();
                if last.get(&collection).is_some_and(|at| now.duration_since(*at) < QUIET) {
                    continue;
                }
                last.insert(collection.clone(), now);
                let _ = app.emit(FOLDER_CHANGED, serde_json::json!({ "collection": collection }));
            }
        })
        .ok();
        FolderWatch { watcher: Mutex::new(watcher), folders }
    }

    /// Watches exactly the folders the board's collections are linked to now (called on start,
    /// after every change that may link one, and when another board is opened).
    pub fn refresh(&self, services: &mut Services) {
        let Ok(collections) = list(services) else { return };
        let wanted: HashMap<PathBuf, String> = collections
            .into_iter()
            .filter_map(|c| c.folder.map(|folder| (PathBuf::from(folder), c.name)))
            .filter(|(folder, _)| folder.is_dir())
            .collect();
        // The map is swapped and its lock let go before the watcher is told: notify answers
        // watch calls from the thread that runs the event handler, which takes that lock.
        let (gone, new): (Vec<PathBuf>, Vec<PathBuf>) = {
            let mut folders = self.folders.lock().unwrap_or_else(|p| p.into_inner());
            let gone = folders.keys().filter(|f| !wanted.contains_key(*f)).cloned().collect();
            let new = wanted.keys().filter(|f| !folders.contains_key(*f)).cloned().collect();
            *folders = wanted;
            (gone, new)
        };
        let mut watcher = self.watcher.lock().unwrap_or_else(|p| p.into_inner());
        let Some(watcher) = watcher.as_mut() else { return };
        for folder in gone {
            let _ = watcher.unwatch(&folder);
        }
        for folder in new {
            let _ = watcher.watch(&folder, RecursiveMode::Recursive);
        }
    }
}

fn list(services: &mut Services) -> Result<Vec<AdrCollection>, ApiError> {
    let value =
        services.dispatch(CollectionList::NAME, serde_json::to_value(Empty {}).unwrap_or_default())?;
    serde_json::from_value(value).map_err(|e| ApiError::internal(e.to_string()))
}
