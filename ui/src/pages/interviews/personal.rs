//! The candidate as personal data: when the retention period ends and what holds it, the
//! legal hold (with its reason) and the candidate's consent to be kept longer, the subject
//! access export (the JSON document, the readable page and the attachments, each saved as a
//! file), and anonymising or deleting them after a confirm step that says what goes.

use super::INTERVIEW_TOPICS;
use super::candidate::use_candidate;
use crate::backend::call;
use crate::components::files::save_exported;
use crate::components::me::use_me;
use crate::components::notifications::use_notifier;
use crate::components::widgets::Nav;
use crate::data::{Topic, field_message, use_form_mutation, use_invalidation, use_mutation, use_query};
use crate::logic::interview::{INTERVIEWS_PATH, format_size};
use crate::logic::reviews::export_mime;
use archboard_types::Endpoint as _;
use archboard_types::endpoint as api;
use archboard_types::files::FileContents;
use archboard_types::interview::{
    Candidate, CandidateRef, ConsentChange, LegalHoldChange, SubjectAccessExport,
};
use archboard_types::system::Empty;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Which erasure is waiting for its confirm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Erase {
    Anonymise,
    Delete,
}

#[component]
pub fn PersonalDataPanel() -> impl IntoView {
    let ctx = use_candidate();
    let me = use_me();
    let shown = move || {
        me.can(api::CandidateLegalHold::PERMISSION)
            || me.can(api::CandidateConsent::PERMISSION)
            || me.can(api::CandidateExport::PERMISSION)
            || me.can(api::CandidateDelete::PERMISSION)
    };
    let status = move || {
        ctx.get().map(|c| {
            let r = c.retention;
            let due = match (r.due_on, r.legal_hold) {
                (_, true) => "never while the legal hold stands".to_owned(),
                (Some(day), false) => day.to_string(),
                (None, false) => "not yet: the period starts with the final decision".to_owned(),
            };
            view! {
                <dl class="facts retention-status" data-testid="retention-status">
                    <dt>"Data kept until"</dt><dd data-testid="retention-due">{due}</dd>
                    <dt>"Legal hold"</dt><dd>{if r.legal_hold { "Yes" } else { "No" }}</dd>
                    <dt>"Consent to keep longer"</dt><dd>{if r.consent_extended { "Yes" } else { "No" }}</dd>
                </dl>
                {r.warning.map(|w| view! {
                    <p class="retention-warning" role="status"><span aria-hidden="true">"⚠ "</span>{w}</p>
                })}
            }
        })
    };
    view! {
        <Show when=shown>
            <section class="panel personal-data" aria-label="Personal data" data-testid="personal-data">
                <h2>"Personal data"</h2>
                {status}
                <Show when=move || me.can(api::CandidateLegalHold::PERMISSION)>
                    <LegalHold/>
                </Show>
                <Show when=move || me.can(api::CandidateConsent::PERMISSION)>
                    <Consent/>
                </Show>
                <Show when=move || me.can(api::CandidateExport::PERMISSION)>
                    <Export/>
                </Show>
                <Show when=move || me.can(api::CandidateAnonymise::PERMISSION) || me.can(api::CandidateDelete::PERMISSION)>
                    <Erasure/>
                </Show>
            </section>
        </Show>
    }
}

#[component]
fn LegalHold() -> impl IntoView {
    let ctx = use_candidate();
    let notifier = use_notifier();
    let reason = RwSignal::new(String::new());
    let change = use_form_mutation::<api::CandidateLegalHold>(INTERVIEW_TOPICS);
    change.on_success(move |c| {
        reason.set(String::new());
        notifier.success(if c.retention.legal_hold {
            format!("{} is under a legal hold: retention keeps their data.", c.label)
        } else {
            format!("Released the legal hold on {}.", c.label)
        });
    });
    let held = Memo::new(move |_| ctx.get().is_some_and(|c| c.retention.legal_hold));
    let toggle = move |_| {
        change.run(LegalHoldChange {
            id: ctx.id,
            hold: !held.get_untracked(),
            reason: reason.get_untracked().trim().to_owned(),
        })
    };
    let error = move || change.error().map(|e| e.message);
    view! {
        <div class="legal-hold subsection">
            <h3>"Legal hold"</h3>
            <div class="field" class:invalid=move || field_message(change.error(), "reason").is_some()>
                <label for="legal-hold-reason">
                    {move || if held.get() { "Reason for releasing it" } else { "Reason for the hold" }}
                </label>
                <input
                    id="legal-hold-reason"
                    type="text"
                    placeholder="e.g. a claim under the equality act"
                    prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))
                />
                <p class="field-error" aria-live="polite">{error}</p>
            </div>
            <button
                id="legal-hold-toggle"
                aria-pressed=move || held.get().to_string()
                disabled=move || change.pending()
                on:click=toggle
            >
                {move || if held.get() { "Release the legal hold" } else { "Place a legal hold" }}
            </button>
        </div>
    }
}

