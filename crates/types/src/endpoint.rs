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
}

/// Calls `$callback! { (Type, method_name, Request, Response), ... }` with every endpoint.
#[macro_export]
macro_rules! for_each_endpoint {
    ($callback:ident) => {
        $callback! {
            (AppInfo, app_info, $crate::system::Empty, $crate::system::AppInfo),
            (AdrTemplate, adr_template, $crate::adr::TemplateRequest, $crate::adr::TemplateResponse),
            (AdrList, adr_list, $crate::adr::AdrListQuery, Vec<$crate::adr::AdrSummary>),
            (AdrGet, adr_get, $crate::adr::AdrRef, $crate::adr::Adr),
            (AdrCreate, adr_create, $crate::adr::NewAdr, $crate::adr::Adr),
            (AdrUpdate, adr_update, $crate::adr::AdrEdit, $crate::adr::Adr),
            (AdrSetStatus, adr_set_status, $crate::adr::StatusChange, $crate::adr::Adr),
            (AdrSearch, adr_search, $crate::adr::AdrSearchQuery, Vec<$crate::adr::AdrSearchHit>),
            (AdrLinkAdd, adr_link_add, $crate::adr::LinkChange, $crate::adr::Adr),
            (AdrLinkRemove, adr_link_remove, $crate::adr::LinkChange, $crate::adr::Adr),
            (AdrGraphGet, adr_graph, $crate::system::Empty, $crate::adr::AdrGraph),
            (AdrLinkKinds, adr_link_kinds, $crate::system::Empty, Vec<$crate::adr::LinkKind>),
            (AdrImport, adr_import, $crate::adr_folder::ImportRequest, $crate::adr_folder::ImportReport),
            (AdrExport, adr_export, $crate::adr_folder::ExportRequest, $crate::adr_folder::ExportResponse),
            (AdrDueForReview, adr_due_for_review, $crate::adr::DueForReviewQuery, Vec<$crate::adr::AdrSummary>),
            (MarkdownPreview, markdown_preview, $crate::adr::MarkdownPreviewRequest, $crate::adr::RenderedMarkdown),
            (AuditList, audit_list, $crate::audit::AuditQuery, Vec<$crate::audit::AuditEntry>),
            (CatalogList, catalog_list, $crate::catalog::CatalogListQuery, Vec<$crate::catalog::CatalogSummary>),
            (CatalogGet, catalog_get, $crate::catalog::CatalogRef, $crate::catalog::CatalogEntry),
            (CatalogUpdate, catalog_update, $crate::catalog::CatalogEdit, $crate::catalog::CatalogEntry),
            (CatalogDuplicateItem, catalog_duplicate, $crate::catalog::CatalogDuplicate, $crate::catalog::CatalogEntry),
            (CatalogDelete, catalog_delete, $crate::catalog::CatalogRef, $crate::system::Empty),
            (CatalogChooseBuiltin, catalog_builtin_choice, $crate::catalog::CatalogBuiltinChoice, $crate::catalog::CatalogEntry),
            (CatalogExportAll, catalog_export, $crate::catalog::CatalogExportRequest, $crate::catalog::CatalogExport),
            (CatalogImport, catalog_import, $crate::adr_folder::ImportRequest, $crate::catalog::CatalogImportReport),
            (BenchStart, bench_start, $crate::bench::BenchConfig, $crate::bench::BenchRunRef),
            (BenchProgressGet, bench_progress, $crate::bench::BenchRunRef, $crate::bench::BenchProgress),
            (BenchCancel, bench_cancel, $crate::bench::BenchRunRef, $crate::bench::BenchProgress),
            (BenchList, bench_list, $crate::bench::BenchListQuery, Vec<$crate::bench::BenchSummary>),
            (BenchGet, bench_get, $crate::bench::BenchRef, $crate::bench::BenchRecord),
            (BenchChartsGet, bench_charts, $crate::bench::BenchRef, $crate::bench::BenchCharts),
            (BenchEvaluate, bench_evaluate, $crate::bench::BenchEvaluateRequest, $crate::bench::BenchEvaluation),
            (BenchCompare, bench_compare, $crate::bench::BenchCompareRequest, $crate::bench::BenchComparison),
            (BenchImport, bench_import, $crate::bench::BenchImportRequest, $crate::bench::BenchSummary),
            (BenchExportRun, bench_export, $crate::bench::BenchRef, $crate::bench::BenchExport),
            (BenchDelete, bench_delete, $crate::bench::BenchRef, $crate::system::Empty),
            (JobList, job_list, $crate::job::JobListQuery, Vec<$crate::job::JobSummary>),
            (JobGet, job_get, $crate::job::JobRef, $crate::job::JobSummary),
            (JobCancel, job_cancel, $crate::job::JobRef, $crate::job::JobSummary),
        }
    };
}

macro_rules! declare_endpoints {
    ($(($ty:ident, $method:ident, $req:ty, $resp:ty)),* $(,)?) => {
        $(
            #[doc = concat!("Endpoint `", stringify!($method), "`.")]
            #[derive(Debug, Clone, Copy)]
            pub struct $ty;
            impl Endpoint for $ty {
                const NAME: &'static str = stringify!($method);
                type Request = $req;
                type Response = $resp;
            }
        )*
        /// Every endpoint name, in declaration order.
        pub const ENDPOINT_NAMES: &[&str] = &[$(stringify!($method)),*];
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
    }
}
