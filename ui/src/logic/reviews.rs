//! The Reviews pages' pure logic: their URLs and list filters, how the engine's SLA status
//! reads, the working view's item order and keys, the item answer form (draft → `ItemAnswer`),
//! decision conditions, the settings form and which templates fit a system's tier. Every rule
//! about reviews stays in archboard-types and the engine; this only shapes what they say.

use crate::logic::lists::parse_date;
use crate::logic::query_string::build;
use archboard_types::catalog::{Checklist, GapRisk, LensChoice, RiskTier};
use archboard_types::review::{
    ItemAnswer, ItemStatus, NewCondition, NotApplicableReason, ReviewId, ReviewItem, ReviewKind,
    ReviewListQuery, ReviewState, RiskOverride, SlaStatus, check_answer, status_of_score,
};

pub const REVIEWS_PATH: &str = "/reviews";
pub const BACKLOG_PATH: &str = "/reviews/backlog";
pub const SETTINGS_PATH: &str = "/reviews/settings";
pub const LENSES_PATH: &str = "/reviews/lenses";
pub const NEW_REVIEW_PATH: &str = "/reviews/new";

/// The working view of one review (`/reviews/7`).
pub fn review_path(id: ReviewId) -> String {
    format!("{REVIEWS_PATH}/{id}")
}

/// The working view with one item selected (`/reviews/7?item=runbook`), so Back and reload
/// keep the place.
pub fn review_item_path(id: ReviewId, item: Option<&str>) -> String {
    format!("{}{}", review_path(id), build(&[("item", item.unwrap_or_default().to_owned())]))
}

/// The comparison of milestone `from` with milestone `to`, or with now when `to` is absent.
pub fn review_compare_path(id: ReviewId, from: &str, to: Option<&str>) -> String {
    format!(
        "{}/compare{}",
        review_path(id),
        build(&[("from", from.to_owned()), ("to", to.unwrap_or_default().to_owned())])
    )
}

/// A review number from the URL, or why it is not one.
pub fn parse_review_id(text: &str) -> Result<ReviewId, String> {
    text.trim().parse::<ReviewId>().map_err(|_| format!("`{text}` is not a review number."))
}

/// The review list's place: `/reviews?state=…&system=…&team=…`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReviewListParams {
    pub state: Option<ReviewState>,
    pub system: String,
    pub team: String,
    /// Values in the URL that mean nothing, said to the user.
    pub problems: Vec<String>,
}

impl ReviewListParams {
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        let mut params = ReviewListParams {
            system: get("system").unwrap_or_default(),
            team: get("team").unwrap_or_default(),
            ..Default::default()
        };
        if let Some(text) = get("state").filter(|s| !s.is_empty()) {
            match text.parse() {
                Ok(state) => params.state = Some(state),
                Err(message) => params.problems.push(message),
            }
        }
        params
    }

    pub fn to_query(&self) -> String {
        build(&[
            ("state", self.state.map(|s| s.as_str().to_owned()).unwrap_or_default()),
            ("system", self.system.clone()),
            ("team", self.team.clone()),
        ])
    }

    pub fn filtered(&self) -> bool {
        self.state.is_some() || !self.system.trim().is_empty() || !self.team.trim().is_empty()
    }

    /// The `review_list` request these filters make.
    pub fn list_query(&self) -> ReviewListQuery {
        ReviewListQuery { system: non_empty(&self.system), team: non_empty(&self.team), state: self.state }
    }
}

/// How an SLA status is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaTone {
    /// The clock has not started (a draft).
    Idle,
    Running,
    Paused,
    Breached,
    Met,
    Missed,
}

impl SlaTone {
    /// The CSS class suffix (`sla-breached`).
    pub fn as_str(self) -> &'static str {
        match self {
            SlaTone::Idle => "idle",
            SlaTone::Running => "running",
            SlaTone::Paused => "paused",
            SlaTone::Breached => "breached",
            SlaTone::Met => "met",
            SlaTone::Missed => "missed",
        }
    }
}

