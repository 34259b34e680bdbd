//! Small pieces used across pages: status and tier badges, labelled inputs and selects, the
//! decision picker, checkbox lists, a secret shown once, problem callouts and a navigation helper.

use crate::logic::lists::decision_choice_label;
use archboard_types::adr::{AdrStatus, AdrSummary, status_label};
use archboard_types::catalog::RiskTier;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

/// A decision's status as people read it (`status_label`): coloured by the lifecycle status,
/// and a neutral grey when the file's status has no place in the lifecycle (`on hold`) or there
/// was none. The file's own wording shows when it said something else (`accepted (Approved)`).
#[component]
pub fn StatusBadge(
    status: Option<AdrStatus>,
    #[prop(optional_no_strip)] note: Option<String>,
) -> impl IntoView {
    let class = match status {
        Some(status) => format!("badge status-{}", status.as_str()),
        None => "badge status-unknown muted".to_owned(),
    };
    view! {
        <span class=class data-lifecycle=status.map(|s| s.as_str()).unwrap_or("unknown")>
            {status_label(status, note.as_deref())}
        </span>
    }
}

/// A system's risk tier, coloured by how much is at stake.
#[component]
pub fn TierBadge(tier: RiskTier) -> impl IntoView {
    view! { <span class=format!("risk {}", tier.as_str())>{tier.label()}</span> }
}

/// A group of checkboxes, one per `(value, label, hint)` choice, ticked when `selected` holds
/// the value; ticking or unticking hands the value to `on_toggle`.
#[component]
pub fn CheckList<T>(
    /// Names the group for assistive technology.
    label: &'static str,
    /// Prefix of the checkboxes' ids (`ID-0`, `ID-1`, …).
    #[prop(into)]
    id: String,
    choices: Signal<Vec<(T, String, String)>>,
    selected: Signal<Vec<T>>,
    on_toggle: Callback<T>,
    /// Shown when there is nothing to choose from.
    #[prop(optional)]
    empty: &'static str,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    move || {
        let choices = choices.get();
        if choices.is_empty() {
            return view! { <p class="muted check-list-empty">{empty}</p> }.into_any();
        }
        view! {
            <div class="check-list" role="group" aria-label=label>
                {choices
                    .into_iter()
                    .enumerate()
                    .map(|(index, (value, text, hint))| {
                        let checked_value = value.clone();
                        let checked = move || selected.with(|s| s.contains(&checked_value));
                        view! {
                            <label class="check" for=format!("{id}-{index}")>
                                <input
                                    type="checkbox"
                                    id=format!("{id}-{index}")
                                    prop:checked=checked
                                    on:change=move |_| on_toggle.run(value.clone())
                                />
                                <span class="check-text">{text}</span>
                                {(!hint.is_empty()).then(|| view! { <span class="check-hint">{hint}</span> })}
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
        }
        .into_any()
    }
}

/// A secret (an invitation link, an API token) shown this once in a read-only box that selects
/// itself when focused, ready to copy.
#[component]
pub fn OnceSecret(
    label: &'static str,
    id: &'static str,
    value: String,
    /// What to do with it, said below the box.
    note: String,
) -> impl IntoView {
    let select_all = |ev: leptos::ev::FocusEvent| event_target::<web_sys::HtmlInputElement>(&ev).select();
    view! {
        <div class="field once-secret">
            <label for=id>{label}</label>
            <input
                id=id
                class="mono"
                type="text"
                readonly=true
                value=value
                on:focus=select_all
            />
            <p class="muted">{note}</p>
        </div>
    }
}

/// A select listing decisions as `reference — title` (every collection's, so a link across
/// collections is made by picking it); writes the chosen decision's id (as text) to `selected`.
#[component]
pub fn DecisionPicker(
    id: &'static str,
    choices: Signal<Vec<AdrSummary>>,
    selected: RwSignal<String>,
) -> impl IntoView {
    view! {
        <select id=id on:change=move |ev| selected.set(event_target_value(&ev))>
            <option value="">"Choose a decision…"</option>
            <For each=move || choices.get() key=|a| (a.id, a.reference.clone(), a.title.clone()) let:a>
                <option value=a.id.to_string() data-reference=a.reference.clone()>
                    {decision_choice_label(&a.reference, &a.title)}
                </option>
            </For>
        </select>
    }
}

/// A labelled text input bound to `value`.
#[component]
pub fn Field(
    label: &'static str,
    id: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] hint: &'static str,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) placeholder=hint/>
        </div>
    }
}

/// A labelled select of fixed `(value, label)` options bound to `value`.
#[component]
pub fn Choice(
    label: &'static str,
    id: &'static str,
    value: RwSignal<String>,
    options: Vec<(&'static str, &'static str)>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                {options.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
            </select>
        </div>
    }
}

/// A list filter: a labelled select of `(value, label)` options loaded from a query, with an
/// "any" choice for the empty value; `selected` is the filter's current value.
#[component]
pub fn FilterSelect(
    id: &'static str,
    label: &'static str,
    any: &'static str,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] selected: Signal<String>,
    on_choose: Callback<String>,
) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <select id=id data-testid=id on:change=move |ev| on_choose.run(event_target_value(&ev))>
            <option value="" selected=move || selected.with(String::is_empty)>{any}</option>
            {move || {
                options
                    .get()
                    .into_iter()
                    .map(|(value, text)| {
                        let mine = value.clone();
                        view! { <option value=value selected=move || selected.with(|s| *s == mine)>{text}</option> }
                    })
                    .collect_view()
            }}
        </select>
    }
}

