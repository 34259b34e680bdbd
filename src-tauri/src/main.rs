//! archboard-desktop: the Tauri 2 shell. Owns the window, the native menu, dialogs and the CSP,
//! and forwards every UI call to `archboard_engine::Services::dispatch` through one command. No domain
//! logic lives here.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod folder_watch;

use archboard_engine::Services;
use archboard_engine::paths::resolve_database_path;
use archboard_engine::services::Adapter;
use archboard_types::adr_collection::{AdrCollection, CollectionRef};
use archboard_types::adr_folder::{ImportReport, ImportRequest};
use archboard_types::bench::{BenchExport, BenchRef};
use archboard_types::catalog::CatalogExport;
use archboard_types::catalog::CatalogExportRequest;
use archboard_types::endpoint::{AdrImport, BenchExportRun, CatalogExportAll, CollectionGet};
use archboard_types::files::{FileContents, normalise_folder_path};
use archboard_types::{ApiError, Endpoint};
use folder_watch::FolderWatch;
use serde_json::Value;
use std::path::Path;
use std::sync::Mutex;
use tauri::menu::{AboutMetadataBuilder, MenuBuilder, MenuItemBuilder, PredefinedMenuItem, SubmenuBuilder};
use tauri::{AppHandle, Emitter, Manager, State};
use tauri_plugin_dialog::{DialogExt, MessageDialogKind};

/// The engine over the open database; swapped when the user opens another file.
struct Engine(Mutex<Services>);

/// Where the window shows the app's own (embedded) pages, to come back to from a team board.
struct LocalPages(tauri::Url);

