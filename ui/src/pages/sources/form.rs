//! The source form, to add a source (`source_add`) or edit one (`source_update`, which keeps
//! its name and kind): kind, name, URL, authentication as references (none, basic with a user
//! and a password reference, a bearer token reference, or headers), a CA file, the timeout,
//! the sync interval, and a JSON endpoint's pointers. Errors show beside the field they name.

use crate::components::notifications::use_notifier;
use crate::data::{FormSave, field_message};
use crate::logic::sources::{AuthChoice, SourceForm};
use archboard_types::ApiError;
use archboard_types::endpoint as api;
use archboard_types::kpi::{DataSource, SourceKind};
use leptos::prelude::*;

/// The fields this form shows an error beside.
const FIELDS: [&str; 14] = [
    "name",
    "kind",
    "url",
    "auth.user",
    "auth.password",
    "auth.token",
    "auth.headers",
    "ca_file",
    "timeout_s",
    "interval_minutes",
    "json",
    "json.value",
    "json.time",
    "json.array",
];

#[component]
pub fn SourceFormPanel(
    /// The source being edited; `None` to add one.
    existing: Option<DataSource>,
    /// Called with the saved source, or `None` when cancelled.
    on_done: Callback<Option<DataSource>>,
) -> impl IntoView {
    let notifier = use_notifier();
    let editing = existing.is_some();
    let form = RwSignal::new(existing.as_ref().map(SourceForm::from_source).unwrap_or_default());
    let local_error = RwSignal::new(None::<ApiError>);
    // An engine error is shown until the form is edited again.
    let edited = RwSignal::new(false);
    let save = FormSave::<api::SourceAdd, api::SourceUpdate>::new(super::SOURCE_TOPICS, editing);
    save.on_saved(move |source: DataSource| {
        notifier.success(format!("{} {}.", if editing { "Saved" } else { "Added" }, source.name));
        on_done.run(Some(source));
    });
    let error = move || local_error.get().or_else(|| save.error().filter(|_| !edited.get()));
    let field_error = move |field: &'static str| move || field_message(error(), field);
    let other_error = move || {
        error().filter(|e| e.field.as_deref().is_some_and(|f| !FIELDS.contains(&f))).map(|e| e.message)
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if save.pending() {
            return;
        }
        match form.get_untracked().to_edit() {
            Ok(edit) if editing => save.update.run(edit),
            Ok(edit) => save.create.run(edit),
            Err(error) => {
                local_error.set(Some(error));
                return;
            }
        }
        local_error.set(None);
        edited.set(false);
    };
    let text = move |id: &'static str,
                     label: &'static str,
                     field: &'static str,
                     placeholder: &'static str,
                     get: fn(&SourceForm) -> String,
                     set: fn(&mut SourceForm, String)| {
        let error_id = format!("{id}-error");
        view! {
            <div class="field" class:invalid=move || field_error(field)().is_some()>
                <label for=id>{label}</label>
                <input
                    id=id
                    type="text"
                    placeholder=placeholder
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
    let kind = move || form.with(|f| f.kind);
    let auth = move || form.with(|f| f.auth);
    let json_error = move || field_message(error(), "json");

    view! {
        <form class="form panel source-form" data-testid="source-form" aria-label=if editing { "Edit the source" } else { "Add a source" } on:submit=submit>
            <h2>{if editing { "Edit the source" } else { "Add a source" }}</h2>
            {move || other_error().map(|message| view! { <p class="callout warn" role="alert">{message}</p> })}
            <div class="field-grid">
                <div class="field" class:invalid=move || field_error("kind")().is_some()>
                    <label for="source-kind">"Kind"</label>
                    <select
                        id="source-kind"
                        disabled=editing
                        on:change=move |ev| {
                            let chosen = event_target_value(&ev).parse::<SourceKind>().unwrap_or(SourceKind::Prometheus);
                            edited.set(true);
                            form.update(|f| f.kind = chosen);
                        }
                    >
                        {SourceKind::ALL.iter().map(|k| {
                            let k = *k;
                            view! { <option value=k.as_str() selected=move || kind() == k>{k.label()}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field-error" aria-live="polite">{field_error("kind")}</p>
                </div>
                <div class="field" class:invalid=move || field_error("name")().is_some()>
                    <label for="source-name">"Name"</label>
                    <input
                        id="source-name"
                        type="text"
                        required=true
                        readonly=editing
                        placeholder="prometheus-prod"
                        aria-describedby="source-name-error"
                        prop:value=move || form.with(|f| f.name.clone())
                        on:input=move |ev| {
                            local_error.set(None);
                            edited.set(true);
                            form.update(|f| f.name = event_target_value(&ev));
                        }
                    />
                    <p class="field-error" id="source-name-error" aria-live="polite">{field_error("name")}</p>
                </div>
            </div>
            {text(
                "source-url",
                "URL",
                "url",
                "https://prometheus.example.com",
                |f| f.url.clone(),
                |f, v| f.url = v,
            )}
            <div class="field-grid">
                <div class="field">
                    <label for="source-auth">"Authentication"</label>
                    <select
                        id="source-auth"
                        on:change=move |ev| {
                            let chosen = AuthChoice::parse(&event_target_value(&ev));
                            edited.set(true);
                            form.update(|f| f.auth = chosen);
                        }
                    >
                        {AuthChoice::ALL.into_iter().map(|c| {
                            view! { <option value=c.as_str() selected=move || auth() == c>{c.label()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <Show when=move || auth() == AuthChoice::Basic>
                    {text("source-user", "User", "auth.user", "reader", |f| f.user.clone(), |f, v| f.user = v)}
                    {text(
                        "source-password",
                        "Password reference",
                        "auth.password",
                        "env:PROM_PASSWORD",
                        |f| f.password.clone(),
                        |f, v| f.password = v,
                    )}
                </Show>
                <Show when=move || auth() == AuthChoice::Bearer>
                    {text(
                        "source-token",
                        "Token reference",
                        "auth.token",
                        "file:/run/secrets/prom-token",
                        |f| f.token.clone(),
                        |f, v| f.token = v,
                    )}
                </Show>
            </div>
            <Show when=move || auth() == AuthChoice::Headers>
                <div class="field" class:invalid=move || field_error("auth.headers")().is_some()>
                    <label for="source-headers">"Headers, one per line"</label>
                    <textarea
                        id="source-headers"
                        rows="3"
                        placeholder="X-Scope-OrgID: env:PROM_ORG"
                        aria-describedby="source-headers-error"
                        prop:value=move || form.with(|f| f.headers.clone())
                        on:input=move |ev| {
                            local_error.set(None);
                            edited.set(true);
                            form.update(|f| f.headers = event_target_value(&ev));
                        }
                    ></textarea>
                    <p class="field-error" id="source-headers-error" aria-live="polite">{field_error("auth.headers")}</p>
                </div>
            </Show>
            <p class="muted">
                "Secrets are never stored: give them as " <span class="mono">"env:NAME"</span> " (an environment variable) or "
                <span class="mono">"file:PATH"</span> " (a file), read when a sync runs."
            </p>
            <div class="field-grid">
                {text("source-ca", "CA file (PEM)", "ca_file", "/etc/ssl/prom-ca.pem", |f| f.ca_file.clone(), |f, v| f.ca_file = v)}
                {text("source-timeout", "Timeout (seconds)", "timeout_s", "10", |f| f.timeout_s.clone(), |f, v| f.timeout_s = v)}
                {text(
                    "source-interval",
                    "Sync every (minutes)",
                    "interval_minutes",
                    "never on a schedule",
                    |f| f.interval_minutes.clone(),
                    |f, v| f.interval_minutes = v,
                )}
            </div>
            <Show when=move || kind() == SourceKind::Json>
                <fieldset class="json-pointers">
                    <legend>"JSON pointers"</legend>
                    <p class="field-error" aria-live="polite">{json_error}</p>
                    <div class="field-grid">
                        {text("source-json-value", "Value", "json.value", "/data/value", |f| f.json_value.clone(), |f, v| f.json_value = v)}
                        {text("source-json-time", "Time (optional)", "json.time", "/data/time", |f| f.json_time.clone(), |f, v| f.json_time = v)}
                        {text("source-json-array", "Array (optional)", "json.array", "/items", |f| f.json_array.clone(), |f, v| f.json_array = v)}
                    </div>
                </fieldset>
            </Show>
            <div class="toolbar">
                <button class="primary" type="submit" id="source-save" disabled=move || save.pending()>
                    {move || match (save.pending(), editing) {
                        (true, _) => "Saving…",
                        (false, true) => "Save",
                        (false, false) => "Add the source",
                    }}
                </button>
                <button type="button" class="ghost" on:click=move |_| on_done.run(None)>"Cancel"</button>
            </div>
        </form>
    }
}
