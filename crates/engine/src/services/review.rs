//! Readiness and architecture reviews: starting one from templates at the system's tier,
//! answering and binding items, exemptions and accepted risks, sign-offs, the chair's
//! decision and its conditions, recording it as an ADR, milestones, template upgrades, the
//! improvement backlog, reports and the board's review calendar. Every change is one
//! transaction with its audit entry; every rule is checked here, whichever front asks.

mod backlog;
mod build;
pub(crate) mod calendar;
mod report;
#[cfg(test)]
mod tests;

use super::{Change, Services, db_error};
use archboard_db::Connection;
use archboard_db::review::{
    self as store, CopiedTemplate, StoredAnswer, StoredExemption, StoredItem, StoredReview,
};
use archboard_types::ApiError;
use archboard_types::adr::{AdrStatus, NewAdr};
use archboard_types::audit::{AuditAction, AuditEntity};
use archboard_types::catalog::{CatalogItem, Checklist, ChecklistItem, ChecklistScoring};
use archboard_types::files::ExportedFile;
use archboard_types::people::Permission;
use archboard_types::review::{
    BacklogExportRequest, BacklogItem, BacklogQuery, CompareRequest, Condition, ConditionClose,
    DecisionOutcome, DecisionRequest, HolidayImport, ItemAnswer, ItemBinding, ItemChange, ItemExemption,
    ItemStatus, MilestoneComparison, MilestoneRequest, NewReview, REVIEW_TEXT_MAX_CHARS, ReportRequest,
    ReturnForChanges, Review, ReviewDecision, ReviewEvent, ReviewId, ReviewListQuery, ReviewRef,
    ReviewSettings, ReviewSettingsChange, ReviewState, ReviewSummary, ReviewTransition, RiskAcceptance,
    RiskOverride, SignOff, SignOffRequest, SignOffsChange, TemplateUpgrade, UpgradeRequest, check_answer,
    is_ml_test_score, status_of_lens_risk, status_of_score,
};
use archboard_types::system::Empty;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

pub(crate) use build::build;

/// The longest review title and sign-off role accepted.
const TITLE_MAX_CHARS: usize = 200;
const ROLE_MAX_CHARS: usize = 40;

impl Services {
    pub fn review_list(&mut self, query: ReviewListQuery) -> Result<Vec<ReviewSummary>, ApiError> {
        let conn = self.db.conn();
        let now = self.now();
        let mut out = Vec::new();
        for stored in store::all(conn).map_err(db_error)? {
            if query.system.as_deref().is_some_and(|s| s != stored.system_key)
                || query.state.is_some_and(|s| s != stored.state)
            {
                continue;
            }
            let review = build(conn, stored, now)?;
            if query.team.as_deref().is_some_and(|t| t != review.team) {
                continue;
            }
            out.push(summary_of(&review));
        }
        Ok(out)
    }

    pub fn review_get(&mut self, request: ReviewRef) -> Result<Review, ApiError> {
        self.review_load(request.id)
    }

    fn review_load(&self, id: ReviewId) -> Result<Review, ApiError> {
        let conn = self.db.conn();
        build(conn, stored_review(conn, id)?, self.now())
    }

    pub fn review_create(&mut self, request: NewReview) -> Result<Review, ApiError> {
        let now = self.now();
        let actor = self.actor()?.label;
        let id = self.write(|tx| {
            let system = archboard_db::people::system(tx, request.system.trim()).map_err(db_error)?.ok_or_else(|| {
                ApiError::validation("system", format!("There is no system `{}` on this board.", request.system.trim()))
            })?;
            let keys: Vec<String> = if request.templates.is_empty() {
                request.kind.default_templates().iter().map(|k| (*k).to_owned()).collect()
            } else {
                request.templates.iter().map(|k| k.trim().to_owned()).collect()
            };
            if keys.is_empty() {
                return Err(ApiError::validation("templates", "Choose at least one checklist template for a custom review."));
            }
            let mut templates = Vec::new();
            let mut items: Vec<StoredItem> = Vec::new();
            let mut sections: Vec<String> = Vec::new();
            for key in &keys {
                if templates.iter().any(|t: &CopiedTemplate| &t.key == key) {
                    return Err(ApiError::validation("templates", format!("`{key}` is named twice.")));
                }
                let checklist = checklist(tx, key)?;
                let applicable: Vec<&ChecklistItem> =
                    checklist.items.iter().filter(|i| i.tiers.contains(&system.tier)).collect();
                if applicable.is_empty() {
                    return Err(ApiError::validation(
                        "templates",
                        format!("`{key}` has no item for the {} tier of {}.", system.tier.as_str(), system.key),
                    ));
                }
                for item in &applicable {
                    let clash = items.iter().any(|i| i.key == item.key);
                    items.push(StoredItem {
                        key: if clash { format!("{key}#{}", item.key) } else { item.key.clone() },
                        template: key.clone(),
                        template_version: checklist.version,
                        question: (*item).clone(),
                        answer: StoredAnswer::default(),
                    });
                }
                // Sections in the template's order, those with an item for this tier only.
                let used = |section: &String| applicable.iter().any(|i| &i.section == section);
                let mut ordered: Vec<&String> = checklist.sections.iter().filter(|s| used(s)).collect();
                ordered.extend(applicable.iter().map(|i| &i.section).filter(|s| !checklist.sections.contains(s)));
                for section in ordered {
                    if !sections.contains(section) {
                        sections.push(section.clone());
                    }
                }
                templates.push(copied(&checklist));
            }
            let roles = clean_roles(request.signoffs.unwrap_or_else(|| {
                request.kind.default_signoffs().iter().map(|r| (*r).to_owned()).collect()
            }))?;
            let title = match request.title.trim() {
                "" => format!("{}: {}", request.kind.label(), system.name),
                title => title.to_owned(),
            };
            check_length("title", &title, TITLE_MAX_CHARS)?;
            let review = StoredReview {
                id: 0,
                title,
                system_key: system.key.clone(),
                kind: request.kind,
                tier: system.tier,
                state: ReviewState::Draft,
                templates,
                sections,
                signoffs: roles.into_iter().map(open_signoff).collect(),
                returns: vec![],
                decisions: vec![],
                conditions: vec![],
                adr_id: None,
                created_at: now,
                updated_at: now,
            };
            let id = store::insert(tx, &review, &items).map_err(db_error)?;
            let event = ReviewEvent { at: now, from: None, to: ReviewState::Draft, by: actor.clone(), note: String::new() };
            store::add_event(tx, id, &event).map_err(db_error)?;
            let keys: Vec<&str> = items.iter().map(|i| i.key.as_str()).collect();
            let after = serde_json::json!({"system": review.system_key, "kind": review.kind, "templates": review.templates, "items": keys});
            tx.audit(AuditEntity::Review, &id.to_string(), AuditAction::Create, None, Some(&after))?;
            Ok(id)
        })?;
        self.review_load(id)
    }

