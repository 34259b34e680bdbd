//! The collection form at `/collections/new` and `/collections/NAME/edit`: name (checked as you
//! type with the contract's `validate_collection_name`), owning team, systems, linked folder,
//! date order and whether it is the default collection. An edit names the collection as it is
//! now, so the name can change (and with it every reference in the collection).

use super::name_param;
use crate::components::notifications::use_notifier;
use crate::components::widgets::{CheckList, Nav};
use crate::data::{FormSave, Topic, field_message, use_query};
use crate::logic::collection_form::CollectionForm as CollectionFormState;
use crate::logic::people_form::toggle;
use crate::logic::query_string::collection_path;
use archboard_types::ApiError;
use archboard_types::adr_collection::{AdrCollection, CollectionRef};
use archboard_types::adr_folder::DateOrder;
use archboard_types::endpoint as api;
use archboard_types::people::{SystemListQuery, TeamListQuery};
use leptos::prelude::*;

/// The fields this form shows errors beside.
const FIELDS: [&str; 6] = ["name", "team", "systems", "folder", "date_order", "is_default"];

#[component]
pub fn CollectionForm(editing: bool) -> impl IntoView {
    let nav = Nav::new();
    let notifier = use_notifier();
    let name = name_param();
    let form = RwSignal::new(CollectionFormState::default());
    let name_touched = RwSignal::new(false);
    let local_error = RwSignal::new(None::<ApiError>);

    let stored =
        use_query::<api::CollectionGet>(&[], move || editing.then(|| CollectionRef { name: name.get() }));
    let teams = use_query::<api::TeamList>(&[Topic::Teams], || Some(TeamListQuery::default()));
    let systems = use_query::<api::SystemList>(&[Topic::Teams], || Some(SystemListQuery::default()));
    // Fill the form once per collection: moving between edit addresses fills it again.
    let filled = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        if !editing || filled.get_value().as_deref() == Some(name.get().as_str()) {
            return;
        }
        match stored.get() {
            Some(Ok(collection)) => {
                filled.set_value(Some(name.get_untracked()));
                form.set(CollectionFormState::from_collection(&collection));
            }
            Some(Err(error)) => notifier.error(&error),
            None => {}
        }
    });

    // A rename changes every reference in the collection, so decisions are refreshed too.
    let save_form = FormSave::<api::CollectionCreate, api::CollectionUpdate>::new(
        &[Topic::Collections, Topic::Decisions],
        editing,
    );
    let saved = move |collection: AdrCollection| {
        notifier.success(format!(
            "{} collection {}.",
            if editing { "Saved" } else { "Created" },
            collection.name
        ));
        nav.replace(&collection_path(&collection.name));
    };
    save_form.on_saved(saved);
    let saving = move || save_form.pending();
    let server_error = move || local_error.get().or_else(|| save_form.error());
    let field_error = move |field: &'static str| move || field_message(server_error(), field);
    let name_error = move || {
        let local = form.with(CollectionFormState::name_problem);
        let remote = field_message(server_error(), "name");
        if name_touched.get() { local.or(remote) } else { remote }
    };
    // Errors without a field are notifications already; one naming a field not shown here
    // is said above the form.
    let other_error = move || {
        server_error().filter(|e| e.field.as_deref().is_some_and(|f| !FIELDS.contains(&f))).map(|e| e.message)
    };

    let save = move || {
        name_touched.set(true);
        if saving() {
            return;
        }
        let state = form.get_untracked();
        let sent = if editing {
            state.to_update(&name.get_untracked()).map(|update| save_form.update.run(update))
        } else {
            state.to_edit().map(|edit| save_form.create.run(edit))
        };
        local_error.set(sent.err());
    };
    let cancel = move || {
        if editing { nav.go(&collection_path(&name.get_untracked())) } else { nav.go("/collections") }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "Enter" {
            ev.prevent_default();
            save();
        } else if ev.key() == "Escape" {
            ev.prevent_default();
            cancel();
        }
    };

    let system_choices = Signal::derive(move || {
        systems
            .ok()
            .unwrap_or_default()
            .into_iter()
            .map(|s| (s.key.clone(), s.name, s.key))
            .collect::<Vec<_>>()
    });
    let heading =
        move || if editing { format!("Edit collection {}", name.get()) } else { "New collection".to_owned() };

    view! {
        <section class="page" on:keydown=on_keydown>
            <header class="page-head">
                <h1>{heading}</h1>
                <div class="toolbar">
                    <button class="ghost" title="Cancel (Esc)" on:click=move |_| cancel()>"Cancel"</button>
                    <button
                        class="primary"
                        id="collection-save"
                        title="Save (Ctrl+Enter)"
                        disabled=move || saving() || (name_touched.get() && form.with(|f| f.name_problem().is_some()))
                        on:click=move |_| save()
                    >
                        {move || if saving() { "Saving…" } else { "Save" }}
                    </button>
                </div>
            </header>
            {move || other_error().map(|message| view! { <p class="callout warn" role="alert">{message}</p> })}
            <form class="form" on:submit=move |ev| { ev.prevent_default(); save(); }>
                <div class="field-grid">
                    <div class="field" class:invalid=move || name_error().is_some()>
                        <label for="collection-form-name">"Name"</label>
                        <input
                            id="collection-form-name"
                            type="text"
                            required=true
                            autofocus=true
                            placeholder="payments"
                            aria-invalid=move || name_error().is_some().to_string()
                            aria-describedby="collection-form-name-error"
                            prop:value=move || form.with(|f| f.name.clone())
                            on:input=move |ev| {
                                form.update(|f| f.name = event_target_value(&ev));
                                name_touched.set(true);
                            }
                        />
                        <p class="field-error" id="collection-form-name-error" aria-live="polite">{name_error}</p>
                        {editing.then(|| view! {
                            <p class="muted">"Renaming changes every reference in the collection (" <span class="mono">"name/ADR-0007"</span> ")."</p>
                        })}
                    </div>
                    <div class="field" class:invalid=move || field_error("team")().is_some()>
                        <label for="collection-form-team">"Owning team"</label>
                        <select id="collection-form-team" on:change=move |ev| form.update(|f| f.team = event_target_value(&ev))>
                            <option value="" selected=move || form.with(|f| f.team.is_empty())>"No team"</option>
                            {move || {
                                teams
                                    .ok()
                                    .unwrap_or_default()
                                    .into_iter()
                                    .map(|team| {
                                        let chosen = team.name.clone();
                                        view! {
                                            <option value=team.name.clone() selected=move || form.with(|f| f.team == chosen)>
                                                {team.name.clone()}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </select>
                        <p class="field-error">{field_error("team")}</p>
                    </div>
                    <div class="field" class:invalid=move || field_error("folder")().is_some()>
                        <label for="collection-form-folder">"Linked folder"</label>
                        <input
                            id="collection-form-folder"
                            type="text"
                            class="mono"
                            placeholder="/home/ada/src/payments/docs/adr"
                            prop:value=move || form.with(|f| f.folder.clone())
                            on:input=move |ev| form.update(|f| f.folder = event_target_value(&ev))
                        />
                        <p class="muted">"The folder on this machine the collection is kept in step with; importing a folder in the desktop app sets it."</p>
                        <p class="field-error">{field_error("folder")}</p>
                    </div>
                    <div class="field" class:invalid=move || field_error("date_order")().is_some()>
                        <label for="collection-form-date-order">"Dates like 03/04/2017 are written"</label>
                        <select
                            id="collection-form-date-order"
                            on:change=move |ev| {
                                if let Ok(order) = event_target_value(&ev).parse::<DateOrder>() {
                                    form.update(|f| f.date_order = order);
                                }
                            }
                        >
                            {DateOrder::ALL
                                .iter()
                                .copied()
                                .map(|order| view! {
                                    <option value=order.as_str() selected=move || form.with(|f| f.date_order == order)>
                                        {order.label()}
                                    </option>
                                })
                                .collect_view()}
                        </select>
                        <p class="field-error">{field_error("date_order")}</p>
                    </div>
                </div>
                <div class="field" class:invalid=move || field_error("is_default")().is_some()>
                    <label class="check" for="collection-form-default">
                        <input
                            type="checkbox"
                            id="collection-form-default"
                            prop:checked=move || form.with(|f| f.is_default)
                            on:change=move |ev| form.update(|f| f.is_default = event_target_checked(&ev))
                        />
                        <span class="check-text">"Default collection"</span>
                        <span class="check-hint">"Decisions recorded in Archboard go here unless another is chosen; the previous default stops being it."</span>
                    </label>
                    <p class="field-error">{field_error("is_default")}</p>
                </div>
                <div class="field">
                    <span class="field-label">"Systems"</span>
                    <CheckList
                        label="Systems"
                        id="collection-form-system"
                        choices=system_choices
                        selected=Signal::derive(move || form.with(|f| f.systems.clone()))
                        on_toggle=Callback::new(move |key: String| form.update(|f| toggle(&mut f.systems, key)))
                        empty="No systems on this board yet; add them under Systems."
                    />
                    <p class="field-error">{field_error("systems")}</p>
                </div>
            </form>
        </section>
    }
}
