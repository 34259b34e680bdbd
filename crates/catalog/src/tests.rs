//! Schema and content tests of the built-in catalog, including the map from every seed KPI row
//! to a catalog KPI.

use super::*;
use archboard_types::catalog::{
    Aggregate, ChecklistScoring, Kpi, KpiDirection, KpiUnit, Rag, TargetBasis, WeightSource,
};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn by_kind(kind: CatalogKind) -> Vec<CatalogItem> {
    builtin_items().into_iter().filter(|item| item.kind() == kind).collect()
}

fn builtin_kpis() -> BTreeMap<String, Kpi> {
    by_kind(CatalogKind::Kpi)
        .into_iter()
        .map(|item| {
            let CatalogItem::Kpi(kpi) = item else { unreachable!() };
            (kpi.key.clone(), kpi)
        })
        .collect()
}

#[test]
fn every_builtin_file_parses_and_meets_every_rule() {
    assert!(!BUILTIN_FILES.is_empty());
    for (path, text) in BUILTIN_FILES {
        let items =
            parse_file(path, text).unwrap_or_else(|p| panic!("{path} line {:?}: {}", p.line, p.message));
        assert!(!items.is_empty(), "{path} holds no items");
    }
    let items = builtin_items();
    let problems = validate(&items, &|_| None);
    assert!(problems.is_empty(), "rule breaks: {problems:#?}");
}

