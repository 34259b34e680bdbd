//! Lens files through import and export: fixtures come back unchanged, broken files are refused
//! at the exact JSON path, edits made in Archboard land in the file without losing what
//! Archboard does not read, and a checklist that never was a lens exports as one whose rules
//! give the risks it was designed with.

use archboard_lens::rules::{self, check_selection, evaluate};
use archboard_lens::{LensError, SCHEMA_VERSION, export_lens, import_lens};
use archboard_types::catalog::{
    CatalogItem, Checklist, ChecklistItem, ChecklistScoring, GapRisk, LensChoice, LensRisk, LensRiskRule,
    RiskTier,
};
use serde_json::Value;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

fn value(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

fn import(name: &str) -> (Checklist, Vec<String>) {
    let imported = import_lens(name, &fixture(name)).unwrap_or_else(|error| panic!("{name}: {error}"));
    (imported.checklist, imported.warnings)
}

/// The catalog's own rules, as `catalog import` applies them.
fn assert_valid_template(checklist: &Checklist) {
    let problems = archboard_catalog::validate(&[CatalogItem::Checklist(checklist.clone())], &|_| None);
    assert!(problems.is_empty(), "{}: {problems:?}", checklist.key);
}

fn item<'c>(checklist: &'c Checklist, key: &str) -> &'c ChecklistItem {
    checklist.items.iter().find(|item| item.key == key).unwrap_or_else(|| panic!("no item `{key}`"))
}

fn risk_of(item: &ChecklistItem, selected: &[&str]) -> Option<LensRisk> {
    let lens = item.lens.as_ref().expect("a lens question");
    evaluate(&lens.risk_rules, selected).map(|fired| fired.rule.risk)
}

#[test]
fn the_complete_fixture_comes_back_byte_for_byte() {
    let text = fixture("complete.json");
    let (checklist, _) = import("complete.json");
    let exported = export_lens(&checklist).unwrap();
    assert_eq!(value(&exported), value(&text));
    // Key order is the author's, including keys outside the format, so the text is identical.
    assert_eq!(exported, text);
}

#[test]
fn minimal_and_limit_breaking_fixtures_come_back_as_the_same_json() {
    for name in ["minimal.json", "wild.json"] {
        let text = fixture(name);
        let (checklist, _) = import(name);
        assert_eq!(value(&export_lens(&checklist).unwrap()), value(&text), "{name}");
    }
}

#[test]
fn the_complete_fixture_maps_onto_a_checklist() {
    let (checklist, warnings) = import("complete.json");
    assert_eq!(checklist.key, "checklist.lens-edge-inference-operations");
    assert_eq!(checklist.name, "Edge Inference Operations");
    assert!(checklist.summary.starts_with("Questions for teams that run machine-learning models"));
    assert_eq!(checklist.version, 1);
    assert_eq!(checklist.scoring, ChecklistScoring::PassFail);
    assert_eq!(checklist.sections, ["Model lifecycle", "Fleet security", "Cost care"]);
    let keys: Vec<&str> = checklist.items.iter().map(|item| item.key.as_str()).collect();
    assert_eq!(keys, ["lifecycle-registry", "lifecycle-rollback", "security-secrets", "cost-visibility"]);
    let document = checklist.lens.as_ref().unwrap();
    assert_eq!(document.schema_version, SCHEMA_VERSION);
    assert_eq!(document.pillar_ids, ["model_lifecycle", "fleet_security", "cost_care"]);
    assert_eq!(document.original_json, fixture("complete.json"));

    let registry = item(&checklist, "lifecycle-registry");
    assert_eq!(registry.section, "Model lifecycle");
    assert_eq!(registry.prompt, "How do you know which model version runs on each device?");
    assert!(registry.guidance.starts_with("A fleet drifts"));
    assert_eq!(
        registry.evidence,
        "Keep one registry of promoted models and compare it with what devices report."
    );
    assert_eq!(registry.risk, GapRisk::High);
    assert_eq!(registry.tiers, RiskTier::ALL);
    assert!(registry.kpis.is_empty());
    let lens = registry.lens.as_ref().unwrap();
    assert_eq!(
        lens.helpful_resource.as_ref().unwrap().url.as_deref(),
        Some("https://example.com/edge/registry")
    );
    let ids: Vec<&str> = lens.choices.iter().map(|choice| choice.id.as_str()).collect();
    assert_eq!(ids, ["registry_central", "registry_signed", "registry_reconciled", "registry_no"]);
    assert_eq!(
        lens.choices[0].improvement_plan.as_ref().unwrap().url.as_deref(),
        Some("https://example.com/edge/registry#setup")
    );
    assert!(lens.choices[3].is_none_of_these() && lens.choices[3].improvement_plan.is_none());
    assert_eq!(lens.risk_rules.len(), 3);

    // No helpful resource: the evidence is empty rather than invented.
    assert_eq!(item(&checklist, "lifecycle-rollback").evidence, "");
    // Only NO_RISK and MEDIUM_RISK rules: a gap is a medium risk.
    assert_eq!(item(&checklist, "security-secrets").risk, GapRisk::Medium);

    // The file keeps to the format's limits; only the keys outside it are reported.
    assert_eq!(
        warnings,
        [
            "`$[\"x-revision\"]`: not part of the lens format; kept as is on export",
            "`$[\"x-team\"]`: not part of the lens format; kept as is on export",
            "`$.pillars[0][\"x-owner\"]`: not part of the lens format; kept as is on export",
            "`$.pillars[0].questions[0].choices[2][\"x-review\"]`: not part of the lens format; kept as is on export",
            "`$.pillars[0].questions[1].riskRules[1][\"x-note\"]`: not part of the lens format; kept as is on export",
            "`$.pillars[1].questions[0][\"x-team\"]`: not part of the lens format; kept as is on export",
        ]
    );
}

