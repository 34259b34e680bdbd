//! A Mermaid diagram drawn by the bundled renderer; errors in the text are shown, not hidden.

use crate::components::mermaid;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn MermaidDiagram(source: String, label: String) -> impl IntoView {
    let drawn = RwSignal::new(None::<Result<String, String>>);
    spawn_local(async move {
        let result = mermaid::render_svg(&source).await;
        drawn.try_set(Some(result));
    });
    view! {
        <figure class="diagram">
            {move || match drawn.get() {
                None => view! { <p class="muted">"Drawing the diagram…"</p> }.into_any(),
                Some(Ok(svg)) => view! { <img class="mermaid-diagram" src=mermaid::svg_data_url(&svg) alt=label.clone()/> }.into_any(),
                Some(Err(message)) => view! { <p class="field-error" role="alert">{message}</p> }.into_any(),
            }}
        </figure>
    }
}
