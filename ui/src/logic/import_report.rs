//! The folder import's choices and how its report reads: which collection the files go into
//! (an existing one or a new one, named with the contract's `validate_collection_name`), the
//! date order to read them with, the summary line, and each file's notes sorted into warnings
//! (imported anyway), failures and reasons (skipped, gone from the folder).

use archboard_types::adr_collection::{AdrCollection, validate_collection_name};
use archboard_types::adr_folder::{DateOrder, ImportItem, ImportOutcome, ImportReport};

/// The collection select's "New collection…" value. `+` is never in a collection name, so it
/// cannot stand for an existing one.
pub const NEW_COLLECTION: &str = "+new";

/// Where the import goes, as the page holds it: the select's value and the name typed for a
/// new collection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportTarget {
    /// A collection's name, [`NEW_COLLECTION`], or empty for the board's default collection.
    pub choice: String,
    pub new_name: String,
}

impl ImportTarget {
    pub fn is_new(&self) -> bool {
        self.choice == NEW_COLLECTION
    }

    /// The collection to name in the request (`None`: the default collection), or what is
    /// wrong with the new name typed.
    pub fn collection(&self) -> Result<Option<String>, String> {
        if self.is_new() {
            validate_collection_name(&self.new_name)?;
            return Ok(Some(self.new_name.trim().to_owned()));
        }
        let choice = self.choice.trim();
        Ok((!choice.is_empty()).then(|| choice.to_owned()))
    }
}

/// The collection chosen first: the one the address asked for when it exists, else the
/// board's default collection. Empty while the collections are unknown (the default then).
pub fn initial_choice(collections: &[AdrCollection], wanted: Option<&str>) -> String {
    let wanted = wanted.map(str::trim).filter(|w| !w.is_empty());
    if let Some(found) = wanted.and_then(|w| collections.iter().find(|c| c.name == w)) {
        return found.name.clone();
    }
    collections.iter().find(|c| c.is_default).map(|c| c.name.clone()).unwrap_or_default()
}

/// The date order offered first: the chosen collection's own, else day first (the
/// contract's default, also a new collection's).
pub fn default_date_order(collections: &[AdrCollection], target: &ImportTarget) -> DateOrder {
    if target.is_new() {
        return DateOrder::default();
    }
    let named = target.choice.trim();
    collections
        .iter()
        .find(|c| if named.is_empty() { c.is_default } else { c.name == named })
        .map(|c| c.date_order)
        .unwrap_or_default()
}

/// The line above a preview or under a finished import:
/// `3 new · 0 updated · 0 unchanged · 0 failed · 1 skipped · 2 with warnings — into collection payments`.
pub fn summary(report: &ImportReport) -> String {
    let mut line = format!(
        "{} new · {} updated · {} unchanged · {} failed · {} skipped · {} with warnings",
        report.new, report.updated, report.unchanged, report.failed, report.skipped, report.warned
    );
    if report.missing > 0 {
        line.push_str(&format!(" · {} missing from the folder", report.missing));
    }
    if !report.collection.is_empty() {
        line.push_str(&format!(" — into collection {}", report.collection));
        if report.collection_created {
            line.push_str(&format!(" (creates collection {})", report.collection));
        }
    }
    line
}

/// The notification once an import is done.
pub fn done_message(report: &ImportReport) -> String {
    let failed = if report.failed > 0 { format!(", {} left out", report.failed) } else { String::new() };
    let mut message =
        format!("Imported {} new and {} updated decisions{failed}.", report.new, report.updated);
    if !report.collection.is_empty() {
        if report.collection_created {
            message.push_str(&format!(" They went into the new collection {}.", report.collection));
        } else {
            message.push_str(&format!(" They went into collection {}.", report.collection));
        }
    }
    if report.warned > 0 {
        message.push_str(&format!(" {} imported with warnings.", report.warned));
    }
    message
}

/// The notification once a sync of a linked folder is applied.
pub fn synced_message(report: &ImportReport) -> String {
    let mut message = format!(
        "Synced collection {}: {} new, {} updated, {} unchanged",
        report.collection, report.new, report.updated, report.unchanged
    );
    if report.missing > 0 {
        message.push_str(&format!(", {} marked missing from the folder", report.missing));
    }
    if report.failed > 0 {
        message.push_str(&format!(", {} left out", report.failed));
    }
    message.push('.');
    message
}

