//! The selected item's panel: what the template asks (prompt, guidance, what counts as
//! evidence), the answer (status buttons, ML Test Score buttons or lens choices, evidence as
//! Markdown with the engine's sanitised rendering, notes, why it does not apply, owner, due
//! date, a risk override with its reason), then binding to a benchmark run, an exemption and
//! accepting the risk by a decision. The engine refuses what breaks a rule (a pass without
//! evidence); its error is shown on the item and the focus stays where it was.

use super::detail::{ReviewContext, use_review};
use super::{item_status_badge, risk_badge};
use crate::components::me::use_me;
use crate::components::notifications::use_notifier;
use crate::components::widgets::DecisionPicker;
use crate::data::{Query, Topic, field_message, use_mutation, use_query};
use crate::logic::lists::readable_at;
use crate::logic::reviews::{ItemDraft, ML_SCORES, key_for_status, parse_gap_risk};
use crate::pages::decisions::decision_path;
use archboard_types::adr::AdrListQuery;
use archboard_types::bench::BenchListQuery;
use archboard_types::catalog::{CatalogKind, CatalogListQuery, GapRisk};
use archboard_types::endpoint as api;
use archboard_types::people::Permission;
use archboard_types::review::{
    BenchBinding, ItemBinding, ItemExemption, ItemStatus, NotApplicableReason, ReviewItem, RiskAcceptance,
};
use archboard_types::system::Empty;
use leptos::prelude::*;

/// The lists the item panel offers choices from, loaded once per review rather than per item.
#[derive(Clone, Copy)]
pub struct Lookups {
    users: Query<api::UserList>,
    runs: Query<api::BenchList>,
    profiles: Query<api::CatalogList>,
    decisions: Query<api::AdrList>,
}

impl Lookups {
    pub fn provide() {
        provide_context(Lookups {
            users: use_query::<api::UserList>(&[Topic::People], || Some(Empty {})),
            runs: use_query::<api::BenchList>(&[Topic::Benchmarks], || Some(BenchListQuery::default())),
            profiles: use_query::<api::CatalogList>(&[Topic::Catalog], || {
                Some(CatalogListQuery { kind: Some(CatalogKind::Hardware), search: None })
            }),
            decisions: use_query::<api::AdrList>(&[Topic::Decisions], || Some(AdrListQuery::default())),
        });
    }

    /// The active users' names, for owner selects.
    pub fn user_names(&self) -> Vec<String> {
        self.users.ok().unwrap_or_default().into_iter().filter(|u| u.active).map(|u| u.name).collect()
    }

    /// The options of an owner select with `chosen` selected; an owner who is no longer an
    /// active user still shows.
    pub fn owner_options(&self, chosen: &str) -> impl IntoView + use<> {
        let mut names = self.user_names();
        if !chosen.is_empty() && !names.iter().any(|n| n == chosen) {
            names.push(chosen.to_owned());
        }
        let chosen = chosen.to_owned();
        names
            .into_iter()
            .map(|name| {
                let selected = name == chosen;
                view! { <option value=name.clone() selected=selected>{name.clone()}</option> }
            })
            .collect_view()
    }
}

pub fn use_lookups() -> Lookups {
    expect_context::<Lookups>()
}

