//! Writing a checklist template as a lens file.
//!
//! A template imported from a lens is written from its original file: what Archboard edits
//! (names, question texts, choices, rules) is compared with what the original file imports as,
//! and only what differs is written, so keys Archboard does not read and values it maps
//! (an empty description, `high_risk` spelled in lowercase) come back byte for byte. Any
//! other template becomes a fresh lens: sections are pillars, and each item gets the choices
//! "Met", "Partly met" and "None of these" with rules that give its risk when it is not met.

use crate::SCHEMA_VERSION;
use crate::ids::{self, MAX_CHOICE_ID, MAX_PILLAR_ID, MAX_QUESTION_ID};
use crate::import::{self, CHOICE_KEYS, LENS_KEYS, PILLAR_KEYS, QUESTION_KEYS, RESOURCE_KEYS, RULE_KEYS};
use crate::json::{self, Json, Object};
use archboard_types::catalog::{
    Checklist, ChecklistItem, GapRisk, LensChoice, LensDocument, LensQuestion, LensResource, LensRisk,
    LensRiskRule,
};
use std::collections::{HashMap, HashSet};

pub(crate) fn export(checklist: &Checklist) -> Result<String, String> {
    check_shape(checklist)?;
    let root = match &checklist.lens {
        Some(document) => Merge::new(checklist, document)?.root(),
        None => fresh_lens(checklist),
    };
    let text = json::to_pretty(&root);
    // Never hand out a file Archboard itself would refuse: it would not load in AWS either.
    import::import("export.json", &text)
        .map_err(|error| format!("the exported lens would not import: {error}"))?;
    Ok(text)
}

/// What the catalog rules also require, checked here because export relies on it: items are
/// found by key and grouped by section name.
fn check_shape(checklist: &Checklist) -> Result<(), String> {
    let mut sections = HashSet::new();
    for section in &checklist.sections {
        if !sections.insert(section.as_str()) {
            return Err(format!("section `{section}` is listed twice; each pillar needs its own name"));
        }
    }
    let mut keys = HashSet::new();
    for item in &checklist.items {
        if !keys.insert(item.key.as_str()) {
            return Err(format!("item key `{}` is used twice", item.key));
        }
        if !sections.contains(item.section.as_str()) {
            return Err(format!("item `{}` is in section `{}`, which is not listed", item.key, item.section));
        }
    }
    Ok(())
}

fn fresh_lens(checklist: &Checklist) -> Json {
    let mut root = Object::new();
    root.set("schemaVersion", Json::str(SCHEMA_VERSION));
    root.set("name", Json::str(&checklist.name));
    if !checklist.summary.trim().is_empty() {
        root.set("description", Json::str(&checklist.summary));
    }
    let mut pillar_ids = HashSet::new();
    let mut question_ids = HashSet::new();
    let pillars = checklist
        .sections
        .iter()
        .enumerate()
        .map(|(position, section)| {
            let id =
                ids::unique(&ids::pillar_id_from_name(section, position), &mut pillar_ids, MAX_PILLAR_ID);
            let questions = items_of(checklist, section)
                .map(|item| {
                    let id = ids::unique(
                        &ids::question_id_from_key(&item.key),
                        &mut question_ids,
                        MAX_QUESTION_ID,
                    );
                    fresh_question(item, &id)
                })
                .collect();
            fresh_pillar(&id, section, questions)
        })
        .collect();
    root.set("pillars", Json::Array(pillars));
    Json::Object(root)
}

fn items_of<'c>(checklist: &'c Checklist, section: &'c str) -> impl Iterator<Item = &'c ChecklistItem> {
    checklist.items.iter().filter(move |item| item.section == section)
}

fn fresh_pillar(id: &str, name: &str, questions: Vec<Json>) -> Json {
    let mut pillar = Object::new();
    pillar.set("id", Json::str(id));
    pillar.set("name", Json::str(name));
    pillar.set("questions", Json::Array(questions));
    Json::Object(pillar)
}

