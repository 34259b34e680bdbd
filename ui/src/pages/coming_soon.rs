//! The placeholder pages of the areas still to come, and the page for unknown addresses.

use crate::logic::areas::Area;
use leptos::prelude::*;

#[component]
pub fn ComingSoon(area: Area) -> impl IntoView {
    view! {
        <section class="page">
            <header class="page-head">
                <h1>{area.label()}</h1>
            </header>
            <div class="empty-state">
                <div class="empty-icon" aria-hidden="true">{area.icon()}</div>
                <h2>{format!("{} are on the way", area.label())}</h2>
                <p>{area.coming()}</p>
                <p class="muted">"Meanwhile, record the decisions behind them under Decisions (press 1)."</p>
            </div>
        </section>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="page">
            <div class="empty-state">
                <h2>"Nothing lives at this address"</h2>
                <p><a href="/decisions">"Go to the decisions"</a></p>
            </div>
        </section>
    }
}
