//! Decision records: creation from the MADR 4 template, edits, the status lifecycle and its
//! supersede links, each change written together with its audit entry.

use super::{Services, db_error};
use crate::markdown::render_markdown;
use archboard_db::Connection;
use archboard_db::DbError;
use archboard_db::adr::{self as store, AdrRecord, SUPERSEDES};
use archboard_types::ApiError;
use archboard_types::adr::{
    Adr, AdrEdit, AdrListQuery, AdrRef, AdrStatus, AdrSummary, MarkdownPreviewRequest, NewAdr,
    RenderedMarkdown, StatusChange, TemplateRequest, TemplateResponse, display_number, validate_title,
};
use chrono::Utc;

/// Largest body accepted, so one paste cannot bloat the store (5 MB, as for imported files).
pub const BODY_MAX_BYTES: usize = 5 * 1024 * 1024;

/// The MADR 4 section layout, prefilled for a new decision. Metadata (status, date, people)
/// lives in the record's own fields, so the body starts at the first section.
pub fn madr4_template(title: &str) -> String {
    let title = title.trim();
    let topic = if title.is_empty() { "this decision" } else { title };
    format!(
        "## Context and Problem Statement\n\n\
         What situation calls for deciding \"{topic}\"? State the problem in two or three sentences, \
         or as a question.\n\n\
         ## Decision Drivers\n\n\
         * {{a force or concern that shapes the choice}}\n\
         * {{another one}}\n\n\
         ## Considered Options\n\n\
         * {{option 1}}\n\
         * {{option 2}}\n\n\
         ## Decision Outcome\n\n\
         Chosen option: \"{{option 1}}\", because {{the reason it wins against the drivers}}.\n\n\
         ### Consequences\n\n\
         * Good, because {{what gets better}}\n\
         * Bad, because {{what gets worse or costs more}}\n\n\
         ### Confirmation\n\n\
         {{How the team will check that the decision is implemented and holds: a review, a test, a metric.}}\n\n\
         ## Pros and Cons of the Options\n\n\
         ### {{option 1}}\n\n\
         * Good, because {{argument}}\n\
         * Bad, because {{argument}}\n\n\
         ### {{option 2}}\n\n\
         * Good, because {{argument}}\n\
         * Bad, because {{argument}}\n\n\
         ## More Information\n\n\
         {{Links, related decisions, when to revisit.}}\n"
    )
}

impl Services {
    pub fn adr_template(&mut self, request: TemplateRequest) -> Result<TemplateResponse, ApiError> {
        Ok(TemplateResponse { markdown: madr4_template(&request.title) })
    }

    pub fn markdown_preview(
        &mut self,
        request: MarkdownPreviewRequest,
    ) -> Result<RenderedMarkdown, ApiError> {
        check_body(&request.markdown)?;
        Ok(RenderedMarkdown { html: render_markdown(&request.markdown) })
    }

    pub fn adr_list(&mut self, query: AdrListQuery) -> Result<Vec<AdrSummary>, ApiError> {
        store::list(self.db.conn(), &query).map_err(db_error)
    }

    pub fn adr_get(&mut self, reference: AdrRef) -> Result<Adr, ApiError> {
        self.load(reference.number)
    }

    pub fn adr_create(&mut self, request: NewAdr) -> Result<Adr, ApiError> {
        validate_title(&request.title).map_err(|m| ApiError::validation("title", m))?;
        let body = request.body_markdown.unwrap_or_else(|| madr4_template(&request.title));
        check_body(&body)?;
        let now = Utc::now();
        let actor = self.actor.clone();
        let number = self.db.write(|tx| {
            let number = store::next_number(tx)?;
            let record = AdrRecord {
                number,
                title: request.title.trim().to_owned(),
                status: AdrStatus::Proposed,
                date: request.date.unwrap_or_else(|| now.date_naive()),
                deciders: clean_names(request.deciders),
                consulted: clean_names(request.consulted),
                informed: clean_names(request.informed),
                tags: clean_tags(request.tags),
                body_markdown: body,
                supersedes: vec![],
                superseded_by: vec![],
                created_at: now,
                updated_at: now,
            };
            store::insert(tx, &record)?;
            audit(tx, &actor, "create", None, Some(&record))?;
            Ok::<_, DbError>(number)
        });
        self.load(number.map_err(db_error)?)
    }