fn fresh_question(item: &ChecklistItem, id: &str) -> Json {
    let lens = item.lens.clone().unwrap_or_else(|| generated_question(item, id));
    let mut question = Object::new();
    question.set("id", Json::str(id));
    question.set("title", Json::str(&item.prompt));
    if !item.guidance.is_empty() {
        question.set("description", Json::str(&item.guidance));
    }
    if let Some(resource) = question_resource(item) {
        question.set("helpfulResource", resource_json(None, &resource));
    }
    if let Some(plan) = &lens.improvement_plan {
        question.set("improvementPlan", resource_json(None, plan));
    }
    question.set("choices", Json::Array(lens.choices.iter().map(fresh_choice).collect()));
    question
        .set("riskRules", Json::Array(lens.risk_rules.iter().map(|rule| rule_json(None, rule)).collect()));
    Json::Object(question)
}

/// The choices and rules of an item that has none: met → no risk; partly met → medium risk;
/// anything else (nothing selected, "none of these") → the item's own risk. A medium-risk item
/// gets no rule of its own for "partly met": the default already gives medium risk, and the
/// lens format allows one rule per risk level.
pub(crate) fn generated_question(item: &ChecklistItem, question_id: &str) -> LensQuestion {
    let base = ids::truncate(question_id, MAX_CHOICE_ID - "_partial".len());
    let plan = if item.guidance.trim().is_empty() { &item.prompt } else { &item.guidance };
    let choice = |suffix: &str, title: &str, improvement: bool| LensChoice {
        id: format!("{base}_{suffix}"),
        title: title.to_owned(),
        description: String::new(),
        helpful_resource: None,
        improvement_plan: improvement.then(|| LensResource { display_text: plan.clone(), url: None }),
    };
    let rule = |condition: &str, risk| LensRiskRule { condition: condition.to_owned(), risk };
    let mut risk_rules = vec![rule(&format!("{base}_met"), LensRisk::None)];
    match item.risk {
        GapRisk::High => {
            risk_rules.push(rule(&format!("{base}_partial"), LensRisk::Medium));
            risk_rules.push(rule(crate::rules::DEFAULT, LensRisk::High));
        }
        GapRisk::Medium => risk_rules.push(rule(crate::rules::DEFAULT, LensRisk::Medium)),
    }
    LensQuestion {
        choices: vec![
            choice("met", "Met", true),
            choice("partial", "Partly met", true),
            choice("no", "None of these", false),
        ],
        risk_rules,
        helpful_resource: None,
        improvement_plan: None,
    }
}

/// The question's helpful resource as Archboard shows it: the evidence text (what people edit)
/// with the link the lens gave.
fn question_resource(item: &ChecklistItem) -> Option<LensResource> {
    let url = item.lens.as_ref().and_then(|lens| lens.helpful_resource.as_ref()).and_then(|r| r.url.clone());
    (!item.evidence.is_empty() || url.is_some())
        .then(|| LensResource { display_text: item.evidence.clone(), url })
}

/// A resource object: the original's (other keys kept) with text and URL set, or a new one.
fn resource_json(original: Option<&Json>, resource: &LensResource) -> Json {
    let mut object = original.and_then(Json::as_object).cloned().unwrap_or_default();
    if resource.display_text.is_empty() {
        object.remove("displayText");
    } else {
        object.set_ordered("displayText", Json::str(&resource.display_text), RESOURCE_KEYS);
    }
    match &resource.url {
        Some(url) => object.set_ordered("url", Json::str(url), RESOURCE_KEYS),
        None => object.remove("url"),
    }
    Json::Object(object)
}

/// Writes `now` under `key` unless it is what the original imported as.
fn update_resource(
    object: &mut Object,
    key: &str,
    now: &Option<LensResource>,
    before: &Option<LensResource>,
    order: &[&str],
) {
    if now == before {
        return;
    }
    match now {
        None => object.remove(key),
        Some(resource) => {
            let value = resource_json(object.get(key), resource);
            object.set_ordered(key, value, order);
        }
    }
}

/// Writes a text under `key` unless it is what the original imported as; an empty text
/// removes the key (every text Archboard writes this way is optional in the format).
fn update_text(object: &mut Object, key: &str, now: &str, before: &str, order: &[&str]) {
    if now == before {
        return;
    }
    if now.is_empty() {
        object.remove(key);
    } else {
        object.set_ordered(key, Json::str(now), order);
    }
}