fn business_days(count: i64) -> String {
    if count.abs() == 1 { format!("{count} business day") } else { format!("{count} business days") }
}

/// The engine's SLA status in words, with its tone: "Due 2026-12-14 · 4 business days left",
/// "Paused (waiting on the team) · …", "Breached: due …", "Met: decided … after 6 of 10 …".
pub fn sla_summary(sla: &SlaStatus) -> (String, SlaTone) {
    if sla.started_on.is_none() {
        return (
            format!("Not started ({} once in review)", business_days(sla.business_days.into())),
            SlaTone::Idle,
        );
    }
    let due = sla.due_on.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
    let used = format!("{} of {}", sla.used, business_days(sla.business_days.into()));
    match sla.met {
        Some(met) => {
            let decided = sla.decided_on.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
            let (word, tone) = if met { ("Met", SlaTone::Met) } else { ("Missed", SlaTone::Missed) };
            (format!("{word}: decided {decided} after {used}"), tone)
        }
        None if sla.breached => {
            let paused = if sla.paused { " · paused" } else { "" };
            (format!("Breached: due {due}, {used} used{paused}"), SlaTone::Breached)
        }
        None => {
            let left = sla.days_left.map(|d| format!(" · {} left", business_days(d))).unwrap_or_default();
            if sla.paused {
                (format!("Paused (waiting on the team) · due {due}{left}"), SlaTone::Paused)
            } else {
                (format!("Due {due}{left}"), SlaTone::Running)
            }
        }
    }
}

/// The item keys in the order the working view lists them: by section in the review's section
/// order, then any section the list of sections does not name, in the order first seen.
pub fn items_by_section(sections: &[String], items: &[ReviewItem]) -> Vec<(String, Vec<String>)> {
    let mut groups: Vec<(String, Vec<String>)> = sections.iter().map(|s| (s.clone(), Vec::new())).collect();
    for item in items {
        match groups.iter_mut().find(|(section, _)| *section == item.section) {
            Some((_, keys)) => keys.push(item.key.clone()),
            None => groups.push((item.section.clone(), vec![item.key.clone()])),
        }
    }
    groups.retain(|(_, keys)| !keys.is_empty());
    groups
}

/// The key `j` (forward) or `k` (back) selects from `current` in `keys`: the first (or last)
/// when none is selected, and no move past either end.
pub fn step_key(keys: &[String], current: Option<&str>, forward: bool) -> Option<String> {
    let position = current.and_then(|key| keys.iter().position(|k| k == key));
    let next = match (position, forward) {
        (None, true) => 0,
        (None, false) => keys.len().checked_sub(1)?,
        (Some(at), true) => (at + 1).min(keys.len() - 1),
        (Some(at), false) => at.saturating_sub(1),
    };
    keys.get(next).cloned()
}

/// The status keys 1–5 set (`ItemStatus::KEYED`).
pub fn status_for_key(key: &str) -> Option<ItemStatus> {
    let digit = key.parse::<usize>().ok()?;
    ItemStatus::KEYED.get(digit.checked_sub(1)?).copied()
}

/// The key that sets `status`, for the buttons' titles.
pub fn key_for_status(status: ItemStatus) -> Option<usize> {
    ItemStatus::KEYED.iter().position(|s| *s == status).map(|index| index + 1)
}

/// The ML Test Score rubric's values, as the buttons offer them.
pub const ML_SCORES: [f64; 3] = [0.0, 0.5, 1.0];

/// The score a status stands for on a scored item: the inverse of `status_of_score` on the
/// rubric's three values; none for not applicable or unanswered.
pub fn score_for_status(status: ItemStatus) -> Option<f64> {
    ML_SCORES.into_iter().find(|score| status_of_score(*score) == status)
}

/// A risk override's risk as the select writes it (`GapRisk::label`).
pub fn parse_gap_risk(text: &str) -> Option<GapRisk> {
    [GapRisk::High, GapRisk::Medium].into_iter().find(|risk| risk.label() == text.trim())
}

