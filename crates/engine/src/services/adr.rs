//! Decision records: creation from the MADR 4 template, edits, the status lifecycle and its
//! supersede links, each change written together with its audit entry.

use super::{Change, Services, db_error};
use crate::markdown::render_markdown;
use archboard_db::Connection;
use archboard_db::adr::{self as store, AdrRecord, SUPERSEDES};
use archboard_db::adr_collection as collections;
use archboard_types::ApiError;
use archboard_types::adr::{
    Adr, AdrEdit, AdrGraph, AdrGraphQuery, AdrId, AdrLinkView, AdrListQuery, AdrLookup, AdrRef, AdrSearchHit,
    AdrSearchQuery, AdrStatus, AdrSummary, DueForReviewQuery, GraphEdge, LinkChange, LinkKind,
    MarkdownPreviewRequest, NewAdr, RenderedMarkdown, StatusChange, TemplateRequest, TemplateResponse,
    status_label, validate_title,
};
use archboard_types::audit::{AuditAction, AuditEntity};
use archboard_types::system::Empty;
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
        let conn = self.db.conn();
        named_collection(conn, query.collection.as_deref(), "collection")?;
        store::list(conn, &query).map_err(db_error)
    }

    pub fn adr_get(&mut self, reference: AdrRef) -> Result<Adr, ApiError> {
        load(self.db.conn(), reference.id)
    }

    /// The one decision a typed reference names; an ambiguous number lists its candidates.
    pub fn adr_resolve(&mut self, lookup: AdrLookup) -> Result<AdrSummary, ApiError> {
        resolve(self.db.conn(), &lookup.text, lookup.collection.as_deref())
    }

    pub fn adr_create(&mut self, request: NewAdr) -> Result<Adr, ApiError> {
        let now = Utc::now();
        let id = self.write(|tx| create_in(tx, request, AdrStatus::Proposed, now))?;
        load(self.db.conn(), id)
    }

    pub fn adr_update(&mut self, edit: AdrEdit) -> Result<Adr, ApiError> {
        validate_title(&edit.title).map_err(|m| ApiError::validation("title", m))?;
        check_body(&edit.body_markdown)?;
        self.write(|tx| {
            let before = record(tx, edit.id)?;
            let mut after = before.clone();
            after.title = edit.title.trim().to_owned();
            after.body_markdown = edit.body_markdown;
            if edit.date.is_some() && edit.date != before.date {
                // A date given by a person replaces the file's unreadable wording.
                after.date = edit.date;
                after.date_text = None;
            }
            after.deciders = clean_names(edit.deciders);
            after.consulted = clean_names(edit.consulted);
            after.informed = clean_names(edit.informed);
            after.tags = clean_tags(edit.tags);
            after.revisit_by = edit.revisit_by;
            if after == before {
                // Nothing changed: no write, no audit noise.
                return Ok(());
            }
            after.updated_at = Utc::now();
            store::update_content(tx, &after).map_err(db_error)?;
            audit(tx, AuditAction::Update, Some(&before), Some(&after))
        })?;
        load(self.db.conn(), edit.id)
    }

    /// Enforces the lifecycle; superseding also records the successor link (kept both ways).
    pub fn adr_set_status(&mut self, change: StatusChange) -> Result<Adr, ApiError> {
        self.write(|tx| {
            let before = record(tx, change.id)?;
            let label = reference_of(tx, change.id)?;
            if !AdrStatus::allowed_from(before.status).contains(&change.status) {
                let allowed = AdrStatus::allowed_from(before.status);
                let from = status_label(before.status, before.status_note.as_deref());
                let hint = if allowed.is_empty() {
                    format!("{from} is final")
                } else {
                    format!(
                        "from {from} it can become {}",
                        allowed.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" or ")
                    )
                };
                return Err(ApiError {
                    field: Some("status".into()),
                    ..ApiError::conflict(format!(
                        "{label} cannot go from {from} to {}: {hint}.",
                        change.status
                    ))
                });
            }
            let successor = match (change.status, change.superseded_by) {
                (AdrStatus::Superseded, None) => {
                    return Err(ApiError::validation(
                        "superseded_by",
                        format!("Say which decision supersedes {label}."),
                    ));
                }
                (AdrStatus::Superseded, Some(successor)) if successor == change.id => {
                    return Err(ApiError::validation(
                        "superseded_by",
                        format!("{label} cannot supersede itself."),
                    ));
                }
                (AdrStatus::Superseded, Some(successor)) => {
                    record(tx, successor).map_err(|_| {
                        ApiError::validation(
                            "superseded_by",
                            format!("The successor (decision id {successor}) does not exist."),
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
            store::set_status(tx, change.id, Some(change.status), Utc::now()).map_err(db_error)?;
            // The file's wording described the old status; the new one is a person's choice.
            store::set_status_note(tx, change.id, None).map_err(db_error)?;
            if let Some(successor) = successor {
                store::add_link(tx, successor, SUPERSEDES, change.id).map_err(db_error)?;
            }
            let after = record(tx, change.id)?;
            audit(tx, AuditAction::Status, Some(&before), Some(&after))
        })?;
        load(self.db.conn(), change.id)
    }

    /// Ranked full-text search; the words typed are matched as words (the last one as a
    /// prefix), never parsed as FTS syntax, so any input is safe.
    pub fn adr_search(&mut self, query: AdrSearchQuery) -> Result<Vec<AdrSearchHit>, ApiError> {
        let Some(fts) = fts_expression(&query.query) else {
            return Err(ApiError::validation("query", "Type at least one letter or digit to search for."));
        };
        let conn = self.db.conn();
        let collection = named_collection(conn, query.collection.as_deref(), "collection")?;
        let limit = query.limit.unwrap_or(20).clamp(1, 200);
        let mut hits = store::search(conn, &fts, limit, collection).map_err(db_error)?;
        for hit in &mut hits {
            hit.snippet_html = highlight_snippet(&hit.snippet_html);
        }
        Ok(hits)
    }

    /// The decisions (of one collection, or all) and the links between them; a link to a
    /// decision of another collection is drawn only when both ends are shown.
    pub fn adr_graph(&mut self, query: AdrGraphQuery) -> Result<AdrGraph, ApiError> {
        let conn = self.db.conn();
        named_collection(conn, query.collection.as_deref(), "collection")?;
        let labels: std::collections::HashMap<String, String> =
            store::link_kinds(conn).map_err(db_error)?.into_iter().map(|k| (k.kind, k.forward)).collect();
        let nodes = store::list(conn, &AdrListQuery { collection: query.collection, ..Default::default() })
            .map_err(db_error)?;
        let shown: std::collections::HashSet<AdrId> = nodes.iter().map(|n| n.id).collect();
        let edges = store::all_links(conn)
            .map_err(db_error)?
            .into_iter()
            .filter(|(from, _, to)| shown.contains(from) && shown.contains(to))
            .map(|(from, kind, to)| GraphEdge {
                from,
                label: labels.get(&kind).cloned().unwrap_or_else(|| kind.clone()),
                kind,
                to,
            })
            .collect();
        Ok(AdrGraph { nodes, edges })
    }

    pub fn adr_link_kinds(&mut self, _: Empty) -> Result<Vec<LinkKind>, ApiError> {
        store::link_kinds(self.db.conn()).map_err(db_error)
    }

    /// Links two decisions (of any collections: the ids name them exactly). A new kind is
    /// created when both labels are given. `supersedes` goes through the status change first;
    /// afterwards more successors may be linked.
    pub fn adr_link_add(&mut self, change: LinkChange) -> Result<Adr, ApiError> {
        self.write(|tx| {
            let (before, kind) = check_link(tx, &change)?;
            if change.kind == SUPERSEDES && record(tx, change.to)?.status != Some(AdrStatus::Superseded) {
                return Err(ApiError::validation(
                    "kind",
                    format!(
                        "Mark {} superseded (a status change) to name its first successor; more successors can then be linked.",
                        reference_of(tx, change.to)?
                    ),
                ));
            }
            if store::link_kind(tx, &kind.kind).map_err(db_error)?.is_none() {
                store::add_link_kind(tx, &kind).map_err(db_error)?;
            }
            store::add_link(tx, change.from, &change.kind, change.to).map_err(db_error)?;
            let after = record(tx, change.from)?;
            audit(tx, AuditAction::Link, Some(&before), Some(&after))
        })?;
        load(self.db.conn(), change.from)
    }

    /// Removes a link. A superseded decision keeps at least one successor.
    pub fn adr_link_remove(&mut self, change: LinkChange) -> Result<Adr, ApiError> {
        self.write(|tx| {
            let before = record(tx, change.from)?;
            let target = record(tx, change.to)?;
            if change.kind == SUPERSEDES && !successor_link_removable(&target) {
                return Err(ApiError::conflict(format!(
                    "{} is superseded and this is its only successor; a superseded decision keeps at least one.",
                    reference_of(tx, change.to)?
                )));
            }
            if !store::remove_link(tx, change.from, &change.kind, change.to).map_err(db_error)? {
                return Err(ApiError::not_found(format!(
                    "{} has no `{}` link to {}.",
                    reference_of(tx, change.from)?,
                    change.kind,
                    reference_of(tx, change.to)?
                )));
            }
            let after = record(tx, change.from)?;
            audit(tx, AuditAction::Unlink, Some(&before), Some(&after))
        })?;
        load(self.db.conn(), change.from)
    }

    pub fn adr_due_for_review(&mut self, query: DueForReviewQuery) -> Result<Vec<AdrSummary>, ApiError> {
        let conn = self.db.conn();
        named_collection(conn, query.collection.as_deref(), "collection")?;
        let as_of = query.as_of.unwrap_or_else(|| Utc::now().date_naive());
        store::due_for_review(conn, as_of, query.collection.as_deref()).map_err(db_error)
    }
}

/// The collection a request names, as its id: `None` when it names none, an error listing the
/// board's collections when the name is unknown.
/// Makes a new decision inside a transaction another operation runs (a review recorded as
/// an ADR): the same checks, numbering and audit entry as `adr_create`.
pub(super) fn create_in(
    tx: &Change<'_>,
    request: NewAdr,
    status: AdrStatus,
    now: chrono::DateTime<Utc>,
) -> Result<AdrId, ApiError> {
    validate_title(&request.title).map_err(|m| ApiError::validation("title", m))?;
    let body = request.body_markdown.unwrap_or_else(|| madr4_template(&request.title));
    check_body(&body)?;
    let collection_id = match named_collection(tx, request.collection.as_deref(), "collection")? {
        Some(id) => id,
        None => default_collection(tx)?,
    };
    let record = AdrRecord {
        id: 0,
        collection_id,
        number: store::next_number(tx, collection_id).map_err(db_error)?,
        slug: None,
        title: request.title.trim().to_owned(),
        status: Some(status),
        status_note: None,
        date: Some(request.date.unwrap_or_else(|| now.date_naive())),
        date_text: None,
        deciders: clean_names(request.deciders),
        consulted: clean_names(request.consulted),
        informed: clean_names(request.informed),
        tags: clean_tags(request.tags),
        body_markdown: body,
        supersedes: vec![],
        superseded_by: vec![],
        links: vec![],
        revisit_by: request.revisit_by,
        front_matter_extra: None,
        created_at: now,
        updated_at: now,
    };
    let id = store::insert(tx, &record).map_err(db_error)?;
    let record = AdrRecord { id, ..record };
    audit(tx, AuditAction::Create, None, Some(&record))?;
    Ok(id)
}

pub(super) fn named_collection(
    conn: &Connection,
    name: Option<&str>,
    field: &str,
) -> Result<Option<i64>, ApiError> {
    let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else { return Ok(None) };
    match collections::by_name(conn, name).map_err(db_error)? {
        Some((id, _)) => Ok(Some(id)),
        None => {
            let known: Vec<String> =
                collections::list(conn).map_err(db_error)?.into_iter().map(|(_, c)| c.name).collect();
            Err(ApiError::validation(
                field,
                format!("There is no collection `{name}`; this board has {}.", known.join(", ")),
            ))
        }
    }
}

/// The default collection's id (a board always has one; a damaged board is told so).
pub(super) fn default_collection(conn: &Connection) -> Result<i64, ApiError> {
    collections::default_id(conn)
        .map_err(db_error)?
        .ok_or_else(|| ApiError::internal("the board has no default ADR collection"))
}

/// `payments/ADR-0007` (or `ADR-0007` on a one-collection board) for decision `id`.
pub(super) fn reference_of(conn: &Connection, id: AdrId) -> Result<String, ApiError> {
    Ok(store::summary(conn, id)
        .map_err(db_error)?
        .map(|s| s.reference)
        .unwrap_or_else(|| format!("decision id {id}")))
}

/// Reads a reference as people type it: `7`, `ADR-0007`, `adr-7`, `payments/7`,
/// `payments/ADR-0007`, or a numberless file's slug, optionally inside one collection.
pub(super) fn resolve(
    conn: &Connection,
    text: &str,
    collection: Option<&str>,
) -> Result<AdrSummary, ApiError> {
    let text = text.trim();
    let (collection, rest) = match text.split_once('/') {
        Some((named, rest)) => (Some(named), rest),
        None => (collection, text),
    };
    named_collection(conn, collection, "collection")?;
    let candidates: Vec<AdrId> = match typed_number(rest) {
        Some(number) => store::with_number(conn, number).map_err(db_error)?,
        None => store::with_slug(conn, rest.trim_end_matches(".md")).map_err(db_error)?,
    };
    let mut found = Vec::new();
    for id in candidates {
        if let Some(summary) = store::summary(conn, id).map_err(db_error)?
            && collection.is_none_or(|wanted| summary.collection.eq_ignore_ascii_case(wanted.trim()))
        {
            found.push(summary);
        }
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(ApiError::not_found(match collection {
            Some(collection) => format!("There is no decision `{rest}` in collection `{collection}`."),
            None => format!("There is no decision `{text}`."),
        })),
        _ => Err(ApiError::validation(
            "decision",
            format!(
                "`{text}` names {} decisions: {}. Say which, such as `{}`, or give --collection.",
                found.len(),
                found.iter().map(|s| format!("{} ({})", s.reference, s.title)).collect::<Vec<_>>().join(", "),
                found[0].reference
            ),
        )),
    }
}

/// `7`, `0007`, `ADR-0007`, `adr 7`, `#7` → 7.
fn typed_number(text: &str) -> Option<u32> {
    let text = text.trim();
    let rest = match text.get(..3) {
        Some(prefix) if prefix.eq_ignore_ascii_case("adr") => &text[3..],
        _ => text,
    };
    let digits = rest.trim_start_matches(['-', '_', ' ', '#']);
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())).then(|| digits.parse().ok()).flatten()
}

/// Validates both ends and the kind of a new link; returns the source record and the kind.
fn check_link(conn: &Connection, change: &LinkChange) -> Result<(AdrRecord, LinkKind), ApiError> {
    if change.from == change.to {
        return Err(ApiError::validation("to", "A decision cannot be linked to itself."));
    }
    let valid_kind = !change.kind.is_empty()
        && change.kind.len() <= 40
        && change.kind.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid_kind {
        return Err(ApiError::validation(
            "kind",
            format!(
                "`{}` is not a link kind: use lower-case letters, digits and dashes, like `depends-on`.",
                change.kind
            ),
        ));
    }
    let before = record(conn, change.from)?;
    record(conn, change.to).map_err(|e| ApiError { field: Some("to".into()), ..e })?;
    let known = store::link_kind(conn, &change.kind).map_err(db_error)?;
    let labels = (change.forward.as_deref().map(str::trim), change.inverse.as_deref().map(str::trim));
    let kind = match (known, labels) {
        (Some(kind), _) => kind,
        (None, (Some(forward), Some(inverse))) if !forward.is_empty() && !inverse.is_empty() => {
            LinkKind { kind: change.kind.clone(), forward: forward.to_owned(), inverse: inverse.to_owned() }
        }
        (None, _) => {
            return Err(ApiError::validation(
                "kind",
                format!(
                    "There is no link kind `{}` yet; give its two labels (such as \"Depends on\" and \"Needed by\") to create it.",
                    change.kind
                ),
            ));
        }
    };
    Ok((before, kind))
}

/// The stored decision `id`, or "There is no decision with id …".
pub(super) fn record(conn: &Connection, id: AdrId) -> Result<AdrRecord, ApiError> {
    store::get(conn, id)
        .map_err(db_error)?
        .ok_or_else(|| ApiError::not_found(format!("There is no decision with id {id}.")))
}

/// Decision `id` as the contract shows it: links with their labels, rendered Markdown.
pub(super) fn load(conn: &Connection, id: AdrId) -> Result<Adr, ApiError> {
    let record = record(conn, id)?;
    let summary = store::summary(conn, id)
        .map_err(db_error)?
        .ok_or_else(|| ApiError::internal("a decision vanished"))?;
    let kinds: std::collections::HashMap<String, LinkKind> =
        store::link_kinds(conn).map_err(db_error)?.into_iter().map(|k| (k.kind.clone(), k)).collect();
    let mut links = Vec::with_capacity(record.links.len());
    for link in &record.links {
        let other = store::summary(conn, link.other).map_err(db_error)?;
        links.push(AdrLinkView {
            label: kinds
                .get(&link.kind)
                .map(|k| if link.outgoing { k.forward.clone() } else { k.inverse.clone() })
                .unwrap_or_else(|| link.kind.clone()),
            kind: link.kind.clone(),
            outgoing: link.outgoing,
            id: link.other,
            reference: other.as_ref().map(|o| o.reference.clone()).unwrap_or_default(),
            title: other.map(|o| o.title).unwrap_or_default(),
            // For a supersedes link the superseded end decides: the other decision when
            // this one is the successor, this one otherwise.
            removable: link.kind != SUPERSEDES
                || if link.outgoing {
                    record_of(conn, link.other).is_some_and(|other| successor_link_removable(&other))
                } else {
                    successor_link_removable(&record)
                },
        });
    }
    let source = store::source(conn, id).map_err(db_error)?;
    Ok(Adr {
        links,
        revisit_by: record.revisit_by,
        confirmation_html: confirmation_section(&record.body_markdown).map(|md| render_markdown(&md)),
        body_html: render_markdown(&record.body_markdown),
        systems: archboard_db::people::systems_of_decision(conn, record.id).map_err(db_error)?,
        id: record.id,
        collection: summary.collection,
        number: record.number,
        reference: summary.reference,
        title: record.title,
        status: record.status,
        status_note: record.status_note,
        date: record.date,
        date_text: record.date_text,
        deciders: record.deciders,
        consulted: record.consulted,
        informed: record.informed,
        tags: record.tags,
        body_markdown: record.body_markdown,
        supersedes: record.supersedes,
        superseded_by: record.superseded_by,
        source_path: source.as_ref().map(|s| s.path.clone()),
        warnings: source.map(|s| s.warnings).unwrap_or_default(),
        missing_from_folder: summary.missing_from_folder,
        created_at: record.created_at,
        updated_at: record.updated_at,
    })
}

/// Records a decision's change in the same transaction (the entry is named by the id).
fn audit(
    tx: &Change<'_>,
    action: AuditAction,
    before: Option<&AdrRecord>,
    after: Option<&AdrRecord>,
) -> Result<(), ApiError> {
    let id = after.or(before).map(|r| r.id.to_string()).unwrap_or_default();
    tx.audit(AuditEntity::Adr, &id, action, before, after)
}

fn record_of(conn: &Connection, id: AdrId) -> Option<AdrRecord> {
    store::get(conn, id).ok().flatten()
}

/// Whether a supersedes link into `superseded` may go: a superseded decision keeps at least one
/// successor. The one rule behind `adr_link_remove` and the `removable` flag the UI reads.
fn successor_link_removable(superseded: &AdrRecord) -> bool {
    superseded.status != Some(AdrStatus::Superseded) || superseded.superseded_by.len() > 1
}

/// Turns what a person typed into a safe FTS5 expression: each word quoted (so `AND`, `"`,
/// `*` or `NEAR(` are just text), all words required, the last one matched as a prefix.
pub(crate) fn fts_expression(input: &str) -> Option<String> {
    let words: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(32)
        .map(|w| format!("\"{w}\""))
        .collect();
    (!words.is_empty()).then(|| format!("{}*", words.join(" ")))
}

/// Escapes a snippet's text and turns the store's match sentinels into `<mark>` tags.
fn highlight_snippet(raw: &str) -> String {
    let mut html = String::with_capacity(raw.len() + 16);
    for c in raw.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            c if c == store::MATCH_START => html.push_str("<mark>"),
            c if c == store::MATCH_END => html.push_str("</mark>"),
            c => html.push(c),
        }
    }
    html
}