/// Whether applying the report would change anything on the board.
pub fn changes_anything(report: &ImportReport) -> bool {
    report.new + report.updated + report.missing > 0 || report.collection_created
}

/// What a note beside a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    /// Something in a file that imported anyway could not be read and was kept as written.
    Warning,
    /// Why the file was left out.
    Failure,
    /// Why the file is not a decision (skipped), or that it is gone (missing).
    Reason,
}

impl NoteKind {
    pub fn class(self) -> &'static str {
        match self {
            // The stylesheet's warning colour is the proposed status's.
            NoteKind::Warning => "import-note warning status-proposed",
            NoteKind::Failure => "import-note field-error",
            NoteKind::Reason => "import-note muted",
        }
    }
}

/// The notes beside one file. A failure names the line its first problem is on, when known.
pub fn item_notes(item: &ImportItem) -> Vec<(NoteKind, String)> {
    let kind = match item.outcome {
        ImportOutcome::New | ImportOutcome::Updated | ImportOutcome::Unchanged => NoteKind::Warning,
        ImportOutcome::Failed => NoteKind::Failure,
        ImportOutcome::Skipped | ImportOutcome::Missing => NoteKind::Reason,
    };
    item.messages
        .iter()
        .enumerate()
        .map(|(index, message)| match (kind, item.line) {
            (NoteKind::Failure, Some(line)) if index == 0 => (kind, format!("line {line}: {message}")),
            _ => (kind, message.clone()),
        })
        .collect()
}

/// The decision a file maps to, as the engine names it (`payments/ADR-0007 Use Kafka`).
pub fn item_decision(item: &ImportItem) -> String {
    match (&item.reference, &item.title) {
        (Some(reference), Some(title)) => format!("{reference} {title}"),
        (Some(reference), None) => reference.clone(),
        (None, Some(title)) => title.clone(),
        (None, None) => String::new(),
    }
}

