//! A source's bindings: each KPI and scope it feeds, the query, how its sync went, and a remove
//! button; and the form that binds another (KPI, team or system, query, aggregation, step),
//! whose Preview runs the query now for that scope (`source_test`) and shows what came back.

use super::{SOURCE_TOPICS, last_success, sync_error_view};
use crate::components::notifications::use_notifier;
use crate::data::{ListShape, Topic, field_message, use_form_mutation, use_mutation, use_query};
use crate::logic::kpi::{format_number, kpi_path};
use crate::logic::lists::readable_at;
use crate::logic::sources::BindingForm;
use crate::pages::scorecards::{ScopeLookups, today};
use archboard_types::ApiError;
use archboard_types::catalog::Aggregate;
use archboard_types::endpoint as api;
use archboard_types::kpi::{
    Binding, BindingListQuery, BindingRef, Period, ScopeKind, SourceTestRequest, SourceTestResult,
};
use leptos::prelude::*;

#[component]
pub fn BindingsPanel(
    source: String,
    can_edit: bool,
    /// Called when the binding form opens (its preview supersedes an earlier test's result).
    on_open: Callback<()>,
) -> impl IntoView {
    let notifier = use_notifier();
    let list_source = source.clone();
    let bindings = use_query::<api::BindingList>(SOURCE_TOPICS, move || {
        Some(BindingListQuery { source: Some(list_source.clone()), ..Default::default() })
    });
    let shape = Memo::new(move |_| ListShape::of(bindings.get()));
    let remove = use_mutation::<api::BindingRemove>(&[Topic::Metrics]);
    remove.on_success(move |_| notifier.success("Removed the binding."));
    let this_period = Period::quarter_of(today());
    let adding = RwSignal::new(false);

    let rows = move || {
        bindings
            .ok()
            .unwrap_or_default()
            .into_iter()
            .map(|b: Binding| {
                let id = b.id;
                let label = format!("{} for {}", b.kpi, b.scope.describe());
                let confirm_label = label.clone();
                view! {
                    <tr data-testid="binding-row" data-binding=id.to_string()>
                        <th scope="row">
                            <a class="link" href=kpi_path(&b.kpi, &b.scope, this_period)>{b.kpi.clone()}</a>
                        </th>
                        <td>{b.scope.describe()}</td>
                        <td class="mono query-cell">{b.query.clone()}</td>
                        <td>{b.aggregate.map(|a| a.label().to_owned()).unwrap_or_else(|| "the KPI's own".into())}</td>
                        <td class="num">{format!("{} s", b.step_s)}</td>
                        <td>{last_success(&b.status)}</td>
                        <td>
                            {b.status.last_error.as_ref().map(sync_error_view)}
                            {(!b.status.warnings.is_empty()).then(|| view! { <span class="warning">{b.status.warnings.join("; ")}</span> })}
                        </td>
                        <td class="num">{b.status.points_written}</td>
                        {can_edit.then(|| view! {
                            <td>
                                <button
                                    class="danger small"
                                    aria-label=format!("Remove the binding of {label}")
                                    disabled=move || remove.pending()
                                    on:click=move |_| {
                                        let confirmed = web_sys::window()
                                            .and_then(|w| w.confirm_with_message(&format!("Remove the binding of {confirm_label}? Its measurements stay.")).ok())
                                            .unwrap_or(false);
                                        if confirmed {
                                            remove.run(BindingRef { id });
                                        }
                                    }
                                >
                                    "Remove"
                                </button>
                            </td>
                        })}
                    </tr>
                }
            })
            .collect_view()
    };
    let table = move || {
        match shape.get() {
        ListShape::Loading => view! { <p class="muted">"Loading bindings…"</p> }.into_any(),
        ListShape::Failed(message) => view! { <p class="callout warn" role="alert">{message}</p> }.into_any(),
        ListShape::Empty => view! {
            <p class="muted" data-testid="no-bindings">"Nothing is bound to this source yet: bind a query to a KPI for a team or a system."</p>
        }
        .into_any(),
        ListShape::Rows => view! {
            <div class="table-scroll">
                <table class="data compact" data-testid="bindings">
                    <thead>
                        <tr>
                            <th scope="col" class="th-text">"KPI"</th>
                            <th scope="col" class="th-text">"Scope"</th>
                            <th scope="col" class="th-text">"Query"</th>
                            <th scope="col" class="th-text">"Aggregation"</th>
                            <th scope="col" class="th-text num">"Step"</th>
                            <th scope="col" class="th-text">"Last success"</th>
                            <th scope="col" class="th-text">"Status"</th>
                            <th scope="col" class="th-text num">"Points written"</th>
                            {can_edit.then(|| view! { <th scope="col" class="th-text"><span class="sr-only">"Actions"</span></th> })}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any(),
    }
    };
    let form_source = source.clone();
    view! {
        <section class="panel" aria-label="Bindings">
            <div class="panel-head">
                <h2>"Bindings"</h2>
                {can_edit.then(|| view! {
                    <button id="binding-add" aria-expanded=move || adding.get().to_string() on:click=move |_| {
                            if !adding.get_untracked() {
                                on_open.run(());
                            }
                            adding.update(|a| *a = !*a);
                        }>
                        "Add a binding"
                    </button>
                })}
            </div>
            {table}
            {move || adding.get().then(|| view! {
                <AddBinding source=form_source.clone() on_done=Callback::new(move |_| adding.set(false))/>
            })}
        </section>
    }
}

#[component]
fn AddBinding(source: String, on_done: Callback<()>) -> impl IntoView {
    let notifier = use_notifier();
    let lookups = ScopeLookups::new();
    let form = RwSignal::new(BindingForm::default());
    let local_error = RwSignal::new(None::<ApiError>);
    // An engine error is shown until the form is edited again.
    let edited = RwSignal::new(false);
    let add = use_form_mutation::<api::BindingAdd>(&[Topic::Metrics]);
    add.on_success(move |b| {
        notifier.success(format!("Bound {} for {}.", b.kpi, b.scope.describe()));
        on_done.run(());
    });
    let preview = use_form_mutation::<api::SourceTest>(&[]);
    let error = move || {
        local_error.get().or_else(|| add.error().or_else(|| preview.error()).filter(|_| !edited.get()))
    };
    let field_error = move |field: &'static str| move || field_message(error(), field);
    let scope_error = move || field_message(error(), "team").or_else(|| field_message(error(), "system"));
    let other_error = move || {
        error()
            .filter(|e| {
                e.field
                    .as_deref()
                    .is_some_and(|f| !["kpi", "team", "system", "query", "aggregate", "step_s"].contains(&f))
            })
            .map(|e| e.message)
    };
    let preview_source = source.clone();
    let run_preview = move |_| {
        local_error.set(None);
        let f = form.get_untracked();
        if f.query.trim().is_empty() {
            local_error.set(Some(ApiError::validation("query", "Type the query to preview.")));
            return;
        }
        edited.set(false);
        preview.run(SourceTestRequest {
            name: preview_source.clone(),
            query: Some(f.query.trim().to_owned()),
            scope: f.scope(),
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if add.pending() {
            return;
        }
        match form.get_untracked().to_edit(&source) {
            Ok(edit) => {
                local_error.set(None);
                edited.set(false);
                add.run(edit);
            }
            Err(error) => local_error.set(Some(error)),
        }
    };
    let scope_kind = move || form.with(|f| f.scope_kind);
    let scope_options = move || match scope_kind() {
        ScopeKind::Team => lookups.team_options(),
        ScopeKind::System => lookups.system_options(),
    };
    let result = RwSignal::new(None::<SourceTestResult>);
    preview.on_success(move |r| result.set(Some(r)));

    view! {
        <form class="form binding-form" data-testid="binding-form" aria-label="Add a binding" on:submit=submit>
            <h3>"Add a binding"</h3>
            {move || other_error().map(|message| view! { <p class="callout warn" role="alert">{message}</p> })}
            <div class="field-grid">
                <div class="field" class:invalid=move || field_error("kpi")().is_some()>
                    <label for="binding-kpi">"KPI"</label>
                    <select
                        id="binding-kpi"
                        on:change=move |ev| {
                            edited.set(true);
                            form.update(|f| f.kpi = event_target_value(&ev));
                        }
                    >
                        <option value="" selected=move || form.with(|f| f.kpi.is_empty())>"Choose a KPI…"</option>
                        {move || lookups.kpi_options().into_iter().map(|(key, name, _)| {
                            let mine = key.clone();
                            view! { <option value=key.clone() selected=move || form.with(|f| f.kpi == mine)>{format!("{name} ({key})")}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field-error" aria-live="polite">{field_error("kpi")}</p>
                </div>
                <div class="field">
                    <label for="binding-scope-kind">"For a"</label>
                    <select
                        id="binding-scope-kind"
                        on:change=move |ev| {
                            let kind = event_target_value(&ev).parse::<ScopeKind>().unwrap_or(ScopeKind::Team);
                            form.update(|f| {
                                f.scope_kind = kind;
                                f.scope_key.clear();
                            });
                        }
                    >
                        {ScopeKind::ALL.iter().map(|k| {
                            let k = *k;
                            view! { <option value=k.as_str() selected=move || scope_kind() == k>{k.label()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field" class:invalid=move || scope_error().is_some()>
                    <label for="binding-scope">{move || match scope_kind() { ScopeKind::Team => "Team", ScopeKind::System => "System" }}</label>
                    <select
                        id="binding-scope"
                        on:change=move |ev| {
                            edited.set(true);
                            form.update(|f| f.scope_key = event_target_value(&ev));
                        }
                    >
                        <option value="" selected=move || form.with(|f| f.scope_key.is_empty())>"Choose…"</option>
                        {move || scope_options().into_iter().map(|(value, label)| {
                            let mine = value.clone();
                            view! { <option value=value selected=move || form.with(|f| f.scope_key == mine)>{label}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field-error" aria-live="polite">{scope_error}</p>
                </div>
            </div>
            <div class="field" class:invalid=move || field_error("query")().is_some()>
                <label for="binding-query">"Query"</label>
                <textarea
                    id="binding-query"
                    rows="3"
                    placeholder="sum(rate(http_requests_total{team=\"${team}\"}[1d]))"
                    aria-describedby="binding-query-hint binding-query-error"
                    prop:value=move || form.with(|f| f.query.clone())
                    on:input=move |ev| {
                        local_error.set(None);
                        edited.set(true);
                        form.update(|f| f.query = event_target_value(&ev));
                    }
                ></textarea>
                <p class="muted" id="binding-query-hint">
                    <span class="mono">"${team}"</span> " and " <span class="mono">"${system}"</span>
                    " are filled with the scope (a system's team fills " <span class="mono">"${team}"</span> ")."
                </p>
                <p class="field-error" id="binding-query-error" aria-live="polite">{field_error("query")}</p>
            </div>
            <div class="toolbar">
                <button type="button" id="binding-preview" disabled=move || preview.pending() on:click=run_preview>
                    {move || if preview.pending() { "Running…" } else { "Preview" }}
                </button>
            </div>
            {move || result.get().map(test_result_view)}
            <div class="field-grid">
                <div class="field" class:invalid=move || field_error("aggregate")().is_some()>
                    <label for="binding-aggregate">"Aggregation over a period"</label>
                    <select id="binding-aggregate" on:change=move |ev| form.update(|f| f.aggregate = event_target_value(&ev))>
                        <option value="">"The KPI's own"</option>
                        {Aggregate::ALL.iter().map(|a| view! { <option value=a.as_str()>{a.label()}</option> }).collect_view()}
                    </select>
                    <p class="field-error" aria-live="polite">{field_error("aggregate")}</p>
                </div>
                <div class="field" class:invalid=move || field_error("step_s")().is_some()>
                    <label for="binding-step">"Step between backfilled points (seconds)"</label>
                    <input
                        id="binding-step"
                        type="text"
                        inputmode="numeric"
                        placeholder="3600"
                        prop:value=move || form.with(|f| f.step_s.clone())
                        on:input=move |ev| {
                            local_error.set(None);
                            edited.set(true);
                            form.update(|f| f.step_s = event_target_value(&ev));
                        }
                    />
                    <p class="field-error" aria-live="polite">{field_error("step_s")}</p>
                </div>
            </div>
            <div class="toolbar">
                <button class="primary" type="submit" id="binding-save" disabled=move || add.pending()>"Bind"</button>
                <button type="button" class="ghost" on:click=move |_| on_done.run(())>"Cancel"</button>
            </div>
        </form>
    }
}

/// What one query against a source gave: the value and its time, the series, warnings, or the
/// error.
pub fn test_result_view(result: SourceTestResult) -> impl IntoView {
    view! {
        <div class=if result.ok { "callout test-result ok" } else { "callout test-result failed" } data-testid="source-test-result" aria-live="polite">
            {if result.ok {
                view! {
                    <strong data-testid="test-value">
                        {result.value.map(format_number).unwrap_or_else(|| "no value".into())}
                    </strong>
                    <span>{result.at.as_ref().map(|at| format!("at {}", readable_at(at))).unwrap_or_default()}</span>
                    <span class="muted">{format!("{} series", result.series)}</span>
                }
                .into_any()
            } else {
                view! { <strong>"Failed"</strong> }.into_any()
            }}
            {result.error.as_ref().map(sync_error_view)}
            {(!result.warnings.is_empty()).then(|| view! {
                <ul class="import-warnings">{result.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
            })}
            <p class="mono muted test-query">{format!("Query sent: {}", result.query)}</p>
        </div>
    }
}
