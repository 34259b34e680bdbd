//! The endpoint table: each operation declared once as (type, name, request, response).
//!
//! `for_each_endpoint!` hands the table to another macro, so the engine's dispatcher, the
//! desktop and HTTP adapters and the UI client are all generated from this one list and the
//! compiler rejects an operation that is declared but not implemented.

use serde::{Serialize, de::DeserializeOwned};

/// One operation of the contract.
pub trait Endpoint {
    /// The wire name: the Tauri `api` command's `name` and the HTTP path `/api/<NAME>`.
    const NAME: &'static str;
    type Request: Serialize + DeserializeOwned;
    type Response: Serialize + DeserializeOwned;
    /// What the caller's roles must allow.
    const PERMISSION: crate::people::Permission;
}

/// Calls `$callback! { (Type, method_name, Permission, Request, Response), ... }` with every
/// endpoint. The permission (a `people::Permission` variant) is what the caller's roles must
/// grant; the engine's dispatcher checks it once, before the operation runs.
#[macro_export]
macro_rules! for_each_endpoint {
    ($callback:ident) => {
        $callback! {
            (AppInfo, app_info, Read, $crate::system::Empty, $crate::system::AppInfo),
            (AdrTemplate, adr_template, Read, $crate::adr::TemplateRequest, $crate::adr::TemplateResponse),
            (AdrList, adr_list, Read, $crate::adr::AdrListQuery, Vec<$crate::adr::AdrSummary>),
            (AdrGet, adr_get, Read, $crate::adr::AdrRef, $crate::adr::Adr),
            (AdrCreate, adr_create, Edit, $crate::adr::NewAdr, $crate::adr::Adr),
            (AdrUpdate, adr_update, Edit, $crate::adr::AdrEdit, $crate::adr::Adr),
            (AdrSetStatus, adr_set_status, Edit, $crate::adr::StatusChange, $crate::adr::Adr),
            (AdrSearch, adr_search, Read, $crate::adr::AdrSearchQuery, Vec<$crate::adr::AdrSearchHit>),
            (AdrLinkAdd, adr_link_add, Edit, $crate::adr::LinkChange, $crate::adr::Adr),
            (AdrLinkRemove, adr_link_remove, Edit, $crate::adr::LinkChange, $crate::adr::Adr),
            (AdrGraphGet, adr_graph, Read, $crate::adr::AdrGraphQuery, $crate::adr::AdrGraph),
            (AdrResolve, adr_resolve, Read, $crate::adr::AdrLookup, $crate::adr::AdrSummary),
            (CollectionList, collection_list, Read, $crate::system::Empty, Vec<$crate::adr_collection::AdrCollection>),
            (CollectionGet, collection_get, Read, $crate::adr_collection::CollectionRef, $crate::adr_collection::AdrCollection),
            (CollectionCreate, collection_create, Edit, $crate::adr_collection::CollectionEdit, $crate::adr_collection::AdrCollection),
            (CollectionUpdate, collection_update, Edit, $crate::adr_collection::CollectionUpdate, $crate::adr_collection::AdrCollection),
            (AdrLinkKinds, adr_link_kinds, Read, $crate::system::Empty, Vec<$crate::adr::LinkKind>),
            (AdrImport, adr_import, Edit, $crate::adr_folder::ImportRequest, $crate::adr_folder::ImportReport),
            (AdrExport, adr_export, Read, $crate::adr_folder::ExportRequest, $crate::adr_folder::ExportResponse),
            (AdrDueForReview, adr_due_for_review, Read, $crate::adr::DueForReviewQuery, Vec<$crate::adr::AdrSummary>),
            (MarkdownPreview, markdown_preview, Read, $crate::adr::MarkdownPreviewRequest, $crate::adr::RenderedMarkdown),
            (AuditList, audit_list, Read, $crate::audit::AuditQuery, Vec<$crate::audit::AuditEntry>),
            (CatalogList, catalog_list, Read, $crate::catalog::CatalogListQuery, Vec<$crate::catalog::CatalogSummary>),
            (CatalogGet, catalog_get, Read, $crate::catalog::CatalogRef, $crate::catalog::CatalogEntry),
            (CatalogUpdate, catalog_update, Edit, $crate::catalog::CatalogEdit, $crate::catalog::CatalogEntry),
            (CatalogDuplicateItem, catalog_duplicate, Edit, $crate::catalog::CatalogDuplicate, $crate::catalog::CatalogEntry),
            (CatalogDelete, catalog_delete, Edit, $crate::catalog::CatalogRef, $crate::system::Empty),
            (CatalogChooseBuiltin, catalog_builtin_choice, Edit, $crate::catalog::CatalogBuiltinChoice, $crate::catalog::CatalogEntry),
            (CatalogExportAll, catalog_export, Read, $crate::catalog::CatalogExportRequest, $crate::catalog::CatalogExport),
            (CatalogImport, catalog_import, Edit, $crate::catalog::CatalogImportRequest, $crate::catalog::CatalogImportReport),
            (BenchStart, bench_start, Edit, $crate::bench::BenchConfig, $crate::bench::BenchRunRef),
            (BenchProgressGet, bench_progress, Read, $crate::bench::BenchRunRef, $crate::bench::BenchProgress),
            (BenchCancel, bench_cancel, Edit, $crate::bench::BenchRunRef, $crate::bench::BenchProgress),
            (BenchList, bench_list, Read, $crate::bench::BenchListQuery, Vec<$crate::bench::BenchSummary>),
            (BenchGet, bench_get, Read, $crate::bench::BenchRef, $crate::bench::BenchRecord),
            (BenchChartsGet, bench_charts, Read, $crate::bench::BenchRef, $crate::bench::BenchCharts),
            (BenchEvaluate, bench_evaluate, Read, $crate::bench::BenchEvaluateRequest, $crate::bench::BenchEvaluation),
            (BenchCompare, bench_compare, Read, $crate::bench::BenchCompareRequest, $crate::bench::BenchComparison),
            (BenchImport, bench_import, Edit, $crate::bench::BenchImportRequest, $crate::bench::BenchSummary),
            (BenchExportRun, bench_export, Read, $crate::bench::BenchRef, $crate::bench::BenchExport),
            (BenchDelete, bench_delete, Edit, $crate::bench::BenchRef, $crate::system::Empty),
            (JobList, job_list, Read, $crate::job::JobListQuery, Vec<$crate::job::JobSummary>),
            (JobGet, job_get, Read, $crate::job::JobRef, $crate::job::JobSummary),
            (JobCancel, job_cancel, Edit, $crate::job::JobRef, $crate::job::JobSummary),
            (Me, me, Read, $crate::system::Empty, $crate::people::Me),
            (UserList, user_list, Read, $crate::system::Empty, Vec<$crate::people::User>),
            (UserAdd, user_add, ManageUsers, $crate::people::NewUser, $crate::people::Invitation),
            (UserInvite, user_invite, ManageUsers, $crate::people::UserRef, $crate::people::Invitation),
            (UserSetRoles, user_set_roles, ManageUsers, $crate::people::UserRolesChange, $crate::people::User),
            (UserDeactivate, user_deactivate, ManageUsers, $crate::people::UserRef, $crate::people::User),
            (UserReactivate, user_reactivate, ManageUsers, $crate::people::UserRef, $crate::people::User),
            (UserTokenIssue, user_token_issue, Read, $crate::people::TokenRequest, $crate::people::IssuedToken),
            (UserTokenList, user_token_list, Read, $crate::people::TokenListQuery, Vec<$crate::people::ApiTokenSummary>),
            (UserTokenRevoke, user_token_revoke, Read, $crate::people::TokenRef, $crate::people::ApiTokenSummary),
            (SignOutEverywhere, sign_out_everywhere, Read, $crate::system::Empty, $crate::system::Empty),
            (TeamList, team_list, Read, $crate::people::TeamListQuery, Vec<$crate::people::TeamSummary>),
            (TeamGet, team_get, Read, $crate::people::TeamRef, $crate::people::Team),
            (TeamCreate, team_create, Edit, $crate::people::TeamEdit, $crate::people::Team),
            (TeamUpdate, team_update, Edit, $crate::people::TeamEdit, $crate::people::Team),
            (SystemList, system_list, Read, $crate::people::SystemListQuery, Vec<$crate::people::SystemSummary>),
            (SystemGet, system_get, Read, $crate::people::SystemRef, $crate::people::System),
            (SystemCreate, system_create, Edit, $crate::people::SystemEdit, $crate::people::System),
            (SystemUpdate, system_update, Edit, $crate::people::SystemEdit, $crate::people::System),
            (ReviewList, review_list, Read, $crate::review::ReviewListQuery, Vec<$crate::review::ReviewSummary>),
            (ReviewGet, review_get, Read, $crate::review::ReviewRef, $crate::review::Review),
            (ReviewCreate, review_create, Chair, $crate::review::NewReview, $crate::review::Review),
            (ReviewTransitionTo, review_transition, Chair, $crate::review::ReviewTransition, $crate::review::Review),
            (ReviewAnswer, review_answer, Review, $crate::review::ItemAnswer, $crate::review::Review),
            (ReviewBind, review_bind, Review, $crate::review::ItemBinding, $crate::review::Review),
            (ReviewExempt, review_exempt, Chair, $crate::review::ItemExemption, $crate::review::Review),
            (ReviewAcceptRisk, review_accept_risk, Chair, $crate::review::RiskAcceptance, $crate::review::Review),
            (ReviewSignOff, review_signoff, Review, $crate::review::SignOffRequest, $crate::review::Review),
            (ReviewSignOffsSet, review_signoffs_set, Chair, $crate::review::SignOffsChange, $crate::review::Review),
            (ReviewDecide, review_decide, Chair, $crate::review::DecisionRequest, $crate::review::Review),
            (ReviewRecordAdr, review_record_adr, Chair, $crate::review::ReviewRef, $crate::review::Review),
            (ReviewConditionClose, review_condition_close, Review, $crate::review::ConditionClose, $crate::review::Review),
            (ReviewMilestoneAdd, review_milestone, Review, $crate::review::MilestoneRequest, $crate::review::Review),
            (ReviewCompare, review_compare, Read, $crate::review::CompareRequest, $crate::review::MilestoneComparison),
            (ReviewUpgradePreview, review_upgrade_preview, Read, $crate::review::UpgradeRequest, $crate::review::TemplateUpgrade),
            (ReviewUpgrade, review_upgrade, Chair, $crate::review::UpgradeRequest, $crate::review::Review),
            (ReviewBacklog, review_backlog, Read, $crate::review::BacklogQuery, Vec<$crate::review::BacklogItem>),
            (ReviewBacklogExport, review_backlog_export, Read, $crate::review::BacklogExportRequest, $crate::files::ExportedFile),
            (ReviewReport, review_report, Read, $crate::review::ReportRequest, $crate::files::ExportedFile),
            (ReviewSettingsGet, review_settings, Read, $crate::system::Empty, $crate::review::ReviewSettings),
            (ReviewSettingsUpdate, review_settings_update, Chair, $crate::review::ReviewSettingsChange, $crate::review::ReviewSettings),
            (ReviewHolidaysImport, review_holidays_import, Chair, $crate::review::HolidayImport, $crate::review::ReviewSettings),
            (LensImport, lens_import, Edit, $crate::review::LensImportRequest, $crate::review::LensImportReport),
            (LensExport, lens_export, Read, $crate::catalog::CatalogRef, $crate::files::ExportedFile),
            (KpiRecord, kpi_record, Edit, $crate::kpi::KpiRecordRequest, $crate::kpi::Measurement),
            (KpiImport, kpi_import, Edit, $crate::kpi::KpiImportRequest, $crate::kpi::KpiImportReport),
            (KpiSeriesGet, kpi_series, Read, $crate::kpi::KpiSeriesQuery, $crate::kpi::KpiSeries),
            (KpiDetailGet, kpi_detail, Read, $crate::kpi::KpiDetailQuery, $crate::kpi::KpiDetail),
            (KpiComputedList, kpi_computed, Read, $crate::system::Empty, Vec<$crate::kpi::ComputedKpi>),
            (ScorecardShow, scorecard_show, Read, $crate::kpi::ScorecardQuery, $crate::kpi::Scorecard),
            (ScorecardKpisChoose, scorecard_kpis_set, Edit, $crate::kpi::ScorecardKpisSet, $crate::kpi::Scorecard),
            (ScorecardOverride, scorecard_override, Edit, $crate::kpi::ScorecardOverrideRequest, $crate::kpi::ScorecardRow),
            (SourceAdd, source_add, Edit, $crate::kpi::SourceEdit, $crate::kpi::DataSource),
            (SourceUpdate, source_update, Edit, $crate::kpi::SourceEdit, $crate::kpi::DataSource),
            (SourceList, source_list, Read, $crate::system::Empty, Vec<$crate::kpi::DataSource>),
            (SourceGet, source_get, Read, $crate::kpi::SourceRef, $crate::kpi::DataSource),
            (SourceRemove, source_remove, Edit, $crate::kpi::SourceRef, $crate::system::Empty),
            (SourceTest, source_test, Read, $crate::kpi::SourceTestRequest, $crate::kpi::SourceTestResult),
            (BindingAdd, binding_add, Edit, $crate::kpi::BindingEdit, $crate::kpi::Binding),
            (BindingList, binding_list, Read, $crate::kpi::BindingListQuery, Vec<$crate::kpi::Binding>),
            (BindingRemove, binding_remove, Edit, $crate::kpi::BindingRef, $crate::system::Empty),
            (SyncStart, sync_start, Edit, $crate::kpi::SyncRequest, $crate::job::JobSummary),
            (SyncProgressGet, sync_progress, Read, $crate::job::JobRef, $crate::kpi::SyncProgress),
            (CandidateAdd, candidate_add, Chair, $crate::interview::NewCandidate, $crate::interview::Candidate),
            (CandidateUpdate, candidate_update, Chair, $crate::interview::CandidateEdit, $crate::interview::Candidate),
            (CandidateList, candidate_list, Interview, $crate::interview::CandidateListQuery, Vec<$crate::interview::CandidateSummary>),
            (CandidateGet, candidate_get, Interview, $crate::interview::CandidateRef, $crate::interview::Candidate),
            (CandidateStageSet, candidate_stage, Chair, $crate::interview::StageChange, $crate::interview::Candidate),
            (CandidateDecide, candidate_decide, Chair, $crate::interview::DecisionRequest, $crate::interview::Candidate),
            (CandidateAttachmentAdd, candidate_attachment_add, Chair, $crate::interview::AttachmentAdd, $crate::interview::Candidate),
            (CandidateAttachmentGet, candidate_attachment_get, Interview, $crate::interview::AttachmentRef, $crate::interview::Attachment),
            (CandidateAttachmentRemove, candidate_attachment_remove, Chair, $crate::interview::AttachmentRef, $crate::interview::Candidate),
            (CandidateLegalHold, candidate_legal_hold, ManageUsers, $crate::interview::LegalHoldChange, $crate::interview::Candidate),
            (CandidateConsent, candidate_consent, Chair, $crate::interview::ConsentChange, $crate::interview::Candidate),
            (CandidateExport, candidate_export, ManageUsers, $crate::interview::CandidateRef, $crate::interview::SubjectAccessExport),
            (CandidateAnonymise, candidate_anonymise, ManageUsers, $crate::interview::CandidateRef, $crate::interview::ErasureEntry),
            (CandidateDelete, candidate_delete, ManageUsers, $crate::interview::CandidateRef, $crate::interview::ErasureEntry),
            (InterviewPlanAdd, interview_plan, Chair, $crate::interview::InterviewPlan, $crate::interview::InterviewSummary),
            (InterviewRemove, interview_remove, Chair, $crate::interview::InterviewRef, $crate::interview::Candidate),
            (InterviewKitGet, interview_kit, Interview, $crate::interview::InterviewRef, $crate::interview::InterviewKit),
            (InterviewScorecardGet, interview_scorecard, Interview, $crate::interview::InterviewRef, $crate::interview::InterviewScorecard),
            (InterviewScoreSave, interview_score, Interview, $crate::interview::ScoreSave, $crate::interview::InterviewScorecard),
            (InterviewAddendumAdd, interview_addendum, Interview, $crate::interview::AddendumRequest, $crate::interview::InterviewScorecard),
            (DebriefGet, debrief, Interview, $crate::interview::CandidateRef, $crate::interview::Debrief),
            (CalibrationGet, calibration, Chair, $crate::interview::CalibrationQuery, $crate::interview::Calibration),
            (RetentionPolicyGet, retention_policy, Interview, $crate::system::Empty, $crate::interview::RetentionPolicy),
            (RetentionPolicySet, retention_policy_set, ManageUsers, $crate::interview::RetentionPolicy, $crate::interview::RetentionPolicy),
            (RetentionPlanGet, retention_plan, ManageUsers, $crate::system::Empty, $crate::interview::RetentionPlan),
            (RetentionStart, retention_start, ManageUsers, $crate::interview::RetentionRun, $crate::job::JobSummary),
            (RetentionProgressGet, retention_progress, ManageUsers, $crate::job::JobRef, $crate::interview::RetentionProgress),
            (ErasureLog, erasure_log, ManageUsers, $crate::system::Empty, Vec<$crate::interview::ErasureEntry>),
            (MaturityPropose, maturity_propose, Read, $crate::maturity::MaturityQuery, $crate::maturity::MaturityProposal),
            (MaturityAssess, maturity_assess, Review, $crate::maturity::AssessRequest, $crate::maturity::MaturityProposal),
            (MaturityApprove, maturity_approve, Chair, $crate::maturity::MaturityQuery, $crate::maturity::MaturityProposal),
            (QuarterList, quarter_list, Read, $crate::system::Empty, Vec<$crate::maturity::QuarterStatus>),
            (QuarterClose, quarter_close, Chair, $crate::maturity::QuarterRef, $crate::maturity::QuarterStatus),
            (QuarterReopen, quarter_reopen, ManageUsers, $crate::maturity::QuarterReopen, $crate::maturity::QuarterStatus),
            (ReportStart, report_start, Edit, $crate::report::ReportRequest, $crate::job::JobSummary),
            (ReportProgressGet, report_progress, Read, $crate::job::JobRef, $crate::report::ReportProgress),
            (ReportList, report_list, Read, $crate::system::Empty, Vec<$crate::report::ReportSummary>),
            (ReportGet, report_get, Read, $crate::report::ReportFileRequest, $crate::report::ReportFiles),
            (ReportDelete, report_delete, Edit, $crate::report::ReportRef, $crate::system::Empty),
        }
    };
}