/// The outcome's badge, coloured with the status colours the stylesheet has.
pub fn outcome_class(outcome: ImportOutcome) -> &'static str {
    match outcome {
        ImportOutcome::New => "badge status-accepted",
        ImportOutcome::Updated => "badge status-proposed",
        ImportOutcome::Unchanged | ImportOutcome::Skipped => "badge status-deprecated",
        ImportOutcome::Failed => "badge status-rejected",
        ImportOutcome::Missing => "badge status-proposed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collection(name: &str, is_default: bool, date_order: DateOrder) -> AdrCollection {
        let at = chrono::DateTime::<chrono::Utc>::default();
        AdrCollection {
            name: name.into(),
            team: None,
            systems: Vec::new(),
            folder: None,
            date_order,
            is_default,
            decisions: 0,
            missing: 0,
            synced_at: None,
            created_at: at,
            updated_at: at,
            changed_by: None,
        }
    }

    fn item(outcome: ImportOutcome, messages: &[&str], line: Option<u32>) -> ImportItem {
        ImportItem {
            path: "0007-use-kafka.md".into(),
            outcome,
            flavor: None,
            number: Some(7),
            reference: Some("payments/ADR-0007".into()),
            title: Some("Use Kafka".into()),
            messages: messages.iter().map(|m| m.to_string()).collect(),
            line,
        }
    }

    #[test]
    fn the_target_is_an_existing_collection_or_a_valid_new_name() {
        let existing = ImportTarget { choice: "payments".into(), new_name: "ignored/x".into() };
        assert_eq!(existing.collection(), Ok(Some("payments".into())));
        assert_eq!(ImportTarget::default().collection(), Ok(None));
        let new = ImportTarget { choice: NEW_COLLECTION.into(), new_name: " ml-platform ".into() };
        assert_eq!(new.collection(), Ok(Some("ml-platform".into())));
        let bad = ImportTarget { choice: NEW_COLLECTION.into(), new_name: "team/x".into() };
        assert!(bad.collection().unwrap_err().contains("`/`"));
        let blank = ImportTarget { choice: NEW_COLLECTION.into(), new_name: " ".into() };
        assert!(blank.collection().unwrap_err().contains("needs a name"));
        assert!(validate_collection_name(NEW_COLLECTION).is_err());
    }

    #[test]
    fn the_first_choice_is_the_one_asked_for_else_the_default() {
        let all = [
            collection("main", true, DateOrder::DayFirst),
            collection("payments", false, DateOrder::MonthFirst),
        ];
        assert_eq!(initial_choice(&all, Some("payments")), "payments");
        assert_eq!(initial_choice(&all, Some("nope")), "main");
        assert_eq!(initial_choice(&all, None), "main");
        assert_eq!(initial_choice(&[], Some("payments")), "");
    }

    #[test]
    fn the_date_order_follows_the_chosen_collection() {
        let all = [
            collection("main", true, DateOrder::MonthFirst),
            collection("payments", false, DateOrder::DayFirst),
        ];
        let target = |choice: &str| ImportTarget { choice: choice.into(), new_name: String::new() };
        assert_eq!(default_date_order(&all, &target("payments")), DateOrder::DayFirst);
        assert_eq!(default_date_order(&all, &target("")), DateOrder::MonthFirst);
        assert_eq!(default_date_order(&all, &target(NEW_COLLECTION)), DateOrder::DayFirst);
        assert_eq!(default_date_order(&[], &target("main")), DateOrder::DayFirst);
    }

    #[test]
    fn the_summary_counts_every_outcome_and_names_the_collection() {
        let mut report = ImportReport {
            collection: "payments".into(),
            new: 3,
            skipped: 1,
            warned: 2,
            ..Default::default()
        };
        assert_eq!(
            summary(&report),
            "3 new · 0 updated · 0 unchanged · 0 failed · 1 skipped · 2 with warnings — into collection payments"
        );
        report.collection_created = true;
        report.missing = 4;
        let line = summary(&report);
        assert!(line.contains("· 4 missing from the folder"), "{line}");
        assert!(line.ends_with("into collection payments (creates collection payments)"), "{line}");
        assert!(changes_anything(&report));
        assert!(!changes_anything(&ImportReport { unchanged: 5, ..Default::default() }));
    }

    #[test]
    fn messages_after_an_import_keep_the_familiar_first_sentence() {
        let report = ImportReport { collection: "main".into(), new: 3, ..Default::default() };
        assert_eq!(
            done_message(&report),
            "Imported 3 new and 0 updated decisions. They went into collection main."
        );
        let report = ImportReport {
            collection: "ml".into(),
            collection_created: true,
            failed: 1,
            warned: 2,
            ..report
        };
        let message = done_message(&report);
        assert!(message.starts_with("Imported 3 new and 0 updated decisions, 1 left out."), "{message}");
        assert!(
            message.contains("new collection ml") && message.contains("2 imported with warnings"),
            "{message}"
        );
        let synced =
            ImportReport { collection: "payments".into(), updated: 2, missing: 1, ..Default::default() };
        assert_eq!(
            synced_message(&synced),
            "Synced collection payments: 0 new, 2 updated, 0 unchanged, 1 marked missing from the folder."
        );
    }

    #[test]
    fn notes_are_warnings_unless_the_file_failed_or_was_not_a_decision() {
        let warned = item_notes(&item(ImportOutcome::New, &["date `31/06/2016` is not a date"], Some(3)));
        assert_eq!(warned, vec![(NoteKind::Warning, "date `31/06/2016` is not a date".into())]);
        let failed = item_notes(&item(ImportOutcome::Failed, &["no title", "bad front matter"], Some(2)));
        assert_eq!(failed[0], (NoteKind::Failure, "line 2: no title".into()));
        assert_eq!(failed[1], (NoteKind::Failure, "bad front matter".into()));
        let skipped = item_notes(&item(ImportOutcome::Skipped, &["a README"], None));
        assert_eq!(skipped[0].0, NoteKind::Reason);
        assert_eq!(item_notes(&item(ImportOutcome::Missing, &[], None)), vec![]);
    }

    #[test]
    fn a_file_names_its_decision_by_the_engine_reference() {
        assert_eq!(item_decision(&item(ImportOutcome::New, &[], None)), "payments/ADR-0007 Use Kafka");
        let mut unknown = item(ImportOutcome::Failed, &[], None);
        unknown.reference = None;
        assert_eq!(item_decision(&unknown), "Use Kafka");
        unknown.title = None;
        assert_eq!(item_decision(&unknown), "");
        assert_eq!(outcome_class(ImportOutcome::Failed), "badge status-rejected");
    }
}