    pub fn review_transition(&mut self, request: ReviewTransition) -> Result<Review, ApiError> {
        let now = self.now();
        let actor = self.actor()?.label;
        self.write(|tx| {
            let mut review = stored_review(tx, request.id)?;
            let from = review.state;
            if request.to == ReviewState::Closed {
                let whole = build(tx, review.clone(), now)?;
                if !whole.close_blockers.is_empty() {
                    return Err(ApiError::conflict(format!(
                        "Review {} cannot be closed: {}",
                        review.id,
                        whole.close_blockers.join(" ")
                    )));
                }
            }
            if !from.allowed_next().contains(&request.to) {
                let allowed: Vec<&str> = from.allowed_next().iter().map(|s| s.as_str()).collect();
                let hint = if request.to == ReviewState::Decided {
                    " (a review is decided by recording its decision)"
                } else {
                    ""
                };
                return Err(ApiError::conflict(format!(
                    "Review {} is {}; it can move to {} from there, not to {}{hint}.",
                    review.id,
                    from.as_str(),
                    allowed.join(" or "),
                    request.to.as_str()
                )));
            }
            if matches!(request.to, ReviewState::WaitingOnTeam | ReviewState::Draft)
                || (request.to == ReviewState::InReview
                    && matches!(from, ReviewState::Decided | ReviewState::Closed))
            {
                // Sent back, or reopened: the sign-offs given were for a state that is changing.
                review.signoffs = review.signoffs.iter().map(|s| open_signoff(s.role.clone())).collect();
            }
            review.state = request.to;
            review.updated_at = now;
            store::update(tx, &review).map_err(db_error)?;
            let event = ReviewEvent {
                at: now,
                from: Some(from),
                to: request.to,
                by: actor.clone(),
                note: request.note.trim().to_owned(),
            };
            store::add_event(tx, review.id, &event).map_err(db_error)?;
            tx.audit(
                AuditEntity::Review,
                &review.id.to_string(),
                AuditAction::Transition,
                Some(&from),
                Some(&request.to),
            )
        })?;
        self.review_load(request.id)
    }

    pub fn review_answer(&mut self, request: ItemAnswer) -> Result<Review, ApiError> {
        let now = self.now();
        let caller = self.signed_in()?.clone();
        let is_chair = caller.can(Permission::Chair);
        self.write(|tx| {
            let mut review = open_for_answers(tx, request.id)?;
            let items = store::items(tx, review.id).map_err(db_error)?;
            let item = find_item(&items, &request.item)?;
            let template = review.templates.iter().find(|t| t.key == item.template);
            let ml_test = template.is_some_and(|t| t.scoring == ChecklistScoring::MlTestScore);
            check_length("evidence", &request.evidence, REVIEW_TEXT_MAX_CHARS)?;
            check_length("notes", &request.notes, REVIEW_TEXT_MAX_CHARS)?;
            let before = item.answer.clone();
            let refuse = |field: &'static str, message: String| ApiError::validation(field, format!("`{}`: {message}", item.key));
            if let Some(score) = request.score {
                if !ml_test {
                    return Err(refuse("score", "it is not an ML Test Score item, so it takes no score.".into()));
                }
                if !is_ml_test_score(score) {
                    return Err(refuse("score", format!("an ML Test Score is 0, 0.5 (done by hand, results documented) or 1 (automated and repeated), not {score}.")));
                }
                if request.status == Some(ItemStatus::NotApplicable) {
                    return Err(refuse("score", "an item that does not apply takes no score.".into()));
                }
            }
            if !request.choices.is_empty() && item.question.lens.is_none() {
                return Err(refuse("choices", "it is not a lens question; it has no choices.".into()));
            }
            // An exempt item edited without a new status keeps its exemption (owner, due date
            // and notes change; the chair's exemption does not silently go).
            let keeps_exemption = before.status == Some(ItemStatus::Exempt)
                && matches!(request.status, None | Some(ItemStatus::Exempt))
                && request.choices.is_empty()
                && request.score.is_none();
            let mut status = if keeps_exemption { ItemStatus::Exempt } else { request.status.unwrap_or(ItemStatus::Unanswered) };
            let mut lens_rule_fired = false;
            if request.status != Some(ItemStatus::NotApplicable) && !keeps_exemption {
                if let Some(lens) = item.question.lens.as_ref().filter(|_| !request.choices.is_empty()) {
                    let selected: Vec<&str> = request.choices.iter().map(String::as_str).collect();
                    archboard_lens::rules::check_selection(lens, &selected).map_err(|m| refuse("choices", m))?;
                    if let Some(fired) = archboard_lens::rules::evaluate(&lens.risk_rules, &selected) {
                        status = status_of_lens_risk(fired.rule.risk);
                        lens_rule_fired = true;
                    }
                }
                if let Some(score) = request.score {
                    status = status_of_score(score);
                }
            }
            // A lens rule that fired is the answer's rationale; anything else follows the rules
            // (a pass needs evidence, not applicable a reason and a note).
            if !lens_rule_fired && !keeps_exemption {
                check_answer(status, &request.evidence, &request.notes, request.not_applicable_reason, before.binding.is_some())
                    .map_err(|(field, message)| refuse(field, message))?;
            }
            // A high-risk gap closes by a fix, an accepting decision or an exemption — never by
            // taking the answer back or calling it out of scope.
            let gap_risk = before.risk_override.as_ref().map(|o| o.risk).unwrap_or(item.question.risk);
            let was_high_gap = before.status.is_some_and(|s| s.is_gap() || s == ItemStatus::Exempt)
                && gap_risk == archboard_types::catalog::GapRisk::High;
            if was_high_gap && matches!(status, ItemStatus::Unanswered | ItemStatus::NotApplicable) {
                return Err(ApiError::conflict(format!(
                    "`{}` is a high-risk gap; close it with a fix (a pass with evidence), a decision that accepts the risk, or an exemption, not by answering it {}.",
                    item.key,
                    status.label().to_lowercase()
                )));
            }
            if let Some(owner) = request.owner.as_deref() {
                check_user(tx, owner, "owner")?;
            }
            if let Some(over) = &request.risk_override
                && over.reason.trim().is_empty()
            {
                return Err(refuse("risk_override", "say why this item's risk differs from the template's.".into()));
            }
            // The risk an item carries decides whether it blocks closing: the chair sets it.
            let override_changed = request.risk_override.as_ref().map(|o| (o.risk, o.reason.trim()))
                != before.risk_override.as_ref().map(|o| (o.risk, o.reason.trim()));
            if override_changed && !is_chair {
                return Err(ApiError::forbidden(format!(
                    "Changing the risk of `{}` needs the chair or owner role; {} has neither (send the item's current risk override unchanged).",
                    item.key, caller.name
                )));
            }
            let was_gap = before.status.is_some_and(|s| s.is_gap() || s == ItemStatus::Exempt);
            let is_gap = status.is_gap() || status == ItemStatus::Exempt;
            let answer = StoredAnswer {
                status: Some(status),
                evidence: request.evidence.trim().to_owned(),
                notes: request.notes.trim().to_owned(),
                not_applicable_reason: request.not_applicable_reason.filter(|_| status == ItemStatus::NotApplicable),
                choices: request.choices.clone(),
                score: request.score.filter(|_| status != ItemStatus::NotApplicable),
                owner: request.owner.as_deref().map(str::trim).filter(|o| !o.is_empty()).map(str::to_owned),
                due: request.due,
                risk_override: request.risk_override.clone().map(|o| RiskOverride { reason: o.reason.trim().to_owned(), ..o }),
                binding: before.binding.clone(),
                exemption: if keeps_exemption { before.exemption.clone() } else { None },
                accepted_by: before.accepted_by,
                answered_by: Some(caller.name.clone()),
                answered_at: Some(now),
                gap_since: if is_gap { before.gap_since.or(Some(now)) } else { None },
                fixed_at: if was_gap && status == ItemStatus::Pass { Some(now) } else { before.fixed_at.filter(|_| !is_gap) },
            };
            store::set_answer(tx, review.id, &item.key, &answer).map_err(db_error)?;
            touch(tx, &mut review, now)?;
            let audit = |a: &StoredAnswer| serde_json::json!({"item": item.key, "answer": a});
            tx.audit(AuditEntity::Review, &review.id.to_string(), AuditAction::Answer, Some(&audit(&before)), Some(&audit(&answer)))
        })?;
        self.review_load(request.id)
    }