macro_rules! declare_endpoints {
    ($(($ty:ident, $method:ident, $perm:ident, $req:ty, $resp:ty)),* $(,)?) => {
        $(
            #[doc = concat!("Endpoint `", stringify!($method), "`.")]
            #[derive(Debug, Clone, Copy)]
            pub struct $ty;
            impl Endpoint for $ty {
                const NAME: &'static str = stringify!($method);
                type Request = $req;
                type Response = $resp;
                const PERMISSION: crate::people::Permission = crate::people::Permission::$perm;
            }
        )*
        /// Every endpoint name, in declaration order.
        pub const ENDPOINT_NAMES: &[&str] = &[$(stringify!($method)),*];
        /// Every endpoint with the permission it needs, in declaration order.
        pub const ENDPOINT_PERMISSIONS: &[(&str, crate::people::Permission)] =
            &[$((stringify!($method), crate::people::Permission::$perm)),*];
    };
}

for_each_endpoint!(declare_endpoints);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_names_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for name in ENDPOINT_NAMES {
            assert!(seen.insert(*name), "duplicate endpoint {name}");
            assert!(name.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{name}");
        }
        assert_eq!(AdrCreate::NAME, "adr_create");
        assert_eq!(ENDPOINT_PERMISSIONS.len(), ENDPOINT_NAMES.len());
        assert_eq!(UserAdd::PERMISSION, crate::people::Permission::ManageUsers);
    }
}
