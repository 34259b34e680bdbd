//! The system form at `/systems/new` and `/systems/KEY/edit`: the key (set once), name, team,
//! the risk tier beside the contract's tiering questions, stage, description, the catalog
//! patterns it follows, its links and the decisions about it. Errors the engine names a field
//! for are shown beside that field.

use super::key_param;
use crate::components::notifications::use_notifier;
use crate::components::widgets::{CheckList, Nav};
use crate::data::{FormSave, Topic, field_message, use_query};
use crate::logic::lists::decision_choice_label;
use crate::logic::people_form::{SystemForm as SystemFormState, toggle};
use crate::logic::query_string::system_path;
use archboard_types::ApiError;
use archboard_types::adr::{AdrId, AdrListQuery, status_label};
use archboard_types::catalog::{CatalogKind, CatalogListQuery, RiskTier};
use archboard_types::endpoint as api;
use archboard_types::people::{LifecycleStage, System, SystemRef, TIER_QUESTIONS, TeamListQuery};
use leptos::prelude::*;

/// A text input or textarea bound to one field of the form state.
type GetText = fn(&SystemFormState) -> String;
type SetText = fn(&mut SystemFormState, String);

#[component]
pub fn SystemForm(editing: bool) -> impl IntoView {
    let nav = Nav::new();
    let notifier = use_notifier();
    let key = key_param();
    let form = RwSignal::new(SystemFormState::default());
    let local_error = RwSignal::new(None::<ApiError>);

    let stored = use_query::<api::SystemGet>(&[], move || editing.then(|| SystemRef { key: key.get() }));
    let filled = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        if !editing || filled.get_value().as_deref() == Some(key.get().as_str()) {
            return;
        }
        match stored.get() {
            Some(Ok(system)) => {
                filled.set_value(Some(key.get_untracked()));
                form.set(SystemFormState::from_system(&system));
            }
            Some(Err(error)) => notifier.error(&error),
            None => {}
        }
    });

    let save_form = FormSave::<api::SystemCreate, api::SystemUpdate>::new(&[Topic::Teams], editing);
    let saved = move |system: System| {
        notifier.success(format!("{} {}.", if editing { "Saved" } else { "Created" }, system.key));
        nav.replace(&system_path(&system.key));
    };
    save_form.on_saved(saved);
    let saving = move || save_form.pending();
    let server_error = move || local_error.get().or_else(|| save_form.error());
    let field_error = move |field: &'static str| move || field_message(server_error(), field);
    let known_fields = ["key", "name", "team", "tier", "stage", "patterns", "decisions"];
    // Errors without a field are notifications already; one naming a field not shown here
    // is said above the form.
    let other_error = move || {
        server_error()
            .filter(|e| {
                e.field.as_deref().is_some_and(|f| !known_fields.contains(&f) && !f.starts_with("links."))
            })
            .map(|e| e.message)
    };

    let save = move || {
        if saving() {
            return;
        }
        match form.get_untracked().to_edit() {
            Ok(edit) if editing => save_form.update.run(edit),
            Ok(edit) => save_form.create.run(edit),
            Err(error) => {
                local_error.set(Some(error));
                return;
            }
        }
        local_error.set(None);
    };
    let cancel =
        move || if editing { nav.go(&system_path(&key.get_untracked())) } else { nav.go("/systems") };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "Enter" {
            ev.prevent_default();
            save();
        } else if ev.key() == "Escape" {
            ev.prevent_default();
            cancel();
        }
    };

    let text_field = move |id: &'static str,
                           label: &'static str,
                           field: &'static str,
                           hint: &'static str,
                           get: GetText,
                           set: SetText| {
        view! {
            <div class="field" class:invalid=move || field_error(field)().is_some()>
                <label for=id>{label}</label>
                <input
                    id=id
                    type="text"
                    placeholder=hint
                    prop:value=move || form.with(get)
                    on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))
                />
                <p class="field-error" aria-live="polite">{field_error(field)}</p>
            </div>
        }
    };
    let heading = move || if editing { format!("Edit {}", key.get()) } else { "New system".to_owned() };

    view! {
        <section class="page" on:keydown=on_keydown>
            <header class="page-head">
                <h1>{heading}</h1>
                <div class="toolbar">
                    <button class="ghost" title="Cancel (Esc)" on:click=move |_| cancel()>"Cancel"</button>
                    <button class="primary" id="system-save" title="Save (Ctrl+Enter)" disabled=saving on:click=move |_| save()>
                        {move || if saving() { "Saving…" } else { "Save" }}
                    </button>
                </div>
            </header>
            {move || other_error().map(|message| view! { <p class="callout warn" role="alert">{message}</p> })}
            <form class="form" on:submit=move |ev| { ev.prevent_default(); save(); }>
                <div class="field-grid">
                    {if editing {
                        view! {
                            <div class="field">
                                <span class="field-label">"Key"</span>
                                <span class="mono">{move || key.get()}</span>
                            </div>
                        }
                        .into_any()
                    } else {
                        text_field("system-key", "Key", "key", "fraud-scoring", |f| f.key.clone(), |f, v| f.key = v).into_any()
                    }}
                    {text_field("system-name", "Name", "name", "Fraud scoring", |f| f.name.clone(), |f, v| f.name = v)}
                    <TeamChoice form field_error=Signal::derive(move || field_error("team")())/>
                </div>
                <TierChoice form error=Signal::derive(move || field_error("tier")())/>
                <StageChoice form/>
                <div class="field">
                    <label for="system-description">"Description"</label>
                    <textarea
                        id="system-description"
                        class="prose"
                        rows="3"
                        prop:value=move || form.with(|f| f.description.clone())
                        on:input=move |ev| form.update(|f| f.description = event_target_value(&ev))
                    ></textarea>
                </div>
                <div class="field-grid">
                    {text_field("system-repository", "Repository", "links.repository", "https://git.example/fraud", |f| f.repository.clone(), |f, v| f.repository = v)}
                    {text_field("system-dashboard", "Dashboard", "links.dashboard", "https://grafana.example/d/fraud", |f| f.dashboard.clone(), |f, v| f.dashboard = v)}
                    {text_field("system-runbook", "Runbook", "links.runbook", "https://wiki.example/fraud-runbook", |f| f.runbook.clone(), |f, v| f.runbook = v)}
                </div>
                <PatternChoice form error=Signal::derive(move || field_error("patterns")())/>
                <DecisionChoice form error=Signal::derive(move || field_error("decisions")())/>
            </form>
        </section>
    }
}

