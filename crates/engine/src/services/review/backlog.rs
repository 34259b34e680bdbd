//! The improvement backlog: every failed, partly met or exempted item and every decision
//! condition across reviews, filtered, and exported as CSV or JSON with the columns a Jira or
//! GitHub issue import takes (summary/title, description/body, priority, assignee, due date,
//! labels).

use archboard_types::ApiError;
use archboard_types::files::ExportedFile;
use archboard_types::review::{BacklogFormat, BacklogItem, BacklogQuery, ItemStatus, Review, RiskLevel};
use chrono::{DateTime, NaiveDate, Utc};

/// The backlog of `reviews` as of `today`, oldest first within each review.
pub(crate) fn collect(
    reviews: &[Review],
    query: &BacklogQuery,
    today: NaiveDate,
    local_date: impl Fn(DateTime<Utc>) -> NaiveDate,
) -> Vec<BacklogItem> {
    let mut out = Vec::new();
    for review in reviews {
        if query.system.as_deref().is_some_and(|s| s != review.system)
            || query.team.as_deref().is_some_and(|t| t != review.team)
        {
            continue;
        }
        let opened_default = local_date(review.created_at);
        for item in &review.items {
            let open = item.status.is_gap() || item.status == ItemStatus::Exempt;
            let fixed = !open && item.status == ItemStatus::Pass && item.fixed_at.is_some();
            if !(open || query.include_closed && fixed) {
                continue;
            }
            let opened_on = item.gap_since.map(&local_date).unwrap_or(opened_default);
            out.push(BacklogItem {
                key: format!("R{}/{}", review.id, item.key),
                review: review.id,
                review_title: review.title.clone(),
                system: review.system.clone(),
                team: review.team.clone(),
                item: Some(item.key.clone()),
                condition: None,
                title: item.prompt.clone(),
                status: item.status,
                risk: if open { item.risk_without_exemptions } else { RiskLevel::None },
                owner: item.owner.clone(),
                due: item.due,
                opened_on,
                age_days: (today - opened_on).num_days().max(0),
                overdue: open && item.due.is_some_and(|due| due < today),
                closed: !open,
            });
        }
        for condition in &review.conditions {
            let closed = condition.closed_at.is_some();
            if closed && !query.include_closed {
                continue;
            }
            let opened_on = local_date(condition.created_at);
            out.push(BacklogItem {
                key: format!("R{}/C{}", review.id, condition.id),
                review: review.id,
                review_title: review.title.clone(),
                system: review.system.clone(),
                team: review.team.clone(),
                item: None,
                condition: Some(condition.id),
                title: condition.text.clone(),
                status: if closed { ItemStatus::Pass } else { ItemStatus::Fail },
                risk: if closed { RiskLevel::None } else { RiskLevel::Medium },
                owner: condition.owner.clone(),
                due: condition.due,
                opened_on,
                age_days: (today - opened_on).num_days().max(0),
                overdue: !closed && condition.due.is_some_and(|due| due < today),
                closed,
            });
        }
    }
    out.retain(|b| query.owner.as_deref().is_none_or(|o| b.owner.as_deref() == Some(o)));
    out.retain(|b| query.risk.is_none_or(|r| b.risk == r));
    out
}

fn priority(risk: RiskLevel) -> &'static str {
    match risk {
        RiskLevel::High => "High",
        RiskLevel::Medium => "Medium",
        _ => "Low",
    }
}

fn description(item: &BacklogItem) -> String {
    let what = match (&item.item, item.condition) {
        (Some(key), _) => format!("Review item `{key}` is {}.", item.status.label().to_lowercase()),
        (None, Some(id)) => format!("Condition {id} of the review's decision."),
        _ => String::new(),
    };
    format!(
        "{what} Review R{}: {}. System {} (team {}).",
        item.review, item.review_title, item.system, item.team
    )
}

/// CSV (Jira's column names) or JSON (GitHub's issue fields plus Archboard's own).
pub(crate) fn export(items: &[BacklogItem], format: BacklogFormat) -> Result<ExportedFile, ApiError> {
    match format {
        BacklogFormat::Csv => {
            let mut out = String::from(
                "Summary,Description,Priority,Assignee,Due Date,Labels,Status,Key,Review,System,Team,Risk,Age (days)\n",
            );
            for item in items {
                let labels = format!("archboard review-R{} {}", item.review, item.team);
                let row = [
                    item.title.clone(),
                    description(item),
                    priority(item.risk).to_owned(),
                    item.owner.clone().unwrap_or_default(),
                    item.due.map(|d| d.to_string()).unwrap_or_default(),
                    labels,
                    if item.closed { "Done".into() } else { "To Do".into() },
                    item.key.clone(),
                    item.review.to_string(),
                    item.system.clone(),
                    item.team.clone(),
                    item.risk.as_str().to_owned(),
                    item.age_days.to_string(),
                ];
                let cells: Vec<String> = row.iter().map(|cell| csv_cell(cell)).collect();
                out.push_str(&cells.join(","));
                out.push('\n');
            }
            Ok(ExportedFile::new("backlog.csv", out))
        }
        BacklogFormat::Json => {
            let rows: Vec<serde_json::Value> = items
                .iter()
                .map(|item| {
                    serde_json::json!({
                        "title": item.title,
                        "body": description(item),
                        "labels": ["archboard", format!("review-R{}", item.review), format!("risk-{}", item.risk.as_str())],
                        "assignees": item.owner.iter().collect::<Vec<_>>(),
                        "due_date": item.due,
                        "priority": priority(item.risk),
                        "state": if item.closed { "closed" } else { "open" },
                        "key": item.key,
                        "review": item.review,
                        "system": item.system,
                        "team": item.team,
                        "item": item.item,
                        "condition": item.condition,
                        "status": item.status,
                        "risk": item.risk,
                        "opened_on": item.opened_on,
                        "age_days": item.age_days,
                        "overdue": item.overdue,
                    })
                })
                .collect();
            let text = serde_json::to_string_pretty(&rows).map_err(|e| ApiError::internal(e.to_string()))?;
            Ok(ExportedFile::new("backlog.json", text + "\n"))
        }
    }
}

/// A CSV cell: quoted when it holds a comma, quote or line break; a leading `=`, `+`, `-` or
/// `@`, tab or carriage return is prefixed with `'` so a spreadsheet never runs it as a formula.
fn csv_cell(text: &str) -> String {
    let text =
        if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}