#[test]
fn the_embedded_files_are_exactly_the_files_in_assets_catalog() {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.insert(path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let root = workspace_root().join("assets/catalog");
    let mut on_disk = BTreeSet::new();
    walk(&root, &root, &mut on_disk);
    let embedded: BTreeSet<String> = BUILTIN_FILES.iter().map(|(path, _)| path.to_string()).collect();
    assert_eq!(on_disk, embedded);
}

#[test]
fn the_catalog_holds_what_the_issue_asks_for() {
    let keys: BTreeSet<String> = builtin_items().iter().map(|item| item.key().to_owned()).collect();
    for key in [
        "role.lead-ml-architect",
        "role.mlops-architect",
        "role.lead-ml-specialist",
        "role.lead-mlops-engineer",
        "role.lead-ml-engineer",
        "checklist.production-readiness",
        "checklist.architecture-review",
        "checklist.ml-security",
        "checklist.risk-tier-controls",
        "checklist.ml-test-score",
        "pattern.batch-scoring",
        "pattern.online-inference",
        "pattern.streaming-inference",
        "pattern.on-device-edge",
        "pattern.feature-store",
        "pattern.registry-promotion",
        "pattern.rollout-strategies",
        "pattern.llm-rag-serving",
        "hw.x86-small",
        "hw.x86-large",
        "hw.arm-graviton3",
        "hw.nvidia-t4",
        "hw.nvidia-a10g",
        "hw.nvidia-l4",
        "hw.nvidia-a100-40gb",
        "hw.nvidia-a100-80gb",
        "hw.nvidia-h100-sxm",
        "hw.nvidia-h100-pcie",
        "hw.nvidia-h200",
        "hw.jetson-agx-orin",
        "hw.jetson-orin-nano",
        "kpi.dora-deployment-frequency",
        "kpi.dora-lead-time-for-changes",
        "kpi.dora-change-failure-rate",
        "kpi.dora-failed-deployment-recovery-time",
        "kpi.change-failure-rate",
        "kpi.time-to-recover",
        "kpi.cost-per-1k-predictions",
        "kpi.architecture-review-throughput",
        "kpi.decision-coverage",
        "kpi.open-high-risks",
    ] {
        assert!(keys.contains(key), "missing {key}");
    }
    assert_eq!(by_kind(CatalogKind::Kpi).len(), 67, "64 seed and DORA KPIs and 3 computed ones");
    assert_eq!(by_kind(CatalogKind::Role).len(), 5);
    assert_eq!(by_kind(CatalogKind::Maturity).len(), 7);
    assert_eq!(by_kind(CatalogKind::Hardware).len(), 13);
}

/// Every row of every seed KPI table (kept as a fixture) maps to exactly one catalog KPI that
/// keeps the row's metric name and target wording; no KPI claims a row that does not exist.
#[test]
fn every_seed_kpi_row_maps_to_a_catalog_kpi() {
    let fixture =
        std::fs::read_to_string(workspace_root().join("tests/fixtures/catalog/seed-kpi-rows.tsv")).unwrap();
    let seed_rows: BTreeMap<(String, String), String> = fixture
        .lines()
        .map(|line| {
            let mut cells = line.split('\t');
            let role = cells.next().unwrap().to_owned();
            let metric = cells.next().unwrap().to_owned();
            let target = cells.next().unwrap().to_owned();
            ((role, metric), target)
        })
        .collect();
    assert_eq!(seed_rows.len(), 109, "the five seed tables hold 109 rows");
    let mut claimed: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for item in by_kind(CatalogKind::Kpi) {
        let CatalogItem::Kpi(kpi) = item else { unreachable!() };
        for row in &kpi.seed_rows {
            let id = (row.role.clone(), row.metric.clone());
            let target = seed_rows
                .get(&id)
                .unwrap_or_else(|| panic!("{} claims a row not in the seeds: {id:?}", kpi.key));
            assert_eq!(&row.target, target, "{} changed the seed's target wording", kpi.key);
            assert!(
                kpi.roles.contains(&row.role),
                "{} maps a row of {} but does not list the role",
                kpi.key,
                row.role
            );
            claimed.entry(id).or_default().push(kpi.key.clone());
        }
    }
    let unmapped: Vec<_> = seed_rows.keys().filter(|id| !claimed.contains_key(*id)).collect();
    assert!(unmapped.is_empty(), "seed rows without a catalog KPI: {unmapped:#?}");
    let twice: Vec<_> = claimed.iter().filter(|(_, keys)| keys.len() > 1).collect();
    assert!(twice.is_empty(), "seed rows mapped twice: {twice:#?}");
}

/// When the seed blueprints are on this machine, the fixture must still be what they hold.
#[test]
fn the_seed_fixture_matches_the_seed_blueprints_when_present() {
    let seeds = std::env::var_os("ARCHBOARD_SEEDS")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("../shared/seeds"));
    if !seeds.is_dir() {
        eprintln!("seed blueprints not found at {}; fixture comparison skipped", seeds.display());
        return;
    }
    let roles = [
        ("000", "role.lead-ml-architect"),
        ("001", "role.mlops-architect"),
        ("002", "role.lead-ml-specialist"),
        ("003", "role.lead-mlops-engineer"),
        ("004", "role.lead-ml-engineer"),
    ];
    let mut files: Vec<PathBuf> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let mut extracted = String::new();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let role = roles.iter().find(|(prefix, _)| name.starts_with(prefix)).expect("known seed file").1;
        let text = std::fs::read_to_string(&file).unwrap();
        let mut in_section = false;
        for line in text.lines() {
            let heading = line.trim_start_matches("## ");
            if heading.starts_with("7) KPIs") {
                in_section = true;
            } else if heading.starts_with("8) ") {
                in_section = false;
            } else if in_section && line.starts_with('|') && !line.starts_with("|---") {
                let cells: Vec<&str> = line.trim().trim_matches('|').split('|').map(str::trim).collect();
                if cells[0] != "Metric name" {
                    extracted.push_str(&format!("{role}\t{}\t{}\n", cells[0], cells[3]));
                }
            }
        }
    }
    let fixture =
        std::fs::read_to_string(workspace_root().join("tests/fixtures/catalog/seed-kpi-rows.tsv")).unwrap();
    assert_eq!(extracted, fixture, "re-run scripts/extract-seed-kpis.py: the seeds changed");
}

#[test]
fn rubric_weights_follow_the_seeds_or_are_marked_equal() {
    let roles: BTreeMap<String, _> = by_kind(CatalogKind::Role)
        .into_iter()
        .map(|item| {
            let CatalogItem::Role(role) = item else { unreachable!() };
            (role.key.clone(), role)
        })
        .collect();
    let weights = |key: &str| roles[key].dimensions.iter().map(|d| d.weight).collect::<Vec<_>>();
    assert_eq!(roles["role.mlops-architect"].weights, WeightSource::Seed);
    assert_eq!(weights("role.mlops-architect"), [20.0, 15.0, 15.0, 15.0, 10.0, 10.0, 10.0, 5.0]);
    assert_eq!(roles["role.lead-ml-engineer"].weights, WeightSource::Seed);
    assert_eq!(weights("role.lead-ml-engineer"), [20.0, 20.0, 20.0, 15.0, 10.0, 10.0, 5.0]);
    for key in ["role.lead-ml-architect", "role.lead-ml-specialist", "role.lead-mlops-engineer"] {
        assert_eq!(roles[key].weights, WeightSource::Equal, "{key}");
        assert!(roles[key].anchor_note.as_deref().unwrap_or("").contains("weigh the same"), "{key}");
    }
    let durations: Vec<(u32, u32)> =
        roles["role.lead-ml-architect"].exercises.iter().map(|e| (e.minutes_min, e.minutes_max)).collect();
    assert_eq!(durations, [(90, 90), (60, 60), (45, 45), (45, 45)]);
}

