//! Who the caller is (`me`): loaded once by the shell, shown in the status bar, and asked by
//! pages before they offer a change, so nothing is offered that the engine would refuse.

use crate::data::{Query, Topic, use_query};
use archboard_types::endpoint::Me as MeEndpoint;
use archboard_types::people::{Me, Permission};
use archboard_types::system::Empty;
use leptos::prelude::*;

/// The caller, for every page; `Copy`.
#[derive(Clone, Copy)]
pub struct WhoAmI {
    me: Query<MeEndpoint>,
}

impl WhoAmI {
    /// Loads `me` (again whenever people change) and provides it below.
    pub fn provide() -> Self {
        let who = WhoAmI { me: use_query::<MeEndpoint>(&[Topic::People], || Some(Empty {})) };
        provide_context(who);
        who
    }

    /// The caller, once known (tracked).
    pub fn get(&self) -> Option<Me> {
        self.me.ok()
    }

    /// Whether the caller may do what `permission` covers; false until that is known.
    pub fn can(&self, permission: Permission) -> bool {
        self.me.ok().is_some_and(|me| me.can(permission))
    }
}

pub fn use_me() -> WhoAmI {
    expect_context::<WhoAmI>()
}

/// "Ada · Owner, Chair" in the status bar, leading to the Users page.
#[component]
pub fn MeBadge() -> impl IntoView {
    let who = use_me();
    move || {
        who.get().map(|me| {
            let roles: Vec<&str> = me.user.roles.iter().map(|role| role.label()).collect();
            let may: Vec<&str> = me.permissions.iter().map(|p| p.label()).collect();
            view! {
                <a class="status-me" id="status-me" href="/users" title=format!("May: {}", may.join("; "))>
                    <span class="status-me-name">{me.user.name.clone()}</span>
                    " · "
                    <span class="status-me-roles">{roles.join(", ")}</span>
                </a>
            }
        })
    }
}