    pub fn review_bind(&mut self, request: ItemBinding) -> Result<Review, ApiError> {
        if let Some(binding) = &request.bench {
            self.bench_record(&binding.run).map_err(|e| ApiError::validation("bench", e.message))?;
            self.hardware_profile(&binding.profile)?;
            if binding.freshness_days == Some(0) {
                return Err(ApiError::validation(
                    "freshness_days",
                    "A freshness window is at least one day.",
                ));
            }
        }
        let now = self.now();
        self.write(|tx| {
            let mut review = open_for_answers(tx, request.id)?;
            let items = store::items(tx, review.id).map_err(db_error)?;
            let item = find_item(&items, &request.item)?;
            let before = item.answer.clone();
            let answer = StoredAnswer { binding: request.bench.clone(), ..before.clone() };
            store::set_answer(tx, review.id, &item.key, &answer).map_err(db_error)?;
            touch(tx, &mut review, now)?;
            let audit = |a: &StoredAnswer| serde_json::json!({"item": item.key, "binding": a.binding});
            tx.audit(
                AuditEntity::Review,
                &review.id.to_string(),
                AuditAction::Bind,
                Some(&audit(&before)),
                Some(&audit(&answer)),
            )
        })?;
        self.review_load(request.id)
    }

    pub fn review_exempt(&mut self, request: ItemExemption) -> Result<Review, ApiError> {
        let now = self.now();
        let approver = self.signed_in()?.name.clone();
        self.write(|tx| {
            let mut review = open_for_answers(tx, request.id)?;
            let whole = build(tx, review.clone(), now)?;
            let items = store::items(tx, review.id).map_err(db_error)?;
            let item = find_item(&items, &request.item)?;
            let effective = whole.item(&item.key).map(|i| i.status).unwrap_or(ItemStatus::Unanswered);
            if !effective.is_gap() && effective != ItemStatus::Exempt {
                return Err(ApiError::conflict(format!(
                    "`{}` is {}; only a failed or partly met item can be exempted.",
                    item.key,
                    effective.label().to_lowercase()
                )));
            }
            if request.reason.trim().is_empty() {
                return Err(ApiError::validation("reason", "An exemption needs a reason."));
            }
            check_length("reason", &request.reason, REVIEW_TEXT_MAX_CHARS)?;
            let today = calendar::BoardCalendar::read(tx)?.local_date(now);
            if request.until < today {
                return Err(ApiError::validation("until", format!("The exemption would already have expired ({} is before {today}).", request.until)));
            }
            let before = item.answer.clone();
            let answer = StoredAnswer {
                status: Some(ItemStatus::Exempt),
                exemption: Some(StoredExemption {
                    reason: request.reason.trim().to_owned(),
                    approver: approver.clone(),
                    until: request.until,
                    granted_at: now,
                }),
                gap_since: before.gap_since.or(Some(now)),
                ..before.clone()
            };
            store::set_answer(tx, review.id, &item.key, &answer).map_err(db_error)?;
            touch(tx, &mut review, now)?;
            let audit = |a: &StoredAnswer| serde_json::json!({"item": item.key, "status": a.status, "exemption": a.exemption});
            tx.audit(AuditEntity::Review, &review.id.to_string(), AuditAction::Exempt, Some(&audit(&before)), Some(&audit(&answer)))
        })?;
        self.review_load(request.id)
    }

