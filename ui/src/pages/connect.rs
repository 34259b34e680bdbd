//! File → Connect to team board… (desktop only): the address of a team server, whose pages
//! (its sign-in first) the desktop window then shows. File → Open database… comes back.

use crate::backend;
use leptos::prelude::*;

#[component]
pub fn ConnectPage() -> impl IntoView {
    let address = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let connecting = RwSignal::new(false);
    let connect = move || {
        let url = address.get_untracked();
        connecting.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            if let Err(refusal) = backend::desktop_connect_team_board(&url).await {
                error.set(Some(refusal.message));
                connecting.set(false);
            }
        });
    };
    view! {
        <section class="page">
            <header class="page-head">
                <h1>"Connect to a team board"</h1>
            </header>
            <Show
                when=backend::in_desktop
                fallback=|| view! { <p class="muted">"Open a team board's address in your browser, or connect from the desktop app's File menu."</p> }
            >
                <form class="form" on:submit=move |ev| { ev.prevent_default(); connect(); }>
                    <div class="field" class:invalid=move || error.get().is_some()>
                        <label for="connect-url">"The team server's address"</label>
                        <input
                            id="connect-url"
                            type="url"
                            placeholder="https://archboard.example:8443"
                            prop:value=move || address.get()
                            on:input=move |ev| address.set(event_target_value(&ev))
                            autofocus
                        />
                        <p class="field-error" id="connect-url-error" aria-live="polite">{move || error.get()}</p>
                        <p class="hint">"You sign in on its own page; File → Open database… brings you back to a file on this machine."</p>
                    </div>
                    <button class="primary" id="connect-submit" type="submit" disabled=move || connecting.get()>"Connect"</button>
                </form>
            </Show>
        </section>
    }
}
