//! Sign-offs: the roles the review needs, who signed each and when, with their comment; the
//! caller signs one (the first still open unless they pick another) or returns the review for
//! changes with a comment. The chair can change which sign-offs are required.

use super::detail::use_review;
use crate::components::me::use_me;
use crate::components::notifications::use_notifier;
use crate::data::{Topic, use_mutation};
use crate::logic::lists::{join_list, readable_at, split_list};
use archboard_types::endpoint as api;
use archboard_types::people::Permission;
use archboard_types::review::{SignOffRequest, SignOffsChange};
use leptos::prelude::*;

#[component]
pub fn SignOffs() -> impl IntoView {
    let ctx = use_review();
    let me = use_me();
    let notifier = use_notifier();
    // Empty: the engine takes the first sign-off still open.
    let role = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let editing = RwSignal::new(false);
    let roles_text = RwSignal::new(String::new());
    let sign = use_mutation::<api::ReviewSignOff>(&[Topic::Reviews]);
    sign.on_success(move |_| {
        role.set(String::new());
        comment.set(String::new());
        notifier.success("Recorded.");
    });
    let set_roles = use_mutation::<api::ReviewSignOffsSet>(&[Topic::Reviews]);
    set_roles.on_success(move |_| {
        editing.set(false);
        notifier.success("Changed the required sign-offs.");
    });
    let send = move |return_for_changes: bool| {
        let chosen = role.get_untracked();
        sign.run(SignOffRequest {
            id: ctx.id,
            role: (!chosen.is_empty()).then_some(chosen),
            return_for_changes,
            comment: comment.get_untracked().trim().to_owned(),
        });
    };
    let rows = move || {
        ctx.review.with(|r| {
            r.as_ref()
                .map(|r| {
                    r.signoffs
                        .iter()
                        .map(|s| {
                            let name = s.role.clone();
                            let pick = name.clone();
                            let picked = name.clone();
                            let signed = s.signed_by.is_some();
                            view! {
                                <tr
                                    data-testid=format!("signoff-role-{}", s.role)
                                    data-role=s.role.clone()
                                    data-signed=signed.to_string()
                                    class:signed=signed
                                    class:selected=move || role.with(|r| *r == picked)
                                    on:click=move |_| if !signed { role.set(pick.clone()) }
                                >
                                    <th scope="row">
                                        <label class="check">
                                            <input
                                                type="radio"
                                                name="signoff-role"
                                                value=name.clone()
                                                disabled=signed
                                                prop:checked={
                                                    let name = name.clone();
                                                    move || role.with(|r| *r == name)
                                                }
                                                on:change={
                                                    let name = name.clone();
                                                    move |_| role.set(name.clone())
                                                }
                                            />
                                            <span class="check-text">{s.role.clone()}</span>
                                        </label>
                                    </th>
                                    <td>
                                        {match (&s.signed_by, &s.signed_at) {
                                            (Some(by), at) => format!("Signed by {by}{}", at.as_ref().map(|a| format!(", {}", readable_at(a))).unwrap_or_default()),
                                            (None, _) => "Open".to_owned(),
                                        }}
                                    </td>
                                    <td class="muted">{s.comment.clone()}</td>
                                </tr>
                            }
                        })
                        .collect_view()
                })
        })
    };
    let can_sign = move || me.can(Permission::Review);
    view! {
        <section class="panel review-signoffs" data-testid="signoffs" aria-label="Sign-offs">
            <header class="detail-head">
                <h2>"Sign-offs"</h2>
                <Show when=move || me.can(Permission::Chair)>
                    <button
                        type="button"
                        class="ghost"
                        data-testid="signoffs-edit"
                        on:click=move |_| {
                            let now: Vec<String> = ctx.review.with_untracked(|r| r.as_ref().map(|r| r.signoffs.iter().map(|s| s.role.clone()).collect()).unwrap_or_default());
                            roles_text.set(join_list(&now));
                            editing.update(|e| *e = !*e);
                        }
                    >
                        "Change required…"
                    </button>
                </Show>
            </header>
            <Show when=move || editing.get()>
                <div class="toolbar">
                    <label for="signoffs-roles">"Required roles"</label>
                    <input
                        id="signoffs-roles"
                        data-testid="signoffs-roles"
                        type="text"
                        placeholder="chair, sre"
                        prop:value=move || roles_text.get()
                        on:input=move |ev| roles_text.set(event_target_value(&ev))
                    />
                    <button
                        type="button"
                        data-testid="signoffs-save"
                        disabled=move || set_roles.pending()
                        on:click=move |_| set_roles.run(SignOffsChange { id: ctx.id, roles: split_list(&roles_text.get_untracked()) })
                    >
                        "Save"
                    </button>
                </div>
            </Show>
            <table class="data compact">
                <thead><tr><th scope="col">"Role"</th><th scope="col">"Signed"</th><th scope="col">"Comment"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <Show when=can_sign fallback=|| view! { <p class="muted">"Signing needs the reviewer, chair or owner role."</p> }>
                <div class="field">
                    <label for="signoff-comment">"Comment"</label>
                    <textarea
                        id="signoff-comment"
                        data-testid="signoff-comment"
                        class="prose"
                        rows="2"
                        prop:value=move || comment.get()
                        on:input=move |ev| comment.set(event_target_value(&ev))
                    ></textarea>
                </div>
                <div class="toolbar">
                    <button type="button" class="primary" data-testid="signoff-sign" disabled=move || sign.pending() on:click=move |_| send(false)>
                        {move || if role.with(String::is_empty) { "Sign".to_owned() } else { format!("Sign as {}", role.get()) }}
                    </button>
                    <button
                        type="button"
                        data-testid="signoff-return"
                        disabled=move || sign.pending() || comment.with(|c| c.trim().is_empty())
                        title="Say what needs changing in the comment"
                        on:click=move |_| send(true)
                    >
                        "Return for changes"
                    </button>
                </div>
            </Show>
        </section>
    }
}