#[test]
fn the_ml_test_score_rubric_has_four_sections_of_seven_tests() {
    let item = builtin_items().into_iter().find(|i| i.key() == "checklist.ml-test-score").unwrap();
    let CatalogItem::Checklist(checklist) = item else { unreachable!() };
    assert_eq!(checklist.scoring, ChecklistScoring::MlTestScore);
    assert_eq!(checklist.sections, ["data", "model", "infrastructure", "monitoring"]);
    for section in &checklist.sections {
        assert_eq!(checklist.items.iter().filter(|i| &i.section == section).count(), 7, "{section}");
    }
}

#[test]
fn dora_keys_carry_their_bands_labelled_with_the_report_year() {
    let kpis = builtin_kpis();
    let dora: Vec<&Kpi> = kpis.values().filter(|kpi| kpi.key.starts_with("kpi.dora-")).collect();
    assert_eq!(dora.len(), 4);
    for kpi in dora {
        assert_eq!(kpi.bands.len(), 8, "{}", kpi.key);
        for year in [2023u16, 2024] {
            let mut names: Vec<&str> =
                kpi.bands.iter().filter(|b| b.year == Some(year)).map(|b| b.name.as_str()).collect();
            names.sort_unstable();
            let mut expected: Vec<String> = ["Elite", "High", "Medium", "Low"]
                .iter()
                .map(|cluster| format!("{cluster} ({year})"))
                .collect();
            expected.sort_unstable();
            assert_eq!(names, expected, "{} {year}", kpi.key);
        }
        for band in &kpi.bands {
            let year = band.year.unwrap_or_else(|| panic!("{} band `{}` has no year", kpi.key, band.name));
            assert!(
                band.name.ends_with(&format!("({year})")),
                "{} band `{}` is not of {year}",
                kpi.key,
                band.name
            );
            assert!(!band.wording.trim().is_empty(), "{} band `{}` has no wording", kpi.key, band.name);
        }
        assert!(kpi.source.as_ref().is_some_and(|s| s.title.contains("2023")), "{}", kpi.key);
    }
}

/// The band the scorecard shows: the first of the year whose range holds the value.
fn band_of(kpi: &Kpi, year: u16, value: f64) -> Option<&str> {
    kpi.bands
        .iter()
        .filter(|b| b.year == Some(year))
        .find(|b| b.range.contains(value))
        .map(|b| b.name.as_str())
}

#[test]
fn values_fall_in_the_2024_band_the_report_gives_their_figures() {
    let kpis = builtin_kpis();
    let deploys = &kpis["kpi.dora-deployment-frequency"];
    for (per_month, band) in
        [(60.0, "Elite (2024)"), (8.0, "High (2024)"), (2.0, "Medium (2024)"), (1.0 / 6.0, "Low (2024)")]
    {
        assert_eq!(band_of(deploys, 2024, per_month), Some(band), "{per_month} deployments a month");
    }
    let lead_time = &kpis["kpi.dora-lead-time-for-changes"];
    for (hours, band) in
        [(4.0, "Elite (2024)"), (72.0, "High (2024)"), (336.0, "Medium (2024)"), (2160.0, "Low (2024)")]
    {
        assert_eq!(band_of(lead_time, 2024, hours), Some(band), "{hours} h lead time");
    }
    // In 2024 the medium cluster failed less often (10%) than the high one (20%).
    let failures = &kpis["kpi.dora-change-failure-rate"];
    for (percent, band) in
        [(5.0, "Elite (2024)"), (10.0, "Medium (2024)"), (20.0, "High (2024)"), (40.0, "Low (2024)")]
    {
        assert_eq!(band_of(failures, 2024, percent), Some(band), "{percent}% failing");
    }
    assert_eq!(band_of(failures, 2023, 10.0), Some("High (2023)"), "the 2023 bands are unchanged");
    let recovery = &kpis["kpi.dora-failed-deployment-recovery-time"];
    for (hours, band) in [(0.5, "Elite (2024)"), (12.0, "High (2024)"), (336.0, "Low (2024)")] {
        assert_eq!(band_of(recovery, 2024, hours), Some(band), "{hours} h to recover");
    }
}

