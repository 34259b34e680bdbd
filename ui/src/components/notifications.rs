//! Notifications: one toast at a time; successes go away on their own, errors stay until
//! dismissed.

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

/// Shows notifications; `Copy`, provided once by the app.
#[derive(Clone, Copy)]
pub struct Notifier {
    toast: RwSignal<Option<Toast>>,
}

impl Notifier {
    pub fn new() -> Self {
        Notifier { toast: RwSignal::new(None) }
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
    let toast = notifier.toast;
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