/// One item's answer as the form holds it: text fields as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemDraft {
    /// `None` for a lens item whose status follows its choices.
    pub status: Option<ItemStatus>,
    pub evidence: String,
    pub notes: String,
    pub not_applicable_reason: Option<NotApplicableReason>,
    pub choices: Vec<String>,
    pub score: Option<f64>,
    /// A user's name; empty for nobody.
    pub owner: String,
    /// `YYYY-MM-DD` or empty.
    pub due: String,
    pub override_risk: Option<GapRisk>,
    pub override_reason: String,
}

impl ItemDraft {
    /// The typed texts, as the engine keeps them (trimmed).
    fn texts(&self) -> [&str; 3] {
        [self.evidence.trim(), self.notes.trim(), self.override_reason.trim()]
    }

    /// The draft to show when the stored answer of the open item changes from `base` to
    /// `incoming` while the person has `self` in the form: the new answer, except that typed
    /// texts not yet saved are kept when the change came from someone else (their texts differ
    /// from what was typed). Answers whether edits were kept, so the panel can say so.
    pub fn follow_stored(&self, base: &ItemDraft, incoming: ItemDraft) -> (ItemDraft, bool) {
        let typed = self.texts() != base.texts();
        let theirs = incoming.texts() != self.texts();
        if typed && theirs {
            let kept = ItemDraft {
                evidence: self.evidence.clone(),
                notes: self.notes.clone(),
                override_reason: self.override_reason.clone(),
                ..incoming
            };
            (kept, true)
        } else {
            (incoming, false)
        }
    }

    /// The answer as stored, ready to change.
    pub fn from_item(item: &ReviewItem) -> Self {
        let follows_choices =
            item.is_lens() && !item.choices.is_empty() && item.answered_status != ItemStatus::NotApplicable;
        ItemDraft {
            status: (!follows_choices).then_some(item.answered_status),
            evidence: item.evidence.clone(),
            notes: item.notes.clone(),
            not_applicable_reason: item.not_applicable_reason,
            choices: item.choices.clone(),
            score: item.score,
            owner: item.owner.clone().unwrap_or_default(),
            due: item.due.map(|d| d.to_string()).unwrap_or_default(),
            override_risk: item.risk_override.as_ref().map(|o| o.risk),
            override_reason: item.risk_override.as_ref().map(|o| o.reason.clone()).unwrap_or_default(),
        }
    }

    /// Sets the status; on a scored item the score follows it.
    pub fn set_status(&mut self, status: ItemStatus, scored: bool) {
        self.status = Some(status);
        if scored {
            self.score = score_for_status(status);
        }
    }

    /// Sets an ML Test Score; the status follows it (`status_of_score`).
    pub fn set_score(&mut self, score: f64) {
        self.score = Some(score);
        self.status = Some(status_of_score(score));
    }

    /// Ticks or unticks a lens choice. A "none of these" choice cannot go with another
    /// (`LensChoice::is_none_of_these`), so ticking one unticks the others. Unless the item is
    /// marked not applicable, its status then follows the lens's rules.
    pub fn toggle_choice(&mut self, offered: &[LensChoice], id: &str) {
        if let Some(at) = self.choices.iter().position(|c| c == id) {
            self.choices.remove(at);
        } else {
            let is_none = |choice: &str| offered.iter().any(|c| c.id == choice && c.is_none_of_these());
            if is_none(id) {
                self.choices.clear();
            } else {
                self.choices.retain(|c| !is_none(c));
            }
            self.choices.push(id.to_owned());
        }
        if self.status != Some(ItemStatus::NotApplicable) {
            self.status = None;
        }
    }

    /// What the engine will say about this answer, said early (`check_answer`); it re-checks.
    pub fn early_problem(&self, has_binding: bool) -> Option<(&'static str, String)> {
        // An exempt item's answer is edited under its exemption (the engine keeps it).
        let status = self.status.filter(|s| *s != ItemStatus::Exempt)?;
        check_answer(status, &self.evidence, &self.notes, self.not_applicable_reason, has_binding).err()
    }

