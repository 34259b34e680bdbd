//! The Users page at `/users`: everyone sees who is on the board; an owner (`ManageUsers`)
//! also adds people (their invitation link is shown once), invites again, changes roles and
//! deactivates or reactivates. Below, the caller's own API tokens and, on a team server,
//! signing out.

mod account;
mod add;
mod table;

use crate::components::me::use_me;
use crate::components::widgets::OnceSecret;
use crate::data::{Topic, use_query};
use crate::logic::lists::readable_at;
use crate::logic::people_form::invitation_link;
use account::MyAccount;
use add::AddUser;
use archboard_types::endpoint as api;
use archboard_types::people::{Invitation, Permission};
use archboard_types::system::Empty;
use leptos::prelude::*;
use table::UserTable;

#[component]
pub fn UsersPage() -> impl IntoView {
    let me = use_me();
    let users = use_query::<api::UserList>(&[Topic::People], || Some(Empty {}));
    // The latest invitation issued here, shown this once.
    let invitation = RwSignal::new(None::<Invitation>);
    let invited = Callback::new(move |sent: Invitation| invitation.set(Some(sent)));
    let manages = move || me.can(Permission::ManageUsers);
    view! {
        <section class="page">
            <header class="page-head">
                <h1>"Users"</h1>
            </header>
            {move || invitation.get().map(|sent| view! {
                <InvitationNotice invitation=sent on_done=Callback::new(move |_| invitation.set(None))/>
            })}
            <Show when=manages>
                <AddUser on_invited=invited/>
            </Show>
            <UserTable users on_invited=invited/>
            <MyAccount/>
        </section>
    }
}

/// A fresh invitation: the link to send, shown once.
#[component]
fn InvitationNotice(invitation: Invitation, on_done: Callback<()>) -> impl IntoView {
    let (link, needs_address) = invitation_link(&invitation);
    let name = invitation.user.name.clone();
    let until = readable_at(&invitation.expires_at);
    let note = if needs_address {
        format!(
            "Append this to the team server's address (e.g. https://archboard.example.com) and send the whole link to {name}. It works once, until {until}, and is not shown again."
        )
    } else {
        format!("Send this link to {name}. It works once, until {until}, and is not shown again.")
    };
    view! {
        <div class="callout secret-callout" role="status">
            <strong>{format!("Invitation for {name}")}</strong>
            <OnceSecret label="Invitation link" id="invitation-link" value=link.to_owned() note/>
            <button class="ghost" id="invitation-done" on:click=move |_| on_done.run(())>"Done"</button>
        </div>
    }
}
