//! The application shell and its routes: navigation between areas, who is signed in, theme,
//! the global keyboard shortcuts, desktop menu events (and the desktop's word that files changed
//! in a collection's linked folder), the status bar and notifications.

use crate::backend;
use crate::components::me::WhoAmI;
use crate::components::notifications::{Notice, Notifier, ToastView, use_notifier};
use crate::components::status_bar::StatusBar;
use crate::components::widgets::Nav;
use crate::data::{Invalidation, Topic, use_invalidation};
use crate::logic::areas::Area;
use crate::logic::query_string::collection_sync_path;
use crate::pages::benchmarks::{BenchmarksPage, ComparisonPage, NoRun, RunForm, RunPage};
use crate::pages::catalog::{CatalogItemRoute, CatalogPage, NoItem};
use crate::pages::collections::{CollectionDetail, CollectionForm, CollectionList, CollectionSync};
use crate::pages::coming_soon::NotFound;
use crate::pages::decisions::{DecisionDetail, DecisionForm, DecisionList, ImportFolder};
use crate::pages::interviews::{
    CalibrationPage, CandidatePage, DebriefPage, InterviewsPage, KitPage, RetentionPage, ScorecardFormPage,
};
use crate::pages::reports::{AssessPage, ReportsPage};
use crate::pages::reviews::{
    BacklogPage, ComparePage, LensesPage, NewReview, ReviewDetail, ReviewList, SettingsPage,
};
use crate::pages::scorecards::{ImportPage, KpiPage, ScorecardPage};
use crate::pages::sources::{SourcePage, SourcesPage};
use crate::pages::systems::{SystemDetail, SystemForm, SystemList};
use crate::pages::teams::{TeamDetail, TeamForm, TeamList};
use crate::pages::users::UsersPage;
use archboard_types::catalog::CatalogKind;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{NavigateOptions, path};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }

    fn stored() -> Theme {
        match storage().and_then(|s| s.get_item("archboard.theme").ok().flatten()).as_deref() {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::System,
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn apply_theme(theme: Theme) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-theme", theme.as_str());
    }
    if let Some(storage) = storage() {
        let _ = storage.set_item("archboard.theme", theme.as_str());
    }
}

/// True when the keyboard focus is in a text field, where single-key shortcuts must not fire.
pub fn typing_in_field() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .map(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
        .unwrap_or(false)
}

#[component]
pub fn App() -> impl IntoView {
    provide_context(Notifier::new());
    provide_context(Invalidation::new());
    view! {
        <Router>
            <Shell/>
        </Router>
    }
}

/// The page title names the board and who is signed in ("Archboard — board.db — ada"); the
/// desktop window's title follows it, on a local file and on a team board alike.
fn window_title() {
    let who = crate::components::me::use_me();
    let info = crate::data::use_query::<archboard_types::endpoint::AppInfo>(&[Topic::Decisions], || {
        Some(archboard_types::system::Empty {})
    });
    Effect::new(move |_| {
        let Some(me) = who.get() else { return };
        let board = if me.team_mode {
            web_sys::window().and_then(|w| w.location().host().ok()).unwrap_or_default()
        } else {
            info.ok()
                .map(|info| info.database_path.rsplit(['/', '\\']).next().unwrap_or_default().to_owned())
                .unwrap_or_default()
        };
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&format!("Archboard — {board} — {}", me.user.name));
        }
    });
}

#[component]
fn Shell() -> impl IntoView {
    let notifier = use_notifier();
    let invalidation = use_invalidation();
    WhoAmI::provide();
    let nav = Nav::new();
    let location = use_location();
    let current = Memo::new(move |_| Area::of_path(&location.pathname.get()));

    let theme = RwSignal::new(Theme::stored());
    Effect::new(move |_| apply_theme(theme.get()));

    backend::on_desktop_event("archboard://new-decision", move |_| nav.go("/decisions/new"));
    backend::on_desktop_event("archboard://connect-team", move |_| nav.go("/connect"));
    window_title();
    backend::on_desktop_event("archboard://database-changed", move |_| {
        invalidation.invalidate(&Topic::ALL);
        notifier.success("Opened the other database.");
    });
    // The desktop watches each collection's linked folder; a change waits for the user to
    // review it (nothing is synced behind their back).
    backend::on_desktop_event("archboard://adr-folder-changed", move |event| {
        #[derive(serde::Deserialize)]
        struct FolderChanged {
            collection: String,
        }
        let Some(FolderChanged { collection }) = backend::desktop_event_payload::<FolderChanged>(&event)
        else {
            return;
        };
        notifier.notice(Notice {
            key: crate::pages::collections::folder_changed_key(&collection),
            message: format!("Files changed in the folder of collection {collection}."),
            action: Some(("Review changes".to_owned(), collection_sync_path(&collection))),
        });
    });

    let keys = window_event_listener(leptos::ev::keydown, move |event| {
        let key = event.key();
        if (event.ctrl_key() || event.meta_key()) && key.eq_ignore_ascii_case("n") {
            event.prevent_default();
            nav.go("/decisions/new");
        } else if !event.default_prevented()
            && !typing_in_field()
            && !event.ctrl_key()
            && !event.meta_key()
            && !event.alt_key()
        {
            // A page that took the key first (a review's 1–5) has prevented its default.
            if key == "n" {
                event.prevent_default();
                nav.go("/decisions/new");
            } else if let Some(area) = Area::of_key(&key) {
                nav.go(area.path());
            }
        }
    });
    on_cleanup(move || keys.remove());

    let nav_items = Area::ALL
        .into_iter()
        .map(|area| {
            view! {
                <li>
                    <a
                        class="nav-item"
                        href=area.path()
                        id=area.nav_id()
                        class:active=move || current.get() == Some(area)
                        aria-current=move || (current.get() == Some(area)).then_some("page")
                        title=match area.key() {
                            Some(key) => format!("{} ({key})", area.label()),
                            None => area.label().to_owned(),
                        }
                    >
                        <span class="nav-icon" aria-hidden="true">{area.icon()}</span>
                        {area.label()}
                    </a>
                </li>
            }
        })
        .collect_view();

    view! {
        <div class="shell">
            <aside class="sidebar">
                <div class="brand">
                    <img src="/icon.svg" alt="" width="28" height="28"/>
                    <span>"Archboard"</span>
                </div>
                <nav aria-label="Areas">
                    <ul>{nav_items}</ul>
                </nav>
                <div class="sidebar-foot">
                    <button
                        class="ghost"
                        id="theme-toggle"
                        title="Switch between system, light and dark themes"
                        on:click=move |_| theme.update(|t| *t = t.next())
                    >
                        {move || format!("Theme: {}", theme.get().as_str())}
                    </button>
                </div>
            </aside>
            <main class="content" id="main">
                <AppRoutes/>
            </main>
            <StatusBar/>
            <ToastView/>
        </div>
    }
}

