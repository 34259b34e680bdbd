//! Retention at `/interviews/retention?job=ID`: the policy (months kept after the decision, the
//! longer period for candidates who consented, anonymise or delete, how many days ahead to
//! warn; the contract's presets offered; checked with `RetentionPolicy::check` before it is
//! saved), the plan (who is due now, who soon, who is held), "Run retention now" (or a dry run)
//! followed until the job ends, and the erasure log, which names no one.

use super::retention_run::RetentionProgressPanel;
use super::{AreaLinks, INTERVIEW_TOPICS, problem_view};
use crate::components::me::use_me;
use crate::components::notifications::use_notifier;
use crate::components::widgets::Nav;
use crate::data::{Topic, field_message, use_form_mutation, use_mutation, use_query};
use crate::logic::interview::{
    RETENTION_PATH, RetentionForm, candidate_path, retention_job_path, unplaced_message,
};
use crate::logic::lists::readable_at;
use archboard_types::ApiError;
use archboard_types::Endpoint as _;
use archboard_types::endpoint as api;
use archboard_types::interview::{
    ErasureEntry, RETENTION_PRESETS, RetentionAction, RetentionItem, RetentionPolicy, RetentionRun,
};
use archboard_types::system::Empty;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RetentionPage() -> impl IntoView {
    let nav = Nav::new();
    let me = use_me();
    let notifier = use_notifier();
    let query = use_query_map();
    let job = Memo::new(move |_| query.with(|q| q.get("job")).filter(|j| !j.is_empty()));
    let manages = Memo::new(move |_| me.can(api::RetentionPlanGet::PERMISSION));
    let policy = use_query::<api::RetentionPolicyGet>(INTERVIEW_TOPICS, || Some(Empty {}));
    let plan =
        use_query::<api::RetentionPlanGet>(INTERVIEW_TOPICS, move || manages.get().then_some(Empty {}));
    let log = use_query::<api::ErasureLog>(INTERVIEW_TOPICS, move || manages.get().then_some(Empty {}));
    let start = use_mutation::<api::RetentionStart>(&[Topic::Jobs]);
    start.on_success(move |job| nav.replace(&retention_job_path(&job.id)));
    // The form is built once the policy is known, and kept through refreshes.
    let loaded = Memo::new(move |before: Option<&Option<RetentionPolicy>>| {
        policy.ok().or_else(|| before.cloned().flatten())
    });
    let form = move || {
        let policy = loaded.get()?;
        let editable = me.can(api::RetentionPolicySet::PERMISSION);
        Some(view! { <PolicyForm policy=policy editable=editable/> })
    };

    let run = move |dry_run: bool| {
        if !dry_run {
            let (due, action) =
                plan.ok().map(|p| (p.due.len(), p.policy.action)).unwrap_or((0, RetentionAction::Anonymise));
            let verb = match action {
                RetentionAction::Anonymise => "anonymised",
                RetentionAction::Delete => "deleted",
            };
            let question = format!(
                "Run retention now? {due} {} past their period will be {verb}; candidates under a legal hold are kept. This cannot be undone.",
                if due == 1 { "candidate" } else { "candidates" }
            );
            let confirmed =
                web_sys::window().and_then(|w| w.confirm_with_message(&question).ok()).unwrap_or(false);
            if !confirmed {
                return;
            }
        }
        start.run(RetentionRun { dry_run });
    };

    let plan_view = move || match plan.get() {
        None if !manages.get() => None,
        None => Some(view! { <p class="muted">"Loading the plan…"</p> }.into_any()),
        Some(Err(error)) => Some(problem_view(error.message).into_any()),
        Some(Ok(p)) => Some(
            view! {
                <section class="panel retention-plan" aria-label="Plan" data-testid="retention-plan">
                    <h2>{format!("The plan on {}", p.today)}</h2>
                    <h3>{format!("Due now: {}", p.due.len())}</h3>
                    {items_table(&p.due, "due", "Nobody is past their period.")}
                    <h3>{format!("Due soon: {}", p.soon.len())}</h3>
                    {items_table(&p.soon, "soon", "Nobody is within the warning window.")}
                    <h3>{format!("Held: {}", p.held.len())}</h3>
                    {if p.held.is_empty() {
                        view! { <p class="muted">"No legal holds."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="retention-held" data-testid="retention-held">
                                {p.held.iter().map(|h| view! { <li>{h.clone()}</li> }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    }}
                    <div class="toolbar section-actions">
                        <button
                            class="danger"
                            id="retention-run"
                            disabled=move || start.pending() || job.get().is_some()
                            on:click=move |_| run(false)
                        >
                            "Run retention now"
                        </button>
                        <button
                            id="retention-dry-run"
                            title="Show what a run would do, changing nothing"
                            disabled=move || start.pending() || job.get().is_some()
                            on:click=move |_| run(true)
                        >
                            "Dry run"
                        </button>
                    </div>
                </section>
            }
            .into_any(),
        ),
    };
    let log_view = move || {
        if !manages.get() {
            return None;
        }
        Some(match log.get() {
            None => view! { <p class="muted">"Loading the erasure log…"</p> }.into_any(),
            Some(Err(error)) => problem_view(error.message).into_any(),
            Some(Ok(entries)) => view! {
                <section class="panel erasure-log" aria-label="Erasure log">
                    <h2>"Erasure log"</h2>
                    <p class="muted">"Each erasure by the random subject id alone: nothing here names a person."</p>
                    {erasure_table(&entries, "erasure-row", "Nothing erased yet.")}
                </section>
            }
            .into_any(),
        })
    };
    let close = Callback::new(move |_| nav.replace(RETENTION_PATH));
    let finished = Callback::new(move |done: usize| {
        if done > 0 {
            notifier.success(format!(
                "Retention erased {done} {}.",
                if done == 1 { "candidate" } else { "candidates" }
            ));
        }
    });

    view! {
        <section class="page retention-page" data-testid="retention-page">
            <header class="page-head">
                <h1>"Candidate data retention"</h1>
                <AreaLinks/>
            </header>
            {move || job.get().map(|id| view! { <RetentionProgressPanel job=id on_close=close on_finished=finished/> })}
            {move || match policy.get() {
                Some(Err(error)) => Some(problem_view(error.message)),
                _ => None,
            }}
            {form}
            {plan_view}
            {move || (!manages.get()).then(|| view! {
                <p class="muted">"The plan, runs and the erasure log are for owners."</p>
            })}
            {log_view}
        </section>
    }
}

fn items_table(items: &[RetentionItem], kind: &'static str, empty: &'static str) -> impl IntoView + use<> {
    if items.is_empty() {
        return view! { <p class="muted">{empty}</p> }.into_any();
    }
    view! {
        <table class="data compact retention-items" data-kind=kind>
            <thead>
                <tr>
                    <th scope="col" class="th-text">"Candidate"</th>
                    <th scope="col" class="th-text">"Due on"</th>
                    <th scope="col" class="th-text">"Action"</th>
                </tr>
            </thead>
            <tbody>
                {items.iter().map(|i| view! {
                    <tr class="retention-item" data-id=i.candidate_id.to_string()>
                        <td><a class="link" href=candidate_path(i.candidate_id)>{i.label.clone()}</a></td>
                        <td class="mono">{i.due_on.to_string()}</td>
                        <td>{i.action.label()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// Erasures as a table; `row_class` tells the log's rows from a run's.
pub fn erasure_table(
    entries: &[ErasureEntry],
    row_class: &'static str,
    empty: &'static str,
) -> impl IntoView + use<> {
    if entries.is_empty() {
        return view! { <p class="muted">{empty}</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="data compact erasures">
                <thead>
                    <tr>
                        <th scope="col" class="th-text">"When"</th>
                        <th scope="col" class="th-text">"Subject"</th>
                        <th scope="col" class="th-text">"Action"</th>
                        <th scope="col" class="th-text">"Why"</th>
                        <th scope="col" class="th-text">"By"</th>
                        <th scope="col" class="th-text">"Role"</th>
                    </tr>
                </thead>
                <tbody>
                    {entries.iter().map(|e| view! {
                        <tr class=row_class data-id=e.id.to_string() data-action=e.action.as_str()>
                            <td class="mono">{readable_at(&e.at)}</td>
                            <td class="mono">{e.subject_id.clone()}</td>
                            <td>{e.action.label()}</td>
                            <td>{e.reason.label()}</td>
                            <td>{e.by.clone()}</td>
                            <td class="mono">{e.role_key.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

const FIELDS: [&str; 4] = ["months", "consent_months", "action", "warn_days"];

#[component]
fn PolicyForm(policy: RetentionPolicy, editable: bool) -> impl IntoView {
    let notifier = use_notifier();
    let form = RwSignal::new(RetentionForm::from_policy(&policy));
    let local = RwSignal::new(None::<ApiError>);
    let edited = RwSignal::new(false);
    let save = use_form_mutation::<api::RetentionPolicySet>(INTERVIEW_TOPICS);
    save.on_success(move |p| {
        form.set(RetentionForm::from_policy(&p));
        notifier.success(format!(
            "Saved: kept {} months after the decision ({} with consent), then {}.",
            p.months,
            p.consent_months,
            p.action.label().to_lowercase()
        ));
    });
    let error = move || local.get().or_else(|| save.error().filter(|_| !edited.get()));
    let touch = move |change: &dyn Fn(&mut RetentionForm)| {
        local.set(None);
        edited.set(true);
        form.update(|f| change(f));
    };
    // Checked as typed, so the error shows before anything is sent.
    let typed_problem = Memo::new(move |_| form.with(|f| f.to_policy().err()));
    let shown_error = move || error().or_else(|| typed_problem.get().filter(|_| edited.get()));
    let shown_field = move |field: &'static str| move || field_message(shown_error(), field);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match form.get_untracked().to_policy() {
            Ok(policy) => {
                local.set(None);
                edited.set(false);
                save.run(policy);
            }
            Err(error) => local.set(Some(error)),
        }
    };
    let number = move |id: &'static str,
                       label: &'static str,
                       field: &'static str,
                       presets: bool,
                       get: fn(&RetentionForm) -> String,
                       set: fn(&mut RetentionForm, String)| {
        view! {
            <div class="field" class:invalid=move || shown_field(field)().is_some()>
                <label for=id>{label}</label>
                <input
                    id=id
                    type="number"
                    min="0"
                    inputmode="numeric"
                    list=presets.then_some("retention-presets")
                    disabled=!editable
                    aria-invalid=move || shown_field(field)().is_some().then_some("true")
                    prop:value=move || form.with(get)
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        touch(&|f| set(f, text.clone()));
                    }
                />
                <p class="field-error" aria-live="polite">{shown_field(field)}</p>
            </div>
        }
    };
    view! {
        <form class="form panel retention-policy" aria-label="Retention policy" on:submit=submit>
            <h2>"Policy"</h2>
            <datalist id="retention-presets">
                {RETENTION_PRESETS.iter().map(|(months, label)| view! { <option value=months.to_string() label=*label>{*label}</option> }).collect_view()}
            </datalist>
            <p class="muted retention-presets-hint">
                "Presets: "
                {RETENTION_PRESETS.iter().map(|(_, label)| *label).collect::<Vec<_>>().join(" · ")}
            </p>
            {move || unplaced_message(error(), &FIELDS).map(problem_view)}
            <div class="field-grid">
                {number("retention-months", "Months kept after the decision", "months", true, |f| f.months.clone(), |f, v| f.months = v)}
                {number(
                    "retention-consent-months",
                    "Months kept with the candidate's consent",
                    "consent_months",
                    true,
                    |f| f.consent_months.clone(),
                    |f, v| f.consent_months = v,
                )}
                <div class="field" class:invalid=move || shown_field("action")().is_some()>
                    <label for="retention-action">"Then"</label>
                    <select
                        id="retention-action"
                        disabled=!editable
                        on:change=move |ev| {
                            if let Ok(action) = event_target_value(&ev).parse::<RetentionAction>() {
                                touch(&|f| f.action = action);
                            }
                        }
                    >
                        {RetentionAction::ALL.iter().map(|a| {
                            let a = *a;
                            view! { <option value=a.as_str() selected=move || form.with(|f| f.action == a)>{a.label()}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field-error" aria-live="polite">{shown_field("action")}</p>
                </div>
                {number("retention-warn-days", "Warn this many days ahead", "warn_days", false, |f| f.warn_days.clone(), |f, v| f.warn_days = v)}
            </div>
            {editable.then(|| view! {
                <div class="toolbar">
                    <button class="primary" type="submit" id="retention-save" disabled=move || save.pending()>
                        {move || if save.pending() { "Saving…" } else { "Save the policy" }}
                    </button>
                </div>
            })}
        </form>
    }
}