/// The owning team, chosen from the board's teams.
#[component]
fn TeamChoice(form: RwSignal<SystemFormState>, field_error: Signal<Option<String>>) -> impl IntoView {
    let teams = use_query::<api::TeamList>(&[Topic::Teams], || Some(TeamListQuery::default()));
    view! {
        <div class="field" class:invalid=move || field_error.get().is_some()>
            <label for="system-team">"Team"</label>
            <select id="system-team" on:change=move |ev| form.update(|f| f.team = event_target_value(&ev))>
                <option value="" selected=move || form.with(|f| f.team.is_empty())>"Choose a team…"</option>
                {move || {
                    teams
                        .ok()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|team| {
                            let name = team.name.clone();
                            view! {
                                <option value=team.name.clone() selected=move || form.with(|f| f.team == name)>
                                    {team.name.clone()}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <p class="field-error" aria-live="polite">{move || field_error.get()}</p>
        </div>
    }
}

/// The risk tier as radio buttons, with the tiering questions beside them.
#[component]
fn TierChoice(form: RwSignal<SystemFormState>, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <fieldset class="tier-choice">
            <legend>"Risk tier"</legend>
            <div class="radio-group" role="radiogroup" aria-label="Risk tier">
                {RiskTier::ALL
                    .into_iter()
                    .map(|tier| view! {
                        <label class="check" for=format!("system-tier-{}", tier.as_str())>
                            <input
                                type="radio"
                                name="system-tier"
                                id=format!("system-tier-{}", tier.as_str())
                                prop:checked=move || form.with(|f| f.tier == tier)
                                on:change=move |_| form.update(|f| f.tier = tier)
                            />
                            <span class="check-text">{tier.label()}</span>
                        </label>
                    })
                    .collect_view()}
                <p class="field-error" aria-live="polite">{move || error.get()}</p>
            </div>
            <aside class="tier-questions" aria-label="Choosing the tier">
                <p class="muted">"The first question you answer yes to, from the top, gives the tier."</p>
                <ol>
                    {TIER_QUESTIONS
                        .iter()
                        .map(|q| view! {
                            <li>
                                <span>{q.question}</span>
                                " "
                                <span class="tier-answer">"Yes → " {q.yes_means.label()}</span>
                            </li>
                        })
                        .collect_view()}
                </ol>
            </aside>
        </fieldset>
    }
}

/// Where the system is in its life.
#[component]
fn StageChoice(form: RwSignal<SystemFormState>) -> impl IntoView {
    view! {
        <fieldset class="stage-choice">
            <legend>"Stage"</legend>
            <div class="radio-row" role="radiogroup" aria-label="Stage">
                {LifecycleStage::ALL
                    .iter()
                    .copied()
                    .map(|stage| view! {
                        <label class="check" for=format!("system-stage-{}", stage.as_str())>
                            <input
                                type="radio"
                                name="system-stage"
                                id=format!("system-stage-{}", stage.as_str())
                                prop:checked=move || form.with(|f| f.stage == stage)
                                on:change=move |_| form.update(|f| f.stage = stage)
                            />
                            <span class="check-text">{stage.label()}</span>
                        </label>
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}

/// The catalog patterns the system follows, ticked from the catalog's patterns.
#[component]
fn PatternChoice(form: RwSignal<SystemFormState>, error: Signal<Option<String>>) -> impl IntoView {
    let patterns = use_query::<api::CatalogList>(&[Topic::Catalog], || {
        Some(CatalogListQuery { kind: Some(CatalogKind::Pattern), search: None })
    });
    let choices = Signal::derive(move || {
        patterns
            .ok()
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.key.clone(), p.name, p.key))
            .collect::<Vec<_>>()
    });
    view! {
        <div class="field">
            <span class="field-label">"Patterns"</span>
            <CheckList
                label="Patterns"
                id="system-pattern"
                choices
                selected=Signal::derive(move || form.with(|f| f.patterns.clone()))
                on_toggle=Callback::new(move |key: String| form.update(|f| toggle(&mut f.patterns, key)))
                empty="The catalog holds no patterns."
            />
            <p class="field-error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}

/// The decisions about the system, ticked from every collection's decisions (by id, shown as
/// `reference — title`).
#[component]
fn DecisionChoice(form: RwSignal<SystemFormState>, error: Signal<Option<String>>) -> impl IntoView {
    let decisions = use_query::<api::AdrList>(&[Topic::Decisions], || Some(AdrListQuery::default()));
    let choices = Signal::derive(move || {
        decisions
            .ok()
            .unwrap_or_default()
            .into_iter()
            .map(|a| {
                (
                    a.id,
                    decision_choice_label(&a.reference, &a.title),
                    status_label(a.status, a.status_note.as_deref()),
                )
            })
            .collect::<Vec<_>>()
    });
    view! {
        <div class="field">
            <span class="field-label">"Decisions"</span>
            <CheckList
                label="Decisions"
                id="system-decision"
                choices
                selected=Signal::derive(move || form.with(|f| f.decisions.clone()))
                on_toggle=Callback::new(move |id: AdrId| form.update(|f| toggle(&mut f.decisions, id)))
                empty="No decisions recorded yet."
            />
            <p class="field-error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}