/// Every `[[kpi]]` of the shipped file names its aggregate: the serde default (`last`) is for
/// items stored before the field existed, not a choice made silently for a built-in.
#[test]
fn every_builtin_kpi_states_its_aggregate() {
    for (path, text) in BUILTIN_FILES {
        let table: toml::Table = toml::from_str(text).unwrap();
        let Some(kpis) = table.get("kpi").and_then(|kpis| kpis.as_array()) else { continue };
        for kpi in kpis {
            let key = kpi.get("key").and_then(|key| key.as_str()).unwrap_or("?");
            assert!(kpi.get("aggregate").is_some(), "{path}: {key} does not state its aggregate");
        }
    }
}

#[test]
fn every_kpi_aggregate_suits_its_unit_and_follows_its_definition() {
    let kpis = builtin_kpis();
    for kpi in kpis.values() {
        let fits = match kpi.aggregate {
            Aggregate::Sum => !matches!(kpi.unit, KpiUnit::Percent | KpiUnit::Ratio | KpiUnit::Score),
            Aggregate::Count => kpi.unit == KpiUnit::Count,
            _ => true,
        };
        assert!(fits, "{}: {} of a {:?}", kpi.key, kpi.aggregate, kpi.unit);
        // A definition that names a median or a mean is taken at its word.
        if kpi.definition.starts_with("Median") {
            assert_eq!(kpi.aggregate, Aggregate::Median, "{}", kpi.key);
        }
        if kpi.definition.starts_with("Mean") {
            assert_eq!(kpi.aggregate, Aggregate::Mean, "{}", kpi.key);
        }
        // A summed count says how it is recorded, so the sum counts each occurrence once.
        if kpi.aggregate == Aggregate::Sum {
            assert_eq!(kpi.unit, KpiUnit::Count, "{}", kpi.key);
            assert!(kpi.definition.contains("their sum"), "{} does not say what is summed", kpi.key);
        }
    }
    let chosen = |key: &str| kpis[key].aggregate;
    assert_eq!(chosen("kpi.model-lead-time"), Aggregate::Median);
    assert_eq!(chosen("kpi.dora-lead-time-for-changes"), Aggregate::Median);
    assert_eq!(chosen("kpi.change-failure-rate"), Aggregate::Mean);
    // Each point already is a p95: the period's value is their mean, not a p95 of p95s.
    assert_eq!(chosen("kpi.p95-inference-latency"), Aggregate::Mean);
    assert_eq!(chosen("kpi.deployment-frequency"), Aggregate::Mean);
    assert_eq!(chosen("kpi.audit-findings"), Aggregate::Sum);
    assert_eq!(chosen("kpi.monitoring-coverage"), Aggregate::Last);
    // The engine writes these once a day as quarter-to-date, trailing or newest figures.
    for key in [
        "kpi.review-sla-adherence",
        "kpi.documentation-freshness",
        "kpi.cost-per-1k-predictions",
        "kpi.architecture-review-throughput",
        "kpi.decision-coverage",
        "kpi.open-high-risks",
    ] {
        assert_eq!(chosen(key), Aggregate::Last, "{key}");
    }
}

