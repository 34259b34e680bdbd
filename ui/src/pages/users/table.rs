//! The board's users as a table: name, email, roles, whether active and whether a password is
//! set. Owners also get each row's actions: invite again, change roles, deactivate or
//! reactivate.

use super::add::role_choices;
use crate::components::me::use_me;
use crate::components::notifications::use_notifier;
use crate::components::widgets::CheckList;
use crate::data::{ListShape, Query, Topic, use_mutation};
use crate::logic::people_form::{ordered_roles, toggle};
use archboard_types::endpoint as api;
use archboard_types::people::{Invitation, Permission, Role, User, UserRef, UserRolesChange};
use leptos::prelude::*;

#[component]
pub fn UserTable(users: Query<api::UserList>, on_invited: Callback<Invitation>) -> impl IntoView {
    let me = use_me();
    let manages = move || me.can(Permission::ManageUsers);
    let shape = Memo::new(move |_| ListShape::of(users.get()));
    move || {
        match shape.get() {
        ListShape::Loading => view! { <p class="muted">"Loading users…"</p> }.into_any(),
        ListShape::Failed(message) => view! { <p class="callout warn" role="alert">{message}</p> }.into_any(),
        ListShape::Empty => view! { <p class="muted">"No users yet."</p> }.into_any(),
        ListShape::Rows => view! {
            <table class="data compact user-list">
                <thead>
                    <tr>
                        <th scope="col" class="th-text">"Name"</th>
                        <th scope="col" class="th-text">"Email"</th>
                        <th scope="col" class="th-text">"Roles"</th>
                        <th scope="col" class="th-text">"Active"</th>
                        <th scope="col" class="th-text">"Password"</th>
                        <Show when=manages>
                            <th scope="col" class="th-text">"Actions"</th>
                        </Show>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || users.ok().unwrap_or_default() key=|u| (u.id, u.updated_at, u.active) let:user>
                        <UserRow user manages=Signal::derive(manages) on_invited/>
                    </For>
                </tbody>
            </table>
        }
        .into_any(),
    }
    }
}

fn role_labels(roles: &[Role]) -> String {
    roles.iter().map(|role| role.label()).collect::<Vec<_>>().join(", ")
}

#[component]
fn UserRow(user: User, manages: Signal<bool>, on_invited: Callback<Invitation>) -> impl IntoView {
    let notifier = use_notifier();
    let editing_roles = RwSignal::new(false);
    let invite = use_mutation::<api::UserInvite>(&[Topic::People]);
    let deactivate = use_mutation::<api::UserDeactivate>(&[Topic::People]);
    let reactivate = use_mutation::<api::UserReactivate>(&[Topic::People]);
    invite.on_success(move |invitation| on_invited.run(invitation));
    deactivate.on_success(move |user: User| notifier.success(format!("{} is deactivated.", user.name)));
    reactivate.on_success(move |user: User| notifier.success(format!("{} is active again.", user.name)));
    let busy = move || invite.pending() || deactivate.pending() || reactivate.pending();
    let name = user.name.clone();
    let who = move || UserRef { name: name.clone() };
    let (for_invite, for_toggle) = (who.clone(), who);
    let active = user.active;
    let actions = move || {
        let (for_invite, for_toggle) = (for_invite.clone(), for_toggle.clone());
        manages.get().then(|| view! {
            <td><div class="row-actions">
                <button class="small" disabled=move || busy() || !active on:click=move |_| invite.run(for_invite())>
                    "Invite again"
                </button>
                <button class="small" aria-expanded=move || editing_roles.get().to_string() on:click=move |_| editing_roles.update(|e| *e = !*e)>
                    "Roles…"
                </button>
                <button
                    class=if active { "small danger" } else { "small" }
                    disabled=busy
                    on:click=move |_| if active { deactivate.run(for_toggle()) } else { reactivate.run(for_toggle()) }
                >
                    {if active { "Deactivate" } else { "Reactivate" }}
                </button>
            </div></td>
        })
    };
    let roles_user = user.clone();
    view! {
        <tr data-user=user.name.clone() class:inactive=!user.active>
            <th scope="row">{user.name.clone()}</th>
            <td>{user.email.clone().unwrap_or_default()}</td>
            <td>{role_labels(&user.roles)}</td>
            <td>{if user.active { "Active" } else { "Deactivated" }}</td>
            <td>{if user.has_password { "Set" } else { "Not yet (invited)" }}</td>
            {actions}
        </tr>
        <Show when=move || editing_roles.get() && manages.get()>
            <tr class="roles-row">
                <td colspan="6">
                    <RolesEditor user=roles_user.clone() on_done=Callback::new(move |_| editing_roles.set(false))/>
                </td>
            </tr>
        </Show>
    }
}

/// The user's roles as checkboxes, saved together.
#[component]
fn RolesEditor(user: User, on_done: Callback<()>) -> impl IntoView {
    let notifier = use_notifier();
    let roles = RwSignal::new(user.roles.clone());
    let set_roles = use_mutation::<api::UserSetRoles>(&[Topic::People]);
    set_roles.on_success(move |changed: User| {
        notifier.success(format!("{} is now {}.", changed.name, role_labels(&changed.roles)));
        on_done.run(());
    });
    let name = user.name.clone();
    let id = format!("roles-{}", user.id);
    view! {
        <div class="roles-editor" role="group" aria-label=format!("Roles of {}", user.name)>
            <CheckList
                label="Roles"
                id=id
                choices=role_choices()
                selected=Signal::derive(move || roles.get())
                on_toggle=Callback::new(move |role: Role| roles.update(|r| toggle(r, role)))
            />
            <div class="toolbar">
                <button
                    class="primary small"
                    disabled=move || set_roles.pending()
                    on:click=move |_| {
                        set_roles.run(UserRolesChange { name: name.clone(), roles: roles.with(|r| ordered_roles(r)) });
                    }
                >
                    "Save roles"
                </button>
                <button class="ghost small" on:click=move |_| on_done.run(())>"Cancel"</button>
            </div>
        </div>
    }
}