    pub fn review_accept_risk(&mut self, request: RiskAcceptance) -> Result<Review, ApiError> {
        let now = self.now();
        self.write(|tx| {
            let mut review = open_for_answers(tx, request.id)?;
            let items = store::items(tx, review.id).map_err(db_error)?;
            let item = find_item(&items, &request.item)?;
            if let Some(adr) = request.adr {
                let summary = archboard_db::adr::summary(tx, adr).map_err(db_error)?.ok_or_else(|| {
                    ApiError::validation("adr", format!("There is no decision with id {adr}."))
                })?;
                if summary.status != Some(AdrStatus::Accepted) {
                    return Err(ApiError::validation(
                        "adr",
                        format!(
                            "{} is {}; only an accepted decision accepts a risk.",
                            summary.reference,
                            summary.status.map(|s| s.as_str()).unwrap_or("without a status")
                        ),
                    ));
                }
            }
            let before = item.answer.clone();
            let answer = StoredAnswer { accepted_by: request.adr, ..before.clone() };
            store::set_answer(tx, review.id, &item.key, &answer).map_err(db_error)?;
            touch(tx, &mut review, now)?;
            let audit =
                |a: &StoredAnswer| serde_json::json!({"item": item.key, "accepted_by": a.accepted_by});
            tx.audit(
                AuditEntity::Review,
                &review.id.to_string(),
                AuditAction::AcceptRisk,
                Some(&audit(&before)),
                Some(&audit(&answer)),
            )
        })?;
        self.review_load(request.id)
    }

    pub fn review_signoff(&mut self, request: SignOffRequest) -> Result<Review, ApiError> {
        let now = self.now();
        let caller = self.signed_in()?.clone();
        let actor = self.actor()?.label;
        self.write(|tx| {
            let mut review = stored_review(tx, request.id)?;
            if review.state != ReviewState::InReview {
                return Err(ApiError::conflict(format!(
                    "Review {} is {}; sign-offs are given while it is in review.",
                    review.id,
                    review.state.label().to_lowercase()
                )));
            }
            check_length("comment", &request.comment, REVIEW_TEXT_MAX_CHARS)?;
            if request.return_for_changes {
                if request.comment.trim().is_empty() {
                    return Err(ApiError::validation(
                        "comment",
                        "Say what must change before the review can go on.",
                    ));
                }
                review.returns.push(ReturnForChanges {
                    by: caller.name.clone(),
                    at: now,
                    comment: request.comment.trim().to_owned(),
                });
                // Sign-offs given so far were for the state being changed.
                review.signoffs = review.signoffs.iter().map(|s| open_signoff(s.role.clone())).collect();
                let from = review.state;
                review.state = ReviewState::WaitingOnTeam;
                review.updated_at = now;
                store::update(tx, &review).map_err(db_error)?;
                let event = ReviewEvent {
                    at: now,
                    from: Some(from),
                    to: review.state,
                    by: actor.clone(),
                    note: request.comment.trim().to_owned(),
                };
                store::add_event(tx, review.id, &event).map_err(db_error)?;
                return tx.audit(
                    AuditEntity::Review,
                    &review.id.to_string(),
                    AuditAction::ReturnForChanges,
                    None,
                    review.returns.last(),
                );
            }
            let is_chair = caller.can(Permission::Chair);
            let role = request.role.as_deref().map(|r| r.trim().to_lowercase());
            let slot = match role.as_deref() {
                Some(role) => review.signoffs.iter().position(|s| s.role == role).ok_or_else(|| {
                    let roles: Vec<&str> = review.signoffs.iter().map(|s| s.role.as_str()).collect();
                    ApiError::validation(
                        "role",
                        format!(
                            "Review {} asks for no `{role}` sign-off; it asks for {}.",
                            review.id,
                            roles.join(", ")
                        ),
                    )
                })?,
                None => review
                    .signoffs
                    .iter()
                    .position(|s| s.signed_by.is_none() && (s.role != "chair" || is_chair))
                    .ok_or_else(|| {
                        ApiError::conflict(format!(
                            "Review {} has no sign-off left for {} to give.",
                            review.id, caller.name
                        ))
                    })?,
            };
            if review.signoffs[slot].role == "chair" && !is_chair {
                return Err(ApiError::forbidden(format!(
                    "The chair's sign-off needs the chair or owner role; {} has neither.",
                    caller.name
                )));
            }
            if let Some(by) = &review.signoffs[slot].signed_by {
                return Err(ApiError::conflict(format!(
                    "The {} sign-off was already given by {by}.",
                    review.signoffs[slot].role
                )));
            }
            let already =
                review.signoffs.iter().find(|s| s.signed_by.as_deref() == Some(caller.name.as_str()));
            if let Some(other) = already
                && other_reviewers_exist(tx, caller.user_id)?
            {
                return Err(ApiError::conflict(format!(
                    "{} already signed as {}; each sign-off is given by a different person.",
                    caller.name, other.role
                )));
            }
            review.signoffs[slot].signed_by = Some(caller.name.clone());
            review.signoffs[slot].signed_at = Some(now);
            review.signoffs[slot].comment = request.comment.trim().to_owned();
            touch(tx, &mut review, now)?;
            tx.audit(
                AuditEntity::Review,
                &review.id.to_string(),
                AuditAction::SignOff,
                None,
                Some(&review.signoffs[slot]),
            )
        })?;
        self.review_load(request.id)
    }

    pub fn review_signoffs_set(&mut self, request: SignOffsChange) -> Result<Review, ApiError> {
        let now = self.now();
        self.write(|tx| {
            let mut review = stored_review(tx, request.id)?;
            if matches!(review.state, ReviewState::Decided | ReviewState::Closed) {
                return Err(ApiError::conflict(format!(
                    "Review {} is decided; reopen it to change its sign-offs.",
                    review.id
                )));
            }
            let roles = clean_roles(request.roles.clone())?;
            let before = review.signoffs.clone();
            review.signoffs = roles
                .into_iter()
                .map(|role| {
                    before.iter().find(|s| s.role == role).cloned().unwrap_or_else(|| open_signoff(role))
                })
                .collect();
            touch(tx, &mut review, now)?;
            tx.audit(
                AuditEntity::Review,
                &review.id.to_string(),
                AuditAction::Update,
                Some(&before),
                Some(&review.signoffs),
            )
        })?;
        self.review_load(request.id)
    }

