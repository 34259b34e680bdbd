//! One dimension of a team's assessment: the level Archboard proposes from the evidence and
//! why it stops there, last quarter's level, each level 0–4 with the catalog's criteria and the
//! checks against the board (met ✓ or not met ✗, the reason with its figures, links to the
//! reviews and KPIs read), and the current assessment. An assessor accepts the proposed level
//! in one click or sets another with a rationale, either with an optional target for next
//! quarter; errors are shown beside the field the engine (or the contract's own check) names.

use super::{REPORT_TOPICS, focus_soon};
use crate::components::me::use_me;
use crate::components::notifications::use_notifier;
use crate::data::{Query, field_message, use_form_mutation};
use crate::logic::lists::readable_at;
use crate::logic::report::{AssessDraft, dom_key, evidence_href, level_class, level_option_label};
use archboard_types::ApiError;
use archboard_types::Endpoint as _;
use archboard_types::endpoint as api;
use archboard_types::kpi::Period;
use archboard_types::maturity::{
    Assessment, CriterionCheck, DimensionProposal, LevelCheck, MAX_LEVEL, MaturityProposal,
};
use leptos::prelude::*;

/// The fields the card shows errors beside.
const FIELDS: [&str; 3] = ["level", "rationale", "target"];

#[component]
pub fn DimensionCard(
    team: String,
    period: Period,
    dimension_key: String,
    proposal: Query<api::MaturityPropose>,
) -> impl IntoView {
    let me = use_me();
    let notifier = use_notifier();
    let dom = dom_key(&dimension_key);
    let find = {
        let key = dimension_key.clone();
        move |p: &MaturityProposal| p.dimensions.iter().find(|d| d.dimension == key).cloned()
    };
    let find_live = find.clone();
    // The dimension as last known: a failed refresh keeps showing it.
    let dimension = Memo::new(move |before: Option<&Option<DimensionProposal>>| {
        proposal.ok().and_then(|p| find_live(&p)).or_else(|| before.cloned().flatten())
    });
    let closed = Memo::new(move |_| proposal.ok().is_some_and(|p| p.closed));
    let draft =
        RwSignal::new(dimension.get_untracked().map(|d| AssessDraft::from_dimension(&d)).unwrap_or_default());
    let other_open = RwSignal::new(false);
    let assess = use_form_mutation::<api::MaturityAssess>(REPORT_TOPICS);
    let local_error = RwSignal::new(None::<ApiError>);
    // An engine error is shown until the form is changed or another save starts.
    let edited = RwSignal::new(false);
    assess.on_success(move |p| {
        if let Some(d) = find(&p) {
            draft.set(AssessDraft::from_dimension(&d));
            let level = d.assessment.as_ref().map(|a| a.level).unwrap_or(d.proposed);
            notifier.success(format!("{}: level {level} saved.", d.name));
        }
        other_open.set(false);
    });
    let error = move || local_error.get().or_else(|| assess.error().filter(|_| !edited.get()));
    let field_error = move |field: &'static str| move || field_message(error(), field);
    // An error about a field that is not on screen (the level or rationale while "Set another
    // level" is closed) is said below the buttons instead.
    let other_error = move || {
        let open = other_open.get();
        error()
            .filter(|e| e.field.as_deref().is_none_or(|f| !FIELDS.contains(&f) || (!open && f != "target")))
            .map(|e| e.message)
    };
    let edit = move |change: &dyn Fn(&mut AssessDraft)| {
        edited.set(true);
        local_error.set(None);
        draft.update(|d| change(d));
    };
    let send = move |request: Result<archboard_types::maturity::AssessRequest, ApiError>| match request {
        Ok(request) => {
            local_error.set(None);
            edited.set(false);
            assess.run(request);
        }
        Err(problem) => local_error.set(Some(problem)),
    };
    let team_key = StoredValue::new(team);
    let accept = move |_| {
        let Some(d) = dimension.get_untracked() else { return };
        send(team_key.with_value(|team| draft.get_untracked().accept_request(team, period, &d)));
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(d) = dimension.get_untracked() else { return };
        send(team_key.with_value(|team| draft.get_untracked().to_request(team, period, &d)));
    };
    let may_assess = move || me.can(api::MaturityAssess::PERMISSION) && !closed.get();

    let ids = Ids::new(&dom);
    let heading_id = ids.heading.clone();
    let head = move || {
        dimension.get().map(|d| {
            let levels = team_key.with_value(|team| levels_view(&d, team, period));
            let assessed = d.assessment.clone();
            view! {
                <header class="dimension-head">
                    <h2 id=heading_id.clone()>{d.name.clone()}</h2>
                    <p class="dimension-levels">
                        <span class="badge level-proposed" data-testid="dimension-proposed" data-level=d.proposed.to_string()>
                            {format!("Proposed: level {}", d.proposed)}
                        </span>
                        " "
                        <span class="badge level-assessed" data-testid="dimension-assessed" data-level=assessed.as_ref().map(|a| a.level.to_string())>
                            {match &assessed {
                                Some(a) => format!("Assessed: level {}", a.level),
                                None => "Not assessed yet".to_owned(),
                            }}
                        </span>
                        " "
                        <span class="muted" data-testid="dimension-previous">
                            {match d.previous_level {
                                Some(level) => format!("Last quarter: level {level}"),
                                None => "Last quarter: not assessed".to_owned(),
                            }}
                        </span>
                    </p>
                    <p class="dimension-reason" data-testid="dimension-reason">{d.reason.clone()}</p>
                </header>
                {levels}
                {current_view(assessed.as_ref())}
            }
        })
    };

    let level_options = move || {
        let levels = dimension.with(|d| d.as_ref().map(|d| d.levels.clone()).unwrap_or_default());
        (0..=MAX_LEVEL)
            .map(move |level| (level.to_string(), level_option_label(level, &levels)))
            .collect::<Vec<_>>()
    };
    let target_select = {
        let ids = ids.clone();
        move || {
            let ids = ids.clone();
            view! {
                <div class="field assess-target-field" class:invalid=move || field_error("target")().is_some()>
                    <label for=ids.target.clone()>"Target level for next quarter (optional)"</label>
                    <select
                        id=ids.target.clone()
                        class="assess-target"
                        aria-describedby=ids.target_error.clone()
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            edit(&|d| d.target = value.clone());
                        }
                    >
                        <option value="" selected=move || draft.with(|d| d.target.is_empty())>"No target"</option>
                        {move || level_options().into_iter().map(|(value, label)| {
                            let mine = value.clone();
                            view! { <option value=value selected=move || draft.with(|d| d.target == mine)>{label}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field-error" id=ids.target_error.clone() aria-live="polite">{field_error("target")}</p>
                </div>
            }
        }
    };

    let other_form = {
        let ids = ids.clone();
        move || {
            other_open.get().then(|| {
                let ids = ids.clone();
                let toggle_id = StoredValue::new(ids.other.clone());
                let close = move || {
                    other_open.set(false);
                    focus_soon(toggle_id.get_value());
                };
                view! {
                    <form
                        class="form assess-other-form"
                        id=ids.form.clone()
                        aria-label="Set another level"
                        on:submit=save
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                            if ev.key() == "Escape" {
                                ev.prevent_default();
                                close();
                            }
                        }
                    >
                        <div class="field" class:invalid=move || field_error("level")().is_some()>
                            <label for=ids.level.clone()>"Level"</label>
                            <select
                                id=ids.level.clone()
                                class="assess-level"
                                on:change=move |ev| {
                                    let value = event_target_value(&ev);
                                    edit(&|d| d.level = value.clone());
                                }
                            >
                                {move || level_options().into_iter().map(|(value, label)| {
                                    let mine = value.clone();
                                    view! { <option value=value selected=move || draft.with(|d| d.level == mine)>{label}</option> }
                                }).collect_view()}
                            </select>
                            <p class="field-error" aria-live="polite">{field_error("level")}</p>
                        </div>
                        <div class="field" class:invalid=move || field_error("rationale")().is_some()>
                            <label for=ids.rationale.clone()>"Rationale"</label>
                            <textarea
                                id=ids.rationale.clone()
                                class="assess-rationale prose"
                                rows="4"
                                placeholder="What the assessor saw that the evidence on the board does not show."
                                aria-describedby=format!("{} {}", ids.rationale_hint, ids.rationale_error)
                                prop:value=move || draft.with(|d| d.rationale.clone())
                                on:input=move |ev| {
                                    let value = event_target_value(&ev);
                                    edit(&|d| d.rationale = value.clone());
                                }
                            ></textarea>
                            <p class="muted" id=ids.rationale_hint.clone()>
                                "Please say why whenever the level differs from the proposed one."
                            </p>
                            <p class="field-error assess-rationale-error" id=ids.rationale_error.clone() aria-live="polite">
                                {field_error("rationale")}
                            </p>
                        </div>
                        <div class="toolbar">
                            <button type="submit" class="primary assess-save" id=ids.save.clone() disabled=move || assess.pending()>
                                {move || if assess.pending() { "Saving…" } else { "Save this level" }}
                            </button>
                            <button type="button" class="ghost assess-other-cancel" on:click=move |_| close()>
                                "Cancel"
                            </button>
                        </div>
                    </form>
                }
            })
        }
    };

    let actions = {
        let ids = ids.clone();
        move || {
            may_assess().then(|| {
                let proposed = dimension.with(|d| d.as_ref().map(|d| d.proposed).unwrap_or_default());
                view! {
                    <div class="assess-actions" data-testid="assess-actions">
                        {target_select.clone()}
                        <div class="toolbar">
                            <button
                                type="button"
                                class="primary assess-accept"
                                id=ids.accept.clone()
                                data-level=proposed.to_string()
                                disabled=move || assess.pending()
                                on:click=accept
                            >
                                {format!("Accept proposed level {proposed}")}
                            </button>
                            <button
                                type="button"
                                class="assess-other-toggle"
                                id=ids.other.clone()
                                aria-expanded=move || other_open.get().to_string()
                                aria-controls=ids.form.clone()
                                on:click={
                                    let level_id = ids.level.clone();
                                    move |_| {
                                        other_open.update(|open| *open = !*open);
                                        if other_open.get_untracked() {
                                            focus_soon(level_id.clone());
                                        }
                                    }
                                }
                            >
                                "Set another level…"
                            </button>
                        </div>
                        {other_form.clone()}
                        {move || other_error().map(|message| view! { <p class="callout warn" role="alert">{message}</p> })}
                    </div>
                }
            })
        }
    };

    view! {
        <article
            class="panel dimension-card"
            id=ids.card.clone()
            data-dimension=dimension_key.clone()
            data-testid="dimension-card"
            aria-labelledby=ids.heading.clone()
        >
            {head}
            {actions}
        </article>
    }
}

/// The element ids of one card, from its dimension's key.
#[derive(Debug, Clone)]
struct Ids {
    card: String,
    heading: String,
    target: String,
    target_error: String,
    accept: String,
    other: String,
    form: String,
    level: String,
    rationale: String,
    rationale_hint: String,
    rationale_error: String,
    save: String,
}

impl Ids {
    fn new(dom: &str) -> Self {
        Ids {
            card: format!("dimension-{dom}"),
            heading: format!("dimension-{dom}-heading"),
            target: format!("assess-target-{dom}"),
            target_error: format!("assess-target-error-{dom}"),
            accept: format!("assess-accept-{dom}"),
            other: format!("assess-other-{dom}"),
            form: format!("assess-other-form-{dom}"),
            level: format!("assess-level-{dom}"),
            rationale: format!("assess-rationale-{dom}"),
            rationale_hint: format!("assess-rationale-hint-{dom}"),
            rationale_error: format!("assess-rationale-error-{dom}"),
            save: format!("assess-save-{dom}"),
        }
    }
}

/// Each level of the model, lowest first, with its criteria and checks.
fn levels_view(d: &DimensionProposal, team: &str, period: Period) -> impl IntoView + use<> {
    let mut levels: Vec<&LevelCheck> = d.levels.iter().collect();
    levels.sort_by_key(|l| l.level);
    let items = levels
        .into_iter()
        .map(|level| {
            let class = level_class(level);
            let proposed = level.level == d.proposed;
            let state = match class {
                "met" => view! { <span class="level-state met"><span aria-hidden="true">"✓ "</span>"Met by the evidence"</span> }.into_any(),
                "not-met" => view! { <span class="level-state not-met"><span aria-hidden="true">"✗ "</span>"Not met by the evidence"</span> }.into_any(),
                _ => view! { <span class="level-state no-evidence">"No evidence on the board: an assessor judges it"</span> }.into_any(),
            };
            let criteria = (!level.criteria.is_empty()).then(|| {
                view! {
                    <ul class="level-criteria" aria-label=format!("Criteria of level {}", level.level)>
                        {level.criteria.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}
                    </ul>
                }
            });
            let checks = (!level.checks.is_empty()).then(|| {
                view! {
                    <ul class="level-checks" aria-label=format!("Evidence checks of level {}", level.level)>
                        {level.checks.iter().map(|c| check_view(c, team, period)).collect_view()}
                    </ul>
                }
            });
            let name = if level.name.trim().is_empty() {
                format!("Level {}", level.level)
            } else {
                format!("Level {} — {}", level.level, level.name)
            };
            view! {
                <li class=format!("level {class}") class:proposed=proposed data-level=level.level.to_string() data-testid="level">
                    <div class="level-head">
                        <strong>{name}</strong>
                        " "
                        {state}
                        {proposed.then(|| view! { " " <span class="badge level-proposed-mark">"Proposed"</span> })}
                    </div>
                    {criteria}
                    {checks}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="level-list" aria-label="Levels">{items}</ol> }
}

/// One check: met or not, what the level asks, why, and the evidence read.
fn check_view(check: &CriterionCheck, team: &str, period: Period) -> impl IntoView + use<> {
    let links = (!check.evidence.is_empty()).then(|| {
        let items = check
            .evidence
            .iter()
            .map(|e| view! { " " <a class="link evidence-link" href=evidence_href(e, team, period)>{e.clone()}</a> })
            .collect_view();
        view! { <span class="check-evidence">" · evidence:"{items}</span> }
    });
    view! {
        <li
            class=if check.met { "criterion-check met" } else { "criterion-check not-met" }
            data-met=check.met.to_string()
            data-kind=check.kind.as_str()
            data-subject=check.subject.clone()
            data-testid="criterion-check"
        >
            <span class="check-mark" aria-hidden="true">{if check.met { "✓" } else { "✗" }}</span>
            <span class="sr-only">{if check.met { "Met: " } else { "Not met: " }}</span>
            <span class="check-requirement">{check.requirement.clone()}</span>
            <span class="check-reason muted">{format!(" — {}", check.reason)}</span>
            {links}
        </li>
    }
}

/// The assessment as it stands: level, what was proposed then, by whom and when, the
/// rationale and the target.
fn current_view(assessment: Option<&Assessment>) -> impl IntoView + use<> {
    match assessment {
        None => view! {
            <p class="muted current-assessment none" data-testid="current-assessment">"No level has been set for this dimension yet."</p>
        }
        .into_any(),
        Some(a) => view! {
            <dl class="facts current-assessment" data-testid="current-assessment" data-level=a.level.to_string()>
                <dt>"Level"</dt>
                <dd>{a.level}</dd>
                <dt>"Proposed then"</dt>
                <dd>{a.proposed}</dd>
                <dt>"Set by"</dt>
                <dd>{a.assessor.clone()}</dd>
                <dt>"Set at"</dt>
                <dd>{readable_at(&a.at)}</dd>
                <dt>"Rationale"</dt>
                <dd class="pre-wrap">{if a.rationale.trim().is_empty() { "—".to_owned() } else { a.rationale.clone() }}</dd>
                <dt>"Target next quarter"</dt>
                <dd>{a.target.map(|t| t.to_string()).unwrap_or_else(|| "—".to_owned())}</dd>
            </dl>
        }
        .into_any(),
    }
}
