//! The candidate's own details (name, e-mail, phone, source, notes), edited by a chair with
//! `candidate_update` sending only what changed; and the stage with its history and the
//! chair's stage changer (`candidate_stage`).

use super::candidate::use_candidate;
use super::{INTERVIEW_TOPICS, problem_view, stage_badge};
use crate::components::me::use_me;
use crate::components::notifications::use_notifier;
use crate::data::{field_message, use_form_mutation, use_mutation};
use crate::logic::interview::{CandidateForm, unplaced_message};
use crate::logic::lists::readable_at;
use archboard_types::Endpoint as _;
use archboard_types::endpoint as api;
use archboard_types::interview::{Stage, StageChange};
use leptos::prelude::*;

const FIELDS: [&str; 5] = ["name", "email", "phone", "source", "notes"];

#[component]
pub fn DetailsPanel() -> impl IntoView {
    let ctx = use_candidate();
    let me = use_me();
    let editing = RwSignal::new(false);
    let can_edit =
        move || me.can(api::CandidateUpdate::PERMISSION) && ctx.get().is_some_and(|c| !c.anonymised);
    let facts = move || {
        ctx.get().map(|c| {
            let or_dash =
                |text: &str| if text.trim().is_empty() { "—".to_owned() } else { text.to_owned() };
            view! {
                <dl class="facts candidate-details" data-testid="candidate-details">
                    <dt>"Name"</dt><dd>{or_dash(&c.name)}</dd>
                    <dt>"E-mail"</dt><dd>{or_dash(&c.email)}</dd>
                    <dt>"Phone"</dt><dd>{or_dash(&c.phone)}</dd>
                    <dt>"Source"</dt><dd>{or_dash(&c.source)}</dd>
                    <dt>"Notes"</dt><dd class="pre-wrap">{or_dash(&c.notes)}</dd>
                </dl>
            }
        })
    };
    view! {
        <section class="panel candidate-details-panel" aria-label="Details">
            <div class="panel-head">
                <h2>"Details"</h2>
                <Show when=move || can_edit() && !editing.get()>
                    <button class="small" id="candidate-edit" on:click=move |_| editing.set(true)>"Edit"</button>
                </Show>
            </div>
            {move || if editing.get() {
                view! { <DetailsForm on_done=Callback::new(move |_| editing.set(false))/> }.into_any()
            } else {
                facts().into_any()
            }}
        </section>
    }
}

#[component]
fn DetailsForm(on_done: Callback<()>) -> impl IntoView {
    let ctx = use_candidate();
    let notifier = use_notifier();
    let before = untrack(|| ctx.get()).map(|c| CandidateForm::from_candidate(&c)).unwrap_or_default();
    let form = RwSignal::new(before.clone());
    let before = StoredValue::new(before);
    let edited = RwSignal::new(false);
    let save = use_form_mutation::<api::CandidateUpdate>(INTERVIEW_TOPICS);
    save.on_success(move |c| {
        notifier.success(format!("Saved {}'s details.", c.label));
        on_done.run(());
    });
    let error = move || save.error().filter(|_| !edited.get());
    let field_error = move |field: &'static str| move || field_message(error(), field);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match form.get_untracked().to_edit(ctx.id, &before.get_value()) {
            Some(edit) => {
                edited.set(false);
                save.run(edit);
            }
            None => on_done.run(()),
        }
    };
    let text = move |id: &'static str,
                     label: &'static str,
                     field: &'static str,
                     get: fn(&CandidateForm) -> String,
                     set: fn(&mut CandidateForm, String)| {
        view! {
            <div class="field" class:invalid=move || field_error(field)().is_some()>
                <label for=id>{label}</label>
                <input
                    id=id
                    type="text"
                    aria-invalid=move || field_error(field)().is_some().then_some("true")
                    prop:value=move || form.with(get)
                    on:input=move |ev| {
                        edited.set(true);
                        form.update(|f| set(f, event_target_value(&ev)));
                    }
                />
                <p class="field-error" aria-live="polite">{field_error(field)}</p>
            </div>
        }
    };
    view! {
        <form class="form details-form" aria-label="Edit the details" on:submit=submit>
            {move || unplaced_message(error(), &FIELDS).map(problem_view)}
            {text("details-name", "Name", "name", |f| f.name.clone(), |f, v| f.name = v)}
            {text("details-email", "E-mail", "email", |f| f.email.clone(), |f, v| f.email = v)}
            {text("details-phone", "Phone", "phone", |f| f.phone.clone(), |f, v| f.phone = v)}
            {text("details-source", "Source", "source", |f| f.source.clone(), |f, v| f.source = v)}
            <div class="field" class:invalid=move || field_error("notes")().is_some()>
                <label for="details-notes">"Notes"</label>
                <textarea
                    id="details-notes"
                    class="prose"
                    rows="3"
                    prop:value=move || form.with(|f| f.notes.clone())
                    on:input=move |ev| {
                        edited.set(true);
                        form.update(|f| f.notes = event_target_value(&ev));
                    }
                ></textarea>
                <p class="field-error" aria-live="polite">{field_error("notes")}</p>
            </div>
            <div class="toolbar">
                <button class="primary" type="submit" id="details-save" disabled=move || save.pending()>
                    {move || if save.pending() { "Saving…" } else { "Save" }}
                </button>
                <button type="button" class="ghost" on:click=move |_| on_done.run(())>"Cancel"</button>
            </div>
        </form>
    }
}

#[component]
pub fn StagePanel() -> impl IntoView {
    let ctx = use_candidate();
    let me = use_me();
    let notifier = use_notifier();
    let chosen = RwSignal::new(None::<Stage>);
    let change = use_mutation::<api::CandidateStageSet>(INTERVIEW_TOPICS);
    change.on_success(move |c| {
        chosen.set(None);
        notifier.success(format!("{} is now at {}.", c.label, c.stage.label().to_lowercase()));
    });
    let current = Memo::new(move |_| ctx.get().map(|c| c.stage));
    let history = move || {
        ctx.get().map(|c| {
            view! {
                <ol class="stage-history" data-testid="stage-history">
                    {c.stages.iter().map(|e| view! {
                        <li>{stage_badge(e.stage)} <span class="muted">{format!(" {} · {}", readable_at(&e.at), e.by)}</span></li>
                    }).collect_view()}
                </ol>
            }
        })
    };
    let apply = move |_| {
        let Some(stage) = chosen.get_untracked().or(current.get_untracked()) else { return };
        if Some(stage) != current.get_untracked() {
            change.run(StageChange { id: ctx.id, stage });
        }
    };
    view! {
        <section class="panel stage-panel" aria-label="Stage">
            <h2>"Stage"</h2>
            <p>{move || current.get().map(stage_badge)}</p>
            <Show when=move || me.can(api::CandidateStageSet::PERMISSION)>
                <div class="toolbar">
                    <label for="stage-select" class="sr-only">"Move to stage"</label>
                    <select
                        id="stage-select"
                        on:change=move |ev| chosen.set(event_target_value(&ev).parse::<Stage>().ok())
                    >
                        {move || {
                            let now = chosen.get().or(current.get());
                            Stage::ALL.iter().map(|s| {
                                let s = *s;
                                view! { <option value=s.as_str() selected=now == Some(s)>{s.label()}</option> }
                            }).collect_view()
                        }}
                    </select>
                    <button
                        id="stage-save"
                        disabled=move || change.pending() || chosen.get().is_none_or(|s| Some(s) == current.get())
                        on:click=apply
                    >
                        "Move"
                    </button>
                </div>
            </Show>
            {history}
        </section>
    }
}