#[component]
pub fn ItemPanel(key: String) -> impl IntoView {
    let ctx = use_review();
    let me = use_me();
    let lookup = key.clone();
    let item = Memo::new(move |_| ctx.review.with(|r| r.as_ref().and_then(|r| r.item(&lookup).cloned())));
    // Answering needs the review role and a review still open for answers.
    let can_answer = Memo::new(move |_| {
        me.can(Permission::Review)
            && ctx.review.with(|r| r.as_ref().is_some_and(|r| r.state.is_open_for_answers()))
    });
    let draft = ctx.draft;
    let error = move || ctx.item_error();
    let field_error = move |field: &'static str| move || field_message(error(), field);
    let hint = move || {
        let has_binding = item.with(|i| i.as_ref().is_some_and(|i| i.bound.is_some()));
        draft.with(|d| d.early_problem(has_binding)).map(|(_, message)| message)
    };
    let save_keys = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "Enter" {
            ev.prevent_default();
            ctx.save();
        }
    };

    let head = move || {
        item.get().map(|i| {
            let changed = i.status != i.answered_status;
            view! {
                <header class="item-head">
                    <p class="muted mono">{format!("{} · {} v{}", i.key, i.template, i.template_version)}</p>
                    <h2 data-testid="item-prompt">{i.prompt.clone()}</h2>
                    <p class="item-counted">
                        <span data-testid="item-effective-status" data-status=i.status.as_str()>{item_status_badge(i.status)}</span>
                        " " <span data-testid="item-risk" data-risk=i.risk.as_str()>{risk_badge(i.risk)}</span>
                        {changed.then(|| view! { <span class="muted">{format!(" · answered {}", i.answered_status.label().to_lowercase())}</span> })}
                        {i.open_high_risk.then(|| view! { " " <span class="badge open-high">"Open high risk"</span> })}
                        <span class="muted">{format!(" · template risk {}", i.template_risk.label())}</span>
                    </p>
                    {i.status_note.clone().map(|note| view! { <p class="callout" data-testid="item-status-note">{note}</p> })}
                    {i.gap_since.as_ref().filter(|_| i.status.is_gap()).map(|at| view! {
                        <p class="muted" data-testid="item-gap-since">{format!("A gap since {}", readable_at(at))}</p>
                    })}
                    {i.fixed_at.as_ref().map(|at| view! {
                        <p class="muted" data-testid="item-fixed-at">{format!("Fixed {}", readable_at(at))}</p>
                    })}
                    {i.answered_by.clone().map(|by| view! {
                        <p class="muted">{format!("Answered by {by}{}", i.answered_at.as_ref().map(|at| format!(" on {}", readable_at(at))).unwrap_or_default())}</p>
                    })}
                    {(!i.guidance.is_empty()).then(|| view! { <div class="item-guidance"><h3>"Guidance"</h3><p>{i.guidance.clone()}</p></div> })}
                    {(!i.evidence_hint.is_empty()).then(|| view! {
                        <div class="item-evidence-hint" data-testid="item-evidence-hint"><h3>"What counts as evidence"</h3><p>{i.evidence_hint.clone()}</p></div>
                    })}
                </header>
            }
        })
    };

    let status_buttons = ItemStatus::KEYED
        .into_iter()
        .map(|status| {
            let pressed = move || draft.with(|d| d.status == Some(status));
            let title =
                key_for_status(status).map(|k| format!("{} ({k})", status.label())).unwrap_or_default();
            view! {
                <button
                    type="button"
                    class="status-choice"
                    class:chosen=pressed
                    data-status=status.as_str()
                    aria-pressed=move || pressed().to_string()
                    title=title
                    disabled=move || !can_answer.get() || ctx.answer.pending()
                    on:click=move |_| ctx.set_status(status)
                >
                    {status.label()}
                </button>
            }
        })
        .collect_view();

    let scored = Memo::new(move |_| item.with(|i| i.as_ref().is_some_and(|i| ctx.scored(i))));
    let score_buttons = move || {
        scored.get().then(|| {
            view! {
                <div class="toolbar item-score" role="group" aria-label="ML Test Score" data-testid="item-score">
                    <span class="field-label">"Score"</span>
                    {ML_SCORES
                        .into_iter()
                        .map(|score| {
                            let pressed = move || draft.with(|d| d.score == Some(score));
                            view! {
                                <button
                                    type="button"
                                    class="status-choice"
                                    class:chosen=pressed
                                    data-testid=format!("item-score-{score}")
                                    aria-pressed=move || pressed().to_string()
                                    disabled=move || !can_answer.get() || ctx.answer.pending()
                                    on:click=move |_| {
                                        draft.update(|d| d.set_score(score));
                                        ctx.save();
                                    }
                                >
                                    {format!("{score}")}
                                </button>
                            }
                        })
                        .collect_view()}
                    <span class="muted">"0 not done · 0.5 done by hand and documented · 1 automated"</span>
                </div>
            }
        })
    };

    let lens = move || {
        item.get().filter(ReviewItem::is_lens).map(|i| {
            let offered = i.lens_choices.clone();
            view! {
                <fieldset class="item-lens" data-testid="item-lens">
                    <legend>"Choices (the risk follows the lens's rules)"</legend>
                    {i.lens_choices
                        .iter()
                        .map(|choice| {
                            let id = choice.id.clone();
                            let ticked = id.clone();
                            let offered = offered.clone();
                            view! {
                                <label class="check">
                                    <input
                                        type="checkbox"
                                        data-testid="item-choice"
                                        data-choice=id.clone()
                                        prop:checked=move || draft.with(|d| d.choices.contains(&ticked))
                                        disabled=move || !can_answer.get()
                                        on:change=move |_| draft.update(|d| d.toggle_choice(&offered, &id))
                                    />
                                    <span class="check-text">{choice.title.clone()}</span>
                                    {(!choice.description.is_empty()).then(|| view! { <span class="check-hint">{choice.description.clone()}</span> })}
                                </label>
                            }
                        })
                        .collect_view()}
                    {i.fired_rule.clone().map(|rule| view! {
                        <p class="item-fired-rule" data-testid="item-fired-rule">
                            {format!("Rule {} fired: {} → {}", rule.index + 1, rule.condition, rule.risk.label())}
                        </p>
                    })}
                    <p class="field-error">{field_error("choices")}</p>
                </fieldset>
            }
        })
    };

    let lookups = use_lookups();
    let owners = move || lookups.owner_options(&draft.with(|d| d.owner.clone()));

    view! {
        <article class="panel item-panel" data-testid="item-panel" data-key=key.clone() aria-label="Item">
            {head}
            // Said at the top too, where keys 1–5 look; a field's error also shows beside it.
            {move || error().map(|e| view! {
                <p class="field-error item-error" data-testid="item-error" data-field=e.field.clone().unwrap_or_default() role="alert">
                    {e.message}
                </p>
            })}
            <div class="toolbar item-status" role="group" aria-label="Status" data-testid="item-status">
                {status_buttons}
            </div>
            {move || hint().map(|message| view! { <p class="muted item-hint" data-testid="item-hint">{message}</p> })}
            {score_buttons}
            {lens}
            <div class="field" class:invalid=move || field_error("evidence")().is_some()>
                <label for="item-evidence">"Evidence or rationale (Markdown)"</label>
                <textarea
                    id="item-evidence"
                    data-testid="item-evidence"
                    rows="5"
                    prop:value=move || draft.with(|d| d.evidence.clone())
                    on:input=move |ev| draft.update(|d| d.evidence = event_target_value(&ev))
                    on:keydown=save_keys
                    disabled=move || !can_answer.get()
                ></textarea>
                <p class="field-error">{field_error("evidence")}</p>
                {move || item.with(|i| i.as_ref().filter(|i| !i.evidence_html.is_empty()).map(|i| view! {
                    // The engine's rendering, sanitised there; the typed text is never HTML here.
                    <div class="markdown item-evidence-html" data-testid="item-evidence-html" inner_html=i.evidence_html.clone()></div>
                }))}
            </div>
            <div class="field" class:invalid=move || field_error("notes")().is_some()>
                <label for="item-notes">"Notes"</label>
                <textarea
                    id="item-notes"
                    data-testid="item-notes"
                    class="prose"
                    rows="3"
                    prop:value=move || draft.with(|d| d.notes.clone())
                    on:input=move |ev| draft.update(|d| d.notes = event_target_value(&ev))
                    on:keydown=save_keys
                    disabled=move || !can_answer.get()
                ></textarea>
                <p class="field-error">{field_error("notes")}</p>
            </div>
            <div class="field-grid item-fields">
                <div class="field" class:invalid=move || field_error("not_applicable_reason")().is_some()>
                    <label for="item-na-reason">"Why it does not apply"</label>
                    <select
                        id="item-na-reason"
                        data-testid="item-na-reason"
                        disabled=move || !can_answer.get()
                        prop:value=move || draft.with(|d| d.not_applicable_reason.map(|r| r.as_str()).unwrap_or("").to_owned())
                        on:change=move |ev| {
                            let reason = event_target_value(&ev).parse::<NotApplicableReason>().ok();
                            draft.update(|d| d.not_applicable_reason = reason);
                        }
                    >
                        <option value="">"—"</option>
                        {NotApplicableReason::ALL.iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
                    </select>
                    <p class="field-error">{field_error("not_applicable_reason")}</p>
                </div>
                <div class="field" class:invalid=move || field_error("owner")().is_some()>
                    <label for="item-owner">"Owner"</label>
                    <select
                        id="item-owner"
                        data-testid="item-owner"
                        disabled=move || !can_answer.get()
                        on:change=move |ev| draft.update(|d| d.owner = event_target_value(&ev))
                    >
                        <option value="" selected=move || draft.with(|d| d.owner.is_empty())>"Nobody"</option>
                        {owners}
                    </select>
                    <p class="field-error">{field_error("owner")}</p>
                </div>
                <div class="field" class:invalid=move || field_error("due")().is_some()>
                    <label for="item-due">"Due"</label>
                    <input
                        id="item-due"
                        data-testid="item-due"
                        type="date"
                        disabled=move || !can_answer.get()
                        prop:value=move || draft.with(|d| d.due.clone())
                        on:input=move |ev| draft.update(|d| d.due = event_target_value(&ev))
                    />
                    <p class="field-error">{field_error("due")}</p>
                </div>
                <div class="field" class:invalid=move || field_error("risk_override")().is_some()>
                    <label for="item-risk-override">"Risk if not met"</label>
                    <select
                        id="item-risk-override"
                        data-testid="item-risk-override"
                        disabled=move || !can_answer.get()
                        prop:value=move || draft.with(|d| d.override_risk.map(GapRisk::label).unwrap_or("").to_owned())
                        on:change=move |ev| {
                            let risk = parse_gap_risk(&event_target_value(&ev));
                            draft.update(|d| d.override_risk = risk);
                        }
                    >
                        <option value="">{move || item.with(|i| i.as_ref().map(|i| format!("As the template says ({})", i.template_risk.label())).unwrap_or_default())}</option>
                        <option value=GapRisk::High.label()>"High (override)"</option>
                        <option value=GapRisk::Medium.label()>"Medium (override)"</option>
                    </select>
                    <Show when=move || draft.with(|d| d.override_risk.is_some())>
                        <label class="sr-only" for="item-risk-reason">"Why the risk differs"</label>
                        <input
                            id="item-risk-reason"
                            data-testid="item-risk-reason"
                            type="text"
                            placeholder="Why the risk differs from the template's"
                            prop:value=move || draft.with(|d| d.override_reason.clone())
                            on:input=move |ev| draft.update(|d| d.override_reason = event_target_value(&ev))
                        />
                    </Show>
                    <p class="field-error">{field_error("risk_override")}</p>
                </div>
            </div>
            <div class="toolbar">
                <button
                    type="button"
                    class="primary"
                    data-testid="item-save"
                    title="Save the answer (Ctrl+Enter)"
                    disabled=move || !can_answer.get() || ctx.answer.pending()
                    on:click=move |_| ctx.save()
                >
                    {move || if ctx.answer.pending() { "Saving…" } else { "Save answer" }}
                </button>
                <button
                    type="button"
                    class="ghost"
                    data-testid="item-reset"
                    on:click=move |_| {
                        if let Some(i) = item.get_untracked() {
                            draft.set(ItemDraft::from_item(&i));
                            ctx.local_error.set(None);
                        }
                    }
                >
                    "Undo changes"
                </button>
            </div>
            <BindPanel item/>
            <ExemptPanel item/>
            <AcceptRiskPanel item/>
        </article>
    }
}