    /// The `review_answer` request, or the field whose text cannot be sent and why.
    pub fn to_answer(&self, id: ReviewId, item: &str) -> Result<ItemAnswer, (&'static str, String)> {
        let due = parse_date(&self.due).map_err(|message| ("due", message))?;
        Ok(ItemAnswer {
            id,
            item: item.to_owned(),
            status: self.status,
            evidence: self.evidence.clone(),
            notes: self.notes.clone(),
            not_applicable_reason: self.not_applicable_reason,
            choices: self.choices.clone(),
            score: self.score,
            owner: non_empty(&self.owner),
            due,
            risk_override: self
                .override_risk
                .map(|risk| RiskOverride { risk, reason: self.override_reason.trim().to_owned() }),
        })
    }
}

/// A condition of a decision as its form row holds it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConditionDraft {
    pub text: String,
    pub owner: String,
    /// `YYYY-MM-DD` or empty.
    pub due: String,
}

impl ConditionDraft {
    pub fn to_condition(&self) -> Result<NewCondition, String> {
        let due = parse_date(&self.due)?;
        Ok(NewCondition { text: self.text.trim().to_owned(), owner: non_empty(&self.owner), due })
    }
}

/// The conditions a decision sends: those added, and the one still being typed (people often
/// submit without pressing Add). Rows without text are left out.
pub fn conditions_to_send(
    added: &[ConditionDraft],
    typing: &ConditionDraft,
) -> Result<Vec<NewCondition>, String> {
    added
        .iter()
        .chain(std::iter::once(typing))
        .filter(|row| !row.text.trim().is_empty())
        .map(ConditionDraft::to_condition)
        .collect()
}

/// The settings form's SLA fields (one per kind, as typed) as the request carries them.
pub fn parse_sla_days(fields: &[(ReviewKind, String)]) -> Result<Vec<(ReviewKind, u32)>, String> {
    fields
        .iter()
        .map(|(kind, text)| {
            text.trim()
                .parse::<u32>()
                .map(|days| (*kind, days))
                .map_err(|_| format!("{}: `{text}` is not a number of business days.", kind.label()))
        })
        .collect()
}

/// How many of a checklist's items apply to a system of `tier`, and how many it has: the new
/// review form offers only templates with at least one item for the system's tier.
pub fn template_fit(checklist: &Checklist, tier: RiskTier) -> (usize, usize) {
    let applicable = checklist.items.iter().filter(|item| item.tiers.contains(&tier)).count();
    (applicable, checklist.items.len())
}

/// A count's change as people read it: `+2`, `−1`, `0`.
pub fn signed(delta: i64) -> String {
    match delta {
        0 => "0".to_owned(),
        d if d > 0 => format!("+{d}"),
        d => format!("−{}", d.unsigned_abs()),
    }
}

/// The compare page's milestones from its URL: `from` is needed; an empty `to` means now.
pub fn compare_params(from: Option<String>, to: Option<String>) -> Result<(String, Option<String>), String> {
    let from = from.map(|f| f.trim().to_owned()).filter(|f| !f.is_empty());
    let to = to.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
    from.map(|from| (from, to)).ok_or_else(|| "Choose a milestone to compare from.".to_owned())
}

/// The `data-testid` suffix of an item (`item-runbook`): its key with anything but letters,
/// digits, `-`, `_` and `.` written as `_`, so a key like `tpl#runbook` still makes a plain id.
pub fn item_test_id(key: &str) -> String {
    let safe: String =
        key.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect();
    format!("item-{safe}")
}