    pub fn review_decide(&mut self, request: DecisionRequest) -> Result<Review, ApiError> {
        let now = self.now();
        let chair = self.signed_in()?.name.clone();
        let actor = self.actor()?.label;
        self.write(|tx| {
            let mut review = stored_review(tx, request.id)?;
            if review.state != ReviewState::InReview {
                return Err(ApiError::conflict(format!(
                    "Review {} is {}; a decision is made while it is in review.",
                    review.id,
                    review.state.label().to_lowercase()
                )));
            }
            let missing: Vec<&str> =
                review.signoffs.iter().filter(|s| s.signed_by.is_none()).map(|s| s.role.as_str()).collect();
            if !missing.is_empty() {
                return Err(ApiError::conflict(format!(
                    "Review {} still needs the sign-off of {}.",
                    review.id,
                    missing.join(", ")
                )));
            }
            if request.rationale.trim().is_empty() {
                return Err(ApiError::validation("rationale", "A decision needs its rationale."));
            }
            check_length("rationale", &request.rationale, REVIEW_TEXT_MAX_CHARS)?;
            match (request.outcome, request.conditions.is_empty()) {
                (DecisionOutcome::ApproveWithConditions, true) => {
                    return Err(ApiError::validation(
                        "conditions",
                        "Approval with conditions names at least one condition.",
                    ));
                }
                (DecisionOutcome::Approve | DecisionOutcome::Reject, false) => {
                    return Err(ApiError::validation(
                        "conditions",
                        format!(
                            "Conditions go with approve-with-conditions, not {}.",
                            request.outcome.as_str()
                        ),
                    ));
                }
                _ => {}
            }
            let first_id = review.conditions.iter().map(|c| c.id).max().unwrap_or(0) + 1;
            for (index, condition) in request.conditions.iter().enumerate() {
                let next_id = first_id + index as u32;
                if condition.text.trim().is_empty() {
                    return Err(ApiError::validation(
                        "conditions",
                        format!("Condition {} has no text.", index + 1),
                    ));
                }
                if let Some(owner) = condition.owner.as_deref() {
                    check_user(tx, owner, "conditions")?;
                }
                review.conditions.push(Condition {
                    id: next_id,
                    text: condition.text.trim().to_owned(),
                    owner: condition
                        .owner
                        .as_deref()
                        .map(str::trim)
                        .filter(|o| !o.is_empty())
                        .map(str::to_owned),
                    due: condition.due,
                    created_at: now,
                    closed_at: None,
                    closing_evidence: String::new(),
                });
            }
            let decision = ReviewDecision {
                adr: None,
                outcome: request.outcome,
                rationale: request.rationale.trim().to_owned(),
                decided_by: chair.clone(),
                decided_at: now,
            };
            review.decisions.push(decision.clone());
            let from = review.state;
            review.state = ReviewState::Decided;
            review.updated_at = now;
            store::update(tx, &review).map_err(db_error)?;
            let event = ReviewEvent {
                at: now,
                from: Some(from),
                to: ReviewState::Decided,
                by: actor.clone(),
                note: request.outcome.label().to_owned(),
            };
            store::add_event(tx, review.id, &event).map_err(db_error)?;
            let after = serde_json::json!({"decision": decision, "conditions": review.conditions});
            tx.audit(AuditEntity::Review, &review.id.to_string(), AuditAction::Decide, None, Some(&after))
        })?;
        self.review_load(request.id)
    }

    pub fn review_record_adr(&mut self, request: ReviewRef) -> Result<Review, ApiError> {
        let now = self.now();
        let current = self.review_load(request.id)?;
        self.write(|tx| {
            let mut review = stored_review(tx, request.id)?;
            let Some(decision) = review.decisions.last().cloned() else {
                return Err(ApiError::conflict(format!(
                    "Review {} has no decision to record yet.",
                    review.id
                )));
            };
            if let Some(adr) = decision.adr {
                return Err(ApiError::conflict(format!(
                    "Review {}'s decision is already recorded as {}.",
                    review.id,
                    super::adr::reference_of(tx, adr)?
                )));
            }
            let status = match decision.outcome {
                DecisionOutcome::Reject => AdrStatus::Rejected,
                _ => AdrStatus::Accepted,
            };
            let new = NewAdr {
                title: format!(
                    "{} {}: {}",
                    current.kind.label(),
                    decision.outcome.label().to_lowercase(),
                    current.system_name
                ),
                collection: None,
                body_markdown: Some(report::decision_adr_body(&current, &decision)),
                date: Some(calendar::BoardCalendar::read(tx)?.local_date(decision.decided_at)),
                deciders: vec![decision.decided_by.clone()],
                consulted: current
                    .signoffs
                    .iter()
                    .filter_map(|s| s.signed_by.clone())
                    .filter(|n| n != &decision.decided_by)
                    .collect(),
                informed: vec![],
                tags: vec!["review".into(), current.kind.as_str().into()],
                revisit_by: None,
            };
            let adr = super::adr::create_in(tx, new, status, now)?;
            let system = archboard_db::people::system(tx, &review.system_key).map_err(db_error)?;
            if let Some(system) = system {
                let mut decisions = system.decisions.clone();
                decisions.push(adr);
                archboard_db::people::set_system_decisions(tx, &system.key, &decisions).map_err(db_error)?;
            }
            review.adr_id = Some(adr);
            if let Some(current) = review.decisions.last_mut() {
                current.adr = Some(adr);
            }
            touch(tx, &mut review, now)?;
            tx.audit(AuditEntity::Review, &review.id.to_string(), AuditAction::RecordAdr, None, Some(&adr))
        })?;
        self.review_load(request.id)
    }

