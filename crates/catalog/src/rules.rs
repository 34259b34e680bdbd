//! The rules a catalog item must meet beyond its shape: key prefixes, thresholds that agree
//! with the KPI's direction, aggregates that suit the KPI's unit, rubric weights adding up to
//! 100, maturity levels 0–4, and every reference (role → KPI, pattern → checklist item, …)
//! pointing at an item that exists.

use archboard_types::catalog::parse_checklist_item_reference;
use archboard_types::catalog::{
    Aggregate, CatalogItem, CatalogKind, ChecklistScoring, KpiDirection, KpiTarget, KpiUnit, Range,
    WeightSource,
};
use std::collections::{HashMap, HashSet};

/// A rule an item breaks: which item and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleBreak {
    pub key: String,
    pub message: String,
}

/// Checks `items` together; references may also point at items `lookup` finds (the rest of the
/// board). Returns every problem, not only the first.
pub fn validate(items: &[CatalogItem], lookup: &dyn Fn(&str) -> Option<CatalogItem>) -> Vec<RuleBreak> {
    let by_key: HashMap<&str, &CatalogItem> = items.iter().map(|item| (item.key(), item)).collect();
    let find = |key: &str| by_key.get(key).map(|item| (*item).clone()).or_else(|| lookup(key));
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for item in items {
        let mut report = |message: String| problems.push(RuleBreak { key: item.key().to_owned(), message });
        if !seen.insert(item.key()) {
            report(format!("the key `{}` is used by more than one item", item.key()));
        }
        check_header(item, &mut report);
        let refers_to =
            |key: &str, kind: CatalogKind, what: &str, report: &mut dyn FnMut(String)| match find(key) {
                Some(found) if found.kind() == kind => {}
                Some(found) => report(format!("{what} `{key}` is a {}, not a {kind}", found.kind())),
                None => report(format!("{what} `{key}` is not in the catalog")),
            };
        match item {
            CatalogItem::Kpi(kpi) => {
                if kpi.frequency.is_empty() {
                    report("frequency lists no cadence".into());
                }
                if kpi.tiers.is_empty() {
                    report("tiers lists no risk tier".into());
                }
                if let Some(target) = &kpi.target {
                    check_target(kpi.direction, target, &mut report);
                }
                if let Some(problem) = aggregate_misfit(kpi.aggregate, kpi.unit) {
                    report(format!("{}: {problem}", kpi.key));
                }
                for band in &kpi.bands {
                    if band.range.min.is_none() && band.range.max.is_none() {
                        report(format!("band `{}` has neither min nor max", band.name));
                    }
                }
                for role in &kpi.roles {
                    refers_to(role, CatalogKind::Role, "role", &mut report);
                }
                for row in &kpi.seed_rows {
                    refers_to(&row.role, CatalogKind::Role, "seed row role", &mut report);
                }
            }
            CatalogItem::Role(role) => {
                let total: f64 = role.dimensions.iter().map(|d| d.weight).sum();
                if role.dimensions.is_empty() {
                    report("the rubric has no dimensions".into());
                } else if (total - 100.0).abs() > 0.01 {
                    report(format!("rubric weights add up to {total}, not 100"));
                }
                if role.weights == WeightSource::Equal
                    && role.dimensions.iter().any(|d| (d.weight - role.dimensions[0].weight).abs() > 0.01)
                {
                    report("weights are marked equal but differ".into());
                }
                let mut dimension_keys = HashSet::new();
                for dimension in &role.dimensions {
                    if !dimension_keys.insert(dimension.key.as_str()) {
                        report(format!("dimension key `{}` is used twice", dimension.key));
                    }
                    if dimension.weight <= 0.0 {
                        report(format!("dimension `{}` has weight {}", dimension.key, dimension.weight));
                    }
                    if dimension.meets_bar.trim().is_empty() || dimension.exceeds_bar.trim().is_empty() {
                        report(format!(
                            "dimension `{}` needs both a meets-bar and an exceeds-bar anchor",
                            dimension.key
                        ));
                    }
                    // Both lower anchors empty is a file written before they existed; one alone is a gap.
                    if dimension.well_below_bar.trim().is_empty() != dimension.below_bar.trim().is_empty() {
                        report(format!(
                            "dimension `{}` needs both a well-below-bar and a below-bar anchor, or neither",
                            dimension.key
                        ));
                    }
                }
                for exercise in &role.exercises {
                    if exercise.minutes_min == 0 || exercise.minutes_min > exercise.minutes_max {
                        report(format!(
                            "exercise `{}` lasts {}–{} minutes",
                            exercise.name, exercise.minutes_min, exercise.minutes_max
                        ));
                    }
                }
                for kpi in &role.kpis {
                    refers_to(kpi, CatalogKind::Kpi, "KPI", &mut report);
                }
            }
            CatalogItem::Checklist(checklist) => {
                let sections: HashSet<&str> = checklist.sections.iter().map(String::as_str).collect();
                let mut item_keys = HashSet::new();
                for entry in &checklist.items {
                    if !item_keys.insert(entry.key.as_str()) {
                        report(format!("item key `{}` is used twice", entry.key));
                    }
                    if !is_slug(&entry.key) {
                        report(format!(
                            "item key `{}` must be lowercase letters, digits and dashes",
                            entry.key
                        ));
                    }
                    if !sections.contains(entry.section.as_str()) {
                        report(format!(
                            "item `{}` is in section `{}`, which is not listed",
                            entry.key, entry.section
                        ));
                    }
                    if entry.tiers.is_empty() {
                        report(format!("item `{}` applies to no tier", entry.key));
                    }
                    for kpi in &entry.kpis {
                        refers_to(kpi, CatalogKind::Kpi, "KPI", &mut report);
                    }
                }
                for section in &checklist.sections {
                    if checklist.scoring == ChecklistScoring::MlTestScore
                        && !checklist.items.iter().any(|entry| &entry.section == section)
                    {
                        report(format!("section `{section}` has no tests; its minimum would be 0"));
                    }
                }
            }
            CatalogItem::Maturity(dimension) => {
                let levels: Vec<u8> = dimension.levels.iter().map(|l| l.level).collect();
                if levels != [0, 1, 2, 3, 4] {
                    report(format!("levels must be 0, 1, 2, 3, 4 in order, found {levels:?}"));
                }
                for level in &dimension.levels {
                    if level.criteria.is_empty() {
                        report(format!("level {} has no observable criteria", level.level));
                    }
                    for kpi in &level.kpis {
                        refers_to(kpi, CatalogKind::Kpi, "KPI", &mut report);
                    }
                }
            }
            CatalogItem::Pattern(pattern) => {
                let first = pattern.diagram.split_whitespace().next().unwrap_or("");
                if !["flowchart", "graph", "sequenceDiagram", "stateDiagram-v2"].contains(&first) {
                    report(format!(
                        "diagram must start with a Mermaid diagram type (e.g. `flowchart LR`), found `{first}`"
                    ));
                }
                for kpi in &pattern.kpis {
                    refers_to(kpi, CatalogKind::Kpi, "KPI", &mut report);
                }
                for reference in &pattern.checklist_items {
                    let Ok((checklist_key, item_key)) = parse_checklist_item_reference(reference) else {
                        report(format!("checklist item `{reference}` must read `checklist.NAME#ITEM`"));
                        continue;
                    };
                    match find(checklist_key) {
                        Some(CatalogItem::Checklist(checklist)) => {
                            if !checklist.items.iter().any(|entry| entry.key == item_key) {
                                report(format!("checklist `{checklist_key}` has no item `{item_key}`"));
                            }
                        }
                        _ => report(format!("checklist `{checklist_key}` is not in the catalog")),
                    }
                }
            }
            CatalogItem::Hardware(profile) => {
                for (what, value) in [
                    ("peak_fp16_tflops", profile.peak_fp16_tflops),
                    ("peak_int8_tops", profile.peak_int8_tops),
                    ("memory_gb", profile.memory_gb),
                    ("memory_bandwidth_gbs", profile.memory_bandwidth_gbs),
                    ("power_watts", profile.power_watts),
                    ("price.per_hour", profile.price.per_hour),
                ] {
                    if !(value.is_finite() && value > 0.0) {
                        report(format!("{what} must be a positive number, found {value}"));
                    }
                }
                let currency = &profile.price.currency;
                if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
                    report(format!("price.currency `{currency}` is not an ISO 4217 code such as USD"));
                }
                for (what, date) in [
                    ("price.as_of", Some(&profile.price.as_of)),
                    ("source.as_of", profile.source.as_of.as_ref()),
                ] {
                    if let Some(date) = date
                        && !is_year_month_or_date(date)
                    {
                        report(format!("{what} `{date}` is not a YYYY-MM or YYYY-MM-DD date"));
                    }
                }
            }
        }
    }
    problems
}

