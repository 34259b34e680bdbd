//! The Decisions area: the sortable, filterable list; one decision with its rendered body,
//! links, status actions and history; and the create / edit form with live validation.

use crate::app::{AppContext, typing_in_field};
use crate::backend::call;
use crate::widgets::{StatusBadge, join_list, split_list};
use archboard_types::ApiError;
use archboard_types::adr::{
    Adr, AdrEdit, AdrListQuery, AdrRef, AdrSort, AdrStatus, AdrSummary, MarkdownPreviewRequest, NewAdr,
    StatusChange, TemplateRequest, display_number, validate_title,
};
use archboard_types::audit::{AuditEntry, AuditQuery};
use archboard_types::endpoint::{
    AdrCreate, AdrGet, AdrList, AdrSetStatus, AdrTemplate, AdrUpdate, AuditList, MarkdownPreview,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Which screen of the Decisions area is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Screen {
    List,
    Show(u32),
    New,
    Edit(u32),
}

#[component]
pub fn Decisions() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let screen = RwSignal::new(Screen::List);
    // The menu item and shortcut open the form, wherever the user is.
    Effect::new(move |previous: Option<u32>| {
        let requests = context.new_decision_requests.get();
        if previous.is_some_and(|p| p != requests) || (previous.is_none() && requests > 0) {
            screen.set(Screen::New);
        }
        requests
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
    }
}

#[component]
fn DecisionList(screen: RwSignal<Screen>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let rows = RwSignal::new(None::<Vec<AdrSummary>>);
    let status_filter = RwSignal::new(None::<AdrStatus>);
    let tag_filter = RwSignal::new(String::new());
    let text_filter = RwSignal::new(String::new());
    let sort = RwSignal::new((AdrSort::Number, true));

    Effect::new(move |_| {
        context.revision.track();
        let tag = tag_filter.get();
        let query = AdrListQuery {
            status: status_filter.get(),
            tag: (!tag.is_empty()).then_some(tag),
            sort: sort.get().0,
            descending: sort.get().1,
        };
        spawn_local(async move {
            match call::<AdrList>(&query).await {
                Ok(list) => rows.set(Some(list)),
                Err(error) => context.error(&error),
            }
        });
    });

    // Tags offered in the filter come from all decisions, independent of the current filter.
    let all_tags = RwSignal::new(Vec::<String>::new());
    Effect::new(move |_| {
        context.revision.track();
        spawn_local(async move {
            if let Ok(list) = call::<AdrList>(&AdrListQuery::default()).await {
                let mut tags: Vec<String> = list.into_iter().flat_map(|a| a.tags).collect();
                tags.sort();
                tags.dedup();
                all_tags.set(tags);
            }
        });
    });

    let filter_input = NodeRef::<leptos::html::Input>::new();
    let slash = window_event_listener(leptos::ev::keydown, move |event| {
        if event.key() == "/" && !typing_in_field() {
            event.prevent_default();
            if let Some(input) = filter_input.get_untracked() {
                let _ = input.focus();
            }
        }
    });
    on_cleanup(move || slash.remove());

    let visible = move || {
        let needle = text_filter.get().to_lowercase();
        rows.get().map(|list| {
            list.into_iter()
                .filter(|a| {
                    needle.is_empty()
                        || a.title.to_lowercase().contains(&needle)
                        || display_number(a.number).to_lowercase().contains(&needle)
                })
                .collect::<Vec<_>>()
        })
    };
    let filtered = move || {
        status_filter.get().is_some() || !tag_filter.get().is_empty() || !text_filter.get().is_empty()
    };
    let clear_filters = move |_| {
        status_filter.set(None);
        tag_filter.set(String::new());
        text_filter.set(String::new());
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

    view! {
        <section class="page">
            <header class="page-head">
                <h1>"Decisions"</h1>
                <div class="toolbar">
                    <label class="sr-only" for="adr-filter-text">
                        "Filter by title or number"
                    </label>
                    <input
                        id="adr-filter-text"
                        type="search"
                        placeholder="Filter…  ( / )"
                        node_ref=filter_input
                        prop:value=move || text_filter.get()
                        on:input=move |ev| text_filter.set(event_target_value(&ev))
                    />
                    <label class="sr-only" for="adr-filter-status">
                        "Status"
                    </label>
                    <select
                        id="adr-filter-status"
                        prop:value=move || status_filter.get().map(|s| s.as_str()).unwrap_or("").to_owned()
                        on:change=move |ev| status_filter.set(event_target_value(&ev).parse().ok())
                    >
                        <option value="">"All statuses"</option>
                        {AdrStatus::ALL
                            .into_iter()
                            .map(|s| view! { <option value=s.as_str()>{s.as_str()}</option> })
                            .collect_view()}
                    </select>
                    <label class="sr-only" for="adr-filter-tag">
                        "Tag"
                    </label>
                    <select
                        id="adr-filter-tag"
                        prop:value=move || tag_filter.get()
                        on:change=move |ev| tag_filter.set(event_target_value(&ev))
                    >
                        <option value="">"All tags"</option>
                        {move || {
                            all_tags
                                .get()
                                .into_iter()
                                .map(|t| view! { <option value=t.clone()>{t.clone()}</option> })
                                .collect_view()
                        }}
                    </select>
                    <button class="primary" id="new-decision" title="New decision (N)" on:click=move |_| screen.set(Screen::New)>
                        "New decision"
                    </button>
                </div>
            </header>
            {move || match visible() {
                None => view! { <p class="muted">"Loading decisions…"</p> }.into_any(),
                Some(list) if list.is_empty() && !filtered() => {
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
                Some(list) if list.is_empty() => {
                    view! {
                        <div class="empty-state">
                            <h2>"No decisions match these filters"</h2>
                            <button on:click=clear_filters>"Clear filters"</button>
                        </div>
                    }
                        .into_any()
                }
                Some(list) => {
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
                                                    {adr
                                                        .tags
                                                        .into_iter()
                                                        .map(|t| view! { <span class="tag">{t}</span> })
                                                        .collect_view()}
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
                }
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
    let start_supersede = move || {
        choosing_successor.set(true);
        spawn_local(async move {
            if let Ok(list) = call::<AdrList>(&AdrListQuery::default()).await {
                candidates.set(list.into_iter().filter(|a| a.number != number).collect());
            }
        });
    };

    move || {
        let Some(current) = adr.get() else {
            return view! { <p class="muted">"Loading…"</p> }.into_any();
        };
        let links = |label: &'static str, numbers: Vec<u32>| {
            (!numbers.is_empty()).then(|| {
                view! {
                    <div class="meta-row">
                        <span class="meta-label">{label}</span>
                        {numbers
                            .into_iter()
                            .map(|n| {
                                view! {
                                    <button class="link" on:click=move |_| screen.set(Screen::Show(n))>
                                        {display_number(n)}
                                    </button>
                                }
                            })
                            .collect_view()}
                    </div>
                }
            })
        };
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
                        <select id="successor" on:change=move |ev| successor.set(event_target_value(&ev))>
                            <option value="">"Choose a decision…"</option>
                            {move || {
                                candidates
                                    .get()
                                    .into_iter()
                                    .map(|a| {
                                        view! {
                                            <option value=a.number.to_string()>
                                                {format!("{} {}", display_number(a.number), a.title)}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </select>
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
                    {links("Supersedes", current.supersedes.clone())}
                    {links("Superseded by", current.superseded_by.clone())}
                </div>
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