    pub fn adr_update(&mut self, edit: AdrEdit) -> Result<Adr, ApiError> {
        validate_title(&edit.title).map_err(|m| ApiError::validation("title", m))?;
        check_body(&edit.body_markdown)?;
        let before = self.record(edit.number)?;
        let mut after = before.clone();
        after.title = edit.title.trim().to_owned();
        after.body_markdown = edit.body_markdown;
        after.date = edit.date.unwrap_or(before.date);
        after.deciders = clean_names(edit.deciders);
        after.consulted = clean_names(edit.consulted);
        after.informed = clean_names(edit.informed);
        after.tags = clean_tags(edit.tags);
        if after == before {
            // Nothing changed: no write, no audit noise.
            return self.load(edit.number);
        }
        after.updated_at = Utc::now();
        let actor = self.actor.clone();
        self.db
            .write(|tx| {
                store::update_content(tx, &after)?;
                audit(tx, &actor, "update", Some(&before), Some(&after))
            })
            .map_err(db_error)?;
        self.load(edit.number)
    }

    /// Enforces the lifecycle; superseding also records the successor link (kept both ways).
    pub fn adr_set_status(&mut self, change: StatusChange) -> Result<Adr, ApiError> {
        let before = self.record(change.number)?;
        let label = display_number(change.number);
        if !before.status.can_become(change.status) {
            let allowed = before.status.allowed_next();
            let hint = if allowed.is_empty() {
                format!("{} is final", before.status)
            } else {
                format!(
                    "from {} it can become {}",
                    before.status,
                    allowed.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" or ")
                )
            };
            return Err(ApiError {
                field: Some("status".into()),
                ..ApiError::conflict(format!(
                    "{label} cannot go from {} to {}: {hint}.",
                    before.status, change.status
                ))
            });
        }
        let successor = match (change.status, change.superseded_by) {
            (AdrStatus::Superseded, None) => {
                return Err(ApiError::validation(
                    "superseded_by",
                    format!("Say which decision supersedes {label} (its number)."),
                ));
            }
            (AdrStatus::Superseded, Some(successor)) if successor == change.number => {
                return Err(ApiError::validation(
                    "superseded_by",
                    format!("{label} cannot supersede itself."),
                ));
            }
            (AdrStatus::Superseded, Some(successor)) => {
                self.record(successor).map_err(|_| {
                    ApiError::validation(
                        "superseded_by",
                        format!("The successor {} does not exist.", display_number(successor)),
                    )
                })?;
                Some(successor)
            }
            (_, Some(_)) => {
                return Err(ApiError::validation(
                    "superseded_by",
                    "A successor can only be named when the status becomes superseded.",
                ));
            }
            (_, None) => None,
        };
        let now = Utc::now();
        let actor = self.actor.clone();
        self.db
            .write(|tx| {
                store::set_status(tx, change.number, change.status, now)?;
                if let Some(successor) = successor {
                    store::add_link(tx, successor, SUPERSEDES, change.number)?;
                }
                let after = store::get(tx, change.number)?
                    .ok_or_else(|| DbError::Corrupt(format!("{label} vanished during its status change")))?;
                audit(tx, &actor, "status", Some(&before), Some(&after))
            })
            .map_err(db_error)?;
        self.load(change.number)
    }

    fn record(&self, number: u32) -> Result<AdrRecord, ApiError> {
        store::get(self.db.conn(), number)
            .map_err(db_error)?
            .ok_or_else(|| ApiError::not_found(format!("There is no {}.", display_number(number))))
    }

    fn load(&self, number: u32) -> Result<Adr, ApiError> {
        let record = self.record(number)?;
        Ok(Adr {
            body_html: render_markdown(&record.body_markdown),
            number: record.number,
            title: record.title,
            status: record.status,
            date: record.date,
            deciders: record.deciders,
            consulted: record.consulted,
            informed: record.informed,
            tags: record.tags,
            body_markdown: record.body_markdown,
            supersedes: record.supersedes,
            superseded_by: record.superseded_by,
            created_at: record.created_at,
            updated_at: record.updated_at,
        })
    }
}

