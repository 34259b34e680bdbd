//! Notifications: one toast at a time; successes go away on their own, errors stay until
//! dismissed. Notices (files changed in a linked folder) stay beside the toasts, one per
//! subject, until dismissed or acted on.

use crate::components::widgets::Nav;
use archboard_types::ApiError;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub kind: ToastKind,
    pub message: String,
}

/// Something that waits for the user, with the one thing to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Notice {
    /// What it is about (`folder-changed:payments`); a newer notice about the same replaces it.
    pub key: String,
    pub message: String,
    /// The button's words and the page it opens.
    pub action: Option<(String, String)>,
}

/// Shows notifications; `Copy`, provided once by the app.
#[derive(Clone, Copy)]
pub struct Notifier {
    toast: RwSignal<Option<Toast>>,
    notices: RwSignal<Vec<Notice>>,
}

impl Notifier {
    pub fn new() -> Self {
        Notifier { toast: RwSignal::new(None), notices: RwSignal::new(Vec::new()) }
    }

    /// Shows `notice` until it is dismissed or acted on.
    pub fn notice(&self, notice: Notice) {
        self.notices.update(|all| match all.iter_mut().find(|n| n.key == notice.key) {
            Some(known) => *known = notice,
            None => all.push(notice),
        });
    }

    /// Takes away the notice about `key`, if one is shown (its subject was dealt with).
    pub fn dismiss(&self, key: &str) {
        if self.notices.with_untracked(|all| all.iter().any(|n| n.key == key)) {
            self.notices.update(|all| all.retain(|n| n.key != key));
        }
    }

    pub fn error(&self, error: &ApiError) {
        self.problem(error.message.clone());
    }

    pub fn problem(&self, message: impl Into<String>) {
        self.toast.set(Some(Toast { kind: ToastKind::Error, message: message.into() }));
    }

    pub fn success(&self, message: impl Into<String>) {
        self.toast.set(Some(Toast { kind: ToastKind::Success, message: message.into() }));
    }
}

pub fn use_notifier() -> Notifier {
    expect_context::<Notifier>()
}

#[component]
pub fn ToastView() -> impl IntoView {
    let notifier = use_notifier();
    let nav = Nav::new();
    let toast = notifier.toast;
    let notices = notifier.notices;
    Effect::new(move |_| {
        if let Some(Toast { kind: ToastKind::Success, message }) = toast.get() {
            // Clear only this message: a newer one gets its own full time.
            set_timeout(
                move || {
                    if toast.get_untracked().is_some_and(|t| t.message == message) {
                        toast.set(None);
                    }
                },
                std::time::Duration::from_secs(4),
            );
        }
    });
    view! {
        <div class="toast-region" role="status" aria-live="polite">
            <For each=move || notices.get() key=|n| n.clone() let:notice>
                {
                    let key = notice.key.clone();
                    let dismiss_key = key.clone();
                    view! {
                        <div class="toast notice" data-notice=key.clone()>
                            <span class="toast-message">{notice.message.clone()}</span>
                            {notice.action.clone().map(|(label, path)| {
                                let key = key.clone();
                                view! {
                                    <button
                                        class="primary small notice-action"
                                        data-testid="notice-action"
                                        on:click=move |_| {
                                            notifier.dismiss(&key);
                                            nav.go(&path);
                                        }
                                    >
                                        {label}
                                    </button>
                                }
                            })}
                            <button class="ghost" aria-label="Dismiss" on:click=move |_| notifier.dismiss(&dismiss_key)>
                                "×"
                            </button>
                        </div>
                    }
                }
            </For>
            {move || {
                toast
                    .get()
                    .map(|toast_now| {
                        let class = match toast_now.kind {
                            ToastKind::Success => "toast success",
                            ToastKind::Error => "toast error",
                        };
                        view! {
                            <div class=class role=if toast_now.kind == ToastKind::Error { "alert" } else { "status" }>
                                <span class="toast-message">{toast_now.message}</span>
                                <button class="ghost" aria-label="Dismiss" on:click=move |_| toast.set(None)>
                                    "×"
                                </button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}
