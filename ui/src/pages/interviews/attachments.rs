//! A candidate's attachments (a CV, a take-home): each with its type, size and when it was
//! added, downloaded through `candidate_attachment_get`; a chair uploads one with a file input
//! (its bytes sent as base64 `FileBytes`) and removes one after a confirm.

use super::INTERVIEW_TOPICS;
use super::candidate::use_candidate;
use crate::backend::call;
use crate::components::files::{first_file, read_bytes, save_exported};
use crate::components::me::use_me;
use crate::components::notifications::use_notifier;
use crate::data::{use_form_mutation, use_mutation};
use crate::logic::interview::format_size;
use crate::logic::lists::readable_at;
use archboard_types::Endpoint as _;
use archboard_types::endpoint as api;
use archboard_types::files::{FileBytes, FileContents};
use archboard_types::interview::{AttachmentAdd, AttachmentRef, AttachmentSummary};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn AttachmentsPanel() -> impl IntoView {
    let ctx = use_candidate();
    let me = use_me();
    let notifier = use_notifier();
    let input = NodeRef::<leptos::html::Input>::new();
    let read_problem = RwSignal::new(None::<String>);
    let add = use_form_mutation::<api::CandidateAttachmentAdd>(INTERVIEW_TOPICS);
    let remove = use_mutation::<api::CandidateAttachmentRemove>(INTERVIEW_TOPICS);
    let reading = RwSignal::new(false);
    add.on_success(move |_| {
        notifier.success("Attached the file.");
        if let Some(el) = input.get_untracked() {
            el.set_value("");
        }
    });
    remove.on_success(move |_| notifier.success("Removed the attachment."));
    let can_change =
        move || me.can(api::CandidateAttachmentAdd::PERMISSION) && ctx.get().is_some_and(|c| !c.anonymised);
    let picked = move |_| {
        let Some(file) = input.get_untracked().and_then(|el| first_file(&el)) else { return };
        read_problem.set(None);
        reading.set(true);
        spawn_local(async move {
            let bytes = read_bytes(&file).await;
            let _ = reading.try_set(false);
            match bytes {
                Ok(bytes) => add.run(AttachmentAdd {
                    candidate_id: ctx.id,
                    name: file.name(),
                    media_type: file.type_(),
                    content: FileBytes::from(bytes),
                }),
                Err(message) => {
                    let _ = read_problem.try_set(Some(message));
                }
            }
        });
    };
    let download = move |summary: AttachmentSummary| {
        spawn_local(async move {
            let answer = call::<api::CandidateAttachmentGet>(&AttachmentRef {
                candidate_id: ctx.id,
                attachment_id: summary.id,
            })
            .await;
            match answer {
                Ok(attachment) => {
                    let file =
                        FileContents { path: attachment.summary.name.clone(), content: attachment.content };
                    let mime = if attachment.summary.media_type.is_empty() {
                        "application/octet-stream".to_owned()
                    } else {
                        attachment.summary.media_type.clone()
                    };
                    match save_exported(&file, &mime).await {
                        Ok(Some(place)) => {
                            notifier.success(format!("Saved {} as {place}.", attachment.summary.name))
                        }
                        Ok(None) => {}
                        Err(message) => notifier.problem(message),
                    }
                }
                Err(error) => notifier.error(&error),
            }
        });
    };
    let error = move || read_problem.get().or_else(|| add.error().map(|e| e.message));
    let rows = move || {
        let list = ctx.get().map(|c| c.attachments).unwrap_or_default();
        if list.is_empty() {
            return view! { <p class="muted" data-testid="no-attachments">"No attachments."</p> }.into_any();
        }
        view! {
            <table class="data compact attachments" data-testid="attachments">
                <thead>
                    <tr>
                        <th scope="col" class="th-text">"File"</th>
                        <th scope="col" class="th-text num">"Size"</th>
                        <th scope="col" class="th-text">"Added"</th>
                        <th scope="col" class="th-text"><span class="sr-only">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|a| {
                        let for_download = a.clone();
                        let name = a.name.clone();
                        let attachment_id = a.id;
                        view! {
                            <tr class="attachment-row" data-id=a.id.to_string()>
                                <td>
                                    <button
                                        type="button"
                                        class="link attachment-download"
                                        title=format!("Download {}", a.name)
                                        on:click=move |_| download(for_download.clone())
                                    >
                                        {a.name.clone()}
                                    </button>
                                    <span class="muted">{format!(" {}", a.media_type)}</span>
                                </td>
                                <td class="num">{format_size(a.size)}</td>
                                <td class="mono">{readable_at(&a.added_at)}</td>
                                <td>
                                    <Show when=can_change>
                                        {
                                            let name = name.clone();
                                            view! {
                                                <button
                                                    class="ghost small danger attachment-remove"
                                                    aria-label=format!("Remove {name}")
                                                    disabled=move || remove.pending()
                                                    on:click=move |_| {
                                                        let confirmed = web_sys::window()
                                                            .and_then(|w| w.confirm_with_message(&format!("Remove {name} from this candidate? The file is deleted.")).ok())
                                                            .unwrap_or(false);
                                                        if confirmed {
                                                            remove.run(AttachmentRef { candidate_id: ctx.id, attachment_id });
                                                        }
                                                    }
                                                >
                                                    "Remove"
                                                </button>
                                            }
                                        }
                                    </Show>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="panel attachments-panel" aria-label="Attachments">
            <h2>"Attachments"</h2>
            {rows}
            <Show when=can_change>
                <div class="field" class:invalid=move || error().is_some()>
                    <label for="attachment-file">"Attach a file"</label>
                    <input
                        type="file"
                        id="attachment-file"
                        node_ref=input
                        aria-describedby="attachment-file-error"
                        disabled=move || add.pending() || reading.get()
                        on:change=picked
                    />
                    <p class="field-error" id="attachment-file-error" role="alert">
                        {error}
                    </p>
                </div>
                {move || (add.pending() || reading.get()).then(|| view! { <p class="muted">"Uploading…"</p> })}
            </Show>
        </section>
    }
}
