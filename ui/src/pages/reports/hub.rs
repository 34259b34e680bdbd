//! The Reports hub at `/reports?quarter=…&job=…&report=…`: the quarters, the teams with links
//! to their assessments for the chosen quarter, the report builder (for those who may edit)
//! with the build it started followed live, the history of built reports with the one just
//! built selected, and the inline preview.

use super::build::{ReportBuilder, ReportProgressPanel};
use super::history::ReportHistory;
use super::preview::ReportPreview;
use super::quarters::QuartersPanel;
use super::teams::TeamsPanel;
use super::{QUARTERS_OFFERED, listed_periods, use_quarters};
use crate::components::me::use_me;
use crate::components::widgets::{Nav, problems_callout};
use crate::logic::report::{REPORTS_PATH, ReportsParams, quarter_choices};
use crate::pages::scorecards::today;
use archboard_types::Endpoint as _;
use archboard_types::endpoint as api;
use archboard_types::job::JobSummary;
use archboard_types::report::ReportSummary;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ReportsPage() -> impl IntoView {
    let nav = Nav::new();
    let me = use_me();
    let query = use_query_map();
    let today = today();
    let params = Memo::new(move |_| ReportsParams::parse(|key| query.with(|q| q.get(key))));
    let set_params = move |change: &dyn Fn(&mut ReportsParams)| {
        let mut next = params.get_untracked();
        change(&mut next);
        next.problems.clear();
        nav.replace(&format!("{REPORTS_PATH}{}", next.to_query()));
    };
    let quarters = use_quarters();
    let quarter = Memo::new(move |_| params.with(|p| p.quarter_or(today)));
    let choices = Signal::derive(move || {
        quarter_choices(today, &listed_periods(quarters), Some(quarter.get()), QUARTERS_OFFERED)
    });
    let job = Memo::new(move |_| params.with(|p| p.job.clone()));
    let selected = Signal::derive(move || params.with(|p| p.report));
    let preview = RwSignal::new(None::<i64>);

    let started = Callback::new(move |job: JobSummary| {
        set_params(&|p| {
            p.job = Some(job.id.clone());
            p.report = None;
        })
    });
    let built = Callback::new(move |report: ReportSummary| {
        set_params(&|p| {
            p.job = None;
            p.report = Some(report.id);
        })
    });
    let progress = move || {
        job.get().map(|id| {
            view! {
                <ReportProgressPanel
                    job=id
                    on_close=Callback::new(move |_| set_params(&|p| p.job = None))
                    built=built
                />
            }
        })
    };

    view! {
        <section class="page reports-page">
            <header class="page-head">
                <h1>"Reports"</h1>
            </header>
            {move || problems_callout(params.with(|p| p.problems.clone()))}
            <div class="reports-top">
                <QuartersPanel quarters=quarters/>
                <TeamsPanel
                    quarter=quarter
                    choices=choices
                    on_choose=Callback::new(move |period| set_params(&|p| p.quarter = Some(period)))
                />
            </div>
            <Show when=move || me.can(api::ReportStart::PERMISSION)>
                <ReportBuilder initial=quarter.get_untracked() choices=choices started=started/>
            </Show>
            {progress}
            <ReportHistory
                selected=selected
                on_select=Callback::new(move |id| set_params(&|p| p.report = Some(id)))
                preview=preview
            />
            <ReportPreview preview=preview/>
        </section>
    }
}
