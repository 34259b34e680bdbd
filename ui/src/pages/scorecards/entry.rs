//! The KPI page's two forms: a value typed in by a person (`kpi_record`), checked with the
//! contract's `check_value` as it is typed so the error shows before anything is sent; and the
//! scorecard's own thresholds (`scorecard_override`), or back to the catalog's, with a reason.

use super::{offset_at, offset_now};
use crate::components::notifications::use_notifier;
use crate::data::{Topic, field_message, use_form_mutation};
use crate::logic::kpi::{ManualEntry, OverrideForm, utc_to_local_input};
use archboard_types::ApiError;
use archboard_types::catalog::{KpiTarget, KpiUnit};
use archboard_types::endpoint as api;
use archboard_types::kpi::{Scope, ThresholdOverride};
use leptos::prelude::*;

fn now_input() -> String {
    let now = chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
    utc_to_local_input(now, offset_now())
}

#[component]
pub fn ManualEntryForm(kpi: String, unit: KpiUnit, unit_label: String, scope: Scope) -> impl IntoView {
    let notifier = use_notifier();
    let form = RwSignal::new(ManualEntry { at: now_input(), ..Default::default() });
    let sent_error = RwSignal::new(None::<ApiError>);
    // An engine error is shown until the form is edited again.
    let edited = RwSignal::new(false);
    let record = use_form_mutation::<api::KpiRecord>(&[Topic::Metrics]);
    record.on_success(move |m| {
        notifier.success(format!("Recorded {} for {}.", m.value, m.scope.describe()));
        form.set(ManualEntry { at: now_input(), ..Default::default() });
    });
    let check_kpi = kpi.clone();
    // The value as typed, checked against the KPI's unit at once.
    let typed_error = Memo::new(move |_| {
        form.with(|f| (!f.value.trim().is_empty()).then(|| f.checked_value(&check_kpi, unit).err()).flatten())
    });
    let error = move || {
        sent_error.get().or_else(|| typed_error.get()).or_else(|| record.error().filter(|_| !edited.get()))
    };
    let field_error = move |field: &'static str| move || field_message(error(), field);
    let submit_kpi = kpi.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if record.pending() {
            return;
        }
        match form.get_untracked().to_request(&submit_kpi, unit, &scope, offset_at) {
            Ok(request) => {
                sent_error.set(None);
                edited.set(false);
                record.run(request);
            }
            Err(error) => sent_error.set(Some(error)),
        }
    };
    let unit_hint = format!("In {unit_label} ({})", unit.label());
    view! {
        // The checks are the contract's, shown beside the field, not the browser's bubbles.
        <form class="form panel kpi-entry" data-testid="kpi-entry" aria-label="Record a value" novalidate=true on:submit=submit>
            <h2>"Record a value"</h2>
            <div class="field-grid">
                <div class="field" class:invalid=move || field_error("value")().is_some()>
                    <label for="kpi-entry-value">"Value"</label>
                    <input
                        id="kpi-entry-value"
                        type="text"
                        inputmode="decimal"
                        required=true
                        placeholder=unit_hint
                        aria-describedby="kpi-entry-value-error"
                        aria-invalid=move || field_error("value")().is_some().then_some("true")
                        prop:value=move || form.with(|f| f.value.clone())
                        on:input=move |ev| {
                            sent_error.set(None);
                            edited.set(true);
                            form.update(|f| f.value = event_target_value(&ev));
                        }
                    />
                    <p class="field-error" id="kpi-entry-value-error" aria-live="polite">{field_error("value")}</p>
                </div>
                <div class="field" class:invalid=move || field_error("at")().is_some()>
                    <label for="kpi-entry-at">"Measured at (your local time)"</label>
                    <input
                        id="kpi-entry-at"
                        type="datetime-local"
                        aria-describedby="kpi-entry-at-error"
                        prop:value=move || form.with(|f| f.at.clone())
                        on:input=move |ev| {
                            sent_error.set(None);
                            edited.set(true);
                            form.update(|f| f.at = event_target_value(&ev));
                        }
                    />
                    <p class="field-error" id="kpi-entry-at-error" aria-live="polite">{field_error("at")}</p>
                </div>
            </div>
            <div class="field" class:invalid=move || field_error("note")().is_some()>
                <label for="kpi-entry-note">"Note"</label>
                <input
                    id="kpi-entry-note"
                    type="text"
                    placeholder="Where the number comes from"
                    prop:value=move || form.with(|f| f.note.clone())
                    on:input=move |ev| {
                        edited.set(true);
                        form.update(|f| f.note = event_target_value(&ev));
                    }
                />
                <p class="field-error" aria-live="polite">{field_error("note")}</p>
            </div>
            <div class="toolbar">
                <button class="primary" type="submit" id="kpi-entry-save" disabled=move || record.pending() || typed_error.get().is_some()>
                    {move || if record.pending() { "Recording…" } else { "Record" }}
                </button>
            </div>
        </form>
    }
}

