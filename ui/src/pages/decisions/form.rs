//! The decision form at `/decisions/new` (`?collection=NAME` chooses the collection first) and
//! `/decisions/ID/edit`, with the title checked as you type, a Markdown preview, Ctrl+Enter to
//! save and Esc to cancel.

use super::decision_path;
use super::detail::id_param;
use crate::components::notifications::use_notifier;
use crate::components::widgets::Nav;
use crate::data::{FormSave, Topic, field_message, use_query};
use crate::logic::adr_form::AdrFormState;
use crate::pages::collections::use_collections;
use archboard_types::ApiError;
use archboard_types::adr::{AdrRef, MarkdownPreviewRequest, TemplateRequest, validate_title};
use archboard_types::endpoint::{AdrCreate, AdrGet, AdrTemplate, AdrUpdate, MarkdownPreview};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DecisionForm(editing: bool) -> impl IntoView {
    let nav = Nav::new();
    let notifier = use_notifier();
    let id = id_param();
    let editing_id = move || if editing { id.get().ok() } else { None };
    let query = use_query_map();
    let wanted_collection = query.with_untracked(|q| q.get("collection")).unwrap_or_default();
    let form = RwSignal::new(AdrFormState::default());
    let title_touched = RwSignal::new(false);
    let local_error = RwSignal::new(None::<ApiError>);
    let preview_on = RwSignal::new(false);

    // Fill the form once: the template for a new decision, the stored values for an edit.
    let template = use_query::<AdrTemplate>(&[], move || (!editing).then(TemplateRequest::default));
    let stored = use_query::<AdrGet>(&[], move || editing_id().map(|id| AdrRef { id }));
    // Which decision the form was filled for: moving from one edit address to another
    // (history) fills it again, so one decision's text is never saved onto another.
    let filled = StoredValue::new(None::<Option<u32>>);
    Effect::new(move |_| {
        let target = editing_id();
        if filled.get_value() == Some(target) {
            return;
        }
        let loaded = if editing {
            stored.get().map(|answer| answer.map(|adr| AdrFormState::from_adr(&adr)))
        } else {
            template.get().map(|answer| {
                answer.map(|t| AdrFormState {
                    body: t.markdown,
                    collection: wanted_collection.clone(),
                    ..Default::default()
                })
            })
        };
        match loaded {
            Some(Ok(state)) => {
                filled.set_value(Some(target));
                form.set(state);
            }
            Some(Err(error)) => notifier.error(&error),
            None => {}
        }
    });

    let save_form = FormSave::<AdrCreate, AdrUpdate>::new(&[Topic::Decisions], editing);
    let saved = move |adr: archboard_types::adr::Adr| {
        notifier.success(format!("{} {}.", if editing { "Saved" } else { "Created" }, adr.reference));
        // Replace the form in the history: Back from the decision goes where the form came from.
        nav.replace(&decision_path(adr.id));
    };
    save_form.on_saved(saved);
    let saving = move || save_form.pending();
    let server_error = move || local_error.get().or_else(|| save_form.error());

    let title_error = move || {
        let local = form.with(|f| validate_title(&f.title).err());
        let remote = field_message(server_error(), "title");
        if title_touched.get() { local.or(remote) } else { remote }
    };
    let field_error = move |field: &'static str| move || field_message(server_error(), field);

    let save = move || {
        title_touched.set(true);
        if saving() {
            return;
        }
        let state = form.get_untracked();
        let request = match editing_id() {
            Some(id) => state.to_edit(id).map(|edit| save_form.update.run(edit)),
            None if editing => return,
            None => state.to_new().map(|new| save_form.create.run(new)),
        };
        local_error.set(request.err());
    };
    let cancel = move || match editing_id() {
        Some(id) => nav.go(&decision_path(id)),
        None => nav.go("/decisions"),
    };
    let preview = use_query::<MarkdownPreview>(&[], move || {
        preview_on.get().then(|| MarkdownPreviewRequest { markdown: form.with_untracked(|f| f.body.clone()) })
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && (ev.key() == "Enter" || ev.key().eq_ignore_ascii_case("s")) {
            ev.prevent_default();
            save();
        } else if ev.key() == "Escape" {
            ev.prevent_default();
            cancel();
        }
    };
    let heading = move || match (editing, stored.ok()) {
        (true, Some(adr)) => format!("Edit {}", adr.reference),
        (true, None) => "Edit decision".to_owned(),
        (false, _) => "New decision".to_owned(),
    };
    // A date the file wrote in a way that could not be read: said beside the empty field, so
    // saving without one is a choice.
    let unreadable_date = move || {
        stored.ok().filter(|_| editing).and_then(|adr| match (adr.date, adr.date_text) {
            (None, Some(text)) if !text.trim().is_empty() => Some(text),
            _ => None,
        })
    };
    let collections = use_collections();
    // The collection select: hidden on a board with one collection, and on an edit (a decision
    // stays in its collection).
    let collection_choice = move || {
        let all = collections.ok().unwrap_or_default();
        if editing || all.len() < 2 {
            return None;
        }
        let chosen = move || {
            let typed = form.with(|f| f.collection.clone());
            if typed.is_empty() {
                collections
                    .ok()
                    .unwrap_or_default()
                    .into_iter()
                    .find(|c| c.is_default)
                    .map(|c| c.name)
                    .unwrap_or_default()
            } else {
                typed
            }
        };
        Some(view! {
            <div class="field">
                <label for="adr-collection">"Collection"</label>
                <select id="adr-collection" on:change=move |ev| form.update(|f| f.collection = event_target_value(&ev))>
                    {all
                        .into_iter()
                        .map(|c| {
                            let name = c.name.clone();
                            let label = if c.is_default { format!("{} (default)", c.name) } else { c.name.clone() };
                            view! { <option value=c.name.clone() selected=move || chosen() == name>{label}</option> }
                        })
                        .collect_view()}
                </select>
                <p class="field-error">{field_error("collection")}</p>
            </div>
        })
    };
    // A text input bound to one field of the form state.
    let input = move |id: &'static str,
                      kind: &'static str,
                      hint: &'static str,
                      get: fn(&AdrFormState) -> String,
                      set: fn(&mut AdrFormState, String)| {
        view! {
            <input id=id type=kind placeholder=hint prop:value=move || form.with(get) on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))/>
        }
    };
    let field = move |id: &'static str,
                      label: &'static str,
                      hint: &'static str,
                      get: fn(&AdrFormState) -> String,
                      set: fn(&mut AdrFormState, String)| {
        view! { <div class="field"><label for=id>{label}</label>{input(id, "text", hint, get, set)}</div> }
    };

    view! {
        <section class="page" on:keydown=on_keydown>
            <header class="page-head">
                <h1>{heading}</h1>
                <div class="toolbar">
                    <button class="ghost" on:click=move |_| cancel() title="Cancel (Esc)">"Cancel"</button>
                    <button
                        class="primary"
                        id="adr-save"
                        title="Save (Ctrl+Enter)"
                        disabled=move || saving() || (title_touched.get() && form.with(|f| validate_title(&f.title).is_err()))
                        on:click=move |_| save()
                    >
                        {move || if saving() { "Saving…" } else { "Save" }}
                    </button>
                </div>
            </header>
            <form class="form" on:submit=move |ev| { ev.prevent_default(); save(); }>
                <div class="field" class:invalid=move || title_error().is_some()>
                    <label for="adr-title">"Title"</label>
                    <input
                        id="adr-title"
                        type="text"
                        required=true
                        autofocus=true
                        placeholder="Use SQLite as the local store"
                        aria-invalid=move || title_error().is_some().to_string()
                        aria-describedby="adr-title-error"
                        prop:value=move || form.with(|f| f.title.clone())
                        on:input=move |ev| {
                            form.update(|f| f.title = event_target_value(&ev));
                            title_touched.set(true);
                        }
                    />
                    <p class="field-error" id="adr-title-error" aria-live="polite">{title_error}</p>
                </div>
                <div class="field-grid">
                    {collection_choice}
                    <div class="field">
                        <label for="adr-date">"Date"</label>
                        {input("adr-date", "date", "", |f| f.date.clone(), |f, v| f.date = v)}
                        {move || unreadable_date().map(|text| view! {
                            <p class="muted" id="adr-date-unreadable">
                                {format!("The file wrote “{text}”, which is not a date Archboard could read.")}
                            </p>
                        })}
                        <p class="field-error">{field_error("date")}</p>
                    </div>
                    <div class="field">
                        <label for="adr-revisit">"Revisit by"</label>
                        {input("adr-revisit", "date", "", |f| f.revisit_by.clone(), |f, v| f.revisit_by = v)}
                        <p class="field-error">{field_error("revisit_by")}</p>
                    </div>
                    {field("adr-tags", "Tags", "storage, serving", |f| f.tags.clone(), |f, v| f.tags = v)}
                    {field("adr-deciders", "Deciders", "names, comma separated", |f| f.deciders.clone(), |f, v| f.deciders = v)}
                    {field("adr-consulted", "Consulted", "names, comma separated", |f| f.consulted.clone(), |f, v| f.consulted = v)}
                    {field("adr-informed", "Informed", "names, comma separated", |f| f.informed.clone(), |f, v| f.informed = v)}
                </div>
                <div class="field">
                    <div class="field-head">
                        <label for="adr-body">"Decision record (Markdown, MADR 4 layout)"</label>
                        <button type="button" class="ghost" id="adr-preview" on:click=move |_| preview_on.update(|on| *on = !*on)>
                            {move || if preview_on.get() { "Edit text" } else { "Preview" }}
                        </button>
                    </div>
                    {move || if preview_on.get() {
                        match preview.get() {
                            Some(Ok(rendered)) => view! { <article class="markdown preview" inner_html=rendered.html></article> }.into_any(),
                            Some(Err(error)) => view! { <p class="field-error" role="alert">{error.message}</p> }.into_any(),
                            None => view! { <p class="muted">"Rendering…"</p> }.into_any(),
                        }
                    } else {
                        view! {
                            <textarea
                                id="adr-body"
                                rows="22"
                                spellcheck="true"
                                prop:value=move || form.with(|f| f.body.clone())
                                on:input=move |ev| form.update(|f| f.body = event_target_value(&ev))
                            ></textarea>
                        }
                        .into_any()
                    }}
                    <p class="field-error">{field_error("body_markdown")}</p>
                </div>
            </form>
        </section>
    }
}