/// `YYYY-MM` or `YYYY-MM-DD`, as dates of prices and sources are written.
fn is_year_month_or_date(text: &str) -> bool {
    let parse = |candidate: &str| chrono::NaiveDate::parse_from_str(candidate, "%Y-%m-%d").is_ok();
    parse(text) || (text.len() == 7 && parse(&format!("{text}-01")))
}

fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !text.starts_with('-')
        && !text.ends_with('-')
}

fn check_header(item: &CatalogItem, report: &mut dyn FnMut(String)) {
    let kind = item.kind();
    match item.key().strip_prefix(kind.key_prefix()) {
        Some(rest) if rest.split('.').all(is_slug) => {}
        _ => report(format!(
            "the key `{}` must start with `{}` followed by lowercase letters, digits and dashes",
            item.key(),
            kind.key_prefix()
        )),
    }
    if item.name().trim().is_empty() {
        report("name is empty".into());
    }
    if item.summary().trim().is_empty() {
        report("summary is empty".into());
    }
    if item.version() == 0 {
        report("version starts at 1".into());
    }
}

/// Why `aggregate` cannot turn a period's measurements in `unit` into a value of that unit, if
/// it cannot: percentages, ratios and scores do not add up, and a number of measurements is a
/// count whatever was measured.
fn aggregate_misfit(aggregate: Aggregate, unit: KpiUnit) -> Option<String> {
    let unit_word = match unit {
        KpiUnit::Duration => "duration",
        KpiUnit::Percent => "percent",
        KpiUnit::Count => "count",
        KpiUnit::Currency => "currency",
        KpiUnit::Ratio => "ratio",
        KpiUnit::Score => "score",
    };
    match (aggregate, unit) {
        (Aggregate::Sum, KpiUnit::Percent | KpiUnit::Ratio | KpiUnit::Score) => Some(format!(
            "aggregate `sum` does not suit a {unit_word} KPI: its values do not add up; use mean, median, p95 or last"
        )),
        (Aggregate::Count, unit) if unit != KpiUnit::Count => Some(format!(
            "aggregate `count` gives a number of measurements, which is not a {unit_word}; use it only with unit `count`"
        )),
        _ => None,
    }
}