#[component]
pub fn OverridePanel(
    kpi: String,
    scope: Scope,
    /// The thresholds in force (the catalog's, or this override's).
    target: Option<KpiTarget>,
    overridden: Option<ThresholdOverride>,
) -> impl IntoView {
    let notifier = use_notifier();
    let initial = target.as_ref().map(|t| OverrideForm::from_ranges(&t.green, &t.amber)).unwrap_or_default();
    let form = RwSignal::new(initial);
    let local_error = RwSignal::new(None::<ApiError>);
    let edited = RwSignal::new(false);
    let save = use_form_mutation::<api::ScorecardOverride>(&[Topic::Metrics]);
    save.on_success(move |row| {
        let what = if row.overridden.is_some() {
            "Saved the thresholds"
        } else {
            "Back to the catalog's thresholds"
        };
        notifier.success(format!("{what} for {}.", row.name));
        form.update(|f| f.reason.clear());
    });
    let error = move || local_error.get().or_else(|| save.error().filter(|_| !edited.get()));
    // The engine says `note` when the reason is too long.
    let reason_error = move || field_message(error(), "reason").or_else(|| field_message(error(), "note"));
    let field_error = move |field: &'static str| move || field_message(error(), field);
    let other_error = move || {
        error()
            .filter(|e| {
                e.field.as_deref().is_some_and(|f| !["green", "amber", "reason", "note"].contains(&f))
            })
            .map(|e| e.message)
    };
    let save_kpi = kpi.clone();
    let save_scope = scope.clone();
    let run_save = move || {
        if save.pending() {
            return;
        }
        match form.get_untracked().to_request(&save_scope, &save_kpi) {
            Ok(request) => {
                local_error.set(None);
                edited.set(false);
                save.run(request);
            }
            Err(error) => local_error.set(Some(error)),
        }
    };
    let back = move |_| {
        local_error.set(None);
        edited.set(false);
        save.run(form.get_untracked().back_to_catalog(&scope, &kpi));
    };
    let bound = move |id: &'static str,
                      label: &'static str,
                      get: fn(&OverrideForm) -> String,
                      set: fn(&mut OverrideForm, String)| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input
                    id=id
                    type="text"
                    inputmode="decimal"
                    class="narrow"
                    placeholder="open"
                    prop:value=move || form.with(get)
                    on:input=move |ev| {
                        local_error.set(None);
                        edited.set(true);
                        form.update(|f| set(f, event_target_value(&ev)));
                    }
                />
            </div>
        }
    };
    let basis_note = target.as_ref().map(|t| match t.basis {
        archboard_types::catalog::TargetBasis::Value => "Bounds on the value itself.",
        archboard_types::catalog::TargetBasis::ChangeFromPreviousPct => {
            "Bounds on the change from the previous period, in percent."
        }
        archboard_types::catalog::TargetBasis::ChangeFromBaselinePct => {
            "Bounds on the change from the same period a year before, in percent."
        }
    });
    view! {
        <form
            class="form panel kpi-override"
            data-testid="kpi-override"
            aria-label="Thresholds for this scorecard"
            novalidate=true
            on:submit=move |ev| {
                ev.prevent_default();
                run_save();
            }
        >
            <h2>"Thresholds for this scorecard"</h2>
            <p class="muted">
                {match &overridden {
                    Some(o) => format!(
                        "Overridden{}: {}.",
                        o.by.as_ref().map(|by| format!(" by {by}")).unwrap_or_default(),
                        o.reason.trim_end_matches('.')
                    ),
                    None => "The catalog's thresholds are in force. Leave a bound empty for an open end.".to_owned(),
                }}
            </p>
            {basis_note.map(|n| view! { <p class="muted">{n}</p> })}
            {move || other_error().map(|message| view! { <p class="callout warn" role="alert">{message}</p> })}
            <fieldset class="range-fields" class:invalid=move || field_error("green")().is_some()>
                <legend>"Green"</legend>
                {bound("override-green-min", "Green from", |f| f.green_min.clone(), |f, v| f.green_min = v)}
                {bound("override-green-max", "Green to", |f| f.green_max.clone(), |f, v| f.green_max = v)}
                <p class="field-error" aria-live="polite">{field_error("green")}</p>
            </fieldset>
            <fieldset class="range-fields" class:invalid=move || field_error("amber")().is_some()>
                <legend>"Amber"</legend>
                {bound("override-amber-min", "Amber from", |f| f.amber_min.clone(), |f, v| f.amber_min = v)}
                {bound("override-amber-max", "Amber to", |f| f.amber_max.clone(), |f, v| f.amber_max = v)}
                <p class="field-error" aria-live="polite">{field_error("amber")}</p>
            </fieldset>
            <div class="field" class:invalid=move || reason_error().is_some()>
                <label for="override-reason">"Reason (required)"</label>
                <input
                    id="override-reason"
                    type="text"
                    required=true
                    placeholder="Why this scorecard differs from the catalog"
                    aria-describedby="override-reason-error"
                    prop:value=move || form.with(|f| f.reason.clone())
                    on:input=move |ev| {
                        local_error.set(None);
                        edited.set(true);
                        form.update(|f| f.reason = event_target_value(&ev));
                    }
                />
                <p class="field-error" id="override-reason-error" aria-live="polite">{reason_error}</p>
            </div>
            <div class="toolbar">
                <button class="primary" type="submit" id="override-save" disabled=move || save.pending()>"Save thresholds"</button>
                <button type="button" id="override-back" disabled=move || save.pending() on:click=back>
                    "Back to catalog thresholds"
                </button>
            </div>
        </form>
    }
}
