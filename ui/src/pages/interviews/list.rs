//! The candidates at `/interviews`: filtered by role, stage and a text search kept in the query
//! string, counted per stage, grouped by role; each row with the label, role, stage, scorecards
//! in, the decision and any retention warning. Chairs add a candidate for a catalog role here.

use super::{
    AreaLinks, INTERVIEW_TOPICS, decision_badge, problem_view, role_options, stage_badge, use_roles,
};
use crate::components::me::use_me;
use crate::components::notifications::use_notifier;
use crate::components::widgets::{FilterSelect, Nav, problems_callout};
use crate::data::{ListShape, field_message, use_form_mutation, use_query, use_url_text};
use crate::logic::interview::{
    CandidateForm, CandidateListParams, INTERVIEWS_PATH, candidate_path, group_by, stage_counts,
    unplaced_message,
};
use archboard_types::ApiError;
use archboard_types::Endpoint as _;
use archboard_types::endpoint as api;
use archboard_types::interview::{Candidate, CandidateSummary, Stage};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn InterviewsPage() -> impl IntoView {
    let nav = Nav::new();
    let me = use_me();
    let query = use_query_map();
    let params = Memo::new(move |_| CandidateListParams::parse(|key| query.with(|q| q.get(key))));
    let set_params = move |change: &dyn Fn(&mut CandidateListParams)| {
        let mut next = params.get_untracked();
        change(&mut next);
        next.problems.clear();
        nav.replace(&format!("{INTERVIEWS_PATH}{}", next.to_query()));
    };
    let text = use_url_text(Signal::derive(move || params.with(|p| p.text.clone())), move |value| {
        set_params(&|p| p.text = value.clone())
    });
    let rows =
        use_query::<api::CandidateList>(INTERVIEW_TOPICS, move || Some(params.with(|p| p.list_query())));
    let shape = Memo::new(move |_| ListShape::of(rows.get()));
    let roles = use_roles();

    // The catalog's roles, plus any a listed process runs for that the catalog no longer has.
    let filter_roles = Signal::derive(move || {
        let mut options = role_options(roles);
        for row in rows.ok().unwrap_or_default() {
            if !options.iter().any(|(key, _)| *key == row.role_key) {
                options.push((row.role_key.clone(), row.role_name.clone()));
            }
        }
        options
    });

    let filters = view! {
        <div class="toolbar filters" role="group" aria-label="Filters">
            <FilterSelect
                id="candidate-filter-role"
                label="Role"
                any="Any role"
                options=filter_roles
                selected=Signal::derive(move || params.with(|p| p.role.clone()))
                on_choose=Callback::new(move |v: String| set_params(&|p| p.role = v.clone()))
            />
            <label for="candidate-filter-stage">"Stage"</label>
            <select
                id="candidate-filter-stage"
                data-testid="candidate-filter-stage"
                prop:value=move || params.with(|p| p.stage.map(|s| s.as_str()).unwrap_or("").to_owned())
                on:change=move |ev| {
                    // The select offers only the contract's stages and "Any".
                    let stage = event_target_value(&ev).parse::<Stage>().ok();
                    set_params(&|p| p.stage = stage);
                }
            >
                <option value="">"Any stage"</option>
                {Stage::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
            </select>
            <label for="candidate-search">"Search"</label>
            <input
                id="candidate-search"
                type="search"
                placeholder="Name or e-mail"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            />
        </div>
    };

    let counts = move || {
        let list = rows.ok().unwrap_or_default();
        let total = list.len();
        let counts = stage_counts(list.iter().map(|c| c.stage));
        view! {
            <ul class="stage-counts" aria-label="Candidates per stage" data-testid="stage-counts">
                <li class="stage-count total"><span class="stage-count-n">{total}</span>{if total == 1 { " candidate" } else { " candidates" }}</li>
                {counts.into_iter().map(|(stage, n)| view! {
                    <li class="stage-count" data-stage=stage.as_str()>
                        <button
                            type="button"
                            class="ghost small"
                            aria-pressed=move || (params.with(|p| p.stage) == Some(stage)).to_string()
                            title=format!("Show only {}", stage.label().to_lowercase())
                            on:click=move |_| set_params(&|p| p.stage = if p.stage == Some(stage) { None } else { Some(stage) })
                        >
                            {stage_badge(stage)} " " <span class="stage-count-n">{n}</span>
                        </button>
                    </li>
                }).collect_view()}
            </ul>
        }
    };

    let table = move || {
        let groups = group_by(rows.ok().unwrap_or_default(), |c| (c.role_key.clone(), c.role_name.clone()));
        view! {
            <div class="table-scroll">
                <table class="data candidate-list" data-testid="candidate-list">
                    <thead>
                        <tr>
                            <th scope="col" class="th-text">"Candidate"</th>
                            <th scope="col" class="th-text">"Role"</th>
                            <th scope="col" class="th-text">"Stage"</th>
                            <th scope="col" class="th-text num">"Scorecards in"</th>
                            <th scope="col" class="th-text">"Decision"</th>
                            <th scope="col" class="th-text">"Retention"</th>
                        </tr>
                    </thead>
                    {groups.into_iter().map(|((key, name), members)| {
                        let count = members.len();
                        view! {
                            <tbody class="role-group" data-role=key.clone()>
                                <tr class="group-head">
                                    <th scope="rowgroup" colspan="6">{format!("{name} · {count}")}</th>
                                </tr>
                                {members.into_iter().map(|c| candidate_row(c, nav)).collect_view()}
                            </tbody>
                        }
                    }).collect_view()}
                </table>
            </div>
        }
    };

    let body = move || {
        match shape.get() {
        ListShape::Loading => view! { <p class="muted">"Loading candidates…"</p> }.into_any(),
        ListShape::Failed(message) => problem_view(message).into_any(),
        ListShape::Empty if params.with(|p| p.filtered()) => view! {
            <div class="empty-state">
                <h2>"No candidates match these filters"</h2>
                <button on:click=move |_| set_params(&|p| *p = CandidateListParams::default())>"Clear filters"</button>
            </div>
        }
        .into_any(),
        ListShape::Empty => view! {
            <div class="empty-state">
                <div class="empty-icon" aria-hidden="true">"☺"</div>
                <h2>"No candidates yet"</h2>
                <p>"A candidate applies for a role of the catalog; its rubric is copied into their process. Plan a panel, score each interview on its own, and debrief once the scorecards are in."</p>
            </div>
        }
        .into_any(),
        ListShape::Rows => view! { {counts} {table} }.into_any(),
    }
    };

    view! {
        <section class="page interviews-page">
            <header class="page-head">
                <h1>"Interviews"</h1>
                <AreaLinks/>
            </header>
            {move || problems_callout(params.with(|p| p.problems.clone()))}
            {filters}
            {body}
            <Show when=move || me.can(api::CandidateAdd::PERMISSION)>
                <AddCandidate/>
            </Show>
        </section>
    }
}

fn candidate_row(c: CandidateSummary, nav: Nav) -> impl IntoView {
    let href = candidate_path(c.id);
    let open = href.clone();
    let on_enter = href.clone();
    let warning = c.retention.warning.clone();
    let due = warning.is_some();
    view! {
        <tr
            class="candidate-row"
            tabindex="0"
            data-id=c.id.to_string()
            data-stage=c.stage.as_str()
            class:retention-due=due
            on:click=move |_| nav.go(&open)
            on:keydown=move |ev| {
                if ev.key() == "Enter" {
                    nav.go(&on_enter);
                }
            }
        >
            <td class="title-cell">
                <a class="link" href=href on:click=|ev| ev.stop_propagation()>{c.label.clone()}</a>
                {c.anonymised.then(|| view! { " " <span class="badge anonymised">"Anonymised"</span> })}
            </td>
            <td>{c.role_name.clone()}</td>
            <td>{stage_badge(c.stage)}</td>
            <td class="num" data-testid="candidate-submitted">{format!("{} / {}", c.submitted, c.interviews)}</td>
            <td>{c.decision.map(decision_badge)}</td>
            <td class="retention-cell">
                {c.retention.legal_hold.then(|| view! { <span class="badge legal-hold">"Legal hold"</span> " " })}
                {warning.map(|w| view! {
                    <span class="retention-warning" data-testid="retention-warning">
                        <span aria-hidden="true">"⚠ "</span>{w}
                    </span>
                })}
            </td>
        </tr>
    }
}

/// The fields the add form shows an error beside.
const FIELDS: [&str; 6] = ["name", "role_key", "email", "phone", "source", "notes"];

/// The form a chair adds a candidate with: name, the role (from the catalog), how to reach them,
/// where they came from and notes. Once added, their page opens, where the panel is planned.
#[component]
fn AddCandidate() -> impl IntoView {
    let notifier = use_notifier();
    let nav = Nav::new();
    let roles = use_roles();
    let form = RwSignal::new(CandidateForm::default());
    let local_error = RwSignal::new(None::<ApiError>);
    // An engine error is shown until the form is edited again.
    let edited = RwSignal::new(false);
    let add = use_form_mutation::<api::CandidateAdd>(INTERVIEW_TOPICS);
    add.on_success(move |candidate: Candidate| {
        notifier.success(format!(
            "Added {} for {}. Plan their panel here.",
            candidate.label, candidate.rubric.role_name
        ));
        nav.go(&candidate_path(candidate.id));
    });
    let error = move || local_error.get().or_else(|| add.error().filter(|_| !edited.get()));
    let field_error = move |field: &'static str| move || field_message(error(), field);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if add.pending() {
            return;
        }
        match form.get_untracked().to_new() {
            Ok(request) => {
                local_error.set(None);
                edited.set(false);
                add.run(request);
            }
            Err(error) => local_error.set(Some(error)),
        }
    };
    let text = move |id: &'static str,
                     label: &'static str,
                     field: &'static str,
                     kind: &'static str,
                     get: fn(&CandidateForm) -> String,
                     set: fn(&mut CandidateForm, String)| {
        let error_id = format!("{id}-error");
        view! {
            <div class="field" class:invalid=move || field_error(field)().is_some()>
                <label for=id>{label}</label>
                <input
                    id=id
                    type=kind
                    aria-describedby=error_id.clone()
                    aria-invalid=move || field_error(field)().is_some().then_some("true")
                    prop:value=move || form.with(get)
                    on:input=move |ev| {
                        local_error.set(None);
                        edited.set(true);
                        form.update(|f| set(f, event_target_value(&ev)));
                    }
                />
                <p class="field-error" id=error_id aria-live="polite">{field_error(field)}</p>
            </div>
        }
    };
    view! {
        <form class="form panel candidate-form" aria-label="Add a candidate" on:submit=submit>
            <h2>"Add a candidate"</h2>
            {move || unplaced_message(error(), &FIELDS).map(problem_view)}
            <div class="field-grid">
                {text("candidate-name", "Name", "name", "text", |f| f.name.clone(), |f, v| f.name = v)}
                <div class="field" class:invalid=move || field_error("role_key")().is_some()>
                    <label for="candidate-role">"Role"</label>
                    <select
                        id="candidate-role"
                        aria-describedby="candidate-role-error"
                        on:change=move |ev| {
                            local_error.set(None);
                            edited.set(true);
                            let key = event_target_value(&ev);
                            form.update(|f| f.role_key = key);
                        }
                    >
                        <option value="" selected=move || form.with(|f| f.role_key.is_empty())>"Choose a role…"</option>
                        {move || role_options(roles).into_iter().map(|(key, name)| {
                            let mine = key.clone();
                            view! { <option value=key selected=move || form.with(|f| f.role_key == mine)>{name}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field-error" id="candidate-role-error" aria-live="polite">{field_error("role_key")}</p>
                </div>
                {text("candidate-email", "E-mail", "email", "email", |f| f.email.clone(), |f, v| f.email = v)}
                {text("candidate-phone", "Phone", "phone", "tel", |f| f.phone.clone(), |f, v| f.phone = v)}
                {text("candidate-source", "Source", "source", "text", |f| f.source.clone(), |f, v| f.source = v)}
            </div>
            <div class="field" class:invalid=move || field_error("notes")().is_some()>
                <label for="candidate-notes">"Notes"</label>
                <textarea
                    id="candidate-notes"
                    class="prose"
                    rows="3"
                    aria-describedby="candidate-notes-error"
                    prop:value=move || form.with(|f| f.notes.clone())
                    on:input=move |ev| {
                        edited.set(true);
                        form.update(|f| f.notes = event_target_value(&ev));
                    }
                ></textarea>
                <p class="field-error" id="candidate-notes-error" aria-live="polite">{field_error("notes")}</p>
            </div>
            {move || roles.ok().is_some_and(|r| r.is_empty()).then(|| view! {
                <p class="callout warn">"The catalog has no roles: add one under Catalog first; its rubric is what the panel scores against."</p>
            })}
            <div class="toolbar">
                <button class="primary" type="submit" id="candidate-add" disabled=move || add.pending()>
                    {move || if add.pending() { "Adding…" } else { "Add candidate" }}
                </button>
            </div>
        </form>
    }
}
