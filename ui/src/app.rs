//! The application shell: navigation between areas, theme, status bar, notifications and the
//! global keyboard shortcuts.

use crate::backend::{self, call};
use crate::benchmarks::BenchmarksPage;
use crate::catalog::CatalogPage;
use crate::decisions::Decisions;
use archboard_types::ApiError;
use archboard_types::catalog::CatalogKind;
use archboard_types::endpoint::AppInfo as AppInfoEndpoint;
use archboard_types::system::{AppInfo, Empty};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The areas of the product. Decisions, Patterns and Catalog have content in this release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Decisions,
    Patterns,
    Reviews,
    Scorecards,
    Benchmarks,
    Interviews,
    Reports,
    Catalog,
}

impl Area {
    pub const ALL: [Area; 8] = [
        Area::Decisions,
        Area::Patterns,
        Area::Reviews,
        Area::Scorecards,
        Area::Benchmarks,
        Area::Interviews,
        Area::Reports,
        Area::Catalog,
    ];

    fn label(self) -> &'static str {
        match self {
            Area::Decisions => "Decisions",
            Area::Patterns => "Patterns",
            Area::Reviews => "Reviews",
            Area::Scorecards => "Scorecards",
            Area::Benchmarks => "Benchmarks",
            Area::Interviews => "Interviews",
            Area::Reports => "Reports",
            Area::Catalog => "Catalog",
        }
    }

    fn icon(self) -> &'static str {
        match self {
            Area::Decisions => "◆",
            Area::Patterns => "▦",
            Area::Reviews => "✓",
            Area::Scorecards => "◔",
            Area::Benchmarks => "◎",
            Area::Interviews => "☺",
            Area::Reports => "▤",
            Area::Catalog => "▥",
        }
    }

    fn coming(self) -> &'static str {
        match self {
            Area::Decisions | Area::Patterns | Area::Catalog | Area::Benchmarks => "",
            Area::Reviews => {
                "Design and production-readiness reviews against checklists fitted to each system's risk tier, with sign-off and an improvement backlog."
            }
            Area::Scorecards => {
                "KPI scorecards per team and quarter, synced from Prometheus or imported, with RAG status and trends."
            }
            Area::Interviews => {
                "Structured interview scorecards per role, scored independently and debriefed together."
            }
            Area::Reports => {
                "Quarterly maturity reports with radar and trend charts, exported as HTML and Markdown."
            }
        }
    }
}

/// What a notification looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub kind: ToastKind,
    pub message: String,
}

/// State shared by every part of the UI. All fields are signals, so the struct is `Copy`.
#[derive(Clone, Copy)]
pub struct AppContext {
    pub area: RwSignal<Area>,
    pub toast: RwSignal<Option<Toast>>,
    pub info: RwSignal<Option<AppInfo>>,
    /// Bumped after every change so lists and the status bar reload.
    pub revision: RwSignal<u32>,
    /// Set by the "New decision" menu item and shortcut; the Decisions area opens its form
    /// and clears it.
    pub new_decision_pending: RwSignal<bool>,
    /// A catalog key to open on the Catalog page (set by links from other pages).
    pub catalog_focus: RwSignal<Option<String>>,
}

impl AppContext {
    pub fn error(&self, error: &ApiError) {
        self.toast.set(Some(Toast { kind: ToastKind::Error, message: error.message.clone() }));
    }

    pub fn success(&self, message: impl Into<String>) {
        self.toast.set(Some(Toast { kind: ToastKind::Success, message: message.into() }));
    }