/// Green must sit inside amber, and the open ends must match the direction: lower-is-better
/// targets have a maximum, higher-is-better a minimum, band targets both.
fn check_target(direction: KpiDirection, target: &KpiTarget, report: &mut dyn FnMut(String)) {
    let shape_ok = |range: &Range| match direction {
        KpiDirection::LowerIsBetter => range.max.is_some() && range.min.is_none(),
        KpiDirection::HigherIsBetter => range.min.is_some() && range.max.is_none(),
        KpiDirection::WithinBand => range.min.is_some() && range.max.is_some(),
    };
    let expected = match direction {
        KpiDirection::LowerIsBetter => "only a max",
        KpiDirection::HigherIsBetter => "only a min",
        KpiDirection::WithinBand => "both a min and a max",
    };
    for (name, range) in [("green", &target.green), ("amber", &target.amber)] {
        if !shape_ok(range) {
            report(format!("target.{name} needs {expected} for a {direction:?} KPI"));
        }
        if let (Some(min), Some(max)) = (range.min, range.max)
            && min > max
        {
            report(format!("target.{name} has min {min} above max {max}"));
        }
    }
    if !target.green.within(&target.amber) {
        report("target.green must lie inside target.amber".into());
    }
    if target.note.trim().is_empty() {
        report("target.note must keep the example target's wording".into());
    }
}

#[cfg(test)]
mod tests {
    use super::{aggregate_misfit, is_year_month_or_date};
    use archboard_types::catalog::{Aggregate, KpiUnit};

    #[test]
    fn only_sums_of_additive_units_and_counts_of_counts_are_refused_nothing_else() {
        let units = [
            KpiUnit::Duration,
            KpiUnit::Percent,
            KpiUnit::Count,
            KpiUnit::Currency,
            KpiUnit::Ratio,
            KpiUnit::Score,
        ];
        for &aggregate in Aggregate::ALL {
            for unit in units {
                let refused = aggregate_misfit(aggregate, unit).is_some();
                let expected = match aggregate {
                    Aggregate::Sum => matches!(unit, KpiUnit::Percent | KpiUnit::Ratio | KpiUnit::Score),
                    Aggregate::Count => unit != KpiUnit::Count,
                    _ => false,
                };
                assert_eq!(refused, expected, "{aggregate} of {unit:?}");
            }
        }
    }

    #[test]
    fn dates_are_year_month_or_full_dates_and_odd_text_is_refused_without_panicking() {
        for good in ["2025-06", "2024-11-30"] {
            assert!(is_year_month_or_date(good), "{good}");
        }
        for bad in ["2025", "", "06-2025", "2025-13", "2025-06-31", "naïve-é", "2025-06-01T00:00"] {
            assert!(!is_year_month_or_date(bad), "{bad}");
        }
    }
}