/// Every page's URL. Static segments come before parameters (`new` before `:id`). A decision's
/// segment is its board-wide id; a collection's is its name.
#[component]
fn AppRoutes() -> impl IntoView {
    // The served URL carries the session token (`/?token=…`); replacing it keeps the token out
    // of the history and the address bar.
    let home = || {
        view! { <Redirect path="/decisions" options=NavigateOptions { replace: true, ..Default::default() }/> }
    };
    view! {
        <Routes fallback=|| view! { <NotFound/> }>
            <Route path=path!("/") view=home/>
            <Route path=path!("/decisions") view=DecisionList/>
            <Route path=path!("/decisions/new") view=|| view! { <DecisionForm editing=false/> }/>
            <Route path=path!("/decisions/import") view=ImportFolder/>
            <Route path=path!("/decisions/:id") view=DecisionDetail/>
            <Route path=path!("/decisions/:id/edit") view=|| view! { <DecisionForm editing=true/> }/>
            <Route path=path!("/collections") view=CollectionList/>
            <Route path=path!("/collections/new") view=|| view! { <CollectionForm editing=false/> }/>
            <Route path=path!("/collections/:name") view=CollectionDetail/>
            <Route path=path!("/collections/:name/edit") view=|| view! { <CollectionForm editing=true/> }/>
            <Route path=path!("/collections/:name/sync") view=CollectionSync/>
            <ParentRoute path=path!("/patterns") view=|| view! { <CatalogPage fixed=Some(CatalogKind::Pattern)/> }>
                <Route path=path!("") view=NoItem/>
                <Route path=path!(":key") view=CatalogItemRoute/>
            </ParentRoute>
            <ParentRoute path=path!("/catalog") view=|| view! { <CatalogPage fixed=None/> }>
                <Route path=path!("") view=NoItem/>
                <Route path=path!(":key") view=CatalogItemRoute/>
            </ParentRoute>
            <ParentRoute path=path!("/benchmarks") view=BenchmarksPage>
                <Route path=path!("") view=NoRun/>
                <Route path=path!("new") view=RunForm/>
                <Route path=path!("compare") view=ComparisonPage/>
                <Route path=path!(":id") view=RunPage/>
            </ParentRoute>
            <Route path=path!("/teams") view=TeamList/>
            <Route path=path!("/teams/new") view=|| view! { <TeamForm editing=false/> }/>
            <Route path=path!("/teams/:name") view=TeamDetail/>
            <Route path=path!("/teams/:name/edit") view=|| view! { <TeamForm editing=true/> }/>
            <Route path=path!("/systems") view=SystemList/>
            <Route path=path!("/systems/new") view=|| view! { <SystemForm editing=false/> }/>
            <Route path=path!("/systems/:key") view=SystemDetail/>
            <Route path=path!("/systems/:key/edit") view=|| view! { <SystemForm editing=true/> }/>
            <Route path=path!("/users") view=UsersPage/>
            <Route path=path!("/connect") view=crate::pages::connect::ConnectPage/>
            <Route path=path!("/reviews") view=ReviewList/>
            <Route path=path!("/reviews/new") view=NewReview/>
            <Route path=path!("/reviews/backlog") view=BacklogPage/>
            <Route path=path!("/reviews/settings") view=SettingsPage/>
            <Route path=path!("/reviews/lenses") view=LensesPage/>
            <Route path=path!("/reviews/:id") view=ReviewDetail/>
            <Route path=path!("/reviews/:id/compare") view=ComparePage/>
            <Route path=path!("/scorecards") view=ScorecardPage/>
            <Route path=path!("/scorecards/import") view=ImportPage/>
            <Route path=path!("/scorecards/kpi/:key") view=KpiPage/>
            <Route path=path!("/sources") view=SourcesPage/>
            <Route path=path!("/sources/:name") view=SourcePage/>
            <Route path=path!("/interviews") view=InterviewsPage/>
            <Route path=path!("/interviews/retention") view=RetentionPage/>
            <Route path=path!("/interviews/calibration") view=CalibrationPage/>
            <Route path=path!("/interviews/calibration/:role") view=CalibrationPage/>
            <Route path=path!("/interviews/scorecard/:interview") view=ScorecardFormPage/>
            <Route path=path!("/interviews/kit/:interview") view=KitPage/>
            <Route path=path!("/interviews/:id") view=CandidatePage/>
            <Route path=path!("/interviews/:id/debrief") view=DebriefPage/>
            <Route path=path!("/reports") view=ReportsPage/>
            <Route path=path!("/reports/assess/:team/:period") view=AssessPage/>
        </Routes>
    }
}
