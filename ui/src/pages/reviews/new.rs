//! The new review form at `/reviews/new` (`?system=KEY` chooses the system): system, kind,
//! the checklist templates that have at least one item for the system's risk tier (none ticked
//! takes the kind's defaults), title and sign-offs. Created, it opens the working view.

use super::AreaLinks;
use crate::backend::call;
use crate::components::notifications::use_notifier;
use crate::components::widgets::{Nav, TierBadge};
use crate::data::{Topic, field_message, use_form_mutation, use_query};
use crate::logic::lists::split_list;
use crate::logic::people_form::toggle;
use crate::logic::reviews::{REVIEWS_PATH, review_path, template_fit};
use archboard_types::catalog::{CatalogItem, CatalogKind, CatalogListQuery, CatalogRef, Checklist};
use archboard_types::endpoint as api;
use archboard_types::people::SystemListQuery;
use archboard_types::review::{NewReview as NewReviewRequest, Review, ReviewKind};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The fields this form shows errors beside.
const FIELDS: [&str; 5] = ["system", "kind", "templates", "title", "signoffs"];

#[component]
pub fn NewReview() -> impl IntoView {
    let nav = Nav::new();
    let notifier = use_notifier();
    let query = use_query_map();
    let system = RwSignal::new(query.with_untracked(|q| q.get("system")).unwrap_or_default());
    let kind = RwSignal::new(ReviewKind::ProductionReadiness);
    let templates = RwSignal::new(Vec::<String>::new());
    let title = RwSignal::new(String::new());
    let signoffs = RwSignal::new(String::new());

    let systems = use_query::<api::SystemList>(&[Topic::Teams], || Some(SystemListQuery::default()));
    let checklists = use_query::<api::CatalogList>(&[Topic::Catalog], || {
        Some(CatalogListQuery { kind: Some(CatalogKind::Checklist), search: None })
    });
    // The list says nothing of tiers, so each checklist is read whole (catalogs hold a handful).
    let details = LocalResource::new(move || {
        let keys: Vec<String> = checklists.ok().unwrap_or_default().into_iter().map(|c| c.key).collect();
        async move {
            let mut found = Vec::new();
            for key in keys {
                if let Ok(entry) = call::<api::CatalogGet>(&CatalogRef { key }).await
                    && let CatalogItem::Checklist(checklist) = entry.item
                {
                    found.push(checklist);
                }
            }
            found
        }
    });
    let chosen_system = move || systems.ok().unwrap_or_default().into_iter().find(|s| s.key == system.get());
    // With a system chosen, only the templates with an item for its tier; before that, all.
    let offered = move || -> Vec<(Checklist, usize)> {
        let tier = chosen_system().map(|s| s.tier);
        details
            .get()
            .unwrap_or_default()
            .into_iter()
            .filter_map(|checklist| match tier {
                Some(tier) => {
                    let (applicable, _) = template_fit(&checklist, tier);
                    (applicable > 0).then_some((checklist, applicable))
                }
                None => {
                    let total = checklist.items.len();
                    Some((checklist, total))
                }
            })
            .collect()
    };

    let create = use_form_mutation::<api::ReviewCreate>(&[Topic::Reviews]);
    create.on_success(move |review: Review| {
        notifier.success(format!("Started review R{}: {}.", review.id, review.title));
        nav.go(&review_path(review.id));
    });
    let field_error = move |field: &'static str| move || field_message(create.error(), field);
    let other_error = move || {
        create.error().filter(|e| e.field.as_deref().is_some_and(|f| !FIELDS.contains(&f))).map(|e| e.message)
    };
    let submit = move || {
        if create.pending() {
            return;
        }
        // Only templates still offered for the chosen system count.
        let shown: Vec<String> = offered().into_iter().map(|(c, _)| c.key).collect();
        let chosen: Vec<String> =
            templates.get_untracked().into_iter().filter(|t| shown.contains(t)).collect();
        let roles = split_list(&signoffs.get_untracked());
        create.run(NewReviewRequest {
            system: system.get_untracked(),
            kind: kind.get_untracked(),
            templates: chosen,
            title: title.get_untracked().trim().to_owned(),
            signoffs: (!roles.is_empty()).then_some(roles),
        });
    };
    let title_hint = move || match chosen_system() {
        Some(s) => format!("{}: {}", kind.get().label(), s.name),
        None => format!("{}: …", kind.get().label()),
    };
    let defaults = move || {
        let names = kind.get().default_templates();
        if names.is_empty() {
            "This kind has no default template: tick at least one.".to_owned()
        } else {
            format!("None ticked takes this kind's defaults: {}.", names.join(", "))
        }
    };

    view! {
        <section class="page review-new">
            <header class="page-head">
                <h1>"New review"</h1>
                <div class="toolbar">
                    <AreaLinks/>
                    <button class="ghost" on:click=move |_| nav.go(REVIEWS_PATH)>"Cancel"</button>
                    <button
                        class="primary"
                        id="review-create"
                        data-testid="review-create"
                        disabled=move || create.pending() || system.with(String::is_empty)
                        on:click=move |_| submit()
                    >
                        {move || if create.pending() { "Starting…" } else { "Start review" }}
                    </button>
                </div>
            </header>
            {move || other_error().map(|message| view! { <p class="callout warn" role="alert">{message}</p> })}
            <form class="form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <div class="field-grid">
                    <div class="field" class:invalid=move || field_error("system")().is_some()>
                        <label for="review-system">"System"</label>
                        <select
                            id="review-system"
                            data-testid="review-system"
                            on:change=move |ev| system.set(event_target_value(&ev))
                        >
                            <option value="" selected=move || system.with(String::is_empty)>"Choose a system…"</option>
                            {move || {
                                systems
                                    .ok()
                                    .unwrap_or_default()
                                    .into_iter()
                                    .map(|s| {
                                        let key = s.key.clone();
                                        view! {
                                            <option value=s.key.clone() selected=move || system.with(|v| *v == key)>
                                                {format!("{} ({}) — {}", s.name, s.key, s.tier.label())}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </select>
                        {move || chosen_system().map(|s| view! {
                            <p class="muted">"Team " {s.team.clone()} " · " <TierBadge tier=s.tier/></p>
                        })}
                        <p class="field-error">{field_error("system")}</p>
                    </div>
                    <div class="field" class:invalid=move || field_error("kind")().is_some()>
                        <label for="review-kind">"Kind"</label>
                        <select
                            id="review-kind"
                            data-testid="review-kind"
                            prop:value=move || kind.get().as_str()
                            on:change=move |ev| {
                                if let Ok(chosen) = event_target_value(&ev).parse::<ReviewKind>() {
                                    kind.set(chosen);
                                }
                            }
                        >
                            {ReviewKind::ALL.iter().map(|k| view! { <option value=k.as_str()>{k.label()}</option> }).collect_view()}
                        </select>
                        <p class="muted">{move || format!("Sign-offs by default: {}.", kind.get().default_signoffs().join(", "))}</p>
                        <p class="field-error">{field_error("kind")}</p>
                    </div>
                    <div class="field" class:invalid=move || field_error("title")().is_some()>
                        <label for="review-title">"Title"</label>
                        <input
                            id="review-title"
                            data-testid="review-title"
                            type="text"
                            placeholder=title_hint
                            prop:value=move || title.get()
                            on:input=move |ev| title.set(event_target_value(&ev))
                        />
                        <p class="muted">"Empty takes the placeholder."</p>
                        <p class="field-error">{field_error("title")}</p>
                    </div>
                    <div class="field" class:invalid=move || field_error("signoffs")().is_some()>
                        <label for="review-signoffs">"Required sign-offs"</label>
                        <input
                            id="review-signoffs"
                            data-testid="review-signoffs"
                            type="text"
                            placeholder=move || kind.get().default_signoffs().join(", ")
                            prop:value=move || signoffs.get()
                            on:input=move |ev| signoffs.set(event_target_value(&ev))
                        />
                        <p class="muted">"Comma-separated roles; empty takes the kind's defaults."</p>
                        <p class="field-error">{field_error("signoffs")}</p>
                    </div>
                </div>
                <fieldset class="review-templates" class:invalid=move || field_error("templates")().is_some()>
                    <legend>"Checklist templates"</legend>
                    <p class="muted">{defaults}</p>
                    {move || match details.get() {
                        None => view! { <p class="muted">"Loading checklists…"</p> }.into_any(),
                        Some(_) => {
                            let rows = offered();
                            if rows.is_empty() {
                                return view! {
                                    <p class="muted" data-testid="review-template-none">
                                        "No checklist has an item for this system's tier."
                                    </p>
                                }
                                .into_any();
                            }
                            let tier = chosen_system().map(|s| s.tier);
                            view! {
                                <div class="check-list" role="group" aria-label="Checklist templates">
                                    {rows
                                        .into_iter()
                                        .map(|(checklist, count)| {
                                            let key = checklist.key.clone();
                                            let ticked = key.clone();
                                            let id = format!("review-template-{}", key.replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
                                            let hint = match tier {
                                                Some(tier) => format!("{count} of {} items for {} · v{}", checklist.items.len(), tier.label(), checklist.version),
                                                None => format!("{count} items · v{}", checklist.version),
                                            };
                                            let label_for = id.clone();
                                            view! {
                                                <label class="check" for=label_for>
                                                    <input
                                                        type="checkbox"
                                                        id=id
                                                        data-testid="review-template"
                                                        data-key=key.clone()
                                                        prop:checked=move || templates.with(|t| t.contains(&ticked))
                                                        on:change=move |_| templates.update(|t| toggle(t, key.clone()))
                                                    />
                                                    <span class="check-text">{checklist.name.clone()} " " <span class="mono muted">{checklist.key.clone()}</span></span>
                                                    <span class="check-hint">{hint}</span>
                                                </label>
                                            }
                                        })
                                        .collect_view()}
                                </div>
                            }
                            .into_any()
                        }
                    }}
                    <p class="field-error">{field_error("templates")}</p>
                </fieldset>
            </form>
        </section>
    }
}