/// Binding the item to a benchmark run judged against a hardware profile: the engine then
/// evaluates the item from the run (and says when the evidence is too old to count).
#[component]
fn BindPanel(item: Memo<Option<ReviewItem>>) -> impl IntoView {
    let ctx: ReviewContext = use_review();
    let me = use_me();
    let lookups = use_lookups();
    let notifier = use_notifier();
    let run = RwSignal::new(String::new());
    let profile = RwSignal::new(String::new());
    let freshness = RwSignal::new(String::new());
    // Start from the binding there is, once per item.
    Effect::new(move |_| {
        let binding = item.with(|i| i.as_ref().and_then(|i| i.bound.as_ref().map(|b| b.binding.clone())));
        if let Some(binding) = binding {
            run.set(binding.run);
            profile.set(binding.profile);
            freshness.set(binding.freshness_days.map(|d| d.to_string()).unwrap_or_default());
        }
    });
    // Read through a memo so the buttons are not rebuilt when the item refreshes unchanged.
    let has_bound = Memo::new(move |_| item.with(|i| i.as_ref().is_some_and(|i| i.bound.is_some())));
    let bind = use_mutation::<api::ReviewBind>(&[Topic::Reviews]);
    bind.on_success(move |_| notifier.success("Saved the binding."));
    let can_bind = move || me.can(Permission::Review);
    let send = move |remove: bool| {
        let Some(key) = item.with_untracked(|i| i.as_ref().map(|i| i.key.clone())) else { return };
        let bench = (!remove).then(|| BenchBinding {
            run: run.get_untracked(),
            profile: profile.get_untracked(),
            freshness_days: freshness.get_untracked().trim().parse().ok(),
        });
        bind.run(ItemBinding { id: ctx.id, item: key, bench });
    };
    let bound = move || {
        item.with(|i| i.as_ref().and_then(|i| i.bound.clone())).map(|b| {
            let verdict = match b.verdict {
                Some(true) => view! { <span class="badge pass">"meets the profile"</span> }.into_any(),
                Some(false) => view! { <span class="badge fail">"misses the profile"</span> }.into_any(),
                None => view! { <span class="badge muted">"no verdict"</span> }.into_any(),
            };
            view! {
                <p class="bound" data-testid="bound">
                    {verdict} " "
                    <span data-testid="bound-explanation">{b.explanation.clone()}</span>
                    {b.stale.then(|| view! {
                        " " <span class="badge stale" data-testid="bound-stale">
                            {format!("stale{}", b.measured_on.map(|d| format!(" (measured {d})")).unwrap_or_default())}
                        </span>
                    })}
                    {(!b.stale).then(|| b.measured_on.map(|d| view! { <span class="muted">{format!(" · measured {d}")}</span> }))}
                </p>
            }
        })
    };
    view! {
        <section class="item-subpanel item-bind">
            <h3>"Evidence from a benchmark run"</h3>
            {bound}
            <div class="toolbar">
                <label class="sr-only" for="bind-run">"Run"</label>
                <select id="bind-run" data-testid="bind-run" on:change=move |ev| run.set(event_target_value(&ev))>
                    <option value="" selected=move || run.with(String::is_empty)>"Choose a run…"</option>
                    {move || lookups.runs.ok().unwrap_or_default().into_iter().map(|r| {
                        let id = r.id.clone();
                        view! { <option value=r.id.clone() selected=move || run.with(|v| *v == id)>{format!("{} ({})", r.name, r.created_at)}</option> }
                    }).collect_view()}
                </select>
                <label class="sr-only" for="bind-profile">"Hardware profile"</label>
                <select id="bind-profile" data-testid="bind-profile" on:change=move |ev| profile.set(event_target_value(&ev))>
                    <option value="" selected=move || profile.with(String::is_empty)>"Judged against…"</option>
                    {move || lookups.profiles.ok().unwrap_or_default().into_iter().map(|p| {
                        let key = p.key.clone();
                        view! { <option value=p.key.clone() selected=move || profile.with(|v| *v == key)>{p.name.clone()}</option> }
                    }).collect_view()}
                </select>
                <label for="bind-freshness">"Counts for (days)"</label>
                <input
                    id="bind-freshness"
                    data-testid="bind-freshness"
                    type="number"
                    min="1"
                    class="narrow"
                    placeholder=archboard_types::review::DEFAULT_FRESHNESS_DAYS.to_string()
                    prop:value=move || freshness.get()
                    on:input=move |ev| freshness.set(event_target_value(&ev))
                />
                <button
                    type="button"
                    data-testid="bind-save"
                    disabled=move || !can_bind() || bind.pending() || run.with(String::is_empty) || profile.with(String::is_empty)
                    on:click=move |_| send(false)
                >
                    "Bind"
                </button>
                <Show when=move || has_bound.get()>
                    <button type="button" class="ghost" data-testid="bind-remove" disabled=move || !can_bind() || bind.pending() on:click=move |_| send(true)>
                        "Unbind"
                    </button>
                </Show>
            </div>
        </section>
    }
}

