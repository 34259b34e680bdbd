//! The board's review settings at `/reviews/settings`: the time zone the SLA clock counts days
//! in, each kind's SLA in business days, and the holiday calendar (imported from a CSV of
//! `date,name` or an ICS file, added to or replacing the one there is).

use super::AreaLinks;
use crate::components::files::{first_file, read_text};
use crate::components::me::use_me;
use crate::components::notifications::use_notifier;
use crate::data::{Topic, field_message, use_form_mutation, use_mutation, use_query};
use crate::logic::reviews::parse_sla_days;
use archboard_types::endpoint as api;
use archboard_types::people::Permission;
use archboard_types::review::{HolidayImport, ReviewKind, ReviewSettings, ReviewSettingsChange};
use archboard_types::system::Empty;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let me = use_me();
    let notifier = use_notifier();
    let settings = use_query::<api::ReviewSettingsGet>(&[Topic::Reviews], || Some(Empty {}));
    let time_zone = RwSignal::new(String::new());
    let sla = RwSignal::new(Vec::<(ReviewKind, String)>::new());
    let local = RwSignal::new(None::<String>);
    // The form follows the stored settings whenever they change (after a save or an import).
    let fill = move |stored: &ReviewSettings| {
        time_zone.set(stored.time_zone.clone());
        sla.set(
            ReviewKind::ALL
                .iter()
                .map(|kind| {
                    let days = stored.sla_days.iter().find(|(k, _)| k == kind).map(|(_, d)| d.to_string());
                    (*kind, days.unwrap_or_default())
                })
                .collect(),
        );
    };
    Effect::new(move |_| {
        if let Some(stored) = settings.ok() {
            fill(&stored);
        }
    });
    let update = use_form_mutation::<api::ReviewSettingsUpdate>(&[Topic::Reviews]);
    update.on_success(move |_| notifier.success("Saved the review settings."));
    let save = move || match parse_sla_days(&sla.get_untracked()) {
        Ok(sla_days) => {
            local.set(None);
            update.run(ReviewSettingsChange {
                time_zone: time_zone.get_untracked().trim().to_owned(),
                sla_days,
            });
        }
        Err(message) => local.set(Some(message)),
    };
    let field_error = move |field: &'static str| move || field_message(update.error(), field);

    let input = NodeRef::<leptos::html::Input>::new();
    let replace = RwSignal::new(false);
    let import = use_mutation::<api::ReviewHolidaysImport>(&[Topic::Reviews]);
    import.on_success(move |stored| {
        notifier.success(format!("The calendar now holds {} holidays.", stored.holidays.len()));
        if let Some(element) = input.get_untracked() {
            element.set_value("");
        }
    });
    let upload = move |_| {
        let Some(file) = input.get_untracked().and_then(|element| first_file(&element)) else {
            notifier.problem("Choose a CSV or ICS file first.");
            return;
        };
        spawn_local(async move {
            match read_text(&file).await {
                Ok(text) => import.run(HolidayImport {
                    file_name: file.name(),
                    text,
                    replace: replace.get_untracked(),
                }),
                Err(message) => notifier.problem(message),
            }
        });
    };
    let can_change = move || me.can(Permission::Chair);

    view! {
        <section class="page review-settings">
            <header class="page-head">
                <h1>"Review settings"</h1>
                <AreaLinks/>
            </header>
            {move || settings.get().and_then(Result::err).map(|e| view! { <p class="callout warn" role="alert">{e.message}</p> })}
            <form class="form panel" on:submit=move |ev| { ev.prevent_default(); save(); }>
                <h2>"SLA"</h2>
                <div class="field" class:invalid=move || field_error("time_zone")().is_some()>
                    <label for="settings-time-zone">"Time zone"</label>
                    <input
                        id="settings-time-zone"
                        data-testid="settings-time-zone"
                        type="text"
                        placeholder="Europe/Berlin"
                        disabled=move || !can_change()
                        prop:value=move || time_zone.get()
                        on:input=move |ev| time_zone.set(event_target_value(&ev))
                    />
                    <p class="muted">"An IANA name: business days and due dates are counted in it."</p>
                    <p class="field-error">{field_error("time_zone")}</p>
                </div>
                <div class="field-grid">
                    {move || sla.get().into_iter().enumerate().map(|(index, (kind, days))| view! {
                        <div class="field">
                            <label for=format!("settings-sla-{}", kind.as_str())>{format!("{} (business days)", kind.label())}</label>
                            <input
                                id=format!("settings-sla-{}", kind.as_str())
                                data-testid=format!("settings-sla-{}", kind.as_str())
                                type="number"
                                min="1"
                                disabled=move || !can_change()
                                value=days
                                on:change=move |ev| {
                                    let text = event_target_value(&ev);
                                    sla.update(|rows| if let Some(row) = rows.get_mut(index) { row.1 = text });
                                }
                            />
                        </div>
                    }).collect_view()}
                </div>
                <p class="field-error">{field_error("sla_days")}</p>
                {move || local.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                <div class="toolbar">
                    <button type="submit" class="primary" data-testid="settings-save" disabled=move || !can_change() || update.pending()>
                        {move || if update.pending() { "Saving…" } else { "Save settings" }}
                    </button>
                </div>
            </form>
            <section class="panel">
                <h2>"Holidays"</h2>
                <p class="muted">"Days the SLA clock does not count, besides weekends."</p>
                <Show when=can_change>
                    <div class="toolbar">
                        <input type="file" accept=".csv,.ics,text/csv,text/calendar" node_ref=input id="holidays-file" data-testid="holidays-file"/>
                        <label class="check">
                            <input type="checkbox" data-testid="holidays-replace" prop:checked=move || replace.get() on:change=move |ev| replace.set(event_target_checked(&ev))/>
                            <span class="check-text">"Replace the calendar"</span>
                        </label>
                        <button type="button" data-testid="holidays-import" disabled=move || import.pending() on:click=upload>"Import"</button>
                    </div>
                </Show>
                {move || settings.ok().map(|s| {
                    if s.holidays.is_empty() {
                        view! { <p class="muted">"No holidays yet."</p> }.into_any()
                    } else {
                        view! {
                            <table class="data compact" data-testid="holidays">
                                <thead><tr><th scope="col">"Date"</th><th scope="col">"Holiday"</th></tr></thead>
                                <tbody>
                                    {s.holidays.iter().map(|h| view! { <tr><td class="mono">{h.date.to_string()}</td><td>{h.name.clone()}</td></tr> }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }
                })}
            </section>
        </section>
    }
}