#[component]
fn Consent() -> impl IntoView {
    let ctx = use_candidate();
    let notifier = use_notifier();
    let policy = use_query::<api::RetentionPolicyGet>(INTERVIEW_TOPICS, || Some(Empty {}));
    let change = use_mutation::<api::CandidateConsent>(INTERVIEW_TOPICS);
    change.on_success(move |c| {
        notifier.success(if c.retention.consent_extended {
            format!("{} consented to be kept longer.", c.label)
        } else {
            format!("{}'s consent is withdrawn.", c.label)
        })
    });
    let consented = Memo::new(move |_| ctx.get().is_some_and(|c| c.retention.consent_extended));
    view! {
        <div class="consent subsection">
            <label class="check" for="consent">
                <input
                    type="checkbox"
                    id="consent"
                    prop:checked=move || consented.get()
                    disabled=move || change.pending()
                    on:change=move |ev| change.run(ConsentChange { id: ctx.id, consent: event_target_checked(&ev) })
                />
                <span class="check-text">"The candidate agreed to be kept for future openings"</span>
                <span class="check-hint">
                    {move || match policy.ok() {
                        Some(p) => format!("kept {} months after the decision instead of {}", p.consent_months, p.months),
                        None => "kept for the policy's consent period".to_owned(),
                    }}
                </span>
            </label>
        </div>
    }
}