/// An exemption accepts a gap until a date, approved by the chair who grants it; an expired
/// one shows as such (the item counts as failed again).
#[component]
fn ExemptPanel(item: Memo<Option<ReviewItem>>) -> impl IntoView {
    let ctx = use_review();
    let me = use_me();
    let notifier = use_notifier();
    let reason = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let local = RwSignal::new(None::<String>);
    let exempt = use_mutation::<api::ReviewExempt>(&[Topic::Reviews]);
    exempt.on_success(move |_| {
        reason.set(String::new());
        until.set(String::new());
        notifier.success("Granted the exemption.");
    });
    let grant = move || {
        let Some(key) = item.with_untracked(|i| i.as_ref().map(|i| i.key.clone())) else { return };
        match until.get_untracked().trim().parse() {
            Ok(date) => {
                local.set(None);
                exempt.run(ItemExemption {
                    id: ctx.id,
                    item: key,
                    reason: reason.get_untracked().trim().to_owned(),
                    until: date,
                });
            }
            Err(_) => local.set(Some("Choose the date the exemption ends.".into())),
        }
    };
    let current = move || {
        item.with(|i| i.as_ref().and_then(|i| i.exemption.clone())).map(|e| {
            view! {
                <p class="exemption" class:expired=e.expired data-testid="exemption">
                    {e.expired.then(|| view! { <span class="badge expired" data-testid="exemption-expired">"Expired"</span> " " })}
                    {format!("Exempt until {} — {} (approved by {}, {})", e.until, e.reason, e.approver, readable_at(&e.granted_at))}
                </p>
            }
        })
    };
    view! {
        <section class="item-subpanel item-exempt">
            <h3>"Exemption"</h3>
            {current}
            <Show
                when=move || me.can(Permission::Chair)
                fallback=|| view! { <p class="muted">"The chair grants exemptions."</p> }
            >
                <div class="toolbar">
                    <label class="sr-only" for="exempt-reason">"Reason"</label>
                    <input
                        id="exempt-reason"
                        data-testid="exempt-reason"
                        type="text"
                        placeholder="Why the gap is accepted for now"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                    />
                    <label for="exempt-until">"Until"</label>
                    <input
                        id="exempt-until"
                        data-testid="exempt-until"
                        type="date"
                        prop:value=move || until.get()
                        on:input=move |ev| until.set(event_target_value(&ev))
                    />
                    <button type="button" data-testid="exempt-save" disabled=move || exempt.pending() on:click=move |_| grant()>
                        "Grant exemption"
                    </button>
                </div>
                {move || local.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </Show>
        </section>
    }
}

/// A decision (ADR) that accepts the item's risk.
#[component]
fn AcceptRiskPanel(item: Memo<Option<ReviewItem>>) -> impl IntoView {
    let ctx = use_review();
    let me = use_me();
    let notifier = use_notifier();
    let lookups = use_lookups();
    let chosen = RwSignal::new(String::new());
    let has_accepted_by =
        Memo::new(move |_| item.with(|i| i.as_ref().is_some_and(|i| i.accepted_by.is_some())));
    let accept = use_mutation::<api::ReviewAcceptRisk>(&[Topic::Reviews]);
    accept.on_success(move |_| notifier.success("Saved which decision accepts the risk."));
    let send = move |adr: Option<u32>| {
        let Some(key) = item.with_untracked(|i| i.as_ref().map(|i| i.key.clone())) else { return };
        accept.run(RiskAcceptance { id: ctx.id, item: key, adr });
    };
    let choices = Signal::derive(move || lookups.decisions.ok().unwrap_or_default());
    let current = move || {
        item.with(|i| i.as_ref().and_then(|i| i.accepted_by.map(|id| (id, i.accepted_by_reference.clone()))))
            .map(|(id, reference)| {
                view! {
                    <p data-testid="accepted-by">
                        "Risk accepted by "
                        <a class="link" href=decision_path(id) data-testid="accepted-adr-link">
                            {reference.unwrap_or_else(|| format!("decision {id}"))}
                        </a>
                    </p>
                }
            })
    };
    view! {
        <section class="item-subpanel item-accept">
            <h3>"Accept the risk by a decision"</h3>
            {current}
            <Show
                when=move || me.can(Permission::Chair)
                fallback=|| view! { <p class="muted">"The chair links the decision that accepts a risk."</p> }
            >
                <div class="toolbar" data-testid="accept-adr">
                    <DecisionPicker id="accept-adr-select" choices selected=chosen/>
                    <button
                        type="button"
                        data-testid="accept-save"
                        disabled=move || accept.pending() || chosen.with(String::is_empty)
                        on:click=move |_| send(chosen.get_untracked().parse().ok())
                    >
                        "Accept risk"
                    </button>
                    <Show when=move || has_accepted_by.get()>
                        <button type="button" class="ghost" data-testid="accept-remove" disabled=move || accept.pending() on:click=move |_| send(None)>
                            "Remove"
                        </button>
                    </Show>
                </div>
            </Show>
        </section>
    }
}