#[test]
fn imported_rules_evaluate_as_the_lens_says() {
    let (checklist, _) = import("complete.json");
    let registry = item(&checklist, "lifecycle-registry");
    let all = ["registry_central", "registry_signed", "registry_reconciled"];
    assert_eq!(risk_of(registry, &all), Some(LensRisk::None));
    assert_eq!(risk_of(registry, &["registry_signed"]), Some(LensRisk::Medium));
    assert_eq!(risk_of(registry, &["registry_reconciled"]), Some(LensRisk::High));
    assert_eq!(risk_of(registry, &["registry_no"]), Some(LensRisk::High));
    assert_eq!(risk_of(registry, &[]), Some(LensRisk::High));
    let cost = item(&checklist, "cost-visibility");
    assert_eq!(risk_of(cost, &["cost_alerts"]), Some(LensRisk::Medium));
    assert_eq!(risk_of(cost, &["cost_alerts", "cost_no"]), Some(LensRisk::High));
    let lens = registry.lens.as_ref().unwrap();
    assert!(check_selection(lens, &["registry_central", "registry_signed"]).is_ok());
    assert!(
        check_selection(lens, &["registry_central", "registry_no"])
            .unwrap_err()
            .contains("cannot be selected together")
    );
}

#[test]
fn imported_lenses_pass_the_catalog_rules() {
    for name in ["complete.json", "minimal.json", "wild.json"] {
        assert_valid_template(&import(name).0);
    }
}

#[test]
fn a_minimal_lens_imports_without_warnings() {
    let (checklist, warnings) = import("minimal.json");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(checklist.key, "checklist.lens-minimal-lens");
    assert_eq!(checklist.items[0].key, "basics-owner");
    assert_eq!(checklist.items[0].risk, GapRisk::High);
}