fn fresh_choice(choice: &LensChoice) -> Json {
    let mut object = Object::new();
    object.set("id", Json::str(&choice.id));
    object.set("title", Json::str(&choice.title));
    if !choice.description.is_empty() {
        object.set("description", Json::str(&choice.description));
    }
    if let Some(resource) = &choice.helpful_resource {
        object.set("helpfulResource", resource_json(None, resource));
    }
    if let Some(plan) = &choice.improvement_plan {
        object.set("improvementPlan", resource_json(None, plan));
    }
    Json::Object(object)
}

fn rule_json(original: Option<&Json>, rule: &LensRiskRule) -> Json {
    let mut object = original.and_then(Json::as_object).cloned().unwrap_or_default();
    object.set_ordered("condition", Json::str(&rule.condition), RULE_KEYS);
    object.set_ordered("risk", Json::str(rule.risk.as_str()), RULE_KEYS);
    Json::Object(object)
}

/// The original lens file of a template, next to what it imports as.
struct Merge<'c> {
    checklist: &'c Checklist,
    document: &'c LensDocument,
    root: Object,
    before: Checklist,
    /// Original pillars by id, with the section name they import as.
    pillars: HashMap<String, (Object, String)>,
    /// Original questions by the item key they import as.
    questions: HashMap<String, (Object, ChecklistItem)>,
}

impl<'c> Merge<'c> {
    fn new(checklist: &'c Checklist, document: &'c LensDocument) -> Result<Merge<'c>, String> {
        let stored =
            |error: String| format!("the lens file stored with this template does not read: {error}");
        let Json::Object(root) = json::parse(&document.original_json).map_err(stored)? else {
            return Err(stored("it is not a JSON object".into()));
        };
        let before =
            import::import("", &document.original_json).map_err(|e| stored(e.to_string()))?.checklist;
        let before_ids = &before.lens.as_ref().expect("an imported lens keeps its document").pillar_ids;
        let mut items: HashMap<String, ChecklistItem> =
            before.items.iter().map(|item| (item.key.clone(), item.clone())).collect();
        let mut pillars = HashMap::new();
        let mut questions = HashMap::new();
        // Import reads every pillar and question in order and refuses rather than skips, so
        // the n-th pillar object is the n-th section.
        let original_pillars = match root.get("pillars") {
            Some(Json::Array(pillars)) => pillars.as_slice(),
            _ => &[],
        };
        for ((pillar, id), section) in original_pillars.iter().zip(before_ids).zip(&before.sections) {
            let Some(pillar) = pillar.as_object() else { continue };
            if let Some(Json::Array(list)) = pillar.get("questions") {
                for question in list.iter().filter_map(Json::as_object) {
                    if let Some(Json::String(question_id)) = question.get("id")
                        && let Some(item) = items.remove(&ids::item_key(question_id))
                    {
                        questions.insert(item.key.clone(), (question.clone(), item));
                    }
                }
            }
            pillars.insert(id.clone(), (pillar.clone(), section.clone()));
        }
        Ok(Merge { checklist, document, root, before, pillars, questions })
    }

    fn root(mut self) -> Json {
        let checklist = self.checklist;
        update_text(&mut self.root, "name", &checklist.name, &self.before.name, LENS_KEYS);
        // A lens without a description got a generated summary; while the summary is still the
        // generated sentence (for the current name, as a lens named from its file has), the file
        // keeps having no description rather than gaining Archboard's wording.
        let blank =
            !matches!(self.root.get("description"), Some(Json::String(text)) if !text.trim().is_empty());
        if !(blank && checklist.summary == import::generated_summary(&checklist.name)) {
            update_text(&mut self.root, "description", &checklist.summary, &self.before.summary, LENS_KEYS);
        }
        let mut pillar_ids: HashSet<String> = HashSet::new();
        // Ids of kept questions first, so a new question's generated id cannot take one.
        let mut question_ids: HashSet<String> = checklist
            .items
            .iter()
            .filter_map(|item| self.questions.get(&item.key))
            .filter_map(|(question, _)| match question.get("id") {
                Some(Json::String(id)) => Some(id.clone()),
                _ => None,
            })
            .collect();
        let mut pillars = Vec::new();
        for (position, section) in checklist.sections.iter().enumerate() {
            let stored_id = self.document.pillar_ids.get(position).filter(|id| !pillar_ids.contains(*id));
            let id = match stored_id {
                Some(id) => {
                    pillar_ids.insert(id.clone());
                    id.clone()
                }
                None => {
                    ids::unique(&ids::pillar_id_from_name(section, position), &mut pillar_ids, MAX_PILLAR_ID)
                }
            };
            let questions: Vec<Json> = items_of(checklist, section)
                .map(|item| match self.questions.get(&item.key) {
                    Some((question, before)) => merge_question(question, before, item),
                    None => {
                        let id = ids::unique(
                            &ids::question_id_from_key(&item.key),
                            &mut question_ids,
                            MAX_QUESTION_ID,
                        );
                        fresh_question(item, &id)
                    }
                })
                .collect();
            let pillar = match self.pillars.get(&id) {
                Some((original, before_name)) => {
                    let mut pillar = original.clone();
                    update_text(&mut pillar, "name", section, before_name, PILLAR_KEYS);
                    pillar.set_ordered("questions", Json::Array(questions), PILLAR_KEYS);
                    Json::Object(pillar)
                }
                None => fresh_pillar(&id, section, questions),
            };
            pillars.push(pillar);
        }
        self.root.set_ordered("pillars", Json::Array(pillars), LENS_KEYS);
        Json::Object(self.root)
    }
}