    pub fn review_condition_close(&mut self, request: ConditionClose) -> Result<Review, ApiError> {
        let now = self.now();
        self.write(|tx| {
            let mut review = stored_review(tx, request.id)?;
            let Some(condition) = review.conditions.iter_mut().find(|c| c.id == request.condition) else {
                return Err(ApiError::not_found(format!(
                    "Review {} has no condition {}.",
                    request.id, request.condition
                )));
            };
            if condition.closed_at.is_some() {
                return Err(ApiError::conflict(format!("Condition {} is already closed.", condition.id)));
            }
            if request.evidence.trim().is_empty() {
                return Err(ApiError::validation(
                    "evidence",
                    "Closing a condition needs the evidence that it is met.",
                ));
            }
            check_length("evidence", &request.evidence, REVIEW_TEXT_MAX_CHARS)?;
            condition.closed_at = Some(now);
            condition.closing_evidence = request.evidence.trim().to_owned();
            let closed = condition.clone();
            touch(tx, &mut review, now)?;
            tx.audit(
                AuditEntity::Review,
                &review.id.to_string(),
                AuditAction::ConditionClose,
                None,
                Some(&closed),
            )
        })?;
        self.review_load(request.id)
    }

    pub fn review_milestone(&mut self, request: MilestoneRequest) -> Result<Review, ApiError> {
        let now = self.now();
        let by = self.signed_in()?.name.clone();
        self.write(|tx| take_milestone(tx, request.id, request.name.trim(), &by, now).map(|_| ()))?;
        self.review_load(request.id)
    }

    pub fn review_compare(&mut self, request: CompareRequest) -> Result<MilestoneComparison, ApiError> {
        let conn = self.db.conn();
        let from = milestone(conn, request.id, &request.from)?;
        let to = match request.to.as_deref() {
            Some(name) => milestone(conn, request.id, name)?,
            None => self.review_load(request.id)?,
        };
        Ok(compare(&request.from, request.to.as_deref().unwrap_or("now"), &from, &to))
    }

    pub fn review_upgrade_preview(&mut self, request: UpgradeRequest) -> Result<TemplateUpgrade, ApiError> {
        let conn = self.db.conn();
        let review = stored_review(conn, request.id)?;
        let items = store::items(conn, review.id).map_err(db_error)?;
        Ok(plan_upgrade(conn, &review, &items, &request.template)?.0)
    }

    pub fn review_upgrade(&mut self, request: UpgradeRequest) -> Result<Review, ApiError> {
        let now = self.now();
        let by = self.signed_in()?.name.clone();
        self.write(|tx| {
            let mut review = open_for_answers(tx, request.id)?;
            let items = store::items(tx, review.id).map_err(db_error)?;
            let (plan, next_items, checklist) = plan_upgrade(tx, &review, &items, &request.template)?;
            if plan.from_version == plan.to_version {
                return Err(ApiError::conflict(format!(
                    "`{}` is already at version {} in review {}.",
                    plan.template, plan.to_version, review.id
                )));
            }
            let base = format!("before {} v{}", plan.template, plan.to_version);
            let mut name = base.clone();
            let mut n = 1;
            while store::milestone_snapshot(tx, review.id, &name).map_err(db_error)?.is_some() {
                n += 1;
                name = format!("{base} ({n})");
            }
            take_milestone(tx, review.id, &name, &by, now)?;
            store::replace_items(tx, review.id, &next_items).map_err(db_error)?;
            for template in review.templates.iter_mut().filter(|t| t.key == plan.template) {
                *template = copied(&checklist);
            }
            review.sections = sections_of(&next_items);
            touch(tx, &mut review, now)?;
            tx.audit(AuditEntity::Review, &review.id.to_string(), AuditAction::Upgrade, None, Some(&plan))
        })?;
        self.review_load(request.id)
    }

    pub fn review_backlog(&mut self, query: BacklogQuery) -> Result<Vec<BacklogItem>, ApiError> {
        let reviews = self.all_reviews()?;
        let calendar = calendar::BoardCalendar::read(self.db.conn())?;
        Ok(backlog::collect(&reviews, &query, calendar.local_date(self.now()), |at| calendar.local_date(at)))
    }

    pub fn review_backlog_export(&mut self, request: BacklogExportRequest) -> Result<ExportedFile, ApiError> {
        let items = self.review_backlog(request.query)?;
        backlog::export(&items, request.format)
    }

    pub fn review_report(&mut self, request: ReportRequest) -> Result<ExportedFile, ApiError> {
        let conn = self.db.conn();
        let calendar = calendar::BoardCalendar::read(conn)?;
        // A milestone's report reads as of the milestone: its backlog ages and overdue flags too.
        let (review, as_of) = match request.milestone.as_deref() {
            Some(name) => {
                let taken = store::milestones(conn, request.id)
                    .map_err(db_error)?
                    .into_iter()
                    .find(|(n, ..)| n == name.trim())
                    .map(|(_, at, _)| at)
                    .unwrap_or_else(|| self.now());
                (milestone(conn, request.id, name)?, taken)
            }
            None => (self.review_load(request.id)?, self.now()),
        };
        let backlog: Vec<BacklogItem> = backlog::collect(
            std::slice::from_ref(&review),
            &BacklogQuery { include_closed: true, ..BacklogQuery::default() },
            calendar.local_date(as_of),
            |at| calendar.local_date(at),
        );
        Ok(report::render(&review, request.milestone.as_deref(), &backlog, request.format))
    }

    pub fn review_settings(&mut self, _: Empty) -> Result<ReviewSettings, ApiError> {
        Ok(calendar::BoardCalendar::read(self.db.conn())?.settings())
    }

    pub fn review_settings_update(
        &mut self,
        request: ReviewSettingsChange,
    ) -> Result<ReviewSettings, ApiError> {
        self.write(|tx| {
            let before = calendar::BoardCalendar::read(tx)?.settings();
            calendar::write_settings(tx, &request.time_zone, &request.sla_days)?;
            let after = calendar::BoardCalendar::read(tx)?.settings();
            tx.audit(
                AuditEntity::ReviewSettings,
                "calendar",
                AuditAction::Update,
                Some(&before),
                Some(&after),
            )
        })?;
        self.review_settings(Empty {})
    }

