//! The interview kit at `/interviews/kit/INTERVIEW`, made to be printed: who, when and for
//! how long; the focus dimensions with all four anchors; strong and weak signals; the red
//! flags; and each exercise with its prompt, its minutes and what to evaluate. Print hides
//! the app around it.

use super::{INTERVIEW_TOPICS, id_param, problem_view};
use crate::data::use_query;
use crate::logic::interview::{candidate_path, exercise_label, format_weight, scorecard_path};
use crate::logic::lists::readable_at;
use archboard_types::endpoint as api;
use archboard_types::interview::{
    InterviewId, InterviewKit, InterviewRef, RATING_MAX, RATING_MIN, rating_label,
};
use leptos::prelude::*;

#[component]
pub fn KitPage() -> impl IntoView {
    let id = id_param("interview", "an interview");
    move || match id.get() {
        Ok(id) => view! { <KitView id=id/> }.into_any(),
        Err(message) => view! { <section class="page">{problem_view(message)}</section> }.into_any(),
    }
}

#[component]
fn KitView(id: InterviewId) -> impl IntoView {
    let kit = use_query::<api::InterviewKitGet>(INTERVIEW_TOPICS, move || Some(InterviewRef { id }));
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    let body = move || match kit.get() {
        None => view! { <p class="muted">"Loading the kit…"</p> }.into_any(),
        Some(Err(error)) => problem_view(error.message).into_any(),
        Some(Ok(kit)) => kit_view(kit).into_any(),
    };
    view! {
        <section class="page kit-page" data-testid="kit-page">
            <header class="page-head no-print">
                <h1>"Interview kit"</h1>
                <div class="toolbar">
                    {move || kit.ok().map(|k| view! {
                        <a class="button ghost" href=candidate_path(k.interview.candidate_id)>"← Candidate"</a>
                        <a class="button ghost" href=scorecard_path(k.interview.id)>"Scorecard"</a>
                    })}
                    <button class="primary" id="kit-print" on:click=print>"Print"</button>
                </div>
            </header>
            {body}
        </section>
    }
}

fn list(items: &[String], empty: &'static str) -> impl IntoView + use<> {
    if items.is_empty() {
        view! { <p class="muted">{empty}</p> }.into_any()
    } else {
        view! { <ul>{items.iter().map(|i| view! { <li>{i.clone()}</li> }).collect_view()}</ul> }.into_any()
    }
}

fn kit_view(kit: InterviewKit) -> impl IntoView {
    let i = &kit.interview;
    let levels: Vec<u8> = (RATING_MIN..=RATING_MAX).collect();
    let heads = levels
        .iter()
        .map(|r| view! { <th scope="col" class="th-text">{rating_label(*r)}</th> })
        .collect_view();
    let focus_rows = kit
        .focus
        .iter()
        .map(|d| {
            view! {
                <tr data-key=d.key.clone()>
                    <th scope="row">{d.name.clone()}<span class="muted">{format!(" {}", format_weight(d.weight))}</span></th>
                    {levels.iter().map(|r| {
                        let anchor = d.anchor(*r);
                        view! { <td>{if anchor.is_empty() { "—".to_owned() } else { anchor.to_owned() }}</td> }
                    }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    let exercises = kit
        .exercises
        .iter()
        .map(|e| {
            view! {
                <article class="kit-exercise" data-key=e.key.clone()>
                    <h3>{exercise_label(&e.name, e.minutes_min, e.minutes_max)}</h3>
                    <p class="pre-wrap">{e.prompt.clone()}</p>
                    <h4>"Evaluate"</h4>
                    {list(&e.evaluate, "Nothing named.")}
                </article>
            }
        })
        .collect_view();
    view! {
        <article class="kit" data-testid="kit">
            <header class="kit-head">
                <h2>{format!("{} · {} v{}", kit.candidate_label, kit.role_name, kit.role_version)}</h2>
                <p>
                    {format!("Interviewer: {} · ", i.interviewer)}
                    {i.at.as_ref().map(readable_at).unwrap_or_else(|| "not scheduled".to_owned())}
                    {format!(" · {} minutes", i.minutes)}
                </p>
            </header>
            <section class="kit-section" aria-label="Focus">
                <h2>"What to assess"</h2>
                {if kit.focus.is_empty() {
                    view! { <p class="muted">"No focus dimensions planned."</p> }.into_any()
                } else {
                    view! {
                        <table class="data compact kit-anchors">
                            <thead>
                                <tr><th scope="col" class="th-text">"Dimension"</th>{heads}</tr>
                            </thead>
                            <tbody>{focus_rows}</tbody>
                        </table>
                    }
                    .into_any()
                }}
            </section>
            <section class="kit-section columns" aria-label="Signals">
                <div>
                    <h2>"Strong signals"</h2>
                    {list(&kit.strong_signals, "None named.")}
                </div>
                <div>
                    <h2>"Weak signals"</h2>
                    {list(&kit.weak_signals, "None named.")}
                </div>
            </section>
            <section class="kit-section" aria-label="Red flags">
                <h2>"Red flags"</h2>
                {list(&kit.red_flags.iter().map(|f| f.text.clone()).collect::<Vec<_>>(), "None named.")}
            </section>
            <section class="kit-section" aria-label="Exercises">
                <h2>"Exercises"</h2>
                {if kit.exercises.is_empty() {
                    view! { <p class="muted">"No exercises planned."</p> }.into_any()
                } else {
                    exercises.into_any()
                }}
            </section>
        </article>
    }
}
