//! The Decisions area: the sortable, filterable list; one decision with its rendered body,
//! links, status actions and history; and the create / edit form with live validation.

use crate::adr_graph::DecisionGraph;
use crate::adr_import::ImportFolder;
use crate::app::{AppContext, typing_in_field};
use crate::backend::call;
use crate::widgets::{DecisionPicker, StatusBadge, join_list, split_list};
use archboard_types::ApiError;
use archboard_types::adr::{
    Adr, AdrEdit, AdrListQuery, AdrRef, AdrSearchHit, AdrSearchQuery, AdrSort, AdrStatus, AdrSummary,
    DueForReviewQuery, LinkChange, LinkKind, MarkdownPreviewRequest, NewAdr, StatusChange, TemplateRequest,
    display_number, validate_title,
};
use archboard_types::audit::{AuditEntry, AuditQuery};
use archboard_types::endpoint::{
    AdrCreate, AdrDueForReview, AdrGet, AdrLinkAdd, AdrLinkKinds, AdrLinkRemove, AdrList, AdrSearch,
    AdrSetStatus, AdrTemplate, AdrUpdate, AuditList, MarkdownPreview,
};
use archboard_types::system::Empty;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Which screen of the Decisions area is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Screen {
    List,
    Show(u32),
    New,
    Edit(u32),
    Import,
}

#[component]
pub fn Decisions() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let screen = RwSignal::new(Screen::List);
    // The menu item and shortcut open the form, wherever the user is.
    Effect::new(move |_| {
        if context.new_decision_pending.get() {
            context.new_decision_pending.set(false);
            screen.set(Screen::New);
        }
    });
    let escape = window_event_listener(leptos::ev::keydown, move |event| {
        if event.key() == "Escape" && !typing_in_field() && screen.get_untracked() != Screen::List {
            screen.set(Screen::List);
        }
    });
    on_cleanup(move || escape.remove());

    move || match screen.get() {
        Screen::List => view! { <DecisionList screen/> }.into_any(),
        Screen::Show(number) => view! { <DecisionDetail number screen/> }.into_any(),
        Screen::New => view! { <DecisionForm editing=None screen/> }.into_any(),
        Screen::Edit(number) => view! { <DecisionForm editing=Some(number) screen/> }.into_any(),
        Screen::Import => {
            view! { <ImportFolder on_done=Callback::new(move |_| screen.set(Screen::List))/> }.into_any()
        }
    }
}

/// How the list area shows decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    Table,
    Timeline,
    Graph,
}