/// MADR's "Confirmation" section (any heading level) without its heading, when present and not empty.
pub fn confirmation_section(markdown: &str) -> Option<String> {
    let heading = |line: &str| {
        let hashes = line.chars().take_while(|c| *c == '#').count();
        (hashes > 0 && line[hashes..].starts_with(' ')).then(|| (hashes, line[hashes..].trim().to_owned()))
    };
    let mut lines = markdown.lines();
    let level = loop {
        let line = lines.next()?;
        if let Some((level, text)) = heading(line)
            && text.eq_ignore_ascii_case("confirmation")
        {
            break level;
        }
    };
    let section: Vec<&str> =
        lines.take_while(|line| heading(line).is_none_or(|(other, _)| other > level)).collect();
    let text = section.join("\n").trim().to_owned();
    // An untouched template placeholder ("{How the team will check…}") is no confirmation.
    let placeholder = text.starts_with('{') && text.ends_with('}') && !text.contains('\n');
    (!text.is_empty() && !placeholder).then_some(text)
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
pub(super) fn clean_names(names: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    names
        .into_iter()
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty() && seen.insert(n.clone()))
        .collect()
}

/// Tags are compared case-insensitively, so they are stored lower-case, sorted and unique.
pub(super) fn clean_tags(tags: Vec<String>) -> Vec<String> {
    let mut tags: Vec<String> =
        tags.into_iter().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()).collect();
    tags.sort();
    tags.dedup();
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use archboard_types::ErrorCode;
    use archboard_types::audit::AuditQuery;

    use crate::services::test_board as services;

    fn create(services: &mut Services, title: &str) -> Adr {
        services.adr_create(NewAdr { title: title.into(), ..Default::default() }).unwrap()
    }

    fn history(services: &mut Services, number: u32) -> Vec<String> {
        let query =
            AuditQuery { entity: Some(AuditEntity::Adr), entity_id: Some(number.to_string()), limit: None };
        services.audit_list(query).unwrap().into_iter().map(|e| e.action.as_str().to_owned()).collect()
    }

    #[test]
    fn new_decisions_are_numbered_in_sequence_and_start_from_the_template() {
        let (_dir, mut services) = services();
        let first = create(&mut services, "Use SQLite for the local store");
        let second = create(&mut services, "Adopt Leptos");
        assert_eq!((first.number, second.number), (1, 2));
        assert_eq!(first.status, Some(AdrStatus::Proposed));
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
        let adr_changes = AuditQuery { entity: Some(AuditEntity::Adr), ..Default::default() };
        assert!(services.audit_list(adr_changes).unwrap().is_empty());
    }

    #[test]
    fn lifecycle_is_enforced_with_a_readable_reason() {
        let (_dir, mut services) = services();
        create(&mut services, "Pick a feature store");
        let error = services
            .adr_set_status(StatusChange { id: 1, status: AdrStatus::Deprecated, superseded_by: None })
            .unwrap_err();
        assert_eq!(error.code, ErrorCode::Conflict);
        assert!(
            error.message.contains("ADR-0001 cannot go from proposed to deprecated"),
            "{}",
            error.message
        );
        assert!(error.message.contains("accepted or rejected"), "{}", error.message);
        let accepted = services
            .adr_set_status(StatusChange { id: 1, status: AdrStatus::Accepted, superseded_by: None })
            .unwrap();
        assert_eq!(accepted.status, Some(AdrStatus::Accepted));
        assert_eq!(history(&mut services, 1), vec!["status", "create"]);
    }

    #[test]
    fn superseding_names_the_successor_and_links_both_ways() {
        let (_dir, mut services) = services();
        create(&mut services, "Batch scoring nightly");
        create(&mut services, "Streaming scoring");
        services
            .adr_set_status(StatusChange { id: 1, status: AdrStatus::Accepted, superseded_by: None })
            .unwrap();
        let missing = services
            .adr_set_status(StatusChange { id: 1, status: AdrStatus::Superseded, superseded_by: None })
            .unwrap_err();
        assert_eq!(missing.field.as_deref(), Some("superseded_by"));
        let ghost = services
            .adr_set_status(StatusChange { id: 1, status: AdrStatus::Superseded, superseded_by: Some(9) })
            .unwrap_err();
        assert!(ghost.message.contains("id 9) does not exist"), "{}", ghost.message);
        assert_eq!(services.adr_get(AdrRef { id: 1 }).unwrap().status, Some(AdrStatus::Accepted));

        let old = services
            .adr_set_status(StatusChange { id: 1, status: AdrStatus::Superseded, superseded_by: Some(2) })
            .unwrap();
        assert_eq!(old.superseded_by, vec![2]);
        assert_eq!(services.adr_get(AdrRef { id: 2 }).unwrap().supersedes, vec![1]);
    }

    #[test]
    fn edits_are_audited_with_before_and_after() {
        let (_dir, mut services) = services();
        let adr = create(&mut services, "Cache features");
        let edit = AdrEdit {
            id: adr.id,
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
        let entries =
            services.audit_list(AuditQuery { entity: Some(AuditEntity::Adr), ..Default::default() }).unwrap();
        assert_eq!(entries.len(), 2);
        let update = &entries[0];
        assert_eq!(update.action, AuditAction::Update);
        assert!(update.before.as_deref().unwrap().contains("\"Cache features\""));
        assert!(update.after.as_deref().unwrap().contains("Cache online features in Redis"));
        assert!(update.actor.ends_with("via cli"));
    }

    #[test]
    fn missing_decisions_and_huge_bodies_get_clear_errors() {
        let (_dir, mut services) = services();
        let error = services.adr_get(AdrRef { id: 42 }).unwrap_err();
        assert_eq!(
            (error.code, error.message.as_str()),
            (ErrorCode::NotFound, "There is no decision with id 42.")
        );
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

#[cfg(test)]
mod search_link_review_tests {
    use super::*;
    use archboard_types::ErrorCode;
    use chrono::NaiveDate;

    use crate::services::test_board as services;

    fn create(services: &mut Services, title: &str, body: &str, tags: &[&str], deciders: &[&str]) -> u32 {
        services
            .adr_create(NewAdr {
                title: title.into(),
                body_markdown: Some(body.into()),
                tags: tags.iter().map(|t| t.to_string()).collect(),
                deciders: deciders.iter().map(|d| d.to_string()).collect(),
                ..Default::default()
            })
            .unwrap()
            .id
    }

    fn search(services: &mut Services, query: &str) -> Vec<u32> {
        services
            .adr_search(AdrSearchQuery { query: query.into(), limit: None, collection: None })
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect()
    }

    #[test]
    fn search_ranks_title_matches_first_and_covers_tags_people_and_edits() {
        let (_dir, mut services) = services();
        let body_only = create(&mut services, "Pick a queue", "We compared Kafka with Pulsar.", &[], &[]);
        let in_title = create(&mut services, "Adopt Kafka for events", "Streams.", &[], &[]);
        let tagged = create(&mut services, "Retention", "Seven days.", &["kafka-ops"], &["Grace Hopper"]);
        assert_eq!(
            search(&mut services, "kafka"),
            vec![in_title, tagged, body_only],
            "title, then tags, then body"
        );
        assert_eq!(search(&mut services, "grace"), vec![tagged], "people are searchable");
        assert_eq!(search(&mut services, "puls"), vec![body_only], "the last word matches as a prefix");

        services
            .adr_update(AdrEdit {
                id: body_only,
                title: "Pick a queue".into(),
                body_markdown: "We chose RabbitMQ.".into(),
                ..Default::default()
            })
            .unwrap();
        assert!(search(&mut services, "pulsar").is_empty(), "edits reach the index");
        assert_eq!(search(&mut services, "rabbitmq"), vec![body_only]);
    }

    #[test]
    fn search_input_is_never_parsed_as_fts_syntax_and_snippets_are_escaped() {
        let (_dir, mut services) = services();
        create(&mut services, "Sanitise HTML", "Never trust <script>alert(1)</script> in bodies.", &[], &[]);
        // Each hostile query either runs as plain words (and finds nothing here) or is refused
        // as a validation error naming the field; an FTS syntax error would be an internal one.
        for hostile in ["\"", "NEAR(", "a AND OR", "*", "title:x", "(((", "-x", "script\" OR \"x", "^NOT"] {
            match services.adr_search(AdrSearchQuery { query: hostile.into(), limit: None, collection: None })
            {
                Ok(hits) => assert!(
                    hits.iter().all(|hit| hit.id == 1),
                    "`{hostile}` found something it should not: {hits:?}"
                ),
                Err(error) => {
                    assert_eq!(error.code, archboard_types::ErrorCode::Validation, "`{hostile}`: {error}");
                    assert_eq!(error.field.as_deref(), Some("query"), "`{hostile}`: {error}");
                }
            }
        }
        let hits = services
            .adr_search(AdrSearchQuery { query: "script".into(), limit: None, collection: None })
            .unwrap();
        assert_eq!(hits.len(), 1);
        assert!(hits[0].snippet_html.contains("<mark>script</mark>"), "{}", hits[0].snippet_html);
        assert!(!hits[0].snippet_html.contains("<script"), "{}", hits[0].snippet_html);
        let empty = services
            .adr_search(AdrSearchQuery { query: " ?! ".into(), limit: None, collection: None })
            .unwrap_err();
        assert_eq!(empty.field.as_deref(), Some("query"));
    }

    #[test]
    fn typed_links_show_on_both_ends_with_their_labels() {
        let (_dir, mut services) = services();
        let base = create(&mut services, "Serve with KServe", "", &[], &[]);
        let amendment = create(&mut services, "Add GPU autoscaling", "", &[], &[]);
        let link = |kind: &str| LinkChange {
            from: amendment,
            kind: kind.into(),
            to: base,
            forward: None,
            inverse: None,
        };
        let from = services.adr_link_add(link("amends")).unwrap();
        assert_eq!(from.links[0].label, "Amends");
        let to = services.adr_get(AdrRef { id: base }).unwrap();
        assert_eq!((to.links[0].label.as_str(), to.links[0].id), ("Amended by", amendment));
        assert_eq!(to.links[0].title, "Add GPU autoscaling");

        let unknown = services.adr_link_add(link("depends-on")).unwrap_err();
        assert!(unknown.message.contains("give its two labels"), "{}", unknown.message);
        let custom = LinkChange {
            forward: Some("Depends on".into()),
            inverse: Some("Needed by".into()),
            ..link("depends-on")
        };
        services.adr_link_add(custom).unwrap();
        let to = services.adr_get(AdrRef { id: base }).unwrap();
        let labels: Vec<&str> = to.links.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, vec!["Amended by", "Needed by"]);

        let self_link = services.adr_link_add(LinkChange { to: amendment, ..link("amends") }).unwrap_err();
        assert_eq!(self_link.field.as_deref(), Some("to"));
        services.adr_link_remove(link("amends")).unwrap();
        let missing = services.adr_link_remove(link("amends")).unwrap_err();
        assert_eq!(missing.code, ErrorCode::NotFound);
    }

    #[test]
    fn a_superseded_decision_may_get_several_successors_but_keeps_one() {
        let (_dir, mut services) = services();
        let old = create(&mut services, "One big model", "", &[], &[]);
        let first = create(&mut services, "Model per region", "", &[], &[]);
        let second = create(&mut services, "Model per product", "", &[], &[]);
        let supersede =
            |from: u32| LinkChange { from, kind: SUPERSEDES.into(), to: old, forward: None, inverse: None };
        let early = services.adr_link_add(supersede(first)).unwrap_err();
        assert!(early.message.contains("status change"), "{}", early.message);

        services
            .adr_set_status(StatusChange { id: old, status: AdrStatus::Accepted, superseded_by: None })
            .unwrap();
        services
            .adr_set_status(StatusChange {
                id: old,
                status: AdrStatus::Superseded,
                superseded_by: Some(first),
            })
            .unwrap();
        services.adr_link_add(supersede(second)).unwrap();
        assert_eq!(services.adr_get(AdrRef { id: old }).unwrap().superseded_by, vec![first, second]);
        // With two successors either link may go, seen from either end.
        let removable = |services: &mut Services, id: u32| -> Vec<(u32, bool)> {
            let adr = services.adr_get(AdrRef { id }).unwrap();
            adr.links.iter().filter(|l| l.kind == SUPERSEDES).map(|l| (l.id, l.removable)).collect()
        };
        assert_eq!(removable(&mut services, old), [(first, true), (second, true)]);
        assert_eq!(removable(&mut services, first), [(old, true)]);
        services.adr_link_remove(supersede(second)).unwrap();
        // The last successor link is flagged as not removable on both ends, and refused.
        assert_eq!(removable(&mut services, old), [(first, false)]);
        assert_eq!(removable(&mut services, first), [(old, false)]);
        let last = services.adr_link_remove(supersede(first)).unwrap_err();
        assert_eq!(last.code, ErrorCode::Conflict);
    }

    #[test]
    fn decisions_come_due_on_their_revisit_date_and_filter_by_decider() {
        let (_dir, mut services) = services();
        let date = |d: u32| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let early = services
            .adr_create(NewAdr {
                title: "Early".into(),
                revisit_by: Some(date(1)),
                deciders: vec!["Ada".into()],
                ..Default::default()
            })
            .unwrap();
        services
            .adr_create(NewAdr { title: "Later".into(), revisit_by: Some(date(20)), ..Default::default() })
            .unwrap();
        services.adr_create(NewAdr { title: "Never".into(), ..Default::default() }).unwrap();
        let due = |services: &mut Services, d: u32| -> Vec<String> {
            services
                .adr_due_for_review(DueForReviewQuery { as_of: Some(date(d)), collection: None })
                .unwrap()
                .into_iter()
                .map(|a| a.title)
                .collect()
        };
        assert_eq!(due(&mut services, 1), vec!["Early"]);
        assert_eq!(due(&mut services, 25), vec!["Early", "Later"]);
        services
            .adr_set_status(StatusChange { id: early.id, status: AdrStatus::Rejected, superseded_by: None })
            .unwrap();
        assert_eq!(due(&mut services, 25), vec!["Later"], "rejected decisions need no review");

        let by_ada =
            services.adr_list(AdrListQuery { decider: Some("ada".into()), ..Default::default() }).unwrap();
        assert_eq!(by_ada.iter().map(|a| a.id).collect::<Vec<_>>(), vec![early.id]);
    }

    #[test]
    fn the_confirmation_section_is_lifted_out_of_the_body() {
        let body = "## Decision Outcome\n\nChosen.\n\n### Confirmation\n\nA **load test** in CI.\n\n## More Information\n\nNone.";
        assert_eq!(confirmation_section(body).as_deref(), Some("A **load test** in CI."));
        assert_eq!(confirmation_section("## Context\n\nNo confirmation here."), None);
        assert_eq!(confirmation_section("### Confirmation\n\n## Next"), None, "an empty section is absent");
        assert_eq!(confirmation_section(&madr4_template("x")), None, "the template's placeholder is absent");
        let (_dir, mut services) = services();
        let id = create(&mut services, "Load tests", body, &[], &[]);
        let adr = services.adr_get(AdrRef { id }).unwrap();
        assert!(adr.confirmation_html.unwrap().contains("<strong>load test</strong>"));
    }
}