#[component]
fn Export() -> impl IntoView {
    let ctx = use_candidate();
    let notifier = use_notifier();
    let exported = RwSignal::new(None::<SubjectAccessExport>);
    let busy = RwSignal::new(false);
    let run = move |_| {
        busy.set(true);
        spawn_local(async move {
            let answer = call::<api::CandidateExport>(&CandidateRef { id: ctx.id }).await;
            let _ = busy.try_set(false);
            match answer {
                Ok(export) => {
                    // The JSON document first (the one a request is answered with), then the
                    // readable page; the attachments are offered below, one by one.
                    let json = FileContents::new(format!("{}.json", export.stem), export.json.clone());
                    let html = FileContents::new(format!("{}.html", export.stem), export.html.clone());
                    let _ = exported.try_set(Some(export));
                    let mut saved = Vec::new();
                    for file in [json, html] {
                        match save_exported(&file, export_mime(&file.path)).await {
                            Ok(Some(place)) => saved.push(place),
                            Ok(None) => {}
                            Err(message) => notifier.problem(message),
                        }
                    }
                    if !saved.is_empty() {
                        notifier.success(format!("Saved {}.", saved.join(" and ")));
                    }
                }
                Err(error) => notifier.error(&error),
            }
        });
    };
    let save = move |file: FileContents| {
        spawn_local(async move {
            match save_exported(&file, export_mime(&file.path)).await {
                Ok(Some(place)) => notifier.success(format!("Saved {place}.")),
                Ok(None) => {}
                Err(message) => notifier.problem(message),
            }
        });
    };
    let files = move || {
        exported.get().map(|e| {
            let json = FileContents::new(format!("{}.json", e.stem), e.json.clone());
            let html = FileContents::new(format!("{}.html", e.stem), e.html.clone());
            let mut all = vec![("export-json", json), ("export-html", html)];
            all.extend(e.attachments.iter().cloned().map(|a| ("", a)));
            view! {
                <ul class="export-files" data-testid="export-files">
                    {all.into_iter().map(|(id, file)| {
                        let name = file.path.clone();
                        let size = format_size(file.content.len() as u64);
                        view! {
                            <li>
                                <button type="button" class="link" id=(!id.is_empty()).then_some(id) on:click=move |_| save(file.clone())>
                                    {format!("Save {name}")}
                                </button>
                                <span class="muted">{format!(" {size}")}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
        })
    };
    view! {
        <div class="export subsection">
            <h3>"Subject access export"</h3>
            <p class="muted">"Everything held about the candidate, private notes included: a JSON document and a readable page (both saved at once) and their attachments."</p>
            <button id="candidate-export" disabled=move || busy.get() on:click=run>
                {move || if busy.get() { "Exporting…" } else { "Export" }}
            </button>
            {files}
        </div>
    }
}

/// What anonymising and deleting take away, said before either is confirmed.
fn what_goes(erase: Erase, c: &Candidate) -> Vec<String> {
    let name = if c.anonymised { c.label.clone() } else { c.name.clone() };
    let attachments = match c.attachments.len() {
        0 => "no attachments".to_owned(),
        1 => format!("1 attachment ({})", c.attachments[0].name),
        n => format!(
            "{n} attachments ({})",
            c.attachments.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", ")
        ),
    };
    match erase {
        Erase::Anonymise => vec![
            format!("{name}'s name, e-mail, phone, source and notes are erased for good."),
            format!("Their {attachments} go."),
            format!(
                "The {} interviews and their scores stay, standing for the candidate only as {}, so calibration keeps them.",
                c.interviews.len(),
                c.subject_id
            ),
        ],
        Erase::Delete => vec![
            format!("Everything about {name} is deleted for good: their details and {attachments},"),
            format!(
                "the {} interviews with their scorecards and addenda, the stage history and the decision.",
                c.interviews.len()
            ),
            format!("Only an erasure-log entry remains, naming nobody: subject {}.", c.subject_id),
        ],
    }
}

#[component]
fn Erasure() -> impl IntoView {
    let ctx = use_candidate();
    let me = use_me();
    let nav = Nav::new();
    let notifier = use_notifier();
    let invalidation = use_invalidation();
    let confirming = RwSignal::new(None::<Erase>);
    let anonymise = use_mutation::<api::CandidateAnonymise>(INTERVIEW_TOPICS);
    let delete = use_mutation::<api::CandidateDelete>(&[]);
    anonymise.on_success(move |entry| {
        confirming.set(None);
        notifier.success(format!("Anonymised; the erasure log names subject {}.", entry.subject_id));
    });
    delete.on_success(move |entry| {
        notifier.success(format!("Deleted; the erasure log names subject {}.", entry.subject_id));
        nav.go(INTERVIEWS_PATH);
        // After leaving, so this page does not ask again for the candidate that is gone.
        invalidation.invalidate(&[Topic::Interviews]);
    });
    let busy = move || anonymise.pending() || delete.pending();
    let anonymised = Memo::new(move |_| ctx.get().is_some_and(|c| c.anonymised));
    let confirm_panel = move || {
        let erase = confirming.get()?;
        let c = ctx.get()?;
        let lines = what_goes(erase, &c);
        let (verb, class) = match erase {
            Erase::Anonymise => (format!("Anonymise {}", c.label), "primary"),
            Erase::Delete => (format!("Delete {} for good", c.label), "danger"),
        };
        Some(view! {
            <div class="callout warn erase-confirm" role="alertdialog" aria-label="Confirm" data-testid="erase-confirm">
                <strong>"This cannot be undone:"</strong>
                <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                <div class="toolbar">
                    <button
                        class=class
                        id="erase-confirm"
                        disabled=busy
                        on:click=move |_| match erase {
                            Erase::Anonymise => anonymise.run(CandidateRef { id: ctx.id }),
                            Erase::Delete => delete.run(CandidateRef { id: ctx.id }),
                        }
                    >
                        {verb}
                    </button>
                    <button class="ghost" id="erase-cancel" on:click=move |_| confirming.set(None)>"Cancel"</button>
                </div>
            </div>
        })
    };
    view! {
        <div class="erasure subsection">
            <h3>"Erase"</h3>
            <div class="toolbar">
                <Show when=move || me.can(api::CandidateAnonymise::PERMISSION) && !anonymised.get()>
                    <button id="candidate-anonymise" disabled=busy on:click=move |_| confirming.set(Some(Erase::Anonymise))>
                        "Anonymise…"
                    </button>
                </Show>
                <Show when=move || me.can(api::CandidateDelete::PERMISSION)>
                    <button class="danger" id="candidate-delete" disabled=busy on:click=move |_| confirming.set(Some(Erase::Delete))>
                        "Delete…"
                    </button>
                </Show>
            </div>
            {confirm_panel}
        </div>
    }
}