#[test]
fn limits_broken_without_losing_meaning_are_imported_with_warnings() {
    let (checklist, warnings) = import("wild.json");
    assert_eq!(
        warnings,
        [
            "`$.description`: 2400 characters; the lens format allows 2048",
            "`$.pillars[0].name`: the pillar has no name; its id `ops` is used",
            "`$.pillars[0].questions[0].owner`: not part of the lens format; kept as is on export",
            "`$.pillars[0].questions[0].id`: `ops-q1` breaks the id rule of the lens format: 3 to 128 letters, digits and `_`",
            "`$.pillars[0].questions[0].choices[0]`: no `improvementPlan`; the lens format requires one for every choice except a “none of these” (`_no`) choice",
            "`$.pillars[0].questions[0].choices[1].improvementPlan.url`: the lens format requires URLs to start with http:// or https://",
            "`$.pillars[0].questions[0].riskRules[1].risk`: write `MEDIUM_RISK` as the lens format spells it",
            "`$.pillars[0].questions[0].riskRules`: no `default` rule; a selection no rule covers gets no risk (the lens format requires one)",
        ]
    );
    assert_eq!(checklist.sections, ["ops"]);
    let question = &checklist.items[0];
    assert_eq!(question.key, "ops-q1");
    assert_eq!(question.guidance, "");
    assert_eq!(question.lens.as_ref().unwrap().choices[0].helpful_resource, None);
    assert_eq!(risk_of(question, &["ops_runbook"]), Some(LensRisk::Medium));
    // Without a default rule, nothing decides the risk of an unanswered question.
    assert_eq!(risk_of(question, &[]), None);
}

#[test]
fn broken_files_are_refused_at_the_exact_path() {
    let refused = |name: &str| -> LensError {
        import_lens(name, &fixture(name)).err().unwrap_or_else(|| panic!("{name} was imported"))
    };
    assert_eq!(
        refused("bad-unknown-choice.json").to_string(),
        "`$.pillars[1].questions[0].riskRules[2].condition`: unknown choice id `q1_x` (the question's choices are q1_a, q1_b, q1_no)"
    );
    assert_eq!(
        refused("bad-duplicate-question.json"),
        LensError {
            path: "$.pillars[1].questions[0].id".into(),
            message: "question id `shared_q` is already used by `$.pillars[0].questions[1]`".into(),
        }
    );
    assert_eq!(
        refused("bad-schema-version.json"),
        LensError {
            path: "$.schemaVersion".into(),
            message: "schema version `2023-01-01` is not one Archboard reads (it reads 2021-11-01)".into(),
        }
    );
    assert_eq!(
        refused("bad-risk-level.json"),
        LensError {
            path: "$.pillars[0].questions[0].riskRules[1].risk".into(),
            message: "unknown risk `LOW_RISK`; expected HIGH_RISK, MEDIUM_RISK or NO_RISK".into(),
        }
    );
    let error = refused("bad-json.json");
    assert_eq!(error.path, "$");
    assert_eq!(error.message, "invalid JSON at line 4, column 3: expected `,` or `}`");
}