    pub fn review_holidays_import(&mut self, request: HolidayImport) -> Result<ReviewSettings, ApiError> {
        let days = calendar::parse_holidays(request.file_name.trim(), &request.text)?;
        self.write(|tx| {
            let before = store::holidays(tx).map_err(db_error)?;
            store::put_holidays(tx, &days, request.replace).map_err(db_error)?;
            let after = store::holidays(tx).map_err(db_error)?;
            tx.audit(
                AuditEntity::ReviewSettings,
                "holidays",
                AuditAction::Import,
                Some(&before),
                Some(&after),
            )
        })?;
        self.review_settings(Empty {})
    }

    fn all_reviews(&self) -> Result<Vec<Review>, ApiError> {
        let conn = self.db.conn();
        let now = self.now();
        store::all(conn).map_err(db_error)?.into_iter().map(|stored| build(conn, stored, now)).collect()
    }
}

fn summary_of(review: &Review) -> ReviewSummary {
    ReviewSummary {
        id: review.id,
        title: review.title.clone(),
        system: review.system.clone(),
        system_name: review.system_name.clone(),
        team: review.team.clone(),
        tier: review.tier,
        kind: review.kind,
        state: review.state,
        outcome: review.current_decision().map(|d| d.outcome),
        items: review.summary.total,
        answered: review.summary.answered,
        open_high_risks: review.open_high_risks,
        sla: review.sla.clone(),
        flagged: !review.flags.is_empty(),
        updated_at: review.updated_at,
    }
}

fn stored_review(conn: &Connection, id: ReviewId) -> Result<StoredReview, ApiError> {
    store::get(conn, id)
        .map_err(db_error)?
        .ok_or_else(|| ApiError::not_found(format!("There is no review {id} on this board.")))
}

/// The review, when its items may still change.
fn open_for_answers(conn: &Connection, id: ReviewId) -> Result<StoredReview, ApiError> {
    let review = stored_review(conn, id)?;
    if !review.state.is_open_for_answers() {
        return Err(ApiError::conflict(format!("Review {id} is closed; reopen it to change its items.")));
    }
    Ok(review)
}

/// An item by its key, or by `template#key`; an unknown key is refused with the nearest keys.
fn find_item<'a>(items: &'a [StoredItem], key: &str) -> Result<&'a StoredItem, ApiError> {
    let key = key.trim();
    items
        .iter()
        .find(|i| i.key == key)
        .or_else(|| items.iter().find(|i| format!("{}#{}", i.template, i.question.key) == key))
        .ok_or_else(|| {
            let near: Vec<&str> = items
                .iter()
                .map(|i| i.key.as_str())
                .filter(|k| k.contains(key) || key.contains(*k))
                .take(5)
                .collect();
            let hint =
                if near.is_empty() { String::new() } else { format!(" Did you mean {}?", near.join(", ")) };
            ApiError::validation("item", format!("The review has no item `{key}`.{hint}"))
        })
}

fn checklist(conn: &Connection, key: &str) -> Result<Checklist, ApiError> {
    match archboard_db::catalog::get(conn, key).map_err(db_error)?.map(|s| s.item) {
        Some(CatalogItem::Checklist(checklist)) => Ok(checklist),
        Some(other) => Err(ApiError::validation(
            "templates",
            format!("`{key}` is a {}, not a checklist.", other.kind().as_str()),
        )),
        None => {
            Err(ApiError::validation("templates", format!("There is no checklist `{key}` in the catalog.")))
        }
    }
}

fn copied(checklist: &Checklist) -> CopiedTemplate {
    CopiedTemplate {
        key: checklist.key.clone(),
        name: checklist.name.clone(),
        version: checklist.version,
        sections: checklist.sections.clone(),
        scoring: checklist.scoring,
    }
}

fn sections_of(items: &[StoredItem]) -> Vec<String> {
    let mut sections: Vec<String> = Vec::new();
    for item in items {
        if !sections.contains(&item.question.section) {
            sections.push(item.question.section.clone());
        }
    }
    sections
}

fn open_signoff(role: String) -> SignOff {
    SignOff { role, signed_by: None, signed_at: None, comment: String::new() }
}

fn clean_roles(roles: Vec<String>) -> Result<Vec<String>, ApiError> {
    let mut out: Vec<String> = Vec::new();
    for role in roles {
        let role = role.trim().to_lowercase();
        if role.is_empty() {
            continue;
        }
        if role.chars().count() > ROLE_MAX_CHARS
            || !role.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            return Err(ApiError::validation(
                "signoffs",
                format!(
                    "`{role}` is not a sign-off name: use up to {ROLE_MAX_CHARS} letters, digits and dashes (e.g. sre)."
                ),
            ));
        }
        if !out.contains(&role) {
            out.push(role);
        }
    }
    if out.is_empty() {
        return Err(ApiError::validation(
            "signoffs",
            "A review needs at least one sign-off (usually the chair's).",
        ));
    }
    Ok(out)
}

fn check_length(field: &'static str, text: &str, max: usize) -> Result<(), ApiError> {
    let chars = text.chars().count();
    if chars > max {
        return Err(ApiError::validation(
            field,
            format!("The {field} is {chars} characters long; at most {max} are accepted."),
        ));
    }
    Ok(())
}

fn check_user(conn: &Connection, name: &str, field: &'static str) -> Result<(), ApiError> {
    let name = name.trim();
    if name.is_empty() {
        return Ok(());
    }
    match archboard_db::people::user_by_name(conn, name).map_err(db_error)? {
        Some(user) if user.active => Ok(()),
        Some(_) => Err(ApiError::validation(field, format!("{name} has been deactivated on this board."))),
        None => Err(ApiError::validation(field, format!("There is no user `{name}` on this board."))),
    }
}

/// Whether someone other than `user_id` could give a review sign-off: a board of one person
/// lets them sign every role.
fn other_reviewers_exist(conn: &Connection, user_id: i64) -> Result<bool, ApiError> {
    Ok(archboard_db::people::list_users(conn)
        .map_err(db_error)?
        .iter()
        .any(|u| u.id != user_id && u.can(Permission::Review)))
}

fn touch(tx: &Change<'_>, review: &mut StoredReview, now: DateTime<Utc>) -> Result<(), ApiError> {
    review.updated_at = now;
    store::update(tx, review).map_err(db_error)
}

