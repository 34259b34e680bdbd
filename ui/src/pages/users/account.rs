//! The caller's own account on the Users page: personal API tokens (listed, issued with the
//! secret shown once, revoked) and, on a team server, signing out here or everywhere.

use crate::backend::go_to_sign_in;
use crate::components::me::use_me;
use crate::components::notifications::use_notifier;
use crate::components::widgets::OnceSecret;
use crate::data::{ListShape, Topic, use_form_mutation, use_mutation, use_query};
use crate::logic::lists::readable_at;
use archboard_types::endpoint as api;
use archboard_types::people::{ApiTokenSummary, IssuedToken, TokenListQuery, TokenRef, TokenRequest};
use archboard_types::system::Empty;
use leptos::prelude::*;

#[component]
pub fn MyAccount() -> impl IntoView {
    let me = use_me();
    let team_mode = move || me.get().is_some_and(|me| me.team_mode);
    view! {
        <section class="catalog-section account" aria-labelledby="my-tokens-title">
            <div class="detail-head">
                <h2 id="my-tokens-title">"My API tokens"</h2>
                <Show when=team_mode>
                    <SignOut/>
                </Show>
            </div>
            <p class="muted">"A token lets scripts and the CLI act as you, with your roles. Revoke one you no longer use."</p>
            <IssueToken/>
            <TokenList/>
        </section>
    }
}

/// Sign out of this browser (the server's own page) or end every session of yours.
#[component]
fn SignOut() -> impl IntoView {
    let everywhere = use_mutation::<api::SignOutEverywhere>(&[Topic::People]);
    // Every session ended, this one too: sign in again.
    everywhere.on_success(|_| go_to_sign_in());
    view! {
        <div class="toolbar">
            // `rel="external"`: the server handles this path, not the app's router.
            <a class="button" id="sign-out" href="/signout" rel="external">"Sign out"</a>
            <button
                class="danger"
                id="sign-out-everywhere"
                title="End every session of yours, on every device"
                disabled=move || everywhere.pending()
                on:click=move |_| everywhere.run(Empty {})
            >
                "Sign out everywhere"
            </button>
        </div>
    }
}

#[component]
fn IssueToken() -> impl IntoView {
    let me = use_me();
    let notifier = use_notifier();
    let label = RwSignal::new(String::new());
    let issued = RwSignal::new(None::<IssuedToken>);
    let issue = use_form_mutation::<api::UserTokenIssue>(&[Topic::People]);
    issue.on_success(move |token: IssuedToken| {
        notifier.success("Token issued.");
        label.set(String::new());
        issued.set(Some(token));
    });
    let label_error =
        move || issue.error().filter(|e| e.field.as_deref() == Some("label")).map(|e| e.message);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(me) = me.get() else { return };
        let text = label.get_untracked().trim().to_owned();
        issue.run(TokenRequest { name: me.user.name, label: (!text.is_empty()).then_some(text) });
    };
    view! {
        <form class="inline-form" aria-label="Issue a token" on:submit=submit>
            <label for="token-label">"Label"</label>
            <input
                id="token-label"
                type="text"
                placeholder="ci-pipeline"
                prop:value=move || label.get()
                on:input=move |ev| label.set(event_target_value(&ev))
            />
            <button type="submit" class="primary" id="token-issue" disabled=move || issue.pending() || me.get().is_none()>
                "Issue a token"
            </button>
            <p class="field-error" aria-live="polite">{label_error}</p>
        </form>
        {move || issued.get().map(|token| view! {
            <div class="callout secret-callout" role="status">
                <OnceSecret
                    label="Your new token"
                    id="token-secret"
                    value=token.token.clone()
                    note="Copy it now: it is shown this once and never stored. Use it as a bearer token.".to_owned()
                />
                <button class="ghost" id="token-done" on:click=move |_| issued.set(None)>"Done"</button>
            </div>
        })}
    }
}

#[component]
fn TokenList() -> impl IntoView {
    let notifier = use_notifier();
    let tokens = use_query::<api::UserTokenList>(&[Topic::People], || Some(TokenListQuery { name: None }));
    let revoke = use_mutation::<api::UserTokenRevoke>(&[Topic::People]);
    revoke.on_success(move |token: ApiTokenSummary| {
        notifier.success(format!("Revoked the token {}.", token.label))
    });
    let shape = Memo::new(move |_| ListShape::of(tokens.get()));
    move || {
        match shape.get() {
        ListShape::Loading => view! { <p class="muted">"Loading tokens…"</p> }.into_any(),
        ListShape::Failed(message) => view! { <p class="callout warn" role="alert">{message}</p> }.into_any(),
        ListShape::Empty => view! { <p class="muted">"You have no API tokens."</p> }.into_any(),
        ListShape::Rows => view! {
            <table class="data compact token-list">
                <thead>
                    <tr>
                        <th scope="col" class="th-text">"Label"</th>
                        <th scope="col" class="th-text">"Issued"</th>
                        <th scope="col" class="th-text">"Last used"</th>
                        <th scope="col" class="th-text">"State"</th>
                        <th scope="col" class="th-text"><span class="sr-only">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || tokens.ok().unwrap_or_default() key=|t| (t.id, t.revoked_at, t.last_used_at) let:token>
                        {
                            let id = token.id;
                            let revoked = token.revoked_at.is_some();
                            let label = if token.label.is_empty() { "(no label)".to_owned() } else { token.label.clone() };
                            view! {
                                <tr data-token=id>
                                    <th scope="row">{label.clone()}</th>
                                    <td class="mono">{readable_at(&token.created_at)}</td>
                                    <td class="mono">{token.last_used_at.as_ref().map(readable_at).unwrap_or_else(|| "never".into())}</td>
                                    <td>
                                        {match &token.revoked_at {
                                            Some(at) => format!("Revoked {}", readable_at(at)),
                                            None => "Active".to_owned(),
                                        }}
                                    </td>
                                    <td>
                                        {(!revoked).then(|| view! {
                                            <button
                                                class="small danger"
                                                aria-label=format!("Revoke {label}")
                                                disabled=move || revoke.pending()
                                                on:click=move |_| revoke.run(TokenRef { id })
                                            >
                                                "Revoke"
                                            </button>
                                        })}
                                    </td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        }
        .into_any(),
    }
    }
}
