//! "Choose KPIs": the catalog's KPIs as a checklist, ticked for those the scorecard shows;
//! saving keeps the choice for the scope (`scorecard_kpis_set`), and "Back to the defaults"
//! sends an empty list so the KPIs that apply at the scope's tiers show again.

use super::ScopeLookups;
use crate::components::notifications::use_notifier;
use crate::components::widgets::CheckList;
use crate::data::{Topic, use_mutation};
use crate::logic::people_form::toggle;
use archboard_types::endpoint as api;
use archboard_types::kpi::{Scope, ScorecardKpisSet};
use leptos::prelude::*;

#[component]
pub fn ChooseKpis(
    scope: Scope,
    current: Vec<String>,
    chosen: bool,
    /// Whether the list is unfolded; kept by the page, so a refresh after saving keeps it open.
    open: RwSignal<bool>,
) -> impl IntoView {
    let notifier = use_notifier();
    let lookups = ScopeLookups::new();
    let selected = RwSignal::new(current);
    let save = use_mutation::<api::ScorecardKpisChoose>(&[Topic::Metrics]);
    save.on_success(move |card| {
        let what = if card.chosen { "Saved the KPIs" } else { "Back to the default KPIs" };
        notifier.success(format!("{what} of {}.", card.scope.describe()));
    });
    let choices = Signal::derive(move || lookups.kpi_options());
    let save_scope = scope.clone();
    let defaults_scope = scope.clone();
    view! {
        <details
            class="panel choose-kpis"
            data-testid="choose-kpis"
            prop:open=move || open.get()
            on:toggle=move |ev| {
                let now_open = ev
                    .target()
                    .and_then(|t| js_sys::Reflect::get(&t, &"open".into()).ok())
                    .is_some_and(|v| v.is_truthy());
                if now_open != open.get_untracked() {
                    open.set(now_open);
                }
            }
        >
            <summary>"Choose KPIs"</summary>
            <p class="muted">
                {if chosen {
                    "This scorecard shows the KPIs chosen for it."
                } else {
                    "This scorecard shows the default KPIs for its scope; tick the ones it should show instead."
                }}
            </p>
            <CheckList
                label="KPIs on this scorecard"
                id="choose-kpi"
                choices=choices
                selected=Signal::derive(move || selected.get())
                on_toggle=Callback::new(move |key: String| selected.update(|s| toggle(s, key)))
                empty="The catalog has no KPIs."
            />
            <div class="toolbar section-actions">
                <button
                    class="primary"
                    id="choose-kpis-save"
                    disabled=move || save.pending() || selected.with(Vec::is_empty)
                    title="Keep this list for the scorecard"
                    on:click=move |_| save.run(ScorecardKpisSet { scope: save_scope.clone(), kpis: selected.get_untracked() })
                >
                    {move || format!("Show these {} KPIs", selected.with(Vec::len))}
                </button>
                <button
                    id="choose-kpis-defaults"
                    disabled=move || save.pending() || !chosen
                    on:click=move |_| save.run(ScorecardKpisSet { scope: defaults_scope.clone(), kpis: vec![] })
                >
                    "Back to the defaults"
                </button>
            </div>
        </details>
    }
}