fn take_milestone(
    tx: &Change<'_>,
    id: ReviewId,
    name: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    if name.is_empty() || name.eq_ignore_ascii_case("now") {
        return Err(ApiError::validation(
            "name",
            "Name the milestone (any name but `now`, which means the review as it is).",
        ));
    }
    check_length("name", name, TITLE_MAX_CHARS)?;
    let review = build(tx, stored_review(tx, id)?, now)?;
    let snapshot = serde_json::to_string(&review)
        .map_err(|e| ApiError::internal(format!("cannot freeze review {id}: {e}")))?;
    let milestone = store::StoredMilestone {
        name: name.to_owned(),
        created_at: now,
        created_by: by.to_owned(),
        snapshot,
    };
    if !store::add_milestone(tx, id, &milestone).map_err(db_error)? {
        return Err(ApiError::conflict(format!("Review {id} already has a milestone named `{name}`.")));
    }
    tx.audit(AuditEntity::Review, &id.to_string(), AuditAction::Milestone, None, Some(&name))
}

fn milestone(conn: &Connection, id: ReviewId, name: &str) -> Result<Review, ApiError> {
    let snapshot = store::milestone_snapshot(conn, id, name.trim()).map_err(db_error)?.ok_or_else(|| {
        let known: Vec<String> =
            store::milestones(conn, id).map(|m| m.into_iter().map(|(n, ..)| n).collect()).unwrap_or_default();
        let listed = if known.is_empty() {
            "it has none yet".to_owned()
        } else {
            format!("it has {}", known.join(", "))
        };
        ApiError::not_found(format!("Review {id} has no milestone `{}`; {listed}.", name.trim()))
    })?;
    serde_json::from_str(&snapshot)
        .map_err(|e| ApiError::internal(format!("milestone `{name}` of review {id} is damaged: {e}")))
}

/// Item by item: what changed between two states of a review.
pub(crate) fn compare(from_name: &str, to_name: &str, from: &Review, to: &Review) -> MilestoneComparison {
    let before: HashMap<&str, &archboard_types::review::ReviewItem> =
        from.items.iter().map(|i| (i.key.as_str(), i)).collect();
    let after: HashMap<&str, &archboard_types::review::ReviewItem> =
        to.items.iter().map(|i| (i.key.as_str(), i)).collect();
    let mut changes = Vec::new();
    let mut unchanged = 0;
    for item in &to.items {
        let old = before.get(item.key.as_str());
        let same = old
            .is_some_and(|o| o.status == item.status && o.risk == item.risk && o.evidence == item.evidence);
        if same {
            unchanged += 1;
            continue;
        }
        changes.push(ItemChange {
            key: item.key.clone(),
            section: item.section.clone(),
            prompt: item.prompt.clone(),
            from_status: old.map(|o| o.status),
            to_status: Some(item.status),
            from_risk: old.map(|o| o.risk),
            to_risk: Some(item.risk),
            evidence_changed: old.is_none_or(|o| o.evidence != item.evidence),
        });
    }
    for item in from.items.iter().filter(|i| !after.contains_key(i.key.as_str())) {
        changes.push(ItemChange {
            key: item.key.clone(),
            section: item.section.clone(),
            prompt: item.prompt.clone(),
            from_status: Some(item.status),
            to_status: None,
            from_risk: Some(item.risk),
            to_risk: None,
            evidence_changed: false,
        });
    }
    MilestoneComparison {
        from: from_name.to_owned(),
        to: to_name.to_owned(),
        from_counts: from.summary.counts,
        to_counts: to.summary.counts,
        delta: to.summary.counts.delta(&from.summary.counts),
        changes,
        unchanged,
    }
}

/// What upgrading `template` to the catalog's version does, and the items after it: items the
/// template did not change keep their answers, changed ones start unanswered, new ones are
/// added at the template's tier, removed ones go.
fn plan_upgrade(
    conn: &Connection,
    review: &StoredReview,
    items: &[StoredItem],
    template: &str,
) -> Result<(TemplateUpgrade, Vec<StoredItem>, Checklist), ApiError> {
    let template = template.trim();
    let copied = review.templates.iter().find(|t| t.key == template).ok_or_else(|| {
        let used: Vec<&str> = review.templates.iter().map(|t| t.key.as_str()).collect();
        ApiError::validation(
            "template",
            format!("Review {} was not started from `{template}`; it uses {}.", review.id, used.join(", ")),
        )
    })?;
    let current = checklist(conn, template)?;
    let applicable: Vec<&ChecklistItem> =
        current.items.iter().filter(|i| i.tiers.contains(&review.tier)).collect();
    let mut plan = TemplateUpgrade {
        template: template.to_owned(),
        from_version: copied.version,
        to_version: current.version,
        added: vec![],
        removed: vec![],
        changed: vec![],
        carried: 0,
    };
    let mut next: Vec<StoredItem> = Vec::new();
    for item in items {
        if item.template != template {
            next.push(item.clone());
            continue;
        }
        match applicable.iter().find(|q| q.key == item.question.key) {
            Some(question) if **question == item.question => {
                plan.carried += 1;
                next.push(StoredItem { template_version: current.version, ..item.clone() });
            }
            Some(question) => {
                plan.changed.push(item.key.clone());
                // The question is not the one answered: keep who owns it, not the answer.
                let answer = StoredAnswer {
                    owner: item.answer.owner.clone(),
                    due: item.answer.due,
                    ..StoredAnswer::default()
                };
                next.push(StoredItem {
                    template_version: current.version,
                    question: (*question).clone(),
                    answer,
                    ..item.clone()
                });
            }
            None => plan.removed.push(item.key.clone()),
        }
    }
    for question in applicable {
        if items.iter().any(|i| i.template == template && i.question.key == question.key) {
            continue;
        }
        let clash = next.iter().any(|i| i.key == question.key);
        let key = if clash { format!("{template}#{}", question.key) } else { question.key.clone() };
        plan.added.push(key.clone());
        next.push(StoredItem {
            key,
            template: template.to_owned(),
            template_version: current.version,
            question: question.clone(),
            answer: StoredAnswer::default(),
        });
    }
    Ok((plan, next, current))
}