#[component]
fn DecisionList(screen: RwSignal<Screen>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let rows = RwSignal::new(None::<Vec<AdrSummary>>);
    let status_filter = RwSignal::new(None::<AdrStatus>);
    let tag_filter = RwSignal::new(String::new());
    let decider_filter = RwSignal::new(String::new());
    let search_text = RwSignal::new(String::new());
    let hits = RwSignal::new(None::<Vec<AdrSearchHit>>);
    let sort = RwSignal::new((AdrSort::Number, true));
    let layout = RwSignal::new(Layout::Table);
    let due = RwSignal::new(Vec::<AdrSummary>::new());

    Effect::new(move |_| {
        context.revision.track();
        let non_empty = |text: String| (!text.is_empty()).then_some(text);
        let query = AdrListQuery {
            status: status_filter.get(),
            tag: non_empty(tag_filter.get()),
            decider: non_empty(decider_filter.get()),
            sort: sort.get().0,
            descending: sort.get().1,
            limit: None,
        };
        spawn_local(async move {
            match call::<AdrList>(&query).await {
                Ok(list) => rows.set(Some(list)),
                Err(error) => context.error(&error),
            }
        });
    });

    // Filter choices come from all decisions, independent of the current filter.
    let all_tags = RwSignal::new(Vec::<String>::new());
    let all_deciders = RwSignal::new(Vec::<String>::new());
    Effect::new(move |_| {
        context.revision.track();
        spawn_local(async move {
            if let Ok(list) = call::<AdrList>(&AdrListQuery::default()).await {
                let distinct = |mut items: Vec<String>| {
                    items.sort_by_key(|s| s.to_lowercase());
                    items.dedup();
                    items
                };
                all_tags.set(distinct(list.iter().flat_map(|a| a.tags.clone()).collect()));
                all_deciders.set(distinct(list.into_iter().flat_map(|a| a.deciders).collect()));
            }
            if let Ok(list) = call::<AdrDueForReview>(&DueForReviewQuery::default()).await {
                due.set(list);
            }
        });
    });

    // Search as you type, after a short pause so each keystroke does not start a query.
    let generation = RwSignal::new(0u32);
    Effect::new(move |_| {
        let text = search_text.get();
        let current = generation.get_untracked() + 1;
        generation.set(current);
        if text.trim().is_empty() {
            hits.set(None);
            return;
        }
        set_timeout(
            move || {
                if generation.get_untracked() != current {
                    return;
                }
                spawn_local(async move {
                    match call::<AdrSearch>(&AdrSearchQuery { query: text, limit: Some(50) }).await {
                        Ok(found) if generation.get_untracked() == current => hits.set(Some(found)),
                        Ok(_) => {}
                        Err(error) if error.field.as_deref() == Some("query") => hits.set(Some(vec![])),
                        Err(error) => context.error(&error),
                    }
                });
            },
            std::time::Duration::from_millis(150),
        );
    });

    let search_input = NodeRef::<leptos::html::Input>::new();
    let focus_search = window_event_listener(leptos::ev::keydown, move |event| {
        let ctrl_k = (event.ctrl_key() || event.meta_key()) && event.key().eq_ignore_ascii_case("k");
        if ctrl_k || (event.key() == "/" && !typing_in_field()) {
            event.prevent_default();
            if let Some(input) = search_input.get_untracked() {
                let _ = input.focus();
            }
        }
    });
    on_cleanup(move || focus_search.remove());

    let filtered = move || {
        status_filter.get().is_some() || !tag_filter.get().is_empty() || !decider_filter.get().is_empty()
    };
    let clear_filters = move |_| {
        status_filter.set(None);
        tag_filter.set(String::new());
        decider_filter.set(String::new());
    };
    // A labelled select over values taken from the decisions themselves (tags, deciders).
    let choice_filter = move |id: &'static str,
                              label: &'static str,
                              any: &'static str,
                              chosen: RwSignal<String>,
                              choices: RwSignal<Vec<String>>| {
        view! {
            <label for=id>{label}</label>
            <select id=id prop:value=move || chosen.get() on:change=move |ev| chosen.set(event_target_value(&ev))>
                <option value="">{any}</option>
                {move || {
                    choices.get().into_iter().map(|t| view! { <option value=t.clone()>{t.clone()}</option> }).collect_view()
                }}
            </select>
        }
    };

    let header = move |label: &'static str, column: AdrSort| {
        let aria = move || match sort.get() {
            (c, true) if c == column => "descending",
            (c, false) if c == column => "ascending",
            _ => "none",
        };
        let arrow = move || match sort.get() {
            (c, true) if c == column => " ▼",
            (c, false) if c == column => " ▲",
            _ => "",
        };
        view! {
            <th scope="col" aria-sort=aria>
                <button
                    class="th-button"
                    on:click=move |_| {
                        sort.update(|(c, descending)| {
                            if *c == column {
                                *descending = !*descending;
                            } else {
                                *c = column;
                                *descending = false;
                            }
                        })
                    }
                >
                    {label}
                    {arrow}
                </button>
            </th>
        }
    };

    let table = move |list: Vec<AdrSummary>| {
        view! {
            <table class="data adr-list">
                <thead>
                    <tr>
                        {header("Number", AdrSort::Number)}
                        {header("Title", AdrSort::Title)}
                        {header("Status", AdrSort::Status)}
                        <th scope="col">"Tags"</th>
                        {header("Date", AdrSort::Date)}
                    </tr>
                </thead>
                <tbody>
                    {list
                        .into_iter()
                        .map(|adr| {
                            let number = adr.number;
                            view! {
                                <tr
                                    tabindex="0"
                                    data-number=number
                                    on:click=move |_| screen.set(Screen::Show(number))
                                    on:keydown=move |ev| {
                                        if ev.key() == "Enter" {
                                            screen.set(Screen::Show(number));
                                        }
                                    }
                                >
                                    <td class="mono">{display_number(number)}</td>
                                    <td class="title-cell">{adr.title}</td>
                                    <td>
                                        <StatusBadge status=adr.status/>
                                    </td>
                                    <td>
                                        {adr.tags.into_iter().map(|t| view! { <span class="tag">{t}</span> }).collect_view()}
                                    </td>
                                    <td class="mono">{adr.date.to_string()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };

    let timeline = move |mut list: Vec<AdrSummary>| {
        list.sort_by(|a, b| b.date.cmp(&a.date).then(b.number.cmp(&a.number)));
        let mut months: Vec<(String, Vec<AdrSummary>)> = Vec::new();
        for adr in list {
            let month = adr.date.format("%B %Y").to_string();
            match months.last_mut() {
                Some((last, items)) if *last == month => items.push(adr),
                _ => months.push((month, vec![adr])),
            }
        }
        view! {
            <ol class="timeline" aria-label="Decisions by date">
                {months
                    .into_iter()
                    .map(|(month, items)| {
                        view! {
                            <li class="timeline-month">
                                <h2>{month}</h2>
                                <ul>
                                    {items
                                        .into_iter()
                                        .map(|adr| {
                                            let number = adr.number;
                                            view! {
                                                <li class="timeline-item">
                                                    <span class="mono muted">{adr.date.format("%d %b").to_string()}</span>
                                                    <button class="link" on:click=move |_| screen.set(Screen::Show(number))>
                                                        {format!("{} {}", display_number(number), adr.title)}
                                                    </button>
                                                    <StatusBadge status=adr.status/>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        }
        .into_any()
    };

    let search_results = move |found: Vec<AdrSearchHit>| {
        if found.is_empty() {
            return view! {
                <div class="empty-state">
                    <h2>"No decision matches that search"</h2>
                    <p class="muted">"Search looks at titles, bodies, tags and people. Try fewer or shorter words."</p>
                </div>
            }
            .into_any();
        }
        view! {
            <ul class="search-results" aria-label="Search results">
                {found
                    .into_iter()
                    .map(|hit| {
                        let number = hit.number;
                        view! {
                            <li data-number=number>
                                <button class="result" on:click=move |_| screen.set(Screen::Show(number))>
                                    <span class="result-head">
                                        <span class="mono muted">{display_number(number)}</span>
                                        " "
                                        <strong>{hit.title}</strong>
                                        " "
                                        <StatusBadge status=hit.status/>
                                    </span>
                                    // The engine escaped the text; only its <mark> tags are markup.
                                    <span class="snippet" inner_html=hit.snippet_html></span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };

    view! {
        <section class="page">
            <header class="page-head">
                <h1>"Decisions"</h1>
                <div class="toolbar">
                    <label class="sr-only" for="adr-search">
                        "Search decisions"
                    </label>
                    <input
                        id="adr-search"
                        type="search"
                        placeholder="Search…  ( / or Ctrl+K )"
                        node_ref=search_input
                        prop:value=move || search_text.get()
                        on:input=move |ev| search_text.set(event_target_value(&ev))
                    />
                    <button id="import-folder-open" on:click=move |_| screen.set(Screen::Import)>
                        "Import folder…"
                    </button>
                    <button class="primary" id="new-decision" title="New decision (N)" on:click=move |_| screen.set(Screen::New)>
                        "New decision"
                    </button>
                </div>
            </header>
            {move || {
                let due_now = due.get();
                (!due_now.is_empty())
                    .then(|| {
                        view! {
                            <aside class="callout" aria-label="Due for review">
                                <strong>
                                    {format!(
                                        "{} {} due for review",
                                        due_now.len(),
                                        if due_now.len() == 1 { "decision is" } else { "decisions are" },
                                    )}
                                </strong>
                                {due_now
                                    .into_iter()
                                    .map(|adr| {
                                        let number = adr.number;
                                        view! {
                                            <button class="link" on:click=move |_| screen.set(Screen::Show(number))>
                                                {format!(
                                                    "{} (revisit by {})",
                                                    display_number(number),
                                                    adr.revisit_by.map(|d| d.to_string()).unwrap_or_default(),
                                                )}
                                            </button>
                                        }
                                    })
                                    .collect_view()}
                            </aside>
                        }
                    })
            }}
            <Show when=move || hits.get().is_none()>
                <div class="toolbar filters" role="group" aria-label="Filters">
                    <label for="adr-filter-status">"Status"</label>
                    <select
                        id="adr-filter-status"
                        prop:value=move || status_filter.get().map(|s| s.as_str()).unwrap_or("").to_owned()
                        on:change=move |ev| status_filter.set(event_target_value(&ev).parse().ok())
                    >
                        <option value="">"All"</option>
                        {AdrStatus::ALL
                            .into_iter()
                            .map(|s| view! { <option value=s.as_str()>{s.as_str()}</option> })
                            .collect_view()}
                    </select>
                    {choice_filter("adr-filter-tag", "Tag", "All", tag_filter, all_tags)}
                    {choice_filter("adr-filter-decider", "Decider", "Anyone", decider_filter, all_deciders)}
                    <div class="segmented" role="group" aria-label="Layout">
                        {[(Layout::Table, "table", "Table"), (Layout::Timeline, "timeline", "Timeline"), (Layout::Graph, "graph", "Graph")]
                            .into_iter()
                            .map(|(choice, id, label)| {
                                view! {
                                    <button
                                        id=format!("layout-{id}")
                                        aria-pressed=move || (layout.get() == choice).to_string()
                                        on:click=move |_| layout.set(choice)
                                    >
                                        {label}
                                    </button>
                                }
                            })
                            .collect_view()}
                    </div>
                </div>
            </Show>
            {move || match (hits.get(), rows.get()) {
                (Some(found), _) => search_results(found),
                (None, None) => view! { <p class="muted">"Loading decisions…"</p> }.into_any(),
                (None, Some(list)) if list.is_empty() && !filtered() => {
                    view! {
                        <div class="empty-state">
                            <div class="empty-icon" aria-hidden="true">"◆"</div>
                            <h2>"No decisions recorded yet"</h2>
                            <p>
                                "An Architecture Decision Record captures one significant choice, its context and its consequences. Start with the decision your team argues about most."
                            </p>
                            <button class="primary" on:click=move |_| screen.set(Screen::New)>
                                "Record the first decision (N)"
                            </button>
                        </div>
                    }
                        .into_any()
                }
                (None, Some(list)) if list.is_empty() => {
                    view! {
                        <div class="empty-state">
                            <h2>"No decisions match these filters"</h2>
                            <button on:click=clear_filters>"Clear filters"</button>
                        </div>
                    }
                        .into_any()
                }
                (None, Some(list)) => match layout.get() {
                    Layout::Table => table(list),
                    Layout::Timeline => timeline(list),
                    Layout::Graph => {
                        view! {
                            <DecisionGraph on_open=Callback::new(move |number| screen.set(Screen::Show(number)))/>
                        }
                            .into_any()
                    }
                },
            }}
        </section>
    }
}

#[component]
fn DecisionDetail(number: u32, screen: RwSignal<Screen>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let adr = RwSignal::new(None::<Adr>);
    let history = RwSignal::new(Vec::<AuditEntry>::new());
    let candidates = RwSignal::new(Vec::<AdrSummary>::new());
    let successor = RwSignal::new(String::new());
    let choosing_successor = RwSignal::new(false);
    let kinds = RwSignal::new(Vec::<LinkKind>::new());
    let adding_link = RwSignal::new(false);
    let new_link_kind = RwSignal::new("relates-to".to_owned());
    let new_link_target = RwSignal::new(String::new());

    Effect::new(move |_| {
        context.revision.track();
        spawn_local(async move {
            match call::<AdrGet>(&AdrRef { number }).await {
                Ok(loaded) => adr.set(Some(loaded)),
                Err(error) => {
                    context.error(&error);
                    screen.set(Screen::List);
                }
            }
            let query = AuditQuery {
                entity: Some("adr".into()),
                entity_id: Some(number.to_string()),
                limit: Some(50),
            };
            if let Ok(entries) = call::<AuditList>(&query).await {
                history.set(entries);
            }
        });
    });

    let change_status = move |status: AdrStatus, superseded_by: Option<u32>| {
        spawn_local(async move {
            match call::<AdrSetStatus>(&StatusChange { number, status, superseded_by }).await {
                Ok(updated) => {
                    context.success(format!("{} is now {}.", display_number(number), updated.status));
                    choosing_successor.set(false);
                    context.changed();
                }
                Err(error) => context.error(&error),
            }
        });
    };
    let load_candidates = move || {
        spawn_local(async move {
            if let Ok(list) = call::<AdrList>(&AdrListQuery::default()).await {
                candidates.set(list.into_iter().filter(|a| a.number != number).collect());
            }
            if let Ok(list) = call::<AdrLinkKinds>(&Empty {}).await {
                kinds.set(list.into_iter().filter(|k| k.kind != "supersedes").collect());
            }
        });
    };
    let add_link = move || {
        let Ok(to) = new_link_target.get_untracked().parse::<u32>() else { return };
        let change = LinkChange {
            from: number,
            kind: new_link_kind.get_untracked(),
            to,
            forward: None,
            inverse: None,
        };
        spawn_local(async move {
            match call::<AdrLinkAdd>(&change).await {
                Ok(_) => {
                    adding_link.set(false);
                    context.success(format!("Linked {} and {}.", display_number(number), display_number(to)));
                    context.changed();
                }
                Err(error) => context.error(&error),
            }
        });
    };
    let remove_link = move |from: u32, kind: String, to: u32| {
        spawn_local(async move {
            match call::<AdrLinkRemove>(&LinkChange { from, kind, to, forward: None, inverse: None }).await {
                Ok(_) => {
                    context.success("Link removed.");
                    context.changed();
                }
                Err(error) => context.error(&error),
            }
        });
    };
    let start_supersede = move || {
        choosing_successor.set(true);
        load_candidates();
    };

    move || {
        let Some(current) = adr.get() else {
            return view! { <p class="muted">"Loading…"</p> }.into_any();
        };
        let links = current
            .links
            .iter()
            .map(|link| {
                let other = link.number;
                let (from, to) = if link.outgoing { (number, other) } else { (other, number) };
                let kind = link.kind.clone();
                let removable = link.kind != "supersedes";
                view! {
                    <div class="meta-row link-row">
                        <span class="meta-label">{link.label.clone()}</span>
                        <button class="link" on:click=move |_| screen.set(Screen::Show(other))>
                            {format!("{} {}", display_number(other), link.title.clone())}
                        </button>
                        {removable
                            .then(|| {
                                view! {
                                    <button
                                        class="ghost small"
                                        aria-label=format!("Remove the link to {}", display_number(other))
                                        on:click=move |_| remove_link(from, kind.clone(), to)
                                    >
                                        "×"
                                    </button>
                                }
                            })}
                    </div>
                }
            })
            .collect_view();
        let confirmation = current.confirmation_html.clone().map(|html| {
            view! {
                <section class="confirmation" aria-label="Confirmation">
                    <h2>"Confirmation"</h2>
                    <div class="markdown-inline" inner_html=html></div>
                </section>
            }
        });
        let people = |label: &'static str, names: Vec<String>| {
            (!names.is_empty()).then(|| {
                view! {
                    <div class="meta-row">
                        <span class="meta-label">{label}</span>
                        <span>{join_list(&names)}</span>
                    </div>
                }
            })
        };
        let actions = current
            .status
            .allowed_next()
            .iter()
            .copied()
            .map(|next| {
                let label = match next {
                    AdrStatus::Accepted => "Accept",
                    AdrStatus::Rejected => "Reject",
                    AdrStatus::Deprecated => "Deprecate",
                    AdrStatus::Superseded => "Supersede…",
                    AdrStatus::Proposed => "Propose",
                };
                view! {
                    <button
                        data-status=next.as_str()
                        class=if next == AdrStatus::Accepted { "primary" } else { "" }
                        on:click=move |_| {
                            if next == AdrStatus::Superseded { start_supersede() } else { change_status(next, None) }
                        }
                    >
                        {label}
                    </button>
                }
            })
            .collect_view();
        view! {
            <section class="page">
                <header class="page-head">
                    <button class="ghost" on:click=move |_| screen.set(Screen::List) title="Back to the list (Esc)">
                        "← Decisions"
                    </button>
                    <div class="toolbar">
                        <button id="edit-decision" on:click=move |_| screen.set(Screen::Edit(number))>
                            "Edit"
                        </button>
                        {actions}
                    </div>
                </header>
                <h1 class="adr-title">
                    <span class="mono muted">{display_number(current.number)}</span>
                    " "
                    {current.title.clone()}
                    " "
                    <StatusBadge status=current.status/>
                </h1>
                <Show when=move || choosing_successor.get()>
                    <div class="inline-form" role="group" aria-label="Choose the successor">
                        <label for="successor">"Superseded by"</label>
                        <DecisionPicker id="successor" choices=candidates selected=successor/>
                        <button
                            class="primary"
                            id="confirm-supersede"
                            disabled=move || successor.get().is_empty()
                            on:click=move |_| {
                                change_status(AdrStatus::Superseded, successor.get_untracked().parse().ok())
                            }
                        >
                            "Mark superseded"
                        </button>
                        <button class="ghost" on:click=move |_| choosing_successor.set(false)>
                            "Cancel"
                        </button>
                    </div>
                </Show>
                <div class="meta">
                    <div class="meta-row">
                        <span class="meta-label">"Date"</span>
                        <span>{current.date.to_string()}</span>
                    </div>
                    {people("Deciders", current.deciders.clone())}
                    {people("Consulted", current.consulted.clone())}
                    {people("Informed", current.informed.clone())}
                    {people("Tags", current.tags.clone())}
                    {current
                        .revisit_by
                        .map(|date| {
                            view! {
                                <div class="meta-row">
                                    <span class="meta-label">"Revisit by"</span>
                                    <span>{date.to_string()}</span>
                                </div>
                            }
                        })}
                    {links}
                    <div class="meta-row">
                        <span class="meta-label"></span>
                        <Show
                            when=move || adding_link.get()
                            fallback=move || {
                                view! {
                                    <button
                                        class="ghost small"
                                        id="add-link"
                                        on:click=move |_| {
                                            load_candidates();
                                            adding_link.set(true);
                                        }
                                    >
                                        "+ Link to another decision"
                                    </button>
                                }
                            }
                        >
                            <div class="inline-form" role="group" aria-label="Add a link">
                                <label class="sr-only" for="link-kind">"Link kind"</label>
                                <select id="link-kind" on:change=move |ev| new_link_kind.set(event_target_value(&ev))>
                                    {move || {
                                        kinds
                                            .get()
                                            .into_iter()
                                            .map(|k| {
                                                let selected = k.kind == new_link_kind.get_untracked();
                                                view! {
                                                    <option value=k.kind.clone() selected=selected>
                                                        {k.forward.clone()}
                                                    </option>
                                                }
                                            })
                                            .collect_view()
                                    }}
                                </select>
                                <label class="sr-only" for="link-target">"Decision"</label>
                                <DecisionPicker id="link-target" choices=candidates selected=new_link_target/>
                                <button
                                    class="primary"
                                    id="confirm-link"
                                    disabled=move || new_link_target.get().is_empty()
                                    on:click=move |_| add_link()
                                >
                                    "Link"
                                </button>
                                <button class="ghost" on:click=move |_| adding_link.set(false)>
                                    "Cancel"
                                </button>
                            </div>
                        </Show>
                    </div>
                </div>
                {confirmation}
                <article class="markdown" inner_html=current.body_html.clone()></article>
                <details class="history">
                    <summary>{move || format!("History ({} changes)", history.get().len())}</summary>
                    <ul>
                        {move || {
                            history
                                .get()
                                .into_iter()
                                .map(|entry| {
                                    view! {
                                        <li>
                                            <span class="mono">{entry.at.format("%Y-%m-%d %H:%M UTC").to_string()}</span>
                                            " · "
                                            {entry.action}
                                            " · "
                                            <span class="muted">{entry.actor}</span>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                </details>
            </section>
        }
            .into_any()
    }
}

#[component]
fn DecisionForm(editing: Option<u32>, screen: RwSignal<Screen>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let title = RwSignal::new(String::new());
    let title_touched = RwSignal::new(false);
    let date = RwSignal::new(String::new());
    let revisit_by = RwSignal::new(String::new());
    let tags = RwSignal::new(String::new());
    let deciders = RwSignal::new(String::new());
    let consulted = RwSignal::new(String::new());
    let informed = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let preview = RwSignal::new(None::<String>);
    let server_error = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);

    // Fill the form: the template for a new decision, the stored values for an edit.
    spawn_local(async move {
        match editing {
            None => {
                if let Ok(template) = call::<AdrTemplate>(&TemplateRequest::default()).await {
                    body.set(template.markdown);
                }
            }
            Some(number) => match call::<AdrGet>(&AdrRef { number }).await {
                Ok(adr) => {
                    title.set(adr.title);
                    date.set(adr.date.to_string());
                    revisit_by.set(adr.revisit_by.map(|d| d.to_string()).unwrap_or_default());
                    tags.set(join_list(&adr.tags));
                    deciders.set(join_list(&adr.deciders));
                    consulted.set(join_list(&adr.consulted));
                    informed.set(join_list(&adr.informed));
                    body.set(adr.body_markdown);
                }
                Err(error) => {
                    context.error(&error);
                    screen.set(Screen::List);
                }
            },
        }
    });

    let title_error = move || {
        let local = validate_title(&title.get()).err();
        let remote = server_error.get().filter(|e| e.field.as_deref() == Some("title")).map(|e| e.message);
        if title_touched.get() { local.or(remote) } else { remote }
    };
    let field_error = move |field: &'static str| {
        move || server_error.get().filter(|e| e.field.as_deref() == Some(field)).map(|e| e.message)
    };

    let save = move || {
        title_touched.set(true);
        if validate_title(&title.get_untracked()).is_err() || saving.get_untracked() {
            return;
        }
        let parsed_date = match date.get_untracked().trim() {
            "" => None,
            text => match text.parse() {
                Ok(d) => Some(d),
                Err(_) => {
                    server_error.set(Some(ApiError::validation("date", "Use a date like 2026-11-23.")));
                    return;
                }
            },
        };
        let parsed_revisit = match revisit_by.get_untracked().trim() {
            "" => None,
            text => match text.parse() {
                Ok(d) => Some(d),
                Err(_) => {
                    server_error.set(Some(ApiError::validation("revisit_by", "Use a date like 2027-06-30.")));
                    return;
                }
            },
        };
        saving.set(true);
        spawn_local(async move {
            let result = match editing {
                None => {
                    call::<AdrCreate>(&NewAdr {
                        title: title.get_untracked(),
                        body_markdown: Some(body.get_untracked()),
                        date: parsed_date,
                        deciders: split_list(&deciders.get_untracked()),
                        consulted: split_list(&consulted.get_untracked()),
                        informed: split_list(&informed.get_untracked()),
                        tags: split_list(&tags.get_untracked()),
                        revisit_by: parsed_revisit,
                    })
                    .await
                }
                Some(number) => {
                    call::<AdrUpdate>(&AdrEdit {
                        number,
                        title: title.get_untracked(),
                        body_markdown: body.get_untracked(),
                        date: parsed_date,
                        deciders: split_list(&deciders.get_untracked()),
                        consulted: split_list(&consulted.get_untracked()),
                        informed: split_list(&informed.get_untracked()),
                        tags: split_list(&tags.get_untracked()),
                        revisit_by: parsed_revisit,
                    })
                    .await
                }
            };
            saving.set(false);
            match result {
                Ok(adr) => {
                    let verb = if editing.is_some() { "Saved" } else { "Created" };
                    context.success(format!("{verb} {}.", display_number(adr.number)));
                    context.changed();
                    screen.set(Screen::Show(adr.number));
                }
                Err(error) => {
                    if error.field.is_none() {
                        context.error(&error);
                    }
                    server_error.set(Some(error));
                }
            }
        });
    };
    let cancel = move || match editing {
        Some(number) => screen.set(Screen::Show(number)),
        None => screen.set(Screen::List),
    };
    let toggle_preview = move |_| {
        if preview.get_untracked().is_some() {
            preview.set(None);
            return;
        }
        spawn_local(async move {
            match call::<MarkdownPreview>(&MarkdownPreviewRequest { markdown: body.get_untracked() }).await {
                Ok(rendered) => preview.set(Some(rendered.html)),
                Err(error) => context.error(&error),
            }
        });
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && (ev.key() == "Enter" || ev.key().eq_ignore_ascii_case("s")) {
            ev.prevent_default();
            save();
        } else if ev.key() == "Escape" {
            ev.prevent_default();
            cancel();
        }
    };

    let heading = match editing {
        Some(number) => format!("Edit {}", display_number(number)),
        None => "New decision".to_owned(),
    };
    let text_field = move |id: &'static str,
                           label: &'static str,
                           hint: &'static str,
                           value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id type="text" placeholder=hint prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
        }
    };

    view! {
        <section class="page" on:keydown=on_keydown>
            <header class="page-head">
                <h1>{heading}</h1>
                <div class="toolbar">
                    <button class="ghost" on:click=move |_| cancel() title="Cancel (Esc)">
                        "Cancel"
                    </button>
                    <button
                        class="primary"
                        id="adr-save"
                        title="Save (Ctrl+Enter)"
                        disabled=move || saving.get() || (title_touched.get() && validate_title(&title.get()).is_err())
                        on:click=move |_| save()
                    >
                        {move || if saving.get() { "Saving…" } else { "Save" }}
                    </button>
                </div>
            </header>
            <form class="form" on:submit=move |ev| {
                ev.prevent_default();
                save();
            }>
                <div class="field" class:invalid=move || title_error().is_some()>
                    <label for="adr-title">"Title"</label>
                    <input
                        id="adr-title"
                        type="text"
                        required=true
                        autofocus=true
                        placeholder="Use SQLite as the local store"
                        aria-invalid=move || title_error().is_some().to_string()
                        aria-describedby="adr-title-error"
                        prop:value=move || title.get()
                        on:input=move |ev| {
                            title.set(event_target_value(&ev));
                            title_touched.set(true);
                        }
                    />
                    <p class="field-error" id="adr-title-error" aria-live="polite">
                        {title_error}
                    </p>
                </div>
                <div class="field-grid">
                    <div class="field">
                        <label for="adr-date">"Date"</label>
                        <input id="adr-date" type="date" prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev))/>
                        <p class="field-error">{field_error("date")}</p>
                    </div>
                    <div class="field">
                        <label for="adr-revisit">"Revisit by"</label>
                        <input id="adr-revisit" type="date" prop:value=move || revisit_by.get() on:input=move |ev| revisit_by.set(event_target_value(&ev))/>
                        <p class="field-error">{field_error("revisit_by")}</p>
                    </div>
                    {text_field("adr-tags", "Tags", "storage, serving", tags)}
                    {text_field("adr-deciders", "Deciders", "names, comma separated", deciders)}
                    {text_field("adr-consulted", "Consulted", "names, comma separated", consulted)}
                    {text_field("adr-informed", "Informed", "names, comma separated", informed)}
                </div>
                <div class="field">
                    <div class="field-head">
                        <label for="adr-body">"Decision record (Markdown, MADR 4 layout)"</label>
                        <button type="button" class="ghost" id="adr-preview" on:click=toggle_preview>
                            {move || if preview.get().is_some() { "Edit text" } else { "Preview" }}
                        </button>
                    </div>
                    {move || match preview.get() {
                        Some(html) => view! { <article class="markdown preview" inner_html=html></article> }.into_any(),
                        None => {
                            view! {
                                <textarea
                                    id="adr-body"
                                    rows="22"
                                    spellcheck="true"
                                    prop:value=move || body.get()
                                    on:input=move |ev| body.set(event_target_value(&ev))
                                ></textarea>
                            }
                                .into_any()
                        }
                    }}
                    <p class="field-error">{field_error("body_markdown")}</p>
                </div>
            </form>
        </section>
    }
}