#[test]
fn other_refusals_name_the_field() {
    let lens =
        |pillars: &str| format!(r#"{{"schemaVersion": "2021-11-01", "name": "L", "pillars": {pillars}}}"#);
    let question = |id: &str, choices: &str, rules: &str| {
        format!(r#"{{"id": "{id}", "title": "T", "choices": {choices}, "riskRules": {rules}}}"#)
    };
    let one = |question: &str| lens(&format!(r#"[{{"id": "ppp", "name": "P", "questions": [{question}]}}]"#));
    let yes = r#"[{"id": "c_yes", "title": "Yes", "improvementPlan": {"displayText": "Do."}}]"#;
    let rules = r#"[{"condition": "default", "risk": "HIGH_RISK"}]"#;
    let cases = [
        ("[1, 2]".to_owned(), "$", "a lens file is a JSON object, found an array"),
        (
            r#"{"name": "L", "pillars": []}"#.to_owned(),
            "$.schemaVersion",
            "missing; a lens file names its schema (2021-11-01)",
        ),
        (lens("[]"), "$.pillars", "the lens has no pillars"),
        (lens(r#"[{"id": "ppp", "name": "P", "questions": []}]"#), "$.pillars", "the lens has no questions"),
        (
            lens(r#"[{"id": "ppp", "name": "P"}, {"id": "ppp", "name": "Q"}]"#),
            "$.pillars[1].id",
            "pillar id `ppp` is already used by `$.pillars[0]`",
        ),
        (
            lens(r#"[{"id": "ppp", "name": "P"}, {"id": "qqq", "name": "P"}]"#),
            "$.pillars[1].name",
            "pillar name `P` is already used by `$.pillars[0]`; each pillar needs its own name",
        ),
        (
            one(&question("q_1", "[]", rules)),
            "$.pillars[0].questions[0].choices",
            "the question has no choices to answer it with",
        ),
        (
            one(&question("q_1", r#"[{"id": "default", "title": "D"}]"#, rules)),
            "$.pillars[0].questions[0].choices[0].id",
            "`default` is the word for the catch-all risk rule, not a choice id",
        ),
        (
            one(&question("q_1", r#"[{"id": "c_a", "title": "A"}, {"id": "c_a", "title": "B"}]"#, rules)),
            "$.pillars[0].questions[0].choices[1].id",
            "choice id `c_a` is already used by `$.pillars[0].questions[0].choices[0]` in this question",
        ),
        (
            one(&format!(r#"{{"id": "q_1", "choices": {yes}, "riskRules": {rules}}}"#)),
            "$.pillars[0].questions[0].title",
            "missing; every question needs a `title`",
        ),
        (
            one(&format!(r#"{{"id": "q_1", "title": 5, "choices": {yes}, "riskRules": {rules}}}"#)),
            "$.pillars[0].questions[0].title",
            "must be a string, found a number",
        ),
        (
            one(&question("q_1", yes, r#"[{"condition": "c_yes &&", "risk": "NO_RISK"}]"#)),
            "$.pillars[0].questions[0].riskRules[0].condition",
            "`&&` needs a choice id, `!` or `(` after it (at offset 8)",
        ),
        (
            one(&question("q_1", yes, r#"[{"condition": "c_yes || default", "risk": "NO_RISK"}]"#)),
            "$.pillars[0].questions[0].riskRules[0].condition",
            "`default` must be the whole condition, not part of an expression (at offset 9)",
        ),
        (
            lens(&format!(
                r#"[{{"id": "ppp", "name": "P", "questions": [{}, {}]}}]"#,
                question("Q_1", yes, rules),
                question("q_1", yes, rules)
            )),
            "$.pillars[0].questions[1].id",
            "question id `q_1` gives the checklist key `q-1`, as the question at `$.pillars[0].questions[0]` does; ids must differ in more than case and punctuation",
        ),
    ];
    for (text, path, message) in cases {
        let error = import_lens("cases.json", &text).expect_err(&text);
        assert_eq!((error.path.as_str(), error.message.as_str()), (path, message), "{text}");
    }
}

#[test]
fn a_lens_without_a_name_or_description_gets_them_from_the_file() {
    let text = r#"{"schemaVersion": "2021-11-01", "pillars": [{"id": "ppp", "name": "P", "questions": [
        {"id": "q_1", "title": "T", "choices": [{"id": "c_yes", "title": "Yes", "improvementPlan": {"displayText": "Do."}}],
         "riskRules": [{"condition": "default", "risk": "MEDIUM_RISK"}]}]}]}"#;
    let imported = import_lens("lenses/Team Ops.json", text).unwrap();
    assert_eq!(imported.checklist.name, "Team Ops");
    assert_eq!(imported.checklist.key, "checklist.lens-team-ops");
    assert_eq!(imported.checklist.summary, "Checklist from the AWS Well-Architected custom lens “Team Ops”.");
    assert_eq!(
        imported.warnings,
        ["`$.name`: the lens has no name; `Team Ops` (from the file name) is used"]
    );
    assert_valid_template(&imported.checklist);
    // Export writes the name the lens now has, and no generated description.
    let mut expected = value(text);
    expected["name"] = "Team Ops".into();
    let exported = value(&export_lens(&imported.checklist).unwrap());
    assert_eq!(exported, expected);
    assert!(
        export_lens(&imported.checklist)
            .unwrap()
            .starts_with("{\n  \"schemaVersion\": \"2021-11-01\",\n  \"name\": \"Team Ops\"")
    );
}

#[test]
fn edits_made_in_archboard_are_written_over_the_original_file() {
    let (mut checklist, _) = import("complete.json");
    checklist.name = "Edge Inference Operations v2".into();
    checklist.items.retain(|item| item.key != "lifecycle-rollback");
    let registry = checklist.items.iter_mut().find(|item| item.key == "lifecycle-registry").unwrap();
    registry.prompt = "Which model version runs on each device?".into();
    let lens = registry.lens.as_mut().unwrap();
    lens.choices[0].title = "A single registry records every promoted model".into();
    lens.risk_rules[1] =
        LensRiskRule { condition: "registry_central || registry_signed".into(), risk: LensRisk::Medium };
    let secrets = checklist.items.iter_mut().find(|item| item.key == "security-secrets").unwrap();
    secrets.guidance = "Devices are stolen; whatever is on them is public.".into();
    secrets.lens.as_mut().unwrap().choices.insert(
        2,
        LensChoice {
            id: "secrets_scoped".into(),
            title: "Each device's credentials reach only its own data".into(),
            description: String::new(),
            helpful_resource: None,
            improvement_plan: Some(archboard_types::catalog::LensResource {
                display_text: "Scope credentials to the device.".into(),
                url: None,
            }),
        },
    );
    checklist.items.push(ChecklistItem {
        key: "tamper-evidence".into(),
        section: "Fleet security".into(),
        prompt: "Would you notice a tampered device?".into(),
        guidance: "Attestation reports what booted.".into(),
        evidence: "Attestation dashboard.".into(),
        risk: GapRisk::High,
        tiers: RiskTier::ALL.to_vec(),
        kpis: Vec::new(),
        lens: None,
    });
    checklist.sections.push("Sustainability".into());
    checklist.items.push(ChecklistItem {
        key: "idle-power".into(),
        section: "Sustainability".into(),
        prompt: "Do idle devices sleep?".into(),
        guidance: String::new(),
        evidence: String::new(),
        risk: GapRisk::Medium,
        tiers: vec![RiskTier::High],
        kpis: Vec::new(),
        lens: None,
    });

    let exported = value(&export_lens(&checklist).unwrap());
    let original = value(&fixture("complete.json"));
    assert_eq!(exported["name"], "Edge Inference Operations v2");
    // What Archboard does not read is still there.
    assert_eq!(exported["x-team"], original["x-team"]);
    assert_eq!(exported["x-revision"], 7);
    assert_eq!(exported["pillars"][0]["x-owner"], "ml-platform");
    let pillar = &exported["pillars"][0];
    assert_eq!(pillar["questions"].as_array().unwrap().len(), 1, "the removed question is dropped");
    let question = &pillar["questions"][0];
    assert_eq!(question["title"], "Which model version runs on each device?");
    assert_eq!(question["description"], original["pillars"][0]["questions"][0]["description"]);
    let choice = &question["choices"][0];
    assert_eq!(choice["title"], "A single registry records every promoted model");
    assert_eq!(
        choice["additionalResources"],
        original["pillars"][0]["questions"][0]["choices"][0]["additionalResources"]
    );
    assert_eq!(question["choices"][2]["x-review"]["by"], "fleet-ops");
    assert_eq!(question["riskRules"][1]["condition"], "registry_central || registry_signed");
    assert_eq!(question["riskRules"][0], original["pillars"][0]["questions"][0]["riskRules"][0]);

    let security = &exported["pillars"][1]["questions"];
    assert_eq!(security[0]["description"], "Devices are stolen; whatever is on them is public.");
    assert_eq!(security[0]["x-team"]["owner"], "security guild");
    assert_eq!(security[0]["choices"][2]["id"], "secrets_scoped");
    assert_eq!(security[0]["choices"][3]["id"], "secrets_no");
    // The question added in Archboard is appended, with generated choices.
    assert_eq!(security[1]["id"], "tamper_evidence");
    let choice_ids: Vec<&str> =
        security[1]["choices"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(choice_ids, ["tamper_evidence_met", "tamper_evidence_partial", "tamper_evidence_no"]);
    assert_eq!(security[1]["helpfulResource"]["displayText"], "Attestation dashboard.");
    // The pillar added in Archboard is appended with an id made from its name.
    assert_eq!(exported["pillars"][3]["id"], "sustainability");
    assert_eq!(exported["pillars"][3]["questions"][0]["id"], "idle_power");

    let again = import_lens("v2.json", &serde_json::to_string(&exported).unwrap()).unwrap().checklist;
    let keys: Vec<&str> = again.items.iter().map(|item| item.key.as_str()).collect();
    assert_eq!(
        keys,
        ["lifecycle-registry", "security-secrets", "tamper-evidence", "cost-visibility", "idle-power"]
    );
    assert_eq!(
        risk_of(item(&again, "lifecycle-registry"), &["registry_signed", "registry_no"]),
        Some(LensRisk::Medium)
    );
    assert_eq!(
        risk_of(item(&again, "tamper-evidence"), &["tamper_evidence_partial"]),
        Some(LensRisk::Medium)
    );
    assert_valid_template(&again);
}

#[test]
fn export_refuses_templates_it_cannot_write() {
    let (mut checklist, _) = import("minimal.json");
    checklist.items[0].section = "Nowhere".into();
    assert_eq!(
        export_lens(&checklist).unwrap_err(),
        "item `basics-owner` is in section `Nowhere`, which is not listed"
    );
    let (mut checklist, _) = import("minimal.json");
    checklist.items[0].lens.as_mut().unwrap().risk_rules[0].condition = "basics_owner_maybe".into();
    let error = export_lens(&checklist).unwrap_err();
    assert!(error.starts_with("the exported lens would not import: `$.pillars[0].questions[0].riskRules[0].condition`: unknown choice id `basics_owner_maybe`"), "{error}");
}

fn production_readiness() -> Checklist {
    archboard_catalog::builtin_items()
        .into_iter()
        .find_map(|item| match item {
            CatalogItem::Checklist(checklist) if checklist.key == "checklist.production-readiness" => {
                Some(checklist)
            }
            _ => None,
        })
        .expect("the built-in production-readiness checklist")
}

#[test]
fn a_checklist_that_never_was_a_lens_exports_as_one_whose_rules_give_its_risks() {
    let checklist = production_readiness();
    assert!(checklist.lens.is_none() && checklist.items.iter().all(|item| item.lens.is_none()));
    let text = export_lens(&checklist).unwrap();
    // A fresh document lists its keys in the specification's order.
    assert!(text.starts_with("{\n  \"schemaVersion\": \"2021-11-01\",\n  \"name\": "), "{}", &text[..80]);
    let exported = value(&text);
    let pillar_ids: Vec<&str> =
        exported["pillars"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(pillar_ids[0], "ownership_and_operations");
    let is_spec_id =
        |id: &str| (3..=128).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    for pillar in exported["pillars"].as_array().unwrap() {
        assert!(is_spec_id(pillar["id"].as_str().unwrap()));
        for question in pillar["questions"].as_array().unwrap() {
            assert!(is_spec_id(question["id"].as_str().unwrap()), "{}", question["id"]);
            for choice in question["choices"].as_array().unwrap() {
                assert!(is_spec_id(choice["id"].as_str().unwrap()), "{}", choice["id"]);
            }
        }
    }

    let imported = import_lens("production-readiness.json", &text).unwrap();
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let again = imported.checklist;
    assert_valid_template(&again);
    assert_eq!(again.name, checklist.name);
    assert_eq!(again.summary, checklist.summary);
    assert_eq!(again.sections, checklist.sections);
    assert_eq!(again.items.len(), checklist.items.len());
    // Keys come back from the generated question ids; items come in pillar order, as the lens
    // nests them.
    for before in &checklist.items {
        let after = item(&again, &before.key);
        assert_eq!(
            (&after.section, &after.prompt, &after.guidance),
            (&before.section, &before.prompt, &before.guidance)
        );
        assert_eq!(after.evidence, before.evidence);
        assert_eq!(after.risk, before.risk, "{}", before.key);
        let id = before.key.replace('-', "_");
        let (met, partial, none) = (format!("{id}_met"), format!("{id}_partial"), format!("{id}_no"));
        let gap = match before.risk {
            GapRisk::High => LensRisk::High,
            GapRisk::Medium => LensRisk::Medium,
        };
        assert_eq!(risk_of(after, &[&met]), Some(LensRisk::None));
        assert_eq!(risk_of(after, &[&met, &partial]), Some(LensRisk::None));
        assert_eq!(risk_of(after, &[&partial]), Some(LensRisk::Medium));
        assert_eq!(risk_of(after, &[&none]), Some(gap));
        assert_eq!(risk_of(after, &[]), Some(gap));
        let lens = after.lens.as_ref().unwrap();
        assert!(lens.choices[2].is_none_of_these());
        assert!(check_selection(lens, &[&met, &none]).is_err());
        assert_eq!(lens.choices[0].improvement_plan.as_ref().unwrap().display_text, before.guidance);
    }
    // Exporting the re-imported template changes nothing: it is now a lens template.
    assert_eq!(value(&export_lens(&again).unwrap()), exported);
}

#[test]
fn every_built_in_checklist_exports_as_a_lens_that_imports() {
    for item in archboard_catalog::builtin_items() {
        if let CatalogItem::Checklist(checklist) = item {
            let text = export_lens(&checklist).unwrap_or_else(|error| panic!("{}: {error}", checklist.key));
            let again = import_lens(&checklist.key, &text).unwrap().checklist;
            assert_valid_template(&again);
            let keys = |c: &Checklist| {
                let mut keys: Vec<String> = c.items.iter().map(|item| item.key.clone()).collect();
                keys.sort();
                keys
            };
            assert_eq!(keys(&again), keys(&checklist), "{}", checklist.key);
        }
    }
}

#[test]
fn generated_ids_stay_unique_and_within_the_limits() {
    let long = "k".repeat(150);
    let entry = |key: &str, section: &str| ChecklistItem {
        key: key.into(),
        section: section.into(),
        prompt: format!("Is {key} done?"),
        guidance: String::new(),
        evidence: String::new(),
        risk: GapRisk::Medium,
        tiers: vec![RiskTier::Low],
        kpis: Vec::new(),
        lens: None,
    };
    let checklist = Checklist {
        key: "checklist.odd".into(),
        name: "Odd names".into(),
        summary: "Sections and keys that do not make ids on their own.".into(),
        version: 3,
        scoring: ChecklistScoring::PassFail,
        sections: vec!["QA".into(), "qa".into(), "Безопасность".into()],
        items: vec![
            entry("ab", "QA"),
            entry(&format!("{long}-1"), "qa"),
            entry(&format!("{long}-2"), "Безопасность"),
        ],
        source: None,
        lens: None,
    };
    let exported = value(&export_lens(&checklist).unwrap());
    let pillars = exported["pillars"].as_array().unwrap();
    let ids: Vec<&str> = pillars.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["pillar_qa", "pillar_qa_2", "pillar_3"]);
    assert_eq!(pillars[0]["questions"][0]["id"], "ab_");
    let first = pillars[1]["questions"][0]["id"].as_str().unwrap();
    let second = pillars[2]["questions"][0]["id"].as_str().unwrap();
    assert_eq!(first.len(), 128);
    assert_ne!(first, second);
    let choice = pillars[1]["questions"][0]["choices"][1]["id"].as_str().unwrap();
    assert!(choice.len() <= 64 && choice.ends_with("_partial"), "{choice}");
    // A medium-risk item: met → no risk, anything else → medium, one rule per level.
    let rules = pillars[0]["questions"][0]["riskRules"].as_array().unwrap();
    assert_eq!(rules.len(), 2);
    assert_eq!(rules[1], serde_json::json!({"condition": "default", "risk": "MEDIUM_RISK"}));
    // Without guidance, the improvement plan repeats the prompt rather than being empty.
    assert_eq!(pillars[0]["questions"][0]["choices"][0]["improvementPlan"]["displayText"], "Is ab done?");
    let again = import_lens("odd.json", &serde_json::to_string(&exported).unwrap()).unwrap().checklist;
    assert_eq!(again.items[0].key, "ab");
}

#[test]
fn conditions_from_fixtures_parse_with_the_public_parser() {
    let (checklist, _) = import("complete.json");
    let lens = item(&checklist, "cost-visibility").lens.as_ref().unwrap();
    let ids: Vec<&str> = lens.choices.iter().map(|c| c.id.as_str()).collect();
    let parsed = rules::parse(&lens.risk_rules[1].condition, &ids).unwrap();
    assert_eq!(parsed.to_string(), "cost_tagged || cost_alerts && !cost_no");
    assert_eq!(parsed.choice_ids(), ["cost_tagged", "cost_alerts", "cost_no"]);
}