/// URL values that mean nothing, said above the page instead of silently ignored.
pub fn problems_callout(problems: Vec<String>) -> impl IntoView {
    (!problems.is_empty()).then(|| {
        view! {
            <div class="callout warn" role="alert">
                <strong>"Part of this address was not understood: "</strong>
                {problems.join("; ")}
            </div>
        }
    })
}

type Navigate = std::rc::Rc<dyn Fn(&str, NavigateOptions)>;

/// Navigation helpers bound to the router; `Copy`, so event handlers can simply move it.
#[derive(Clone, Copy)]
pub struct Nav {
    navigate: StoredValue<Navigate, LocalStorage>,
}

impl Nav {
    pub fn new() -> Self {
        let navigate = use_navigate();
        Nav { navigate: StoredValue::new_local(std::rc::Rc::new(navigate)) }
    }

    /// A new place: Back returns here.
    pub fn go(&self, path: &str) {
        if let Some(navigate) = self.navigate.try_get_value() {
            navigate(path, NavigateOptions::default());
        }
    }

    /// The same place with other filters: replaces the history entry and keeps the scroll.
    pub fn replace(&self, path: &str) {
        if let Some(navigate) = self.navigate.try_get_value() {
            navigate(path, NavigateOptions { replace: true, scroll: false, ..Default::default() });
        }
    }
}

/// The one pending poll of a view: scheduling a new one clears the one before, so polls that
/// are re-armed from several answers never multiply. Cleared when the view goes.
#[derive(Clone, Copy)]
pub struct PollTimer {
    handle: StoredValue<Option<leptos::leptos_dom::helpers::TimeoutHandle>>,
}

impl PollTimer {
    pub fn new() -> Self {
        let handle = StoredValue::new(None::<leptos::leptos_dom::helpers::TimeoutHandle>);
        on_cleanup(move || {
            if let Some(Some(pending)) = handle.try_get_value() {
                pending.clear();
            }
        });
        PollTimer { handle }
    }

    pub fn schedule(&self, delay: std::time::Duration, tick: impl FnOnce() + 'static) {
        if let Some(pending) = self.handle.get_value() {
            pending.clear();
        }
        self.handle.set_value(set_timeout_with_handle(tick, delay).ok());
    }
}