fn audit(
    conn: &Connection,
    actor: &str,
    action: &str,
    before: Option<&AdrRecord>,
    after: Option<&AdrRecord>,
) -> Result<(), DbError> {
    let to_json = |r: &AdrRecord| serde_json::to_string(r).map_err(|e| DbError::Corrupt(e.to_string()));
    let number = after.or(before).map(|r| r.number.to_string()).unwrap_or_default();
    let before = before.map(to_json).transpose()?;
    let after = after.map(to_json).transpose()?;
    archboard_db::audit::record(conn, "adr", &number, action, actor, before.as_deref(), after.as_deref())
}

fn check_body(body: &str) -> Result<(), ApiError> {
    if body.len() > BODY_MAX_BYTES {
        return Err(ApiError::validation(
            "body_markdown",
            format!("The body is {} bytes; the limit is {BODY_MAX_BYTES} bytes (5 MB).", body.len()),
        ));
    }
    Ok(())
}

/// Trims names, drops empty ones and repeats, keeps the order given.
fn clean_names(names: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    names
        .into_iter()
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty() && seen.insert(n.clone()))
        .collect()
}

/// Tags are compared case-insensitively, so they are stored lower-case, sorted and unique.
fn clean_tags(tags: Vec<String>) -> Vec<String> {
    let mut tags: Vec<String> =
        tags.into_iter().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()).collect();
    tags.sort();
    tags.dedup();
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::Adapter;
    use archboard_types::ErrorCode;
    use archboard_types::audit::AuditQuery;

    fn services() -> (tempfile::TempDir, Services) {
        let dir = tempfile::tempdir().unwrap();
        let services = Services::open(&dir.path().join("board.db"), Adapter::Cli).unwrap();
        (dir, services)
    }

    fn create(services: &mut Services, title: &str) -> Adr {
        services.adr_create(NewAdr { title: title.into(), ..Default::default() }).unwrap()
    }

    fn history(services: &mut Services, number: u32) -> Vec<String> {
        let query =
            AuditQuery { entity: Some("adr".into()), entity_id: Some(number.to_string()), limit: None };
        services.audit_list(query).unwrap().into_iter().map(|e| e.action).collect()
    }

    #[test]
    fn new_decisions_are_numbered_in_sequence_and_start_from_the_template() {
        let (_dir, mut services) = services();
        let first = create(&mut services, "Use SQLite for the local store");
        let second = create(&mut services, "Adopt Leptos");
        assert_eq!((first.number, second.number), (1, 2));
        assert_eq!(first.status, AdrStatus::Proposed);
        assert!(first.body_markdown.contains("## Context and Problem Statement"));
        assert!(first.body_markdown.contains("### Confirmation"));
        assert!(first.body_html.contains("<h2>Decision Outcome</h2>"), "{}", first.body_html);
        assert_eq!(history(&mut services, 1), vec!["create"]);
    }

    #[test]
    fn invalid_titles_are_refused_naming_the_field_and_nothing_is_written() {
        let (_dir, mut services) = services();
        let error = services.adr_create(NewAdr { title: "  ".into(), ..Default::default() }).unwrap_err();
        assert_eq!(error.code, ErrorCode::Validation);
        assert_eq!(error.field.as_deref(), Some("title"));
        assert!(services.adr_list(Default::default()).unwrap().is_empty());
        assert!(services.audit_list(Default::default()).unwrap().is_empty());
    }

    #[test]
    fn lifecycle_is_enforced_with_a_readable_reason() {
        let (_dir, mut services) = services();
        create(&mut services, "Pick a feature store");
        let error = services
            .adr_set_status(StatusChange { number: 1, status: AdrStatus::Deprecated, superseded_by: None })
            .unwrap_err();
        assert_eq!(error.code, ErrorCode::Conflict);
        assert!(
            error.message.contains("ADR-0001 cannot go from proposed to deprecated"),
            "{}",
            error.message
        );
        assert!(error.message.contains("accepted or rejected"), "{}", error.message);
        let accepted = services
            .adr_set_status(StatusChange { number: 1, status: AdrStatus::Accepted, superseded_by: None })
            .unwrap();
        assert_eq!(accepted.status, AdrStatus::Accepted);
        assert_eq!(history(&mut services, 1), vec!["status", "create"]);
    }

    #[test]
    fn superseding_names_the_successor_and_links_both_ways() {
        let (_dir, mut services) = services();
        create(&mut services, "Batch scoring nightly");
        create(&mut services, "Streaming scoring");
        services
            .adr_set_status(StatusChange { number: 1, status: AdrStatus::Accepted, superseded_by: None })
            .unwrap();
        let missing = services
            .adr_set_status(StatusChange { number: 1, status: AdrStatus::Superseded, superseded_by: None })
            .unwrap_err();
        assert_eq!(missing.field.as_deref(), Some("superseded_by"));
        let ghost = services
            .adr_set_status(StatusChange { number: 1, status: AdrStatus::Superseded, superseded_by: Some(9) })
            .unwrap_err();
        assert!(ghost.message.contains("ADR-0009 does not exist"), "{}", ghost.message);
        assert_eq!(services.adr_get(AdrRef { number: 1 }).unwrap().status, AdrStatus::Accepted);

        let old = services
            .adr_set_status(StatusChange { number: 1, status: AdrStatus::Superseded, superseded_by: Some(2) })
            .unwrap();
        assert_eq!(old.superseded_by, vec![2]);
        assert_eq!(services.adr_get(AdrRef { number: 2 }).unwrap().supersedes, vec![1]);
    }

    #[test]
    fn edits_are_audited_with_before_and_after() {
        let (_dir, mut services) = services();
        let adr = create(&mut services, "Cache features");
        let edit = AdrEdit {
            number: adr.number,
            title: "Cache online features in Redis".into(),
            body_markdown: "Because <script>alert(1)</script> latency.".into(),
            tags: vec!["Storage".into(), "storage".into(), " latency ".into()],
            ..Default::default()
        };
        let updated = services.adr_update(edit.clone()).unwrap();
        assert_eq!(updated.tags, vec!["latency".to_string(), "storage".to_string()]);
        assert!(!updated.body_html.contains("<script"));
        assert!(updated.body_markdown.contains("<script>"), "the source is kept as written");
        // Saving the same content again writes nothing.
        services.adr_update(edit).unwrap();
        let entries = services.audit_list(Default::default()).unwrap();
        assert_eq!(entries.len(), 2);
        let update = &entries[0];
        assert_eq!(update.action, "update");
        assert!(update.before.as_deref().unwrap().contains("\"Cache features\""));
        assert!(update.after.as_deref().unwrap().contains("Cache online features in Redis"));
        assert!(update.actor.ends_with("via cli"));
    }

    #[test]
    fn missing_decisions_and_huge_bodies_get_clear_errors() {
        let (_dir, mut services) = services();
        let error = services.adr_get(AdrRef { number: 42 }).unwrap_err();
        assert_eq!((error.code, error.message.as_str()), (ErrorCode::NotFound, "There is no ADR-0042."));
        let huge = "x".repeat(BODY_MAX_BYTES + 1);
        let error = services
            .adr_create(NewAdr { title: "Big".into(), body_markdown: Some(huge), ..Default::default() })
            .unwrap_err();
        assert_eq!(error.field.as_deref(), Some("body_markdown"));
        assert!(services.adr_list(Default::default()).unwrap().is_empty());
    }

    #[test]
    fn dispatch_reaches_every_operation_by_name_and_reports_bad_requests() {
        let (_dir, mut services) = services();
        let created = services.dispatch("adr_create", serde_json::json!({"title": "Via dispatch"})).unwrap();
        assert_eq!(created["number"], 1);
        let info = services.dispatch("app_info", serde_json::Value::Null).unwrap();
        assert_eq!(info["adr_count"], 1);
        let bad = services.dispatch("adr_create", serde_json::json!({"titel": "typo"})).unwrap_err();
        assert_eq!(bad.code, ErrorCode::BadRequest);
        assert!(bad.message.contains("missing field `title`"), "{}", bad.message);
        let unknown = services.dispatch("adr_delete_everything", serde_json::Value::Null).unwrap_err();
        assert_eq!(unknown.code, ErrorCode::UnknownEndpoint);
    }
}
