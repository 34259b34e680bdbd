//! The report builder on the hub: the quarter, the teams (none ticked: the whole board), the
//! sections, the commentary and a title, sent with `report_start`; then the build followed
//! live (`report_progress` every 500 ms: a progress bar with the share done and what it is
//! doing, Cancel) until it hands over the report it built.

use super::REPORT_TOPICS;
use crate::components::job_progress::{JobProgressHead, JobShown, follow_job};
use crate::components::notifications::use_notifier;
use crate::components::widgets::CheckList;
use crate::data::{Topic, field_message, use_form_mutation, use_query};
use crate::logic::report::{ReportForm, toggle};
use archboard_types::ApiError;
use archboard_types::endpoint as api;
use archboard_types::job::JobSummary;
use archboard_types::kpi::Period;
use archboard_types::people::TeamListQuery;
use archboard_types::report::{COMMENTARY_MAX_CHARS, ReportSection, ReportSummary};
use leptos::prelude::*;

/// The fields the builder shows errors beside.
const FIELDS: [&str; 5] = ["period", "teams", "sections", "commentary", "title"];

#[component]
pub fn ReportBuilder(
    /// The quarter chosen when the builder opens.
    initial: Period,
    /// The quarters offered, newest first.
    #[prop(into)]
    choices: Signal<Vec<Period>>,
    started: Callback<JobSummary>,
) -> impl IntoView {
    let form = RwSignal::new(ReportForm::new(initial));
    let teams = use_query::<api::TeamList>(&[Topic::Teams], || Some(TeamListQuery::default()));
    let start = use_form_mutation::<api::ReportStart>(&[Topic::Jobs]);
    start.on_success(move |job| started.run(job));
    let local_error = RwSignal::new(None::<ApiError>);
    // An engine error is shown until the form is changed or another build starts.
    let edited = RwSignal::new(false);
    let error = move || local_error.get().or_else(|| start.error().filter(|_| !edited.get()));
    let field_error = move |field: &'static str| move || field_message(error(), field);
    let other_error = move || {
        error().filter(|e| e.field.as_deref().is_none_or(|f| !FIELDS.contains(&f))).map(|e| e.message)
    };
    let edit = move |change: &dyn Fn(&mut ReportForm)| {
        edited.set(true);
        local_error.set(None);
        form.update(|f| change(f));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match form.get_untracked().to_request() {
            Ok(request) => {
                local_error.set(None);
                edited.set(false);
                start.run(request);
            }
            Err(problem) => local_error.set(Some(problem)),
        }
    };

    let team_choices = Signal::derive(move || {
        teams.ok().unwrap_or_default().into_iter().map(|t| (t.name.clone(), t.name, String::new())).collect()
    });
    let section_choices = Signal::derive(move || {
        ReportSection::ALL.iter().map(|s| (*s, s.label().to_owned(), String::new())).collect()
    });
    // Only the quarter (not every keystroke elsewhere in the form) rebuilds the select.
    let chosen_period = Memo::new(move |_| form.with(|f| f.period.clone()));
    let quarter_select = move || {
        let chosen = chosen_period.get();
        view! {
            <select
                id="report-quarter"
                aria-describedby="report-quarter-error"
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    edit(&|f| f.period = value.clone());
                }
            >
                {choices
                    .get()
                    .into_iter()
                    .map(|p| {
                        let value = p.to_string();
                        let selected = value == chosen;
                        let text = value.clone();
                        view! { <option value=value selected=selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
        }
    };
    let commentary_count = move || {
        let used = form.with(|f| f.commentary.chars().count());
        format!("{used} of {COMMENTARY_MAX_CHARS} characters")
    };
    let scope_line = move || {
        let ticked = form.with(|f| f.teams.len());
        match ticked {
            0 => "No team ticked: the report covers the whole board.".to_owned(),
            1 => "1 team ticked.".to_owned(),
            n => format!("{n} teams ticked."),
        }
    };

    view! {
        <section class="panel report-builder" aria-labelledby="report-builder-heading" data-testid="report-builder">
            <h2 id="report-builder-heading">"Build a report"</h2>
            <form class="form report-build-form" id="report-build-form" aria-label="Build a report" on:submit=submit>
                <div class="field-grid">
                    <div class="field" class:invalid=move || field_error("period")().is_some()>
                        <label for="report-quarter">"Quarter"</label>
                        {quarter_select}
                        <p class="field-error" id="report-quarter-error" aria-live="polite">{field_error("period")}</p>
                    </div>
                    <div class="field" class:invalid=move || field_error("title")().is_some()>
                        <label for="report-title">"Title (optional)"</label>
                        <input
                            id="report-title"
                            type="text"
                            placeholder="e.g. Architecture maturity, third quarter"
                            aria-describedby="report-title-error"
                            prop:value=move || form.with(|f| f.title.clone())
                            on:input=move |ev| {
                                let value = event_target_value(&ev);
                                edit(&|f| f.title = value.clone());
                            }
                        />
                        <p class="field-error" id="report-title-error" aria-live="polite">{field_error("title")}</p>
                    </div>
                </div>
                <fieldset class="report-choices" class:invalid=move || field_error("teams")().is_some()>
                    <legend>"Teams"</legend>
                    <p class="muted" data-testid="report-scope">{scope_line}</p>
                    <CheckList
                        label="Teams in the report"
                        id="report-team"
                        choices=team_choices
                        selected=Signal::derive(move || form.with(|f| f.teams.clone()))
                        on_toggle=Callback::new(move |team: String| edit(&|f| toggle(&mut f.teams, team.clone())))
                        empty="No teams yet: the report covers the whole board."
                    />
                    <p class="field-error" aria-live="polite">{field_error("teams")}</p>
                </fieldset>
                <fieldset class="report-choices" class:invalid=move || field_error("sections")().is_some()>
                    <legend>"Sections"</legend>
                    <CheckList
                        label="Sections of the report"
                        id="report-section"
                        choices=section_choices
                        selected=Signal::derive(move || form.with(|f| f.sections.clone()))
                        on_toggle=Callback::new(move |section: ReportSection| edit(&|f| toggle(&mut f.sections, section)))
                    />
                    <p class="field-error" id="report-sections-error" aria-live="polite">{field_error("sections")}</p>
                </fieldset>
                <div class="field" class:invalid=move || field_error("commentary")().is_some()>
                    <label for="report-commentary">"Commentary"</label>
                    <textarea
                        id="report-commentary"
                        class="prose"
                        rows="6"
                        placeholder="What the board should take from this quarter. Leave a blank line between paragraphs."
                        aria-describedby="report-commentary-count report-commentary-error"
                        prop:value=move || form.with(|f| f.commentary.clone())
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            edit(&|f| f.commentary = value.clone());
                        }
                    ></textarea>
                    <p class="muted" id="report-commentary-count">{commentary_count}</p>
                    <p class="field-error" id="report-commentary-error" aria-live="polite">{field_error("commentary")}</p>
                </div>
                {move || other_error().map(|message| view! { <p class="callout warn" role="alert">{message}</p> })}
                <div class="toolbar">
                    <button type="submit" class="primary" id="report-build" disabled=move || start.pending()>
                        {move || if start.pending() { "Starting…" } else { "Build" }}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// Follows report build `job` until it ends; `built` gets the report it made, `on_close` takes
/// the job out of the address.
#[component]
pub fn ReportProgressPanel(
    job: String,
    on_close: Callback<()>,
    built: Callback<ReportSummary>,
) -> impl IntoView {
    let notifier = use_notifier();
    let followed = follow_job::<api::ReportProgressGet>(job, REPORT_TOPICS, move |progress| {
        if let Some(report) = progress.report {
            notifier.success(format!("Built “{}”.", report.title));
            built.run(report);
        }
    });
    let live = Signal::derive(move || followed.job());
    let body = move || match followed.shown.get() {
        JobShown::Loading => view! { <p class="muted">"Looking up the build…"</p> }.into_any(),
        JobShown::Failed(message) => view! { <p class="field-error" role="alert">{message}</p> }.into_any(),
        JobShown::Running => {
            view! { <JobProgressHead job=live running=true prefix="report" label="Report build"/> }.into_any()
        }
        JobShown::Finished => {
            let now = followed.progress.ok();
            let message = now.as_ref().and_then(|p| p.job.message.clone());
            let report = now.and_then(|p| p.report);
            view! {
                <JobProgressHead job=live running=false prefix="report" label="Report build"/>
                {message.map(|m| view! { <p class="muted" data-testid="report-message">{m}</p> })}
                {report.map(|r| {
                    let title = r.title.clone();
                    view! {
                        <p>
                            {format!("Built “{title}”. ")}
                            <button type="button" class="link" id="report-progress-show" on:click=move |_| built.run(r.clone())>
                                "Show it in the history"
                            </button>
                        </p>
                    }
                })}
            }
            .into_any()
        }
    };
    view! {
        <section class="callout report-progress" data-testid="report-progress" aria-label="Report build" aria-live="polite">
            {body}
            <div class="toolbar">
                <button class="ghost small" id="report-progress-close" on:click=move |_| on_close.run(())>"Close"</button>
            </div>
        </section>
    }
}
