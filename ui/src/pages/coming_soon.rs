//! The page for unknown addresses.

use leptos::prelude::*;

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