    pub fn changed(&self) {
        self.revision.update(|r| *r += 1);
    }
}

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
    let context = AppContext {
        area: RwSignal::new(Area::Decisions),
        toast: RwSignal::new(None),
        info: RwSignal::new(None),
        revision: RwSignal::new(0),
        new_decision_pending: RwSignal::new(false),
        catalog_focus: RwSignal::new(None),
    };
    provide_context(context);

    let theme = RwSignal::new(Theme::stored());
    Effect::new(move |_| apply_theme(theme.get()));

    // The status bar follows every change.
    Effect::new(move |_| {
        context.revision.track();
        spawn_local(async move {
            match call::<AppInfoEndpoint>(&Empty {}).await {
                Ok(info) => context.info.set(Some(info)),
                Err(error) => context.error(&error),
            }
        });
    });

    // Notifications disappear on their own after a while; errors stay until dismissed.
    Effect::new(move |_| {
        if let Some(Toast { kind: ToastKind::Success, .. }) = context.toast.get() {
            set_timeout(move || context.toast.set(None), std::time::Duration::from_secs(4));
        }
    });

    let request_new = move || {
        context.area.set(Area::Decisions);
        context.new_decision_pending.set(true);
    };
    backend::on_desktop_event("archboard://new-decision", move |_| request_new());
    backend::on_desktop_event("archboard://database-changed", move |_| {
        context.changed();
        context.success("Opened the other database.");
    });

    let keys = window_event_listener(leptos::ev::keydown, move |event| {
        let key = event.key();
        if (event.ctrl_key() || event.meta_key()) && key.eq_ignore_ascii_case("n") {
            event.prevent_default();
            request_new();
        } else if !typing_in_field() && !event.ctrl_key() && !event.meta_key() && !event.alt_key() {
            if key == "n" {
                event.prevent_default();
                request_new();
            } else if let Some(digit) = key.chars().next().and_then(|c| c.to_digit(10))
                && let Some(area) = Area::ALL.get((digit as usize).wrapping_sub(1))
            {
                context.area.set(*area);
            }
        }
    });
    on_cleanup(move || keys.remove());

    view! {
        <div class="shell">
            <aside class="sidebar">
                <div class="brand">
                    <img src="icon.svg" alt="" width="28" height="28"/>
                    <span>"Archboard"</span>
                </div>
                <nav aria-label="Areas">
                    <ul>
                        {Area::ALL
                            .into_iter()
                            .enumerate()
                            .map(|(index, area)| {
                                view! {
                                    <li>
                                        <button
                                            class="nav-item"
                                            id=format!("nav-{}", area.label().to_lowercase())
                                            class:active=move || context.area.get() == area
                                            aria-current=move || (context.area.get() == area).then_some("page")
                                            title=format!("{} ({})", area.label(), index + 1)
                                            on:click=move |_| context.area.set(area)
                                        >
                                            <span class="nav-icon" aria-hidden="true">{area.icon()}</span>
                                            {area.label()}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
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
                {move || match context.area.get() {
                    Area::Decisions => view! { <Decisions/> }.into_any(),
                    Area::Patterns => view! { <CatalogPage fixed=Some(CatalogKind::Pattern)/> }.into_any(),
                    Area::Catalog => view! { <CatalogPage fixed=None/> }.into_any(),
                    Area::Benchmarks => view! { <BenchmarksPage/> }.into_any(),
                    other => view! { <ComingSoon area=other/> }.into_any(),
                }}
            </main>
            <footer class="statusbar" aria-label="Status">
                {move || match context.info.get() {
                    Some(info) => {
                        format!(
                            "{} {} · {} · Archboard {} ({})",
                            info.adr_count,
                            if info.adr_count == 1 { "decision" } else { "decisions" },
                            info.database_path,
                            info.version,
                            info.adapter,
                        )
                    }
                    None => "Connecting…".to_owned(),
                }}
            </footer>
            <ToastView/>
        </div>
    }
}

#[component]
fn ComingSoon(area: Area) -> impl IntoView {
    view! {
        <section class="page">
            <header class="page-head">
                <h1>{area.label()}</h1>
            </header>
            <div class="empty-state">
                <div class="empty-icon" aria-hidden="true">{area.icon()}</div>
                <h2>{format!("{} are on the way", area.label())}</h2>
                <p>{area.coming()}</p>
                <p class="muted">"Meanwhile, record the decisions behind them under Decisions (press 1)."</p>
            </div>
        </section>
    }
}

#[component]
fn ToastView() -> impl IntoView {
    let context = expect_context::<AppContext>();
    view! {
        <div class="toast-region" role="status" aria-live="polite">
            {move || {
                context
                    .toast
                    .get()
                    .map(|toast| {
                        let class = match toast.kind {
                            ToastKind::Success => "toast success",
                            ToastKind::Error => "toast error",
                        };
                        view! {
                            <div class=class role=if toast.kind == ToastKind::Error { "alert" } else { "status" }>
                                <span class="toast-message">{toast.message}</span>
                                <button
                                    class="ghost"
                                    aria-label="Dismiss"
                                    on:click=move |_| context.toast.set(None)
                                >
                                    "×"
                                </button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}
