//! The Catalog area (every kind) and the Patterns area (patterns only, same components): browse
//! by kind, search every field, view each kind laid out for reading, edit as TOML with live
//! validation, duplicate, take or refuse a newer shipped version, import and export.

use crate::app::{AppContext, Area};
use crate::backend::call;
use crate::mermaid;
use archboard_types::adr_folder::{ImportFile, ImportRequest};
use archboard_types::catalog::{
    BuiltinChoice, CatalogBuiltinChoice, CatalogDuplicate, CatalogEdit, CatalogEntry, CatalogExportRequest,
    CatalogImportOutcome, CatalogImportReport, CatalogItem, CatalogKind, CatalogListQuery, CatalogOrigin,
    CatalogRef, CatalogSummary, Checklist, ChecklistScoring, HardwareProfile, Kpi, KpiDirection, KpiTarget,
    MaturityDimension, Pattern, Range, Role, TargetBasis, WeightSource,
};
use archboard_types::endpoint::{
    CatalogChooseBuiltin, CatalogDelete, CatalogDuplicateItem, CatalogExportAll, CatalogGet, CatalogImport,
    CatalogList, CatalogUpdate,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

/// Where a catalog page is: the kind filter (fixed on the Patterns page), the search words and
/// the item open on the right.
#[derive(Clone, Copy)]
struct CatalogState {
    fixed: Option<CatalogKind>,
    kind: RwSignal<Option<CatalogKind>>,
    selected: RwSignal<Option<String>>,
}

impl CatalogState {
    /// Opens `key`, here when this page shows its kind, otherwise on the Catalog page.
    fn open(&self, key: &str) {
        let context = expect_context::<AppContext>();
        let kind = CatalogKind::of_key(key);
        match self.fixed {
            Some(fixed) if Some(fixed) != kind => {
                context.area.set(Area::Catalog);
                context.catalog_focus.set(Some(key.to_owned()));
            }
            _ => {
                if self.fixed.is_none() && self.kind.get_untracked().is_some_and(|k| Some(k) != kind) {
                    self.kind.set(None);
                }
                self.selected.set(Some(key.to_owned()));
            }
        }
    }
}

fn state_label(summary: &CatalogSummary) -> Option<(&'static str, String)> {
    if let Some(version) = summary.update_available {
        return Some(("badge update", format!("v{version} available")));
    }
    match summary.origin {
        CatalogOrigin::Builtin if summary.edited => Some(("badge edited", "edited".into())),
        CatalogOrigin::Builtin => None,
        CatalogOrigin::User => Some(("badge yours", "yours".into())),
        CatalogOrigin::Imported => Some(("badge imported", "imported".into())),
    }
}

#[component]
pub fn CatalogPage(fixed: Option<CatalogKind>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let state = CatalogState { fixed, kind: RwSignal::new(fixed), selected: RwSignal::new(None) };
    let search = RwSignal::new(String::new());
    let items = RwSignal::new(None::<Vec<CatalogSummary>>);
    let counts = RwSignal::new(Vec::<(CatalogKind, usize)>::new());
    let importing = RwSignal::new(false);

    // A link from another page (e.g. a pattern's KPI) lands on the Catalog page. Only that
    // page takes it: a Patterns page handing a KPI over must not pick it up again.
    if fixed.is_none() {
        Effect::new(move |_| {
            if let Some(key) = context.catalog_focus.get() {
                context.catalog_focus.set(None);
                state.open(&key);
            }
        });
    }
    Effect::new(move |_| {
        context.revision.track();
        spawn_local(async move {
            if let Ok(all) = call::<CatalogList>(&CatalogListQuery::default()).await {
                counts.set(
                    CatalogKind::ALL
                        .iter()
                        .map(|k| (*k, all.iter().filter(|i| i.kind == *k).count()))
                        .collect(),
                );
            }
        });
    });
    Effect::new(move |_| {
        context.revision.track();
        let query = CatalogListQuery {
            kind: state.kind.get(),
            search: Some(search.get()).filter(|s| !s.trim().is_empty()),
        };
        spawn_local(async move {
            match call::<CatalogList>(&query).await {
                Ok(list) => {
                    if state.selected.get_untracked().is_none()
                        && let Some(first) = list.first()
                    {
                        state.selected.set(Some(first.key.clone()));
                    }
                    items.set(Some(list));
                }
                Err(error) => context.error(&error),
            }
        });
    });

    let title = fixed.map(CatalogKind::plural_label).unwrap_or("Catalog");
    let tabs = move || {
        (fixed.is_none()).then(|| {
            let tab = move |kind: Option<CatalogKind>, label: String| {
                view! {
                    <button
                        class="tab"
                        class:active=move || state.kind.get() == kind
                        aria-pressed=move || (state.kind.get() == kind).to_string()
                        id=format!("catalog-tab-{}", kind.map(CatalogKind::as_str).unwrap_or("all"))
                        on:click=move |_| {
                            state.kind.set(kind);
                            state.selected.set(None);
                        }
                    >
                        {label}
                    </button>
                }
            };
            view! {
                <div class="tabs" role="toolbar" aria-label="Kinds">
                    {tab(None, "All".into())}
                    {move || {
                        counts
                            .get()
                            .into_iter()
                            .map(|(kind, count)| tab(Some(kind), format!("{} {count}", kind.plural_label())))
                            .collect_view()
                    }}
                </div>
            }
        })
    };

    view! {
        <section class="page catalog-page">
            <header class="page-head">
                <h1>{title}</h1>
                <div class="toolbar">
                    <label class="sr-only" for="catalog-search">"Search the catalog"</label>
                    <input
                        id="catalog-search"
                        type="search"
                        placeholder="Search every field…"
                        prop:value=move || search.get()
                        on:input=move |ev| search.set(event_target_value(&ev))
                    />
                    {(fixed.is_none())
                        .then(|| {
                            view! {
                                <button id="catalog-import" on:click=move |_| importing.set(!importing.get_untracked())>
                                    "Import…"
                                </button>
                                <ExportButton/>
                            }
                        })}
                </div>
            </header>
            {move || importing.get().then(|| view! { <ImportCatalog on_done=Callback::new(move |_| importing.set(false))/> })}
            {tabs}
            <div class="catalog-layout">
                <nav class="catalog-list" aria-label=format!("{title} items")>
                    {move || match items.get() {
                        None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                        Some(list) if list.is_empty() => {
                            view! {
                                <div class="empty-state small">
                                    <p>"Nothing matches."</p>
                                    <p class="muted">"Try fewer words, or another kind."</p>
                                </div>
                            }
                                .into_any()
                        }
                        Some(list) => {
                            view! {
                                <ul>
                                    {list
                                        .into_iter()
                                        .map(|summary| {
                                            let key = summary.key.clone();
                                            let selected_key = key.clone();
                                            let badge = state_label(&summary);
                                            view! {
                                                <li>
                                                    <button
                                                        class="catalog-row"
                                                        data-key=key.clone()
                                                        class:active=move || state.selected.get().as_deref() == Some(selected_key.as_str())
                                                        on:click=move |_| state.selected.set(Some(key.clone()))
                                                    >
                                                        <span class="catalog-row-name">{summary.name.clone()}</span>
                                                        <span class="catalog-row-meta">
                                                            <span class="mono">{summary.key.clone()}</span>
                                                            {badge.map(|(class, text)| view! { <span class=class>{text}</span> })}
                                                        </span>
                                                    </button>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    }}
                </nav>
                <div class="catalog-detail">
                    {move || match state.selected.get() {
                        Some(key) => view! { <CatalogDetail key state/> }.into_any(),
                        None => view! { <p class="muted">"Choose an item on the left."</p> }.into_any(),
                    }}
                </div>
            </div>
        </section>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    View,
    Edit,
}

#[component]
fn CatalogDetail(key: String, state: CatalogState) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let entry = RwSignal::new(None::<CatalogEntry>);
    let mode = RwSignal::new(Mode::View);
    let load_key = key.clone();
    Effect::new(move |_| {
        context.revision.track();
        let key = load_key.clone();
        spawn_local(async move {
            match call::<CatalogGet>(&CatalogRef { key }).await {
                Ok(loaded) => entry.set(Some(loaded)),
                Err(error) => context.error(&error),
            }
        });
    });

    move || {
        let Some(current) = entry.get() else {
            return view! { <p class="muted">"Loading…"</p> }.into_any();
        };
        match mode.get() {
            Mode::Edit => view! { <CatalogEditor entry=current mode/> }.into_any(),
            Mode::View => view! { <CatalogView entry=current mode state/> }.into_any(),
        }
    }
}

#[component]
fn CatalogView(entry: CatalogEntry, mode: RwSignal<Mode>, state: CatalogState) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let summary = entry.summary.clone();
    let key = summary.key.clone();
    let duplicate = {
        let key = key.clone();
        move |_| {
            let key = key.clone();
            spawn_local(async move {
                match call::<CatalogDuplicateItem>(&CatalogDuplicate { key, new_key: None, new_name: None })
                    .await
                {
                    Ok(copy) => {
                        context.success(format!("Made your own copy: {}.", copy.summary.key));
                        context.changed();
                        state.open(&copy.summary.key);
                    }
                    Err(error) => context.error(&error),
                }
            });
        }
    };
    let choose = {
        let key = key.clone();
        move |choice: BuiltinChoice| {
            let key = key.clone();
            spawn_local(async move {
                match call::<CatalogChooseBuiltin>(&CatalogBuiltinChoice { key, choice }).await {
                    Ok(_) => {
                        context.success(match choice {
                            BuiltinChoice::TakeBuiltin => "Now using the shipped version.",
                            BuiltinChoice::KeepMine => "Kept your version.",
                        });
                        context.changed();
                    }
                    Err(error) => context.error(&error),
                }
            });
        }
    };
    let delete = {
        let key = key.clone();
        move |_| {
            let key = key.clone();
            let confirmed = web_sys::window()
                .and_then(|w| w.confirm_with_message(&format!("Delete {key}? This cannot be undone.")).ok())
                .unwrap_or(false);
            if !confirmed {
                return;
            }
            spawn_local(async move {
                match call::<CatalogDelete>(&CatalogRef { key: key.clone() }).await {
                    Ok(_) => {
                        context.success(format!("Deleted {key}."));
                        state.selected.set(None);
                        context.changed();
                    }
                    Err(error) => context.error(&error),
                }
            });
        }
    };
    let take = choose.clone();
    let keep = choose.clone();
    let reset = choose;
    let update_banner = summary.update_available.map(|version| {
        let mine = entry.toml.clone();
        let shipped = entry.builtin_toml.clone().unwrap_or_default();
        view! {
            <div class="callout update-callout" role="status" id="catalog-update">
                <p>
                    <strong>{format!("Version {version} of this item ships with Archboard.")}</strong>
                    " You edited it, so your copy was kept. Compare, then take the update or keep yours."
                </p>
                <div class="compare">
                    <div>
                        <h4>"Yours"</h4>
                        <pre class="code">{mine}</pre>
                    </div>
                    <div>
                        <h4>{format!("Shipped v{version}")}</h4>
                        <pre class="code">{shipped}</pre>
                    </div>
                </div>
                <div class="toolbar">
                    <button class="primary" on:click=move |_| take(BuiltinChoice::TakeBuiltin)>"Take the update"</button>
                    <button on:click=move |_| keep(BuiltinChoice::KeepMine)>"Keep mine"</button>
                </div>
            </div>
        }
    });
    let can_reset = summary.edited && summary.update_available.is_none() && entry.builtin.is_some();
    let can_delete = summary.origin != CatalogOrigin::Builtin;
    let badge = state_label(&summary);
    let referenced_by = entry.referenced_by.clone();
    view! {
        <article class="catalog-item" data-kind=summary.kind.as_str()>
            <header class="detail-head">
                <div>
                    <h2 id="catalog-item-name">{summary.name.clone()}</h2>
                    <p class="muted">
                        <span class="mono">{summary.key.clone()}</span>
                        {format!(" · {} · version {}", summary.kind.as_str(), summary.version)}
                        {badge.map(|(class, text)| view! { " " <span class=class>{text}</span> })}
                    </p>
                </div>
                <div class="toolbar">
                    <button id="catalog-edit" on:click=move |_| mode.set(Mode::Edit)>"Edit"</button>
                    <button id="catalog-duplicate" on:click=duplicate>"Duplicate"</button>
                    {can_reset.then(|| view! { <button on:click=move |_| reset(BuiltinChoice::TakeBuiltin) title="Replace your edits with the shipped version">"Reset to built-in"</button> })}
                    {can_delete.then(|| view! { <button class="danger" on:click=delete>"Delete"</button> })}
                </div>
            </header>
            {update_banner}
            <p class="lead">{summary.summary.clone()}</p>
            {item_body(&entry.item, state)}
            {(!referenced_by.is_empty()).then(|| view! {
                <section class="catalog-section">
                    <h3>"Referenced by"</h3>
                    <ul class="link-list">
                        {referenced_by.into_iter().map(|s| view! { <li>{item_link(s.key, state)} " " <span class="muted">{s.name}</span></li> }).collect_view()}
                    </ul>
                </section>
            })}
        </article>
    }
}

fn item_link(key: String, state: CatalogState) -> impl IntoView {
    let target = key.clone();
    let label = key.clone();
    view! {
        <button class="link" data-link=key on:click=move |_| state.open(&target)>
            {label}
        </button>
    }
}

fn bullet_list(items: Vec<String>) -> impl IntoView {
    view! { <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul> }
}

fn section(title: &'static str, body: impl IntoView + 'static) -> impl IntoView {
    view! {
        <section class="catalog-section">
            <h3>{title}</h3>
            {body}
        </section>
    }
}

fn item_body(item: &CatalogItem, state: CatalogState) -> AnyView {
    match item.clone() {
        CatalogItem::Kpi(kpi) => kpi_view(kpi, state).into_any(),
        CatalogItem::Role(role) => role_view(role, state).into_any(),
        CatalogItem::Checklist(checklist) => checklist_view(checklist, state).into_any(),
        CatalogItem::Maturity(dimension) => maturity_view(dimension, state).into_any(),
        CatalogItem::Pattern(pattern) => pattern_view(pattern, state).into_any(),
        CatalogItem::Hardware(profile) => hardware_view(profile).into_any(),
    }
}

fn format_range(range: &Range, unit: &str) -> String {
    let number = |v: f64| if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v}") };
    match (range.min, range.max) {
        (Some(min), Some(max)) => format!("{} – {} {unit}", number(min), number(max)),
        (Some(min), None) => format!("≥ {} {unit}", number(min)),
        (None, Some(max)) => format!("≤ {} {unit}", number(max)),
        (None, None) => "any".into(),
    }
}

fn target_rows(target: KpiTarget, unit: String) -> impl IntoView {
    let unit = match target.basis {
        TargetBasis::Value => unit,
        TargetBasis::ChangeFromBaselinePct => "% change from baseline".to_owned(),
        TargetBasis::ChangeFromPreviousPct => "% change from previous period".to_owned(),
    };
    view! {
        <table class="data compact thresholds">
            <tbody>
                <tr><th scope="row"><span class="rag green">"Green"</span></th><td>{format_range(&target.green, &unit)}</td></tr>
                <tr><th scope="row"><span class="rag amber">"Amber"</span></th><td>{format_range(&target.amber, &unit)}</td></tr>
                <tr><th scope="row"><span class="rag red">"Red"</span></th><td>"anything else"</td></tr>
            </tbody>
        </table>
        <p class="muted">{target.note}</p>
    }
}

fn kpi_view(kpi: Kpi, state: CatalogState) -> impl IntoView {
    let direction = match kpi.direction {
        KpiDirection::LowerIsBetter => "lower is better",
        KpiDirection::HigherIsBetter => "higher is better",
        KpiDirection::WithinBand => "within a band",
    };
    let frequency: Vec<String> = kpi.frequency.iter().map(|f| format!("{f:?}").to_lowercase()).collect();
    let tiers: Vec<&str> = kpi.tiers.iter().map(|t| t.as_str()).collect();
    let unit_label = kpi.unit_label.clone();
    view! {
        <dl class="facts">
            <dt>"Definition"</dt><dd>{kpi.definition.clone()}</dd>
            <dt>"Why it matters"</dt><dd>{kpi.why.clone()}</dd>
            <dt>"Unit"</dt><dd>{format!("{} ({:?}), {direction}", kpi.unit_label, kpi.unit).to_lowercase()}</dd>
            <dt>"Frequency"</dt><dd>{frequency.join(", ")}</dd>
            <dt>"Risk tiers"</dt><dd>{tiers.join(", ")}</dd>
        </dl>
        {kpi.target.clone().map(|target| section("Target", target_rows(target, unit_label.clone())))}
        {(!kpi.bands.is_empty()).then(|| section("Published performance bands", view! {
            <table class="data compact">
                <thead><tr><th>"Band"</th><th>"Range"</th><th>"Report wording"</th></tr></thead>
                <tbody>
                    {kpi.bands.iter().map(|b| view! { <tr><td>{b.name.clone()}</td><td>{format_range(&b.range, &unit_label)}</td><td>{b.wording.clone()}</td></tr> }).collect_view()}
                </tbody>
            </table>
        }))}
        {(!kpi.roles.is_empty()).then(|| section("Used by roles", view! {
            <ul class="link-list">{kpi.roles.iter().map(|r| view! { <li>{item_link(r.clone(), state)}</li> }).collect_view()}</ul>
        }))}
        {(!kpi.seed_rows.is_empty()).then(|| section("From the role blueprints", view! {
            <table class="data compact seed-rows">
                <thead><tr><th>"Role"</th><th>"Metric"</th><th>"Example target"</th></tr></thead>
                <tbody>
                    {kpi.seed_rows.iter().map(|row| view! { <tr><td class="mono">{row.role.clone()}</td><td>{row.metric.clone()}</td><td>{row.target.clone()}</td></tr> }).collect_view()}
                </tbody>
            </table>
        }))}
        {kpi.source.map(|s| view! { <p class="muted">"Source: " {s.title} {s.as_of.map(|d| format!(" ({d})"))}</p> })}
    }
}

fn role_view(role: Role, state: CatalogState) -> impl IntoView {
    let weights_note = match role.weights {
        WeightSource::Seed => "Weights from the role blueprint.",
        WeightSource::Equal => "Equal weights: the blueprint gives none.",
    };
    view! {
        <p>{role.purpose.clone()}</p>
        {section("Top responsibilities", view! { <ol>{role.responsibilities.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ol> })}
        {section("Measured on", view! {
            <ul class="link-list">{role.kpis.iter().map(|k| view! { <li>{item_link(k.clone(), state)}</li> }).collect_view()}</ul>
        })}
        {section("Interview scorecard", view! {
            <p class="muted">{weights_note} " " {role.anchor_note.clone()}</p>
            <table class="data compact rubric">
                <thead><tr><th>"Dimension"</th><th class="num">"Weight"</th><th>"Meets the bar"</th><th>"Exceeds the bar"</th></tr></thead>
                <tbody>
                    {role.dimensions.iter().map(|d| view! {
                        <tr><td>{d.name.clone()}</td><td class="num">{format!("{:.1}%", d.weight)}</td><td>{d.meets_bar.clone()}</td><td>{d.exceeds_bar.clone()}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        {section("What to assess", bullet_list(role.assess.clone()))}
        <div class="columns">
            {section("Strong signals", bullet_list(role.strong_signals.clone()))}
            {section("Weak signals", bullet_list(role.weak_signals.clone()))}
            {section("Red flags", bullet_list(role.red_flags.clone()))}
        </div>
        {section("Practical exercises", view! {
            <table class="data compact">
                <thead><tr><th>"Exercise"</th><th class="num">"Minutes"</th><th>"Prompt"</th><th>"Evaluate"</th></tr></thead>
                <tbody>
                    {role.exercises.iter().map(|e| {
                        let minutes = if e.minutes_min == e.minutes_max { e.minutes_min.to_string() } else { format!("{}–{}", e.minutes_min, e.minutes_max) };
                        view! { <tr><td>{e.name.clone()}</td><td class="num">{minutes}</td><td>{e.prompt.clone()}</td><td>{e.evaluate.join(", ")}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
}

fn checklist_view(checklist: Checklist, state: CatalogState) -> impl IntoView {
    let scoring = match checklist.scoring {
        ChecklistScoring::PassFail => {
            "Each item passes, fails, partly passes or does not apply; gaps carry their risk."
        }
        ChecklistScoring::MlTestScore => {
            "Each test scores 0 (not done), 0.5 (done by hand) or 1 (automated); a section scores the sum of its tests and the final score is the lowest section."
        }
    };
    let items = checklist.items.clone();
    view! {
        <p class="muted">{scoring}</p>
        {checklist.sections.iter().map(|name| {
            let rows: Vec<_> = items.iter().filter(|i| &i.section == name).cloned().collect();
            view! {
                <section class="catalog-section">
                    <h3>{name.clone()} <span class="muted">{format!(" · {} items", rows.len())}</span></h3>
                    <table class="data compact checklist-items">
                        <thead><tr><th>"Check"</th><th>"Evidence"</th><th>"Risk if missing"</th><th>"Tiers"</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|item| {
                                let tiers: Vec<&str> = item.tiers.iter().map(|t| t.as_str()).collect();
                                let risk = format!("{:?}", item.risk).to_lowercase();
                                view! {
                                    <tr id=format!("item-{}", item.key)>
                                        <td><strong>{item.prompt.clone()}</strong><br/><span class="muted">{item.guidance.clone()}</span>
                                            {(!item.kpis.is_empty()).then(|| view! { <br/> {item.kpis.iter().map(|k| view! { {item_link(k.clone(), state)} " " }).collect_view()} })}
                                        </td>
                                        <td>{item.evidence.clone()}</td>
                                        <td><span class=format!("risk {risk}")>{risk.clone()}</span></td>
                                        <td>{tiers.join(", ")}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            }
        }).collect_view()}
        {checklist.source.map(|s| view! { <p class="muted">"Source: " {s.title}</p> })}
    }
}

fn maturity_view(dimension: MaturityDimension, state: CatalogState) -> impl IntoView {
    view! {
        <table class="data compact maturity">
            <thead><tr><th class="num">"Level"</th><th>"Observable criteria"</th><th>"KPIs"</th></tr></thead>
            <tbody>
                {dimension.levels.iter().map(|level| view! {
                    <tr>
                        <td class="num"><strong>{level.level}</strong><br/><span class="muted">{level.name.clone()}</span></td>
                        <td>{bullet_list(level.criteria.clone())}</td>
                        <td>{level.kpis.iter().map(|k| view! { {item_link(k.clone(), state)} <br/> }).collect_view()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        {section("Sources", bullet_list(dimension.sources.iter().map(|s| s.title.clone()).collect()))}
    }
}

fn pattern_view(pattern: Pattern, state: CatalogState) -> impl IntoView {
    view! {
        <dl class="facts">
            <dt>"Problem"</dt><dd>{pattern.problem.clone()}</dd>
            <dt>"Context"</dt><dd>{pattern.context.clone()}</dd>
            <dt>"Solution"</dt><dd>{pattern.solution.clone()}</dd>
        </dl>
        <MermaidDiagram source=pattern.diagram.clone() label=format!("Diagram of {}", pattern.name)/>
        {section("Components", view! {
            <table class="data compact"><tbody>
                {pattern.components.iter().map(|c| view! { <tr><th scope="row">{c.name.clone()}</th><td>{c.purpose.clone()}</td></tr> }).collect_view()}
            </tbody></table>
        })}
        {section("Non-functional targets", view! {
            <table class="data compact"><tbody>
                {pattern.nfrs.iter().map(|n| view! { <tr><th scope="row">{n.quality.clone()}</th><td>{n.target.clone()}</td></tr> }).collect_view()}
            </tbody></table>
        })}
        <div class="columns">
            {section("Trade-offs", bullet_list(pattern.trade_offs.clone()))}
            {section("Use it when", bullet_list(pattern.when_to_use.clone()))}
            {section("Do not use it when", bullet_list(pattern.when_not_to_use.clone()))}
        </div>
        {section("Checklist items", view! {
            <ul class="link-list">{pattern.checklist_items.iter().map(|reference| {
                let checklist = reference.split('#').next().unwrap_or(reference).to_owned();
                view! { <li>{item_link(checklist, state)} <span class="muted">{format!(" #{}", reference.split('#').nth(1).unwrap_or(""))}</span></li> }
            }).collect_view()}</ul>
        })}
        {section("KPIs", view! {
            <ul class="link-list">{pattern.kpis.iter().map(|k| view! { <li>{item_link(k.clone(), state)}</li> }).collect_view()}</ul>
        })}
    }
}

fn hardware_view(profile: HardwareProfile) -> impl IntoView {
    let figures = match profile.figures {
        archboard_types::catalog::FigureBasis::Datasheet => "vendor datasheet",
        archboard_types::catalog::FigureBasis::Derived => "derived estimate",
    };
    let slo = profile.slo.clone();
    let ms = |v: Option<f64>| v.map(|v| format!("{v} ms")).unwrap_or_else(|| "—".into());
    view! {
        <table class="data compact specs">
            <tbody>
                <tr><th scope="row">"Accelerator"</th><td>{profile.accelerator.clone()}</td></tr>
                <tr><th scope="row">"Peak FP16/BF16 (dense)"</th><td>{format!("{} TFLOP/s", profile.peak_fp16_tflops)}</td></tr>
                <tr><th scope="row">"Peak INT8 (dense)"</th><td>{format!("{} TOP/s", profile.peak_int8_tops)}</td></tr>
                <tr><th scope="row">"Memory"</th><td>{format!("{} GB at {} GB/s", profile.memory_gb, profile.memory_bandwidth_gbs)}</td></tr>
                <tr><th scope="row">"Power"</th><td>{format!("{} W", profile.power_watts)}</td></tr>
                <tr><th scope="row">"Figures"</th><td>{figures}</td></tr>
            </tbody>
        </table>
        {section("Price", view! {
            <p class="price">{format!("{} {:.4} per hour", profile.price.currency, profile.price.per_hour)}</p>
            <p class="muted">{format!("{} — as of {}.", profile.price.basis, profile.price.as_of)}</p>
            <p class="callout warn">"Cloud prices change often and differ by region and commitment; check the current price before relying on cost figures."</p>
        })}
        {section("Benchmark SLOs on this profile", view! {
            <table class="data compact"><tbody>
                <tr><th scope="row">"p50 / p95 / p99"</th><td>{format!("{} / {} / {}", ms(slo.p50_ms), ms(slo.p95_ms), ms(slo.p99_ms))}</td></tr>
                <tr><th scope="row">"Minimum throughput"</th><td>{slo.min_throughput_rps.map(|v| format!("{v} requests/s")).unwrap_or_else(|| "—".into())}</td></tr>
                <tr><th scope="row">"Maximum cost per 1k predictions"</th><td>{slo.max_cost_per_1k.map(|v| format!("{} {v}", profile.price.currency)).unwrap_or_else(|| "—".into())}</td></tr>
            </tbody></table>
        })}
        <p class="muted">"Source: " {profile.source.title.clone()} {profile.source.as_of.clone().map(|d| format!(" ({d})"))}</p>
        {(!profile.notes.is_empty()).then(|| view! { <p class="muted">{profile.notes.clone()}</p> })}
    }
}

/// A Mermaid diagram drawn by the bundled renderer; errors in the text are shown, not hidden.
#[component]
fn MermaidDiagram(source: String, label: String) -> impl IntoView {
    let drawn = RwSignal::new(None::<Result<String, String>>);
    spawn_local(async move {
        let result = mermaid::render_svg(&source).await;
        drawn.set(Some(result));
    });
    view! {
        <figure class="diagram">
            {move || match drawn.get() {
                None => view! { <p class="muted">"Drawing the diagram…"</p> }.into_any(),
                Some(Ok(svg)) => view! { <img class="mermaid-diagram" src=mermaid::svg_data_url(&svg) alt=label.clone()/> }.into_any(),
                Some(Err(message)) => view! { <p class="field-error" role="alert">{message}</p> }.into_any(),
            }}
        </figure>
    }
}

/// Edit as TOML: every keystroke is checked by the engine (a dry run), so problems show with
/// their line before anything is saved.
#[component]
fn CatalogEditor(entry: CatalogEntry, mode: RwSignal<Mode>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let key = entry.summary.key.clone();
    let text = RwSignal::new(entry.toml.clone());
    let problem = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let check_key = key.clone();
    Effect::new(move |_| {
        let toml = text.get();
        let key = check_key.clone();
        spawn_local(async move {
            let result = call::<CatalogUpdate>(&CatalogEdit { key, toml: toml.clone(), dry_run: true }).await;
            // Only the newest text's verdict counts.
            if text.get_untracked() == toml {
                problem.set(result.err().map(|e| e.message));
            }
        });
    });
    let save = move |_| {
        let key = key.clone();
        saving.set(true);
        spawn_local(async move {
            match call::<CatalogUpdate>(&CatalogEdit { key, toml: text.get_untracked(), dry_run: false })
                .await
            {
                Ok(saved) => {
                    context.success(format!("Saved {}.", saved.summary.key));
                    mode.set(Mode::View);
                    context.changed();
                }
                Err(error) => problem.set(Some(error.message)),
            }
            saving.set(false);
        });
    };
    view! {
        <div class="catalog-editor">
            <header class="detail-head">
                <h2>{format!("Edit {}", entry.summary.name)}</h2>
                <div class="toolbar">
                    <button class="ghost" on:click=move |_| mode.set(Mode::View)>"Cancel"</button>
                    <button class="primary" id="catalog-save" disabled=move || saving.get() || problem.get().is_some() on:click=save>
                        "Save"
                    </button>
                </div>
            </header>
            <p class="muted">
                "The item as TOML. Keep the key; duplicate the item to make a variant under a new key. "
                {(entry.summary.origin == CatalogOrigin::Builtin).then_some("Edited built-ins keep your version when Archboard ships a newer one.")}
            </p>
            <label class="sr-only" for="catalog-toml">"TOML"</label>
            <textarea
                id="catalog-toml"
                class="code-editor"
                spellcheck="false"
                aria-invalid=move || problem.get().is_some().to_string()
                aria-describedby="catalog-toml-status"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            <p id="catalog-toml-status" class=move || if problem.get().is_some() { "field-error" } else { "muted" } role="status">
                {move || problem.get().unwrap_or_else(|| "Valid.".into())}
            </p>
        </div>
    }
}

/// Exports the whole catalog: as one downloaded TOML file in a browser, into a folder chosen in
/// the native dialog on the desktop.
#[component]
fn ExportButton() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let export = move |_| {
        spawn_local(async move {
            if crate::backend::in_desktop() {
                match crate::backend::desktop_export_catalog().await {
                    Ok(Some(folder)) => context.success(format!("Exported the catalog to {folder}.")),
                    Ok(None) => {}
                    Err(error) => context.error(&error),
                }
                return;
            }
            match call::<CatalogExportAll>(&CatalogExportRequest { dir: None, single_file: true }).await {
                Ok(export) => {
                    let Some(file) = export.files.first() else { return };
                    if let Err(message) = download(&file.path, &file.content, "application/toml") {
                        context.error(&archboard_types::ApiError::internal(message));
                    } else {
                        context.success(format!("Exported {} items as {}.", export.items, file.path));
                    }
                }
                Err(error) => context.error(&error),
            }
        });
    };
    view! { <button id="catalog-export" on:click=export title="Export every catalog item as TOML, to share or import elsewhere">"Export"</button> }
}

/// Offers `content` as a file download in the browser (the desktop uses native dialogs).
pub(crate) fn download(name: &str, content: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&content.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "cannot build the file")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "cannot offer the file")?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|_| "no anchor")?.dyn_into().map_err(|_| "no anchor")?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Import TOML files: a dry run lists what each item would become, or every problem with its
/// file and line; nothing is written until the user confirms a clean preview.
#[component]
fn ImportCatalog(on_done: Callback<()>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let input = NodeRef::<leptos::html::Input>::new();
    let files = StoredValue::new(Vec::<ImportFile>::new());
    let report = RwSignal::new(None::<CatalogImportReport>);
    let preview = move |_| {
        let Some(list) = input.get_untracked().and_then(|element| element.files()) else { return };
        spawn_local(async move {
            let mut picked = Vec::new();
            for index in 0..list.length() {
                let Some(file) = list.get(index) else { continue };
                let Ok(buffer) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await else {
                    continue;
                };
                picked.push(ImportFile {
                    path: file.name(),
                    content: js_sys::Uint8Array::new(&buffer).to_vec(),
                });
            }
            match call::<CatalogImport>(&ImportRequest { files: picked.clone(), dry_run: true }).await {
                Ok(result) => report.set(Some(result)),
                Err(error) => context.error(&error),
            }
            files.set_value(picked);
        });
    };
    let apply = move |_| {
        spawn_local(async move {
            match call::<CatalogImport>(&ImportRequest { files: files.get_value(), dry_run: false }).await {
                Ok(done) if done.written => {
                    context.success(format!("Imported {} catalog items.", done.items.len()));
                    context.changed();
                    on_done.run(());
                }
                Ok(done) => report.set(Some(done)),
                Err(error) => context.error(&error),
            }
        });
    };
    view! {
        <section class="callout import-panel" aria-label="Import catalog files">
            <p>"Choose catalog TOML files (as written by Export or " <span class="mono">"archboard catalog export"</span> "). Items you already have are updated; your edits to built-ins count as edits."</p>
            <input type="file" multiple accept=".toml" node_ref=input id="catalog-import-files" on:change=preview/>
            {move || report.get().map(|report| {
                let clean = report.problems.is_empty();
                let count = |outcome| report.items.iter().filter(|i| i.outcome == outcome).count();
                view! {
                    <div class="import-preview">
                        {(!clean).then(|| view! {
                            <ul class="problems">
                                {report.problems.iter().map(|p| view! {
                                    <li class="field-error">{format!("{}{}{}: {}", p.path, p.line.map(|l| format!(":{l}")).unwrap_or_default(), p.key.as_ref().map(|k| format!(" [{k}]")).unwrap_or_default(), p.message)}</li>
                                }).collect_view()}
                            </ul>
                        })}
                        <p>{format!("{} new, {} updated, {} unchanged.", count(CatalogImportOutcome::New), count(CatalogImportOutcome::Updated), count(CatalogImportOutcome::Unchanged))}</p>
                        <div class="toolbar">
                            <button class="ghost" on:click=move |_| on_done.run(())>"Cancel"</button>
                            <button class="primary" disabled=!clean on:click=apply>"Import"</button>
                        </div>
                    </div>
                }
            })}
        </section>
    }
}