#[test]
fn a_user_edited_kpi_whose_aggregate_does_not_suit_its_unit_is_refused_by_name() {
    let mut items = builtin_items();
    for item in &mut items {
        if let CatalogItem::Kpi(kpi) = item {
            match kpi.key.as_str() {
                "kpi.change-failure-rate" => kpi.aggregate = Aggregate::Sum,
                "kpi.stakeholder-satisfaction" => kpi.aggregate = Aggregate::Sum,
                "kpi.time-to-recover" => kpi.aggregate = Aggregate::Count,
                "kpi.drift-incidents" => kpi.aggregate = Aggregate::Count,
                _ => {}
            }
        }
    }
    let breaks = validate(&items, &|_| None);
    let message = |key: &str| {
        breaks
            .iter()
            .find(|b| b.key == key)
            .map(|b| b.message.clone())
            .unwrap_or_else(|| panic!("{key}: {breaks:?}"))
    };
    let percent = message("kpi.change-failure-rate");
    assert!(
        percent.starts_with("kpi.change-failure-rate: ")
            && percent.contains("`sum` does not suit a percent KPI"),
        "{percent}"
    );
    assert!(message("kpi.stakeholder-satisfaction").contains("`sum` does not suit a score KPI"));
    assert!(
        message("kpi.time-to-recover")
            .contains("`count` gives a number of measurements, which is not a duration")
    );
    assert!(breaks.iter().all(|b| b.key != "kpi.drift-incidents"), "a count of a count is fine: {breaks:?}");
    assert_eq!(breaks.len(), 3, "{breaks:#?}");
}

#[test]
fn the_computed_kpis_need_no_seed_rows_and_follow_the_mlops_architect_seed() {
    let kpis = builtin_kpis();
    for key in ["kpi.architecture-review-throughput", "kpi.decision-coverage", "kpi.open-high-risks"] {
        let kpi = &kpis[key];
        assert_eq!(kpi.version, 1, "{key}");
        assert!(kpi.seed_rows.is_empty(), "{key}");
        assert!(kpi.definition.contains("Archboard writes this figure once a day"), "{key}");
        assert_eq!(kpi.tiers.len(), 3, "{key}");
        assert_eq!(kpi.roles, ["role.lead-ml-architect", "role.mlops-architect"], "{key}");
    }
    let throughput = kpis["kpi.architecture-review-throughput"].target.as_ref().unwrap();
    assert_eq!(
        (throughput.rag(12.0), throughput.rag(6.0), throughput.rag(4.0)),
        (Rag::Green, Rag::Amber, Rag::Red)
    );
    let coverage = &kpis["kpi.decision-coverage"];
    assert_eq!(coverage.unit, KpiUnit::Percent);
    let coverage = coverage.target.as_ref().unwrap();
    assert_eq!(
        (coverage.rag(100.0), coverage.rag(80.0), coverage.rag(79.0)),
        (Rag::Green, Rag::Amber, Rag::Red)
    );
    let risks = &kpis["kpi.open-high-risks"];
    assert_eq!(risks.direction, KpiDirection::LowerIsBetter);
    let risks = risks.target.as_ref().unwrap();
    assert_eq!((risks.rag(0.0), risks.rag(2.0), risks.rag(3.0)), (Rag::Green, Rag::Amber, Rag::Red));
}

#[test]
fn kpis_have_machine_readable_targets_that_grade_the_seed_examples() {
    let kpis = builtin_kpis();
    assert!(kpis.values().all(|kpi| kpi.target.is_some()), "every KPI has thresholds");
    let cfr = &kpis["kpi.change-failure-rate"];
    assert_eq!(cfr.direction, KpiDirection::LowerIsBetter);
    let target = cfr.target.as_ref().unwrap();
    assert_eq!(target.rag(8.0), Rag::Green);
    assert_eq!(target.rag(12.0), Rag::Amber);
    assert_eq!(target.rag(20.0), Rag::Red);
    let cost = kpis["kpi.cost-per-1k-predictions"].target.as_ref().unwrap();
    assert_eq!(cost.basis, TargetBasis::ChangeFromBaselinePct);
    assert_eq!(cost.rag(-15.0), Rag::Green);
}

#[test]
fn a_catalog_written_as_toml_reads_back_identically() {
    let mut items = builtin_items();
    let text = to_toml(&items);
    let mut read_back = parse_file("export.toml", &text).unwrap();
    items.sort_by(|a, b| a.key().cmp(b.key()));
    read_back.sort_by(|a, b| a.key().cmp(b.key()));
    assert_eq!(read_back, items);
}