/// The media type a saved export is offered as, by its file's extension.
pub fn export_mime(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "md" => "text/markdown",
        "html" | "htm" => "text/html",
        "csv" => "text/csv",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsaved_text_survives_someone_elses_save_but_not_ones_own() {
        let base =
            ItemDraft { evidence: "old".into(), status: Some(ItemStatus::Fail), ..ItemDraft::default() };
        let typing = ItemDraft { evidence: "new evidence ".into(), ..base.clone() };
        // Someone else changed the notes and the status: their answer, our typed evidence.
        let theirs =
            ItemDraft { notes: "from sam".into(), status: Some(ItemStatus::Partial), ..base.clone() };
        let (shown, kept) = typing.follow_stored(&base, theirs);
        assert!(kept);
        assert_eq!((shown.evidence.as_str(), shown.status), ("new evidence ", Some(ItemStatus::Partial)));
        // Our own save came back (trimmed, with a status the engine derived): take it as is.
        let ours =
            ItemDraft { evidence: "new evidence".into(), status: Some(ItemStatus::Pass), ..base.clone() };
        let (shown, kept) = typing.follow_stored(&base, ours.clone());
        assert!(!kept);
        assert_eq!(shown, ours);
        // Nothing typed: someone else's answer simply shows.
        let (shown, kept) = base.follow_stored(&base, ItemDraft { notes: "x".into(), ..base.clone() });
        assert!(!kept && shown.notes == "x");
    }
    use archboard_types::catalog::{ChecklistItem, ChecklistScoring};
    use archboard_types::review::RiskLevel;
    use chrono::NaiveDate;
    use std::collections::HashMap;

    fn map(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |key| map.get(key).cloned()
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn item(key: &str, section: &str) -> ReviewItem {
        ReviewItem {
            key: key.into(),
            template: "checklist.production-readiness".into(),
            template_version: 1,
            section: section.into(),
            prompt: format!("Is {key} done?"),
            guidance: String::new(),
            evidence_hint: String::new(),
            template_risk: GapRisk::High,
            risk_override: None,
            answered_status: ItemStatus::Unanswered,
            evidence: String::new(),
            evidence_html: String::new(),
            notes: String::new(),
            not_applicable_reason: None,
            choices: Vec::new(),
            lens_choices: Vec::new(),
            score: None,
            owner: None,
            due: None,
            bound: None,
            exemption: None,
            accepted_by: None,
            accepted_by_reference: None,
            answered_by: None,
            answered_at: None,
            gap_since: None,
            fixed_at: None,
            status: ItemStatus::Unanswered,
            risk: RiskLevel::Unanswered,
            risk_without_exemptions: RiskLevel::Unanswered,
            fired_rule: None,
            open_high_risk: false,
            status_note: None,
        }
    }

    fn choice(id: &str) -> LensChoice {
        LensChoice {
            id: id.into(),
            title: id.into(),
            description: String::new(),
            helpful_resource: None,
            improvement_plan: None,
        }
    }

    #[test]
    fn paths_name_the_review_the_item_and_the_milestones() {
        assert_eq!(review_path(7), "/reviews/7");
        assert_eq!(review_item_path(7, Some("tpl#run book")), "/reviews/7?item=tpl%23run%20book");
        assert_eq!(review_item_path(7, None), "/reviews/7");
        assert_eq!(
            review_compare_path(7, "kick-off", Some("final")),
            "/reviews/7/compare?from=kick-off&to=final"
        );
        assert_eq!(review_compare_path(7, "kick off", None), "/reviews/7/compare?from=kick%20off");
        assert_eq!(parse_review_id(" 12 "), Ok(12));
        assert!(parse_review_id("x").unwrap_err().contains("`x`"));
        assert_eq!(item_test_id("tpl#run book"), "item-tpl_run_book");
        assert_eq!(item_test_id("runbook"), "item-runbook");
    }

    #[test]
    fn list_filters_round_trip_and_unknown_states_are_reported() {
        let params = ReviewListParams::parse(map(&[
            ("state", "in-review"),
            ("system", "fraud"),
            ("team", "Platform ML"),
        ]));
        assert!(params.problems.is_empty());
        assert_eq!(params.state, Some(ReviewState::InReview));
        assert_eq!(params.to_query(), "?state=in-review&system=fraud&team=Platform%20ML");
        assert!(params.filtered());
        let query = params.list_query();
        assert_eq!((query.system.as_deref(), query.team.as_deref()), (Some("fraud"), Some("Platform ML")));
        let unknown = ReviewListParams::parse(map(&[("state", "approved"), ("team", " ")]));
        assert_eq!(unknown.state, None);
        assert!(unknown.problems[0].contains("approved"));
        assert_eq!(unknown.list_query(), ReviewListQuery::default());
        assert!(!ReviewListParams::default().filtered());
    }

    fn sla() -> SlaStatus {
        SlaStatus {
            business_days: 10,
            started_on: Some(day("2026-11-30")),
            due_on: Some(day("2026-12-14")),
            used: 6,
            days_left: Some(4),
            paused: false,
            breached: false,
            met: None,
            decided_on: None,
        }
    }

    #[test]
    fn the_sla_reads_as_the_engine_says_it() {
        let draft = SlaStatus { started_on: None, due_on: None, used: 0, days_left: None, ..sla() };
        assert_eq!(sla_summary(&draft).1, SlaTone::Idle);
        assert_eq!(sla_summary(&sla()), ("Due 2026-12-14 · 4 business days left".into(), SlaTone::Running));
        let paused = SlaStatus { paused: true, days_left: Some(1), ..sla() };
        assert_eq!(
            sla_summary(&paused).0,
            "Paused (waiting on the team) · due 2026-12-14 · 1 business day left"
        );
        assert_eq!(sla_summary(&paused).1, SlaTone::Paused);
        let late = SlaStatus { used: 12, days_left: Some(-2), breached: true, ..sla() };
        assert_eq!(
            sla_summary(&late),
            ("Breached: due 2026-12-14, 12 of 10 business days used".into(), SlaTone::Breached)
        );
        let met = SlaStatus { met: Some(true), decided_on: Some(day("2026-12-08")), ..sla() };
        assert_eq!(
            sla_summary(&met),
            ("Met: decided 2026-12-08 after 6 of 10 business days".into(), SlaTone::Met)
        );
        let missed = SlaStatus { met: Some(false), breached: true, ..met };
        assert_eq!(sla_summary(&missed).1, SlaTone::Missed);
    }

    #[test]
    fn items_group_by_section_in_the_reviews_order() {
        let sections = vec!["Operations".to_owned(), "Security".to_owned(), "Empty".to_owned()];
        let items =
            vec![item("a", "Security"), item("b", "Operations"), item("c", "Extra"), item("d", "Security")];
        let groups = items_by_section(&sections, &items);
        assert_eq!(
            groups,
            vec![
                ("Operations".to_owned(), vec!["b".to_owned()]),
                ("Security".to_owned(), vec!["a".to_owned(), "d".to_owned()]),
                ("Extra".to_owned(), vec!["c".to_owned()]),
            ]
        );
    }

    #[test]
    fn j_and_k_move_within_the_list_and_stop_at_its_ends() {
        let keys: Vec<String> = ["a", "b", "c"].map(String::from).into();
        assert_eq!(step_key(&keys, None, true).as_deref(), Some("a"));
        assert_eq!(step_key(&keys, None, false).as_deref(), Some("c"));
        assert_eq!(step_key(&keys, Some("a"), true).as_deref(), Some("b"));
        assert_eq!(step_key(&keys, Some("c"), true).as_deref(), Some("c"));
        assert_eq!(step_key(&keys, Some("a"), false).as_deref(), Some("a"));
        assert_eq!(step_key(&keys, Some("gone"), true).as_deref(), Some("a"));
        assert_eq!(step_key(&[], None, true), None);
        assert_eq!(step_key(&[], None, false), None);
    }

    #[test]
    fn keys_one_to_five_set_the_keyed_statuses() {
        assert_eq!(status_for_key("1"), Some(ItemStatus::Pass));
        assert_eq!(status_for_key("4"), Some(ItemStatus::NotApplicable));
        assert_eq!(status_for_key("5"), Some(ItemStatus::Unanswered));
        assert_eq!(status_for_key("0"), None);
        assert_eq!(status_for_key("6"), None);
        assert_eq!(status_for_key("j"), None);
        assert_eq!(key_for_status(ItemStatus::Fail), Some(3));
        assert_eq!(key_for_status(ItemStatus::Exempt), None);
    }

    #[test]
    fn scores_and_statuses_follow_each_other_on_scored_items() {
        for score in ML_SCORES {
            assert_eq!(score_for_status(status_of_score(score)), Some(score));
        }
        assert_eq!(score_for_status(ItemStatus::NotApplicable), None);
        assert_eq!(score_for_status(ItemStatus::Unanswered), None);
        let mut draft = ItemDraft::default();
        draft.set_score(0.5);
        assert_eq!((draft.status, draft.score), (Some(ItemStatus::Partial), Some(0.5)));
        draft.set_status(ItemStatus::Pass, true);
        assert_eq!(draft.score, Some(1.0));
        draft.set_status(ItemStatus::Unanswered, true);
        assert_eq!(draft.score, None);
        draft.set_status(ItemStatus::Fail, false);
        assert_eq!((draft.status, draft.score), (Some(ItemStatus::Fail), None));
    }

    #[test]
    fn a_draft_round_trips_an_answer_and_refuses_a_bad_date() {
        let mut stored = item("runbook", "Operations");
        stored.answered_status = ItemStatus::Fail;
        stored.owner = Some("ada".into());
        stored.due = Some(day("2026-12-31"));
        stored.risk_override = Some(RiskOverride { risk: GapRisk::Medium, reason: "batch only".into() });
        let mut draft = ItemDraft::from_item(&stored);
        assert_eq!((draft.owner.as_str(), draft.due.as_str()), ("ada", "2026-12-31"));
        let answer = draft.to_answer(7, "runbook").unwrap();
        assert_eq!(answer.status, Some(ItemStatus::Fail));
        assert_eq!(answer.owner.as_deref(), Some("ada"));
        assert_eq!(answer.due, Some(day("2026-12-31")));
        assert_eq!(answer.risk_override.unwrap().risk, GapRisk::Medium);
        draft.owner = " ".into();
        draft.due = "31/12/2026".into();
        assert_eq!(draft.to_answer(7, "runbook").unwrap_err().0, "due");
        draft.due.clear();
        assert_eq!(draft.to_answer(7, "runbook").unwrap().owner, None);
    }

    #[test]
    fn the_early_hint_is_the_contracts_check() {
        let mut draft = ItemDraft { status: Some(ItemStatus::Pass), ..Default::default() };
        assert_eq!(draft.early_problem(false).unwrap().0, "evidence");
        assert_eq!(draft.early_problem(true), None);
        draft.evidence = "CI run #41".into();
        assert_eq!(draft.early_problem(false), None);
        draft.status = None;
        assert_eq!(draft.early_problem(false), None);
    }

    #[test]
    fn lens_choices_keep_none_of_these_alone_and_the_status_follows_them() {
        let offered = vec![choice("q1_a"), choice("q1_b"), choice("q1_no")];
        let mut draft = ItemDraft { status: Some(ItemStatus::Fail), ..Default::default() };
        draft.toggle_choice(&offered, "q1_a");
        draft.toggle_choice(&offered, "q1_b");
        assert_eq!(draft.choices, vec!["q1_a", "q1_b"]);
        assert_eq!(draft.status, None);
        draft.toggle_choice(&offered, "q1_no");
        assert_eq!(draft.choices, vec!["q1_no"]);
        draft.toggle_choice(&offered, "q1_a");
        assert_eq!(draft.choices, vec!["q1_a"]);
        draft.toggle_choice(&offered, "q1_a");
        assert!(draft.choices.is_empty());
        let mut not_applicable = ItemDraft { status: Some(ItemStatus::NotApplicable), ..Default::default() };
        not_applicable.toggle_choice(&offered, "q1_a");
        assert_eq!(not_applicable.status, Some(ItemStatus::NotApplicable));

        let mut lens = item("q1", "Security");
        lens.lens_choices = offered;
        lens.choices = vec!["q1_a".into()];
        lens.answered_status = ItemStatus::Partial;
        assert_eq!(ItemDraft::from_item(&lens).status, None);
    }

    #[test]
    fn conditions_include_the_one_being_typed_and_skip_empty_rows() {
        let added = vec![
            ConditionDraft { text: " Add a runbook ".into(), owner: "ada".into(), due: "2026-12-31".into() },
            ConditionDraft::default(),
        ];
        let typing = ConditionDraft { text: "Page on-call".into(), ..Default::default() };
        let sent = conditions_to_send(&added, &typing).unwrap();
        assert_eq!(sent.len(), 2);
        assert_eq!(sent[0].text, "Add a runbook");
        assert_eq!(sent[0].due, Some(day("2026-12-31")));
        assert_eq!(sent[1].owner, None);
        let bad = ConditionDraft { text: "x".into(), due: "soon".into(), ..Default::default() };
        assert!(conditions_to_send(&[], &bad).unwrap_err().contains("soon"));
        assert!(conditions_to_send(&[], &ConditionDraft::default()).unwrap().is_empty());
    }

    #[test]
    fn sla_days_parse_per_kind() {
        let fields =
            vec![(ReviewKind::Architecture, " 10 ".to_owned()), (ReviewKind::MlSecurity, "5".to_owned())];
        assert_eq!(
            parse_sla_days(&fields),
            Ok(vec![(ReviewKind::Architecture, 10), (ReviewKind::MlSecurity, 5)])
        );
        let bad = vec![(ReviewKind::Custom, "ten".to_owned())];
        assert!(parse_sla_days(&bad).unwrap_err().contains("ten"));
    }

    #[test]
    fn templates_fit_a_tier_by_their_items() {
        let entry = |key: &str, tiers: Vec<RiskTier>| ChecklistItem {
            key: key.into(),
            section: "Ops".into(),
            prompt: String::new(),
            guidance: String::new(),
            evidence: String::new(),
            risk: GapRisk::High,
            tiers,
            kpis: Vec::new(),
            lens: None,
        };
        let checklist = Checklist {
            key: "checklist.x".into(),
            name: "X".into(),
            summary: String::new(),
            version: 1,
            scoring: ChecklistScoring::PassFail,
            sections: vec!["Ops".into()],
            items: vec![entry("a", vec![RiskTier::High]), entry("b", vec![RiskTier::High, RiskTier::Medium])],
            source: None,
            lens: None,
        };
        assert_eq!(template_fit(&checklist, RiskTier::High), (2, 2));
        assert_eq!(template_fit(&checklist, RiskTier::Medium), (1, 2));
        assert_eq!(template_fit(&checklist, RiskTier::Low), (0, 2));
    }

    #[test]
    fn deltas_signs_risks_and_compare_params() {
        assert_eq!((signed(2), signed(-1), signed(0)), ("+2".to_owned(), "−1".to_owned(), "0".to_owned()));
        assert_eq!(parse_gap_risk("high"), Some(GapRisk::High));
        assert_eq!(parse_gap_risk(""), None);
        assert_eq!(compare_params(Some("a".into()), Some(" ".into())), Ok(("a".into(), None)));
        assert_eq!(compare_params(Some("a".into()), Some("b".into())), Ok(("a".into(), Some("b".into()))));
        assert!(compare_params(None, Some("b".into())).is_err());
        assert_eq!(export_mime("R7-report.HTML"), "text/html");
        assert_eq!(export_mime("backlog.csv"), "text/csv");
        assert_eq!(export_mime("lens.json"), "application/json");
        assert_eq!(export_mime("report.md"), "text/markdown");
        assert_eq!(export_mime("README"), "application/octet-stream");
    }
}