/// File → Connect to team board…, after the user typed the address on the Connect page: the
/// window shows the team server's pages (its sign-in first), which talk to that server over
/// HTTP. Remote pages get no access to this shell's commands (no capability names them), so a
/// team board can never reach the local one.
#[tauri::command]
fn connect_team_board(
    app: AppHandle,
    url: String,
    webview: tauri::Webview,
    pages: State<'_, LocalPages>,
) -> Result<(), ApiError> {
    from_own_pages(&webview, &pages)?;
    let parsed = tauri::Url::parse(url.trim()).map_err(|e| {
        ApiError::validation(
            "url",
            format!("`{}` is not an address ({e}); e.g. https://archboard.example:8443", url.trim()),
        )
    })?;
    let loopback = matches!(parsed.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    let acceptable = match parsed.scheme() {
        "https" => parsed.host_str().is_some(),
        // Plain HTTP only to this machine: a password sent elsewhere over it could be read.
        "http" => loopback,
        _ => false,
    };
    if !acceptable {
        return Err(ApiError::validation(
            "url",
            "A team board's address starts with https:// (http:// only for a server on this machine).",
        ));
    }
    let window =
        app.get_webview_window("main").ok_or_else(|| ApiError::internal("the main window is gone"))?;
    let _ = window.set_title(&format!("Archboard — team board at {}", parsed.host_str().unwrap_or_default()));
    window.navigate(parsed).map_err(|e| ApiError::internal(format!("cannot open the team board: {e}")))
}

/// Refuses a call unless it comes from the app's own pages. Tauri already denies remote pages
/// the app's commands; this keeps a team server's pages (or any site the window shows) away
/// from the local board even if that default changed.
fn from_own_pages(webview: &tauri::Webview, pages: &LocalPages) -> Result<(), ApiError> {
    // Compared by scheme, host and port: `tauri://localhost` has an opaque origin in `url`,
    // which never equals another.
    let place = |url: &tauri::Url| (url.scheme().to_owned(), url.host_str().map(str::to_owned), url.port());
    match webview.url() {
        Ok(url) if place(&url) == place(&pages.0) => Ok(()),
        _ => Err(ApiError::forbidden("Only Archboard's own pages may use the desktop app's board.")),
    }
}

/// The single bridge to the contract: `invoke("api", { name, body })`.
#[tauri::command(async)]
fn api(
    name: String,
    body: Value,
    engine: State<'_, Engine>,
    watch: State<'_, FolderWatch>,
    webview: tauri::Webview,
    pages: State<'_, LocalPages>,
) -> Result<Value, ApiError> {
    from_own_pages(&webview, &pages)?;
    let mut services = engine.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let answer = services.dispatch(&name, body);
    // These may link a collection to a folder (or move it): watch what is linked now.
    if answer.is_ok() && matches!(name.as_str(), "collection_create" | "collection_update" | "adr_import") {
        watch.refresh(&mut services);
    }
    answer
}

/// Re-imports a collection's linked folder as a whole (`sync`): with `dry_run`, the preview the
/// window shows when the watcher saw files change. Reading the disk is this shell's part; what
/// changed and what is written is the engine's `adr_import`.
#[tauri::command(async)]
fn sync_collection(
    collection: String,
    dry_run: bool,
    engine: State<'_, Engine>,
    webview: tauri::Webview,
    pages: State<'_, LocalPages>,
) -> Result<ImportReport, ApiError> {
    from_own_pages(&webview, &pages)?;
    let found = {
        let mut services = engine.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        services.dispatch(CollectionGet::NAME, to_value(&CollectionRef { name: collection })?)?
    };
    let found: AdrCollection =
        serde_json::from_value(found).map_err(|e| ApiError::internal(e.to_string()))?;
    let Some(folder) = found.folder else {
        return Err(ApiError::validation(
            "collection",
            format!("Collection `{}` is not linked to a folder; import one into it first.", found.name),
        ));
    };
    // Read without holding the board: the window stays usable while a big folder is read.
    let files = archboard_engine::folders::read_adr_folder(Path::new(&folder))
        .map_err(|e| ApiError::validation("folder", e.to_string()))?;
    let mut services = engine.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let request = ImportRequest {
        files,
        dry_run,
        collection: Some(found.name),
        folder: Some(folder),
        date_order: None,
        sync: true,
    };
    let report = services.dispatch(AdrImport::NAME, to_value(&request)?)?;
    serde_json::from_value(report).map_err(|e| ApiError::internal(e.to_string()))
}

fn to_value(request: &impl serde::Serialize) -> Result<Value, ApiError> {
    serde_json::to_value(request).map_err(|e| ApiError::internal(e.to_string()))
}

/// The Catalog page's Export button on the desktop: pick a folder natively, then export into it
/// through the contract. Answers the folder, or nothing when the user cancelled.
#[tauri::command(async)]
fn export_catalog_dialog(
    app: AppHandle,
    engine: State<'_, Engine>,
    webview: tauri::Webview,
    pages: State<'_, LocalPages>,
) -> Result<Option<String>, ApiError> {
    from_own_pages(&webview, &pages)?;
    let Some(folder) = app
        .dialog()
        .file()
        .set_title("Export the catalog into a folder")
        .blocking_pick_folder()
        .and_then(|picked| picked.into_path().ok())
    else {
        return Ok(None);
    };
    let export: CatalogExport = {
        let mut services = engine.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let body = serde_json::to_value(CatalogExportRequest { single_file: false })
            .map_err(|e| ApiError::internal(e.to_string()))?;
        let value = services.dispatch(CatalogExportAll::NAME, body)?;
        serde_json::from_value(value).map_err(|e| ApiError::internal(e.to_string()))?
    };
    save_into(&folder, &export.files)?;
    Ok(Some(folder.display().to_string()))
}

/// Writes the files an export returned into the folder the user picked. The engine never
/// writes a path; the front that asked does, and only inside the folder chosen.
fn save_into(folder: &Path, files: &[FileContents]) -> Result<(), ApiError> {
    for file in files {
        let relative = normalise_folder_path(&file.path).map_err(ApiError::internal)?;
        let path = folder.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| ApiError::internal(format!("cannot create {}: {e}", parent.display())))?;
        }
        std::fs::write(&path, file.content.as_slice())
            .map_err(|e| ApiError::internal(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(())
}

/// A benchmark run's Export button on the desktop: choose where to save in the native dialog,
/// then write the record the contract's `bench_export` returns.
#[tauri::command(async)]
fn export_bench_dialog(
    id: String,
    app: AppHandle,
    engine: State<'_, Engine>,
    webview: tauri::Webview,
    pages: State<'_, LocalPages>,
) -> Result<Option<String>, ApiError> {
    from_own_pages(&webview, &pages)?;
    let export = {
        let mut services = engine.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let body = serde_json::to_value(BenchRef { id }).map_err(|e| ApiError::internal(e.to_string()))?;
        let value = services.dispatch(BenchExportRun::NAME, body)?;
        serde_json::from_value::<BenchExport>(value).map_err(|e| ApiError::internal(e.to_string()))?
    };
    let Some(path) = app
        .dialog()
        .file()
        .set_title("Save the benchmark record")
        .set_file_name(&export.path)
        .add_filter("JSON", &["json"])
        .blocking_save_file()
        .and_then(|picked| picked.into_path().ok())
    else {
        return Ok(None);
    };
    std::fs::write(&path, export.content.as_slice())
        .map_err(|e| ApiError::internal(format!("cannot write {}: {e}", path.display())))?;
    Ok(Some(path.display().to_string()))
}

/// Saves a file an export returned to the page (a review report, the backlog, a lens) where
/// the user picks in the native save dialog: a browser download does not reach the user from
/// the webview. Only the app's own pages may ask, and only the path the user chose is written.
#[tauri::command(async)]
fn save_file_dialog(
    file: FileContents,
    app: AppHandle,
    webview: tauri::Webview,
    pages: State<'_, LocalPages>,
) -> Result<Option<String>, ApiError> {
    from_own_pages(&webview, &pages)?;
    let name = normalise_folder_path(&file.path).map_err(ApiError::internal)?;
    let name = name.rsplit('/').next().unwrap_or(&name).to_owned();
    let extension = name.rsplit_once('.').map(|(_, ext)| ext.to_owned()).unwrap_or_default();
    let mut dialog = app.dialog().file().set_title("Save the file").set_file_name(&name);
    if !extension.is_empty() {
        dialog = dialog.add_filter(extension.to_uppercase(), &[extension.as_str()]);
    }
    let Some(path) = dialog.blocking_save_file().and_then(|picked| picked.into_path().ok()) else {
        return Ok(None);
    };
    std::fs::write(&path, file.content.as_slice())
        .map_err(|e| ApiError::internal(format!("cannot write {}: {e}", path.display())))?;
    Ok(Some(path.display().to_string()))
}

fn main() {
    // `ARCHBOARD_DB` selects the file, as for the CLI; otherwise the platform data directory.
    let database = resolve_database_path(None);
    // Warnings and internal errors go to the log file (shown in About); ARCHBOARD_VERBOSE=1
    // also writes them to stderr.
    let log_file = archboard_engine::logging::init(std::env::var_os("ARCHBOARD_VERBOSE").is_some());
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            let mut services = Services::open(&database, Adapter::Desktop)?;
            // The window is made here rather than from the config alone, so its title follows
            // the page's: the UI names the board and the user, on a local file and on a team
            // server alike.
            let config = app.config().app.windows.first().cloned().ok_or("no window in tauri.conf.json")?;
            let window = tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?
                .on_document_title_changed(|window, title| {
                    if !title.trim().is_empty() {
                        let _ = window.set_title(&title);
                    }
                })
                .build()?;
            app.manage(LocalPages(window.url()?));
            set_window_title(app.handle(), services.database_path());
            let watch = FolderWatch::new(app.handle());
            watch.refresh(&mut services);
            app.manage(watch);
            // Sources with an interval sync while the window is open, on whichever board it shows.
            let scheduler = archboard_engine::services::sync::SyncScheduler::start(
                archboard_engine::jobs::Jobs::global(),
            );
            scheduler.set_board(services.database_path());
            app.manage(scheduler);
            app.manage(Engine(Mutex::new(services)));
            build_menu(app.handle(), log_file.as_deref())?;
            Ok(())
        })
        .on_menu_event(|app, event| match event.id().as_ref() {
            "new-decision" => {
                let _ = app.emit("archboard://new-decision", ());
            }
            "open-database" => open_database(app),
            "connect-team" => {
                let _ = app.emit("archboard://connect-team", ());
            }
            "quit" => {
                stop_jobs();
                app.exit(0)
            }
            _ => {}
        })
        .on_window_event(|_, event| {
            if let tauri::WindowEvent::CloseRequested { .. } = event {
                stop_jobs();
            }
        })
        .invoke_handler(tauri::generate_handler![
            api,
            export_catalog_dialog,
            export_bench_dialog,
            save_file_dialog,
            sync_collection,
            connect_team_board
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|error| {
            eprintln!("Archboard could not start: {error}");
            std::process::exit(1);
        });
}

/// Before the window goes: running benchmarks end as cancelled and store what they measured.
fn stop_jobs() {
    archboard_engine::jobs::Jobs::global().cancel_all_and_wait(std::time::Duration::from_secs(10));
}

fn build_menu(app: &AppHandle, log_file: Option<&Path>) -> tauri::Result<()> {
    let new_decision =
        MenuItemBuilder::with_id("new-decision", "New decision").accelerator("CmdOrCtrl+N").build(app)?;
    let open_database =
        MenuItemBuilder::with_id("open-database", "Open database…").accelerator("CmdOrCtrl+O").build(app)?;
    let connect_team = MenuItemBuilder::with_id("connect-team", "Connect to team board…").build(app)?;
    let file = SubmenuBuilder::new(app, "File")
        .item(&new_decision)
        .item(&open_database)
        .item(&connect_team)
        .separator()
        // Tauri's predefined Quit item is not supported on Linux (it shows greyed out), so Quit
        // is an ordinary item that exits the app.
        .item(&MenuItemBuilder::with_id("quit", "Quit").accelerator("CmdOrCtrl+Q").build(app)?)
        .build()?;
    let about = AboutMetadataBuilder::new()
        .name(Some("Archboard"))
        .version(Some(env!("CARGO_PKG_VERSION")))
        .comments(Some(format!(
            "Architecture decisions, reviews and ML governance, kept in one local SQLite file.\nLog: {}",
            log_file.map_or_else(
                || "none (the data directory is not writable)".to_owned(),
                |p| p.display().to_string()
            )
        )))
        .license(Some("MIT"))
        .icon(app.default_window_icon().cloned())
        .build();
    let help = SubmenuBuilder::new(app, "Help")
        .item(&PredefinedMenuItem::about(app, Some("About Archboard"), Some(about))?)
        .build()?;
    app.set_menu(MenuBuilder::new(app).items(&[&file, &help]).build()?)?;
    Ok(())
}

/// File → Open database…: pick a file, open (creating/migrating) it, and swap it in. A file
/// that cannot be opened leaves the current database in place and says why.
fn open_database(app: &AppHandle) {
    let handle = app.clone();
    app.dialog()
        .file()
        .set_title("Open an Archboard database")
        .add_filter("Archboard database", &["db", "sqlite", "sqlite3"])
        .pick_file(move |picked| {
            let Some(path) = picked.and_then(|p| p.into_path().ok()) else { return };
            match Services::open(&path, Adapter::Desktop) {
                Ok(mut services) => {
                    handle.state::<FolderWatch>().refresh(&mut services);
                    handle.state::<archboard_engine::services::sync::SyncScheduler>().set_board(&path);
                    let engine = handle.state::<Engine>();
                    *engine.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = services;
                    set_window_title(&handle, &path);
                    // Coming back from a team board: show the app's own pages again.
                    if let Some(window) = handle.get_webview_window("main") {
                        let local = handle.state::<LocalPages>().0.clone();
                        let place = |url: &tauri::Url| {
                            (url.scheme().to_owned(), url.host_str().map(str::to_owned), url.port())
                        };
                        if window.url().is_ok_and(|now| place(&now) != place(&local)) {
                            let _ = window.navigate(local);
                        }
                    }
                    let _ = handle.emit("archboard://database-changed", path.display().to_string());
                }
                Err(error) => {
                    handle
                        .dialog()
                        .message(format!("{} could not be opened: {}", path.display(), error.message))
                        .title("Cannot open the database")
                        .kind(MessageDialogKind::Error)
                        .show(|_| {});
                }
            }
        });
}

fn set_window_title(app: &AppHandle, database: &Path) {
    if let Some(window) = app.get_webview_window("main") {
        let name = database.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let _ = window.set_title(&format!("Archboard — {name}"));
    }
}
