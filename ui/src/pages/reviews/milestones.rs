//! Milestones (the review frozen under a name, compared with another or with now), template
//! upgrades (offered when the catalog holds a newer version of a template the review copied:
//! previewed, then applied) and the review's report as Markdown or HTML.

use super::detail::use_review;
use super::save_and_tell;
use crate::backend::call;
use crate::components::me::use_me;
use crate::components::notifications::use_notifier;
use crate::components::widgets::Nav;
use crate::data::{Topic, use_mutation};
use crate::logic::lists::readable_at;
use crate::logic::reviews::review_compare_path;
use archboard_types::endpoint as api;
use archboard_types::people::Permission;
use archboard_types::review::{
    MilestoneRequest, ReportFormat, ReportRequest, TemplateUpgrade, UpgradeRequest,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Milestones() -> impl IntoView {
    let ctx = use_review();
    let me = use_me();
    let nav = Nav::new();
    let notifier = use_notifier();
    let name = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let take = use_mutation::<api::ReviewMilestoneAdd>(&[Topic::Reviews]);
    take.on_success(move |_| {
        notifier.success(format!("Took milestone {}.", name.get_untracked().trim()));
        name.set(String::new());
    });
    let names = Memo::new(move |_| {
        ctx.review.with(|r| {
            r.as_ref()
                .map(|r| r.milestones.iter().map(|m| m.name.clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let options = move |chosen: RwSignal<String>| {
        names
            .get()
            .into_iter()
            .map(|n| {
                let mine = n.clone();
                view! { <option value=n.clone() selected=move || chosen.with(|c| *c == mine)>{n.clone()}</option> }
            })
            .collect_view()
    };
    view! {
        <section class="panel review-milestones" data-testid="milestones" aria-label="Milestones">
            <h2>"Milestones"</h2>
            {move || ctx.review.with(|r| r.as_ref().map(|r| {
                if r.milestones.is_empty() {
                    view! { <p class="muted">"No milestone yet: take one to compare later states with it."</p> }.into_any()
                } else {
                    view! {
                        <ul class="system-links" data-testid="milestone-list">
                            {r.milestones.iter().map(|m| view! {
                                <li data-milestone=m.name.clone()>
                                    <strong>{m.name.clone()}</strong>
                                    <span class="muted">{format!(" · {} · {}", readable_at(&m.created_at), m.created_by)}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }))}
            <Show when=move || me.can(Permission::Review)>
                <div class="toolbar">
                    <label class="sr-only" for="milestone-name">"Milestone name"</label>
                    <input
                        id="milestone-name"
                        data-testid="milestone-name"
                        type="text"
                        placeholder="kick-off, before sign-off…"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                    <button
                        type="button"
                        data-testid="milestone-add"
                        disabled=move || take.pending() || name.with(|n| n.trim().is_empty())
                        on:click=move |_| take.run(MilestoneRequest { id: ctx.id, name: name.get_untracked().trim().to_owned() })
                    >
                        "Take milestone"
                    </button>
                </div>
            </Show>
            <Show when=move || !names.with(Vec::is_empty)>
                <div class="toolbar" role="group" aria-label="Compare">
                    <label for="compare-from">"Compare"</label>
                    <select id="compare-from" data-testid="compare-from" on:change=move |ev| from.set(event_target_value(&ev))>
                        <option value="" selected=move || from.with(String::is_empty)>"Choose…"</option>
                        {move || options(from)}
                    </select>
                    <label for="compare-to">"with"</label>
                    <select id="compare-to" data-testid="compare-to" on:change=move |ev| to.set(event_target_value(&ev))>
                        <option value="" selected=move || to.with(String::is_empty)>"Now"</option>
                        {move || options(to)}
                    </select>
                    <button
                        type="button"
                        data-testid="compare-open"
                        disabled=move || from.with(String::is_empty)
                        on:click=move |_| {
                            let target = to.get_untracked();
                            nav.go(&review_compare_path(ctx.id, &from.get_untracked(), (!target.is_empty()).then_some(target.as_str())));
                        }
                    >
                        "Compare"
                    </button>
                </div>
            </Show>
        </section>
    }
}

/// The report as it is now or at a milestone, as Markdown or HTML.
#[component]
pub fn Reports() -> impl IntoView {
    let ctx = use_review();
    let notifier = use_notifier();
    let milestone = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let fetch = move |format: ReportFormat| {
        let chosen = milestone.get_untracked();
        let request = ReportRequest { id: ctx.id, format, milestone: (!chosen.is_empty()).then_some(chosen) };
        busy.set(true);
        spawn_local(async move {
            let answer = call::<api::ReviewReport>(&request).await;
            save_and_tell(answer, "the report", notifier).await;
            let _ = busy.try_set(false);
        });
    };
    let names = move || {
        ctx.review.with(|r| {
            r.as_ref()
                .map(|r| r.milestones.iter().map(|m| m.name.clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    view! {
        <div class="toolbar review-reports" role="group" aria-label="Report">
            <label class="sr-only" for="report-milestone">"Report of"</label>
            <select id="report-milestone" data-testid="report-milestone" on:change=move |ev| milestone.set(event_target_value(&ev))>
                <option value="">"Report as it is now"</option>
                {move || names().into_iter().map(|n| view! { <option value=n.clone()>{format!("Report at {n}")}</option> }).collect_view()}
            </select>
            <button type="button" data-testid="report-md" disabled=move || busy.get() on:click=move |_| fetch(ReportFormat::Markdown)>
                "Report (Markdown)"
            </button>
            <button type="button" data-testid="report-html" disabled=move || busy.get() on:click=move |_| fetch(ReportFormat::Html)>
                "Report (HTML)"
            </button>
        </div>
    }
}

/// For each template with a newer catalog version: preview what upgrading changes, then apply.
#[component]
pub fn UpgradeOffers() -> impl IntoView {
    let ctx = use_review();
    let me = use_me();
    let notifier = use_notifier();
    let preview = RwSignal::new(None::<TemplateUpgrade>);
    let upgrade = use_mutation::<api::ReviewUpgrade>(&[Topic::Reviews]);
    upgrade.on_success(move |_| {
        if let Some(done) = preview.get_untracked() {
            notifier.success(format!("Upgraded {} to version {}.", done.template, done.to_version));
        }
        preview.set(None);
    });
    let ask = move |template: String| {
        spawn_local(async move {
            match call::<api::ReviewUpgradePreview>(&UpgradeRequest { id: ctx.id, template }).await {
                Ok(found) => {
                    let _ = preview.try_set(Some(found));
                }
                Err(error) => notifier.error(&error),
            }
        });
    };
    let offers = move || {
        ctx.review.with(|r| {
            r.as_ref().map(|r| {
                r.templates
                    .iter()
                    .filter_map(|t| t.newer_version.map(|newer| (t.clone(), newer)))
                    .map(|(t, newer)| {
                        let key = t.key.clone();
                        view! {
                            <button
                                type="button"
                                class="upgrade-offer"
                                data-testid="upgrade-preview"
                                data-template=t.key.clone()
                                on:click=move |_| ask(key.clone())
                            >
                                {format!("{} v{} → v{}…", t.name, t.version, newer)}
                            </button>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        {offers}
        {move || preview.get().map(|p| {
            let template = p.template.clone();
            view! {
                <section class="callout upgrade-preview" data-testid="upgrade-panel" aria-label="Template upgrade">
                    <h3>{format!("Upgrade {} from v{} to v{}", p.template, p.from_version, p.to_version)}</h3>
                    <p>{format!("{} items keep their answers.", p.carried)}</p>
                    <UpgradeList title="Added" testid="upgrade-added" keys=p.added.clone()/>
                    <UpgradeList title="Removed" testid="upgrade-removed" keys=p.removed.clone()/>
                    <UpgradeList title="Changed (their answers are reset)" testid="upgrade-changed" keys=p.changed.clone()/>
                    <div class="toolbar">
                        <button type="button" class="ghost" data-testid="upgrade-cancel" on:click=move |_| preview.set(None)>"Cancel"</button>
                        <button
                            type="button"
                            class="primary"
                            data-testid="upgrade-apply"
                            disabled=move || !me.can(Permission::Chair) || upgrade.pending()
                            on:click=move |_| upgrade.run(UpgradeRequest { id: ctx.id, template: template.clone() })
                        >
                            "Upgrade"
                        </button>
                    </div>
                </section>
            }
        })}
    }
}

#[component]
fn UpgradeList(title: &'static str, testid: &'static str, keys: Vec<String>) -> impl IntoView {
    (!keys.is_empty()).then(|| {
        view! {
            <div data-testid=testid>
                <strong>{format!("{title}: ")}</strong>
                {keys.into_iter().map(|k| view! { <span class="tag mono">{k}</span> " " }).collect_view()}
            </div>
        }
    })
}