fn merge_question(original: &Object, before: &ChecklistItem, item: &ChecklistItem) -> Json {
    let mut question = original.clone();
    update_text(&mut question, "title", &item.prompt, &before.prompt, QUESTION_KEYS);
    update_text(&mut question, "description", &item.guidance, &before.guidance, QUESTION_KEYS);
    update_resource(
        &mut question,
        "helpfulResource",
        &question_resource(item),
        &question_resource(before),
        QUESTION_KEYS,
    );
    let before_lens = before.lens.as_ref().expect("an imported question keeps its choices and rules");
    let id = match original.get("id") {
        Some(Json::String(id)) => id.clone(),
        _ => ids::question_id_from_key(&item.key),
    };
    // An item whose lens part was removed in Archboard is answered like any other item.
    let now = item.lens.clone().unwrap_or_else(|| generated_question(item, &id));
    update_resource(
        &mut question,
        "improvementPlan",
        &now.improvement_plan,
        &before_lens.improvement_plan,
        QUESTION_KEYS,
    );
    if now.choices != before_lens.choices {
        let choices = merge_choices(question.get("choices"), &before_lens.choices, &now.choices);
        question.set_ordered("choices", choices, QUESTION_KEYS);
    }
    if now.risk_rules != before_lens.risk_rules {
        let originals = match question.get("riskRules") {
            Some(Json::Array(rules)) => rules.clone(),
            _ => Vec::new(),
        };
        let rules = now.risk_rules.iter().enumerate().map(|(position, rule)| {
            match (originals.get(position), before_lens.risk_rules.get(position)) {
                (Some(original), Some(before)) if before == rule => original.clone(),
                (original, _) => rule_json(original, rule),
            }
        });
        question.set_ordered("riskRules", Json::Array(rules.collect()), QUESTION_KEYS);
    }
    Json::Object(question)
}

/// Choices in Archboard's order; one that was in the file keeps its object (additional
/// resources, unknown keys) with only the changed fields written.
fn merge_choices(original: Option<&Json>, before: &[LensChoice], now: &[LensChoice]) -> Json {
    let originals: HashMap<&str, (&Json, &LensChoice)> = match original {
        Some(Json::Array(objects)) => objects
            .iter()
            .zip(before)
            .map(|(object, choice)| (choice.id.as_str(), (object, choice)))
            .collect(),
        _ => HashMap::new(),
    };
    let choices = now.iter().map(|choice| match originals.get(choice.id.as_str()) {
        Some((object, before)) if *before == choice => (*object).clone(),
        Some((Json::Object(object), before)) => {
            let mut object = object.clone();
            update_text(&mut object, "title", &choice.title, &before.title, CHOICE_KEYS);
            update_text(&mut object, "description", &choice.description, &before.description, CHOICE_KEYS);
            update_resource(
                &mut object,
                "helpfulResource",
                &choice.helpful_resource,
                &before.helpful_resource,
                CHOICE_KEYS,
            );
            update_resource(
                &mut object,
                "improvementPlan",
                &choice.improvement_plan,
                &before.improvement_plan,
                CHOICE_KEYS,
            );
            Json::Object(object)
        }
        _ => fresh_choice(choice),
    });
    Json::Array(choices.collect())
}
