//! Adding a user (owners only): name, email and roles, each role with what it is for. The
//! answer is an invitation, handed up to be shown once.

use crate::components::notifications::use_notifier;
use crate::components::widgets::CheckList;
use crate::data::{Topic, use_form_mutation};
use crate::logic::people_form::{UserForm, toggle};
use archboard_types::ApiError;
use archboard_types::endpoint as api;
use archboard_types::people::{Invitation, Role};
use leptos::prelude::*;

/// Every role as a checkbox choice, with its description.
pub fn role_choices() -> Signal<Vec<(Role, String, String)>> {
    Signal::derive(|| {
        Role::ALL.iter().map(|role| (*role, role.label().to_owned(), role.description().to_owned())).collect()
    })
}

#[component]
pub fn AddUser(on_invited: Callback<Invitation>) -> impl IntoView {
    let notifier = use_notifier();
    let open = RwSignal::new(false);
    let form = RwSignal::new(UserForm { roles: vec![Role::Viewer], ..Default::default() });
    let local_error = RwSignal::new(None::<ApiError>);
    let add = use_form_mutation::<api::UserAdd>(&[Topic::People]);
    add.on_success(move |invitation: Invitation| {
        notifier.success(format!("Added {}.", invitation.user.name));
        form.set(UserForm { roles: vec![Role::Viewer], ..Default::default() });
        open.set(false);
        on_invited.run(invitation);
    });
    let error = move || local_error.get().or_else(|| add.error());
    let field_error = move |field: &'static str| {
        move || error().filter(|e| e.field.as_deref() == Some(field)).map(|e| e.message)
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match form.get_untracked().to_new() {
            Ok(new) => {
                local_error.set(None);
                add.run(new);
            }
            Err(problem) => local_error.set(Some(problem)),
        }
    };
    view! {
        <div class="toolbar section-actions">
            <button class="primary" id="user-add-open" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                "Add a user"
            </button>
        </div>
        <Show when=move || open.get()>
            <form class="form panel" id="user-add" aria-label="Add a user" on:submit=submit>
                <div class="field-grid">
                    <div class="field" class:invalid=move || field_error("name")().is_some()>
                        <label for="user-name">"Name"</label>
                        <input
                            id="user-name"
                            type="text"
                            required=true
                            prop:value=move || form.with(|f| f.name.clone())
                            on:input=move |ev| form.update(|f| f.name = event_target_value(&ev))
                        />
                        <p class="field-error" aria-live="polite">{field_error("name")}</p>
                    </div>
                    <div class="field" class:invalid=move || field_error("email")().is_some()>
                        <label for="user-email">"Email (optional)"</label>
                        <input
                            id="user-email"
                            type="email"
                            prop:value=move || form.with(|f| f.email.clone())
                            on:input=move |ev| form.update(|f| f.email = event_target_value(&ev))
                        />
                        <p class="field-error" aria-live="polite">{field_error("email")}</p>
                    </div>
                </div>
                <div class="field">
                    <span class="field-label">"Roles"</span>
                    <CheckList
                        label="Roles"
                        id="user-role"
                        choices=role_choices()
                        selected=Signal::derive(move || form.with(|f| f.roles.clone()))
                        on_toggle=Callback::new(move |role: Role| form.update(|f| toggle(&mut f.roles, role)))
                    />
                    <p class="field-error" aria-live="polite">{field_error("roles")}</p>
                </div>
                <div class="toolbar">
                    <button type="submit" class="primary" id="user-add-save" disabled=move || add.pending()>
                        {move || if add.pending() { "Adding…" } else { "Add and invite" }}
                    </button>
                    <button type="button" class="ghost" on:click=move |_| open.set(false)>"Cancel"</button>
                </div>
            </form>
        </Show>
    }
}
