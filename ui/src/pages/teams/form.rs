//! The team form at `/teams/new` and `/teams/NAME/edit`: name, description, and the lead and
//! members chosen from the board's users. An edit names the team as it is now, so the name
//! can change.

use super::name_param;
use crate::components::notifications::use_notifier;
use crate::components::widgets::{CheckList, Nav};
use crate::data::{FormSave, Topic, field_message, use_query};
use crate::logic::people_form::{TeamForm as TeamFormState, toggle};
use crate::logic::query_string::team_path;
use archboard_types::ApiError;
use archboard_types::endpoint as api;
use archboard_types::people::{Team, TeamRef};
use archboard_types::system::Empty;
use leptos::prelude::*;

#[component]
pub fn TeamForm(editing: bool) -> impl IntoView {
    let nav = Nav::new();
    let notifier = use_notifier();
    let name = name_param();
    let form = RwSignal::new(TeamFormState::default());
    let local_error = RwSignal::new(None::<ApiError>);

    let stored = use_query::<api::TeamGet>(&[], move || editing.then(|| TeamRef { name: name.get() }));
    let users = use_query::<api::UserList>(&[Topic::People], || Some(Empty {}));
    // Fill the form once per team: moving between edit addresses fills it again.
    let filled = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        if !editing || filled.get_value().as_deref() == Some(name.get().as_str()) {
            return;
        }
        match stored.get() {
            Some(Ok(team)) => {
                filled.set_value(Some(name.get_untracked()));
                form.set(TeamFormState::from_team(&team));
            }
            Some(Err(error)) => notifier.error(&error),
            None => {}
        }
    });

    let save_form = FormSave::<api::TeamCreate, api::TeamUpdate>::new(&[Topic::Teams], editing);
    let saved = move |team: Team| {
        notifier.success(format!("{} {}.", if editing { "Saved" } else { "Created" }, team.name));
        nav.replace(&team_path(&team.name));
    };
    save_form.on_saved(saved);
    let saving = move || save_form.pending();
    let server_error = move || local_error.get().or_else(|| save_form.error());
    let field_error = move |field: &'static str| move || field_message(server_error(), field);
    // Errors without a field are notifications already; one naming a field not shown here
    // is said above the form.
    let other_error = move || {
        server_error()
            .filter(|e| e.field.as_deref().is_some_and(|f| !["name", "lead", "members"].contains(&f)))
            .map(|e| e.message)
    };

    let save = move || {
        if saving() {
            return;
        }
        let current = editing.then(|| name.get_untracked());
        match form.get_untracked().to_edit(current.as_deref()) {
            Ok(edit) if editing => save_form.update.run(edit),
            Ok(edit) => save_form.create.run(edit),
            Err(error) => {
                local_error.set(Some(error));
                return;
            }
        }
        local_error.set(None);
    };
    let cancel = move || if editing { nav.go(&team_path(&name.get_untracked())) } else { nav.go("/teams") };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "Enter" {
            ev.prevent_default();
            save();
        } else if ev.key() == "Escape" {
            ev.prevent_default();
            cancel();
        }
    };

    // Every user, deactivated ones marked, so a team's history still reads.
    let people = Signal::derive(move || {
        users
            .ok()
            .unwrap_or_default()
            .into_iter()
            .map(|user| {
                let hint = if user.active { String::new() } else { "deactivated".to_owned() };
                (user.name.clone(), user.name, hint)
            })
            .collect::<Vec<_>>()
    });
    let members = Signal::derive(move || form.with(|f| f.members.clone()));
    let heading = move || if editing { format!("Edit {}", name.get()) } else { "New team".to_owned() };

    view! {
        <section class="page" on:keydown=on_keydown>
            <header class="page-head">
                <h1>{heading}</h1>
                <div class="toolbar">
                    <button class="ghost" title="Cancel (Esc)" on:click=move |_| cancel()>"Cancel"</button>
                    <button class="primary" id="team-save" title="Save (Ctrl+Enter)" disabled=saving on:click=move |_| save()>
                        {move || if saving() { "Saving…" } else { "Save" }}
                    </button>
                </div>
            </header>
            {move || other_error().map(|message| view! { <p class="callout warn" role="alert">{message}</p> })}
            <form class="form" on:submit=move |ev| { ev.prevent_default(); save(); }>
                <div class="field" class:invalid=move || field_error("name")().is_some()>
                    <label for="team-name">"Name"</label>
                    <input
                        id="team-name"
                        type="text"
                        required=true
                        autofocus=true
                        placeholder="Platform ML"
                        aria-describedby="team-name-error"
                        prop:value=move || form.with(|f| f.name.clone())
                        on:input=move |ev| form.update(|f| f.name = event_target_value(&ev))
                    />
                    <p class="field-error" id="team-name-error" aria-live="polite">{field_error("name")}</p>
                </div>
                <div class="field">
                    <label for="team-description">"Description"</label>
                    <textarea
                        id="team-description"
                        class="prose"
                        rows="3"
                        prop:value=move || form.with(|f| f.description.clone())
                        on:input=move |ev| form.update(|f| f.description = event_target_value(&ev))
                    ></textarea>
                </div>
                <div class="field" class:invalid=move || field_error("lead")().is_some()>
                    <label for="team-lead">"Lead"</label>
                    <select
                        id="team-lead"
                        prop:value=move || form.with(|f| f.lead.clone())
                        on:change=move |ev| form.update(|f| f.lead = event_target_value(&ev))
                    >
                        <option value="">"No lead"</option>
                        {move || {
                            people
                                .get()
                                .into_iter()
                                .map(|(value, label, _)| {
                                    let chosen = value.clone();
                                    view! {
                                        <option value=value selected=move || form.with(|f| f.lead == chosen)>{label}</option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                    <p class="field-error">{field_error("lead")}</p>
                </div>
                <div class="field">
                    <span class="field-label" id="team-members-label">"Members"</span>
                    <CheckList
                        label="Members"
                        id="team-member"
                        choices=people
                        selected=members
                        on_toggle=Callback::new(move |member: String| form.update(|f| toggle(&mut f.members, member)))
                        empty="No users on this board yet; add them under Users."
                    />
                    <p class="muted">"The lead is a member of their team even when not ticked."</p>
                    <p class="field-error">{field_error("members")}</p>
                </div>
            </form>
        </section>
    }
}