#[test]
fn bad_files_are_refused_with_the_line_and_the_reason() {
    let unknown =
        "[[kpi]]\nkey = \"kpi.x\"\nname = \"X\"\nsummary = \"s\"\nversion = 1\ndirektion = \"up\"\n";
    let problem = parse_file("team.toml", unknown).unwrap_err();
    assert_eq!(problem.path, "team.toml");
    assert!(problem.message.contains("direktion"), "{}", problem.message);
    assert!(problem.line.is_some());

    let broken = "[[pattern]]\nkey = \"pattern.x\nname = 1\n";
    let problem = parse_file("p.toml", broken).unwrap_err();
    assert_eq!(problem.line, Some(2), "{}", problem.message);

    let mut items = builtin_items();
    for item in &mut items {
        if let CatalogItem::Kpi(kpi) = item
            && kpi.key == "kpi.change-failure-rate"
        {
            let target = kpi.target.as_mut().unwrap();
            target.green.max = Some(20.0);
        }
        if let CatalogItem::Role(role) = item
            && role.key == "role.mlops-architect"
        {
            role.dimensions[0].weight = 25.0;
            role.kpis.push("kpi.does-not-exist".into());
        }
    }
    let messages: Vec<String> =
        validate(&items, &|_| None).into_iter().map(|b| format!("{}: {}", b.key, b.message)).collect();
    assert!(
        messages.iter().any(|m| m.contains("kpi.change-failure-rate") && m.contains("inside target.amber")),
        "{messages:?}"
    );
    assert!(messages.iter().any(|m| m.contains("add up to 105")), "{messages:?}");
    assert!(
        messages.iter().any(|m| m.contains("`kpi.does-not-exist` is not in the catalog")),
        "{messages:?}"
    );
}

#[test]
fn every_builtin_rubric_dimension_has_all_four_anchors() {
    let roles = by_kind(CatalogKind::Role);
    assert_eq!(roles.len(), 5);
    for item in roles {
        let CatalogItem::Role(role) = item else { unreachable!() };
        for dimension in &role.dimensions {
            for rating in 1..=4 {
                assert!(
                    !dimension.anchor(rating).trim().is_empty(),
                    "{} `{}` has no anchor for {rating}",
                    role.key,
                    dimension.key
                );
            }
        }
        assert!(
            role.anchor_note.as_deref().unwrap_or("").contains("The 1 and 2 anchors are Archboard's"),
            "{}",
            role.key
        );
    }
}

#[test]
fn a_dimension_with_only_one_of_the_lower_anchors_is_refused_by_name() {
    let mut items = builtin_items();
    for item in &mut items {
        if let CatalogItem::Role(role) = item {
            match role.key.as_str() {
                "role.mlops-architect" => role.dimensions[0].below_bar = "  ".into(),
                "role.lead-ml-engineer" => role.dimensions[1].well_below_bar.clear(),
                // Both empty: a file written before the lower anchors existed.
                "role.lead-mlops-engineer" => {
                    role.dimensions[2].well_below_bar.clear();
                    role.dimensions[2].below_bar.clear();
                }
                _ => {}
            }
        }
    }
    let breaks = validate(&items, &|_| None);
    let message = |key: &str| {
        breaks
            .iter()
            .find(|b| b.key == key)
            .map(|b| b.message.clone())
            .unwrap_or_else(|| panic!("{key}: {breaks:?}"))
    };
    assert!(
        message("role.mlops-architect").contains(
            "dimension `mlops-architecture-depth` needs both a well-below-bar and a below-bar anchor"
        ),
        "{breaks:?}"
    );
    assert!(
        message("role.lead-ml-engineer")
            .contains("dimension `software-engineering` needs both a well-below-bar and a below-bar anchor"),
        "{breaks:?}"
    );
    assert!(breaks.iter().all(|b| b.key != "role.lead-mlops-engineer"), "neither is fine: {breaks:?}");
    assert_eq!(breaks.len(), 2, "{breaks:#?}");
}

#[test]
fn the_fingerprint_changes_with_any_byte_or_name_of_the_files() {
    let files = [("kpis.toml", "version = 1"), ("roles/a.toml", "x")];
    let base = fingerprint_of(&files);
    assert_eq!(base, fingerprint_of(&files));
    assert!(base.starts_with(env!("CARGO_PKG_VERSION")));
    assert_ne!(base, fingerprint_of(&[("kpis.toml", "version = 2"), ("roles/a.toml", "x")]));
    assert_ne!(base, fingerprint_of(&[("kpis.toml", "version = 1"), ("roles/b.toml", "x")]));
    // Moving a byte across the boundary between name and content is a change too.
    assert_ne!(base, fingerprint_of(&[("kpis.toml", "version = 1"), ("roles/a.tomlx", "")]));
}
