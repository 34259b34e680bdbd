//! Reading a lens file into a checklist template. A file is refused only where its meaning
//! is lost (no way to know what a question asks, which choices a rule names, which question an
//! id means); where AWS's limits are broken but the meaning is clear (a long description, a
//! missing `default` rule, keys outside the format) the lens is imported with a warning, since
//! lenses in the wild often bend the rules and a reviewer can still use them.

use crate::ids;
use crate::json::{self, Json, Object, child, index};
use crate::rules;
use crate::{LensError, LensImport, SCHEMA_VERSION};
use archboard_types::catalog::{
    Checklist, ChecklistItem, ChecklistScoring, GapRisk, LensChoice, LensDocument, LensQuestion,
    LensResource, LensRisk, LensRiskRule, RiskTier,
};
use std::collections::HashMap;

// The keys of each level in the order the specification lists them; export writes new keys in
// this order too.
pub(crate) const LENS_KEYS: &[&str] = &["schemaVersion", "name", "description", "pillars"];
pub(crate) const PILLAR_KEYS: &[&str] = &["id", "name", "questions"];
/// `improvementPlan` on a question is outside the file format but Archboard's type keeps one.
pub(crate) const QUESTION_KEYS: &[&str] =
    &["id", "title", "description", "helpfulResource", "improvementPlan", "choices", "riskRules"];
/// `description` on a choice is outside the file format but part of the Well-Architected API.
pub(crate) const CHOICE_KEYS: &[&str] =
    &["id", "title", "description", "helpfulResource", "improvementPlan", "additionalResources"];
pub(crate) const RULE_KEYS: &[&str] = &["condition", "risk"];
pub(crate) const RESOURCE_KEYS: &[&str] = &["displayText", "url"];
const ADDITIONAL_KEYS: &[&str] = &["type", "content"];

// Limits from the specification ("Lens format specification in AWS WA Tool").
const MAX_FILE_BYTES: usize = 500 * 1024;
const MAX_NAME: usize = 128;
const MAX_DESCRIPTION: usize = 2048;
const MAX_TEXT: usize = 2048;
const MAX_PILLARS: usize = 10;
const MAX_QUESTIONS_PER_PILLAR: usize = 20;
const MAX_CHOICES: usize = 15;
const MAX_RULES: usize = 3;
const MAX_ADDITIONAL_PER_TYPE: usize = 5;

pub(crate) fn import(file_name: &str, text: &str) -> Result<LensImport, LensError> {
    let root = json::parse(text).map_err(|message| LensError { path: "$".into(), message })?;
    let mut reader = Reader { warnings: Vec::new() };
    let checklist = reader.lens(file_name, text, &root)?;
    Ok(LensImport { checklist, warnings: reader.warnings })
}

/// The summary of a lens without a description.
pub(crate) fn generated_summary(name: &str) -> String {
    format!("Checklist from the AWS Well-Architected custom lens “{name}”.")
}

fn refuse<T>(path: &str, message: impl Into<String>) -> Result<T, LensError> {
    Err(LensError { path: path.to_owned(), message: message.into() })
}

/// Where an id was first seen, for "already used by" messages.
type Seen = HashMap<String, String>;

struct Reader {
    warnings: Vec<String>,
}

impl Reader {
    fn warn(&mut self, path: &str, message: impl AsRef<str>) {
        self.warnings.push(format!("`{path}`: {}", message.as_ref()));
    }

    fn object<'j>(&self, value: &'j Json, path: &str, what: &str) -> Result<&'j Object, LensError> {
        value
            .as_object()
            .map_or_else(|| refuse(path, format!("{what} must be an object, found {}", value.kind())), Ok)
    }

    fn array<'j>(&self, value: &'j Json, path: &str, what: &str) -> Result<&'j [Json], LensError> {
        match value {
            Json::Array(items) => Ok(items),
            other => refuse(path, format!("{what} must be an array, found {}", other.kind())),
        }
    }

    fn unknown_keys(&mut self, object: &Object, path: &str, known: &[&str]) {
        for key in object.keys().filter(|key| !known.contains(key)) {
            self.warn(&child(path, key), "not part of the lens format; kept as is on export");
        }
    }

    /// A text field: absent and `null` read as `None`; any other non-string is refused.
    fn text<'j>(&self, object: &'j Object, key: &str, path: &str) -> Result<Option<&'j str>, LensError> {
        match object.get(key) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::String(text)) => Ok(Some(text)),
            Some(other) => refuse(&child(path, key), format!("must be a string, found {}", other.kind())),
        }
    }

    /// A text field the meaning depends on: refused when absent or blank.
    fn required<'j>(
        &self,
        object: &'j Object,
        key: &str,
        path: &str,
        what: &str,
    ) -> Result<&'j str, LensError> {
        match self.text(object, key, path)? {
            None => refuse(&child(path, key), format!("missing; every {what} needs a `{key}`")),
            Some(text) if text.trim().is_empty() => {
                refuse(&child(path, key), format!("the {what}'s `{key}` is empty"))
            }
            Some(text) => Ok(text),
        }
    }

    fn limit(&mut self, text: &str, path: &str, max: usize) {
        let length = text.chars().count();
        if length > max {
            self.warn(path, format!("{length} characters; the lens format allows {max}"));
        }
    }

    fn spec_id(&mut self, id: &str, path: &str) {
        if !ids::is_spec_id(id) {
            self.warn(
                path,
                format!("`{id}` breaks the id rule of the lens format: 3 to 128 letters, digits and `_`"),
            );
        }
    }

    fn url(&mut self, url: &str, path: &str) {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            self.warn(path, "the lens format requires URLs to start with http:// or https://");
        }
    }

    /// `{displayText, url}`; empty text and no URL read as no resource.
    fn resource(
        &mut self,
        parent: &Object,
        key: &str,
        path: &str,
    ) -> Result<Option<LensResource>, LensError> {
        let path = child(path, key);
        let Some(value) = parent.get(key).filter(|value| **value != Json::Null) else { return Ok(None) };
        let object = self.object(value, &path, &format!("`{key}`"))?;
        self.unknown_keys(object, &path, RESOURCE_KEYS);
        let display_text = self.text(object, "displayText", &path)?.unwrap_or("").to_owned();
        let url = self.text(object, "url", &path)?.filter(|url| !url.is_empty()).map(str::to_owned);
        self.limit(&display_text, &child(&path, "displayText"), MAX_TEXT);
        if let Some(url) = &url {
            self.url(url, &child(&path, "url"));
            if display_text.trim().is_empty() {
                self.warn(
                    &path,
                    "a `url` without `displayText`; the lens format requires the text with a URL",
                );
            }
        }
        Ok((!display_text.is_empty() || url.is_some()).then_some(LensResource { display_text, url }))
    }

    fn lens(&mut self, file_name: &str, text: &str, root: &Json) -> Result<Checklist, LensError> {
        let root = root.as_object().map_or_else(
            || refuse("$", format!("a lens file is a JSON object, found {}", root.kind())),
            Ok,
        )?;
        self.unknown_keys(root, "$", LENS_KEYS);
        if text.len() > MAX_FILE_BYTES {
            self.warn(
                "$",
                format!("the file has {} bytes; AWS accepts custom lenses of up to 500 KB", text.len()),
            );
        }
        let schema_version = match self.text(root, "schemaVersion", "$")? {
            None => {
                return refuse(
                    "$.schemaVersion",
                    format!("missing; a lens file names its schema ({SCHEMA_VERSION})"),
                );
            }
            Some(version) if version.trim() == SCHEMA_VERSION => version.to_owned(),
            // Another schema may mean other things by the same keys; guessing could misread it.
            Some(version) => {
                return refuse(
                    "$.schemaVersion",
                    format!(
                        "schema version `{version}` is not one Archboard reads (it reads {SCHEMA_VERSION})"
                    ),
                );
            }
        };
        let name = match self.text(root, "name", "$")? {
            Some(name) if !name.trim().is_empty() => name.to_owned(),
            _ => {
                let stem = file_stem(file_name);
                let name = if stem.is_empty() { "Custom lens".to_owned() } else { stem.to_owned() };
                self.warn("$.name", format!("the lens has no name; `{name}` (from the file name) is used"));
                name
            }
        };
        self.limit(&name, "$.name", MAX_NAME);
        let description = self.text(root, "description", "$")?.unwrap_or("");
        self.limit(description, "$.description", MAX_DESCRIPTION);
        let summary =
            if description.trim().is_empty() { generated_summary(&name) } else { description.to_owned() };

        let Some(pillars) = root.get("pillars") else {
            return refuse("$.pillars", "missing; a lens file lists its pillars");
        };
        let pillars = self.array(pillars, "$.pillars", "`pillars`")?;
        if pillars.is_empty() {
            return refuse("$.pillars", "the lens has no pillars");
        }
        if pillars.len() > MAX_PILLARS {
            self.warn(
                "$.pillars",
                format!("{} pillars; the lens format allows {MAX_PILLARS}", pillars.len()),
            );
        }
        let mut sections = Vec::new();
        let mut pillar_ids = Vec::new();
        let mut items = Vec::new();
        let (mut seen_pillars, mut seen_names, mut seen_questions, mut seen_keys) =
            (Seen::new(), Seen::new(), Seen::new(), Seen::new());
        for (position, pillar) in pillars.iter().enumerate() {
            let path = index("$.pillars", position);
            let pillar = self.object(pillar, &path, "a pillar")?;
            self.unknown_keys(pillar, &path, PILLAR_KEYS);
            let id = self.required(pillar, "id", &path, "pillar")?;
            if let Some(first) = seen_pillars.insert(id.to_owned(), path.clone()) {
                return refuse(&child(&path, "id"), format!("pillar id `{id}` is already used by `{first}`"));
            }
            self.spec_id(id, &child(&path, "id"));
            let section = match self.text(pillar, "name", &path)? {
                Some(name) if !name.trim().is_empty() => name.to_owned(),
                _ => {
                    self.warn(
                        &child(&path, "name"),
                        format!("the pillar has no name; its id `{id}` is used"),
                    );
                    id.to_owned()
                }
            };
            self.limit(&section, &child(&path, "name"), MAX_NAME);
            // Checklist items name their section by its name, so two pillars of one name
            // would merge and export could not tell their questions apart.
            if let Some(first) = seen_names.insert(section.clone(), path.clone()) {
                return refuse(
                    &child(&path, "name"),
                    format!(
                        "pillar name `{section}` is already used by `{first}`; each pillar needs its own name"
                    ),
                );
            }
            let questions = match pillar.get("questions") {
                None => &[][..],
                Some(questions) => self.array(questions, &child(&path, "questions"), "`questions`")?,
            };
            if questions.is_empty() {
                self.warn(&path, "the pillar has no questions");
            }
            if questions.len() > MAX_QUESTIONS_PER_PILLAR {
                self.warn(
                    &child(&path, "questions"),
                    format!(
                        "{} questions; the lens format allows {MAX_QUESTIONS_PER_PILLAR} per pillar",
                        questions.len()
                    ),
                );
            }
            for (number, question) in questions.iter().enumerate() {
                let path = index(&child(&path, "questions"), number);
                let item = self.question(question, &path, &section, &mut seen_questions, &mut seen_keys)?;
                items.push(item);
            }
            sections.push(section);
            pillar_ids.push(id.to_owned());
        }
        if items.is_empty() {
            return refuse("$.pillars", "the lens has no questions");
        }
        let slug = Some(ids::name_slug(&name))
            .filter(|slug| !slug.is_empty())
            .or_else(|| Some(ids::name_slug(file_stem(file_name))).filter(|slug| !slug.is_empty()))
            .unwrap_or_else(|| "custom".to_owned());
        Ok(Checklist {
            key: format!("checklist.lens-{slug}"),
            name,
            summary,
            version: 1,
            scoring: ChecklistScoring::PassFail,
            sections,
            items,
            source: None,
            lens: Some(LensDocument { schema_version, pillar_ids, original_json: text.to_owned() }),
        })
    }

    fn question(
        &mut self,
        value: &Json,
        path: &str,
        section: &str,
        seen_ids: &mut Seen,
        seen_keys: &mut Seen,
    ) -> Result<ChecklistItem, LensError> {
        let question = self.object(value, path, "a question")?;
        self.unknown_keys(question, path, QUESTION_KEYS);
        let id = self.required(question, "id", path, "question")?;
        let id_path = child(path, "id");
        if let Some(first) = seen_ids.insert(id.to_owned(), path.to_owned()) {
            return refuse(&id_path, format!("question id `{id}` is already used by `{first}`"));
        }
        self.spec_id(id, &id_path);
        let key = ids::item_key(id);
        if key.is_empty() {
            return refuse(
                &id_path,
                format!("question id `{id}` has no letters or digits to make a checklist key of"),
            );
        }
        if let Some(first) = seen_keys.insert(key.clone(), path.to_owned()) {
            return refuse(
                &id_path,
                format!(
                    "question id `{id}` gives the checklist key `{key}`, as the question at `{first}` does; ids must differ in more than case and punctuation"
                ),
            );
        }
        let title = self.required(question, "title", path, "question")?;
        self.limit(title, &child(path, "title"), MAX_NAME);
        let description = self.text(question, "description", path)?.unwrap_or("");
        self.limit(description, &child(path, "description"), MAX_DESCRIPTION);
        let helpful_resource = self.resource(question, "helpfulResource", path)?;
        if question.get("improvementPlan").is_some() {
            self.warn(
                &child(path, "improvementPlan"),
                "the lens format gives improvement plans to choices, not questions; kept for Archboard",
            );
        }
        let improvement_plan = self.resource(question, "improvementPlan", path)?;

        let choices_path = child(path, "choices");
        let Some(choices) = question.get("choices") else {
            return refuse(&choices_path, "missing; a question is answered by selecting its choices");
        };
        let choices = self.array(choices, &choices_path, "`choices`")?;
        if choices.is_empty() {
            return refuse(&choices_path, "the question has no choices to answer it with");
        }
        if choices.len() > MAX_CHOICES {
            self.warn(
                &choices_path,
                format!("{} choices; the lens format allows {MAX_CHOICES}", choices.len()),
            );
        }
        let mut lens_choices: Vec<LensChoice> = Vec::new();
        let mut seen_choices = Seen::new();
        for (position, choice) in choices.iter().enumerate() {
            let path = index(&choices_path, position);
            let choice = self.choice(choice, &path, &mut seen_choices)?;
            lens_choices.push(choice);
        }
        let choice_ids: Vec<&str> = lens_choices.iter().map(|choice| choice.id.as_str()).collect();
        let risk_rules = self.risk_rules(question, path, &choice_ids)?;
        let risk = if risk_rules.iter().any(|rule| rule.risk == LensRisk::High) {
            GapRisk::High
        } else {
            GapRisk::Medium
        };
        Ok(ChecklistItem {
            key,
            section: section.to_owned(),
            prompt: title.to_owned(),
            guidance: description.to_owned(),
            evidence: helpful_resource.as_ref().map(|r| r.display_text.clone()).unwrap_or_default(),
            risk,
            tiers: RiskTier::ALL.to_vec(),
            kpis: Vec::new(),
            lens: Some(LensQuestion {
                choices: lens_choices,
                risk_rules,
                helpful_resource,
                improvement_plan,
            }),
        })
    }

    fn choice(&mut self, value: &Json, path: &str, seen: &mut Seen) -> Result<LensChoice, LensError> {
        let choice = self.object(value, path, "a choice")?;
        self.unknown_keys(choice, path, CHOICE_KEYS);
        let id = self.required(choice, "id", path, "choice")?;
        let id_path = child(path, "id");
        if id.trim() == rules::DEFAULT {
            return refuse(&id_path, "`default` is the word for the catch-all risk rule, not a choice id");
        }
        if let Some(first) = seen.insert(id.to_owned(), path.to_owned()) {
            return refuse(
                &id_path,
                format!("choice id `{id}` is already used by `{first}` in this question"),
            );
        }
        if id.chars().any(|c| matches!(c, '!' | '&' | '|' | '(' | ')') || c.is_whitespace()) {
            self.warn(&id_path, format!("`{id}` holds an operator or a space, so no risk rule can name it"));
        } else {
            self.spec_id(id, &id_path);
        }
        let title = self.required(choice, "title", path, "choice")?;
        self.limit(title, &child(path, "title"), MAX_NAME);
        let description = self.text(choice, "description", path)?.unwrap_or("");
        let helpful_resource = self.resource(choice, "helpfulResource", path)?;
        let improvement_plan = self.resource(choice, "improvementPlan", path)?;
        let lens_choice = LensChoice {
            id: id.to_owned(),
            title: title.to_owned(),
            description: description.to_owned(),
            helpful_resource,
            improvement_plan,
        };
        if lens_choice.improvement_plan.is_none() && !lens_choice.is_none_of_these() {
            self.warn(
                path,
                "no `improvementPlan`; the lens format requires one for every choice except a “none of these” (`_no`) choice",
            );
        }
        if let Some(additional) = choice.get("additionalResources") {
            self.additional_resources(additional, &child(path, "additionalResources"))?;
        }
        Ok(lens_choice)
    }

    /// Archboard keeps additional resources only in the original file, so their problems are
    /// warnings: nothing Archboard does depends on them.
    fn additional_resources(&mut self, value: &Json, path: &str) -> Result<(), LensError> {
        let Json::Array(entries) = value else {
            self.warn(path, format!("must be an array, found {}; kept as is", value.kind()));
            return Ok(());
        };
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for (position, entry) in entries.iter().enumerate() {
            let path = index(path, position);
            let Some(entry) = entry.as_object() else {
                self.warn(&path, format!("must be an object, found {}; kept as is", entry.kind()));
                continue;
            };
            self.unknown_keys(entry, &path, ADDITIONAL_KEYS);
            let kind = match entry.get("type") {
                Some(Json::String(kind)) if kind == "HELPFUL_RESOURCE" || kind == "IMPROVEMENT_PLAN" => {
                    kind.as_str()
                }
                _ => {
                    self.warn(&child(&path, "type"), "must be HELPFUL_RESOURCE or IMPROVEMENT_PLAN");
                    ""
                }
            };
            let Some(Json::Array(content)) = entry.get("content") else {
                self.warn(&child(&path, "content"), "must be an array of `{displayText, url}`");
                continue;
            };
            *counts.entry(kind).or_default() += content.len();
            for (number, resource) in content.iter().enumerate() {
                let path = index(&child(&path, "content"), number);
                match resource.as_object() {
                    Some(resource) => {
                        self.unknown_keys(resource, &path, RESOURCE_KEYS);
                        let text = match resource.get("displayText") {
                            Some(Json::String(text)) => text.as_str(),
                            _ => "",
                        };
                        self.limit(text, &child(&path, "displayText"), MAX_TEXT);
                        if let Some(Json::String(url)) = resource.get("url") {
                            self.url(url, &child(&path, "url"));
                            if text.trim().is_empty() {
                                self.warn(&path, "a `url` without `displayText`; the lens format requires the text with a URL");
                            }
                        }
                    }
                    None => self.warn(&path, format!("must be an object, found {}", resource.kind())),
                }
            }
        }
        for (kind, count) in counts {
            if !kind.is_empty() && count > MAX_ADDITIONAL_PER_TYPE {
                self.warn(
                    path,
                    format!("{count} {kind} entries; the lens format allows {MAX_ADDITIONAL_PER_TYPE}"),
                );
            }
        }
        Ok(())
    }

    fn risk_rules(
        &mut self,
        question: &Object,
        path: &str,
        choice_ids: &[&str],
    ) -> Result<Vec<LensRiskRule>, LensError> {
        let rules_path = child(path, "riskRules");
        let Some(value) = question.get("riskRules") else {
            self.warn(&rules_path, "missing; without rules no selection gives this question a risk");
            return Ok(Vec::new());
        };
        let entries = self.array(value, &rules_path, "`riskRules`")?;
        let mut rules = Vec::new();
        let mut default_at = None;
        for (position, entry) in entries.iter().enumerate() {
            let path = index(&rules_path, position);
            let rule = self.object(entry, &path, "a risk rule")?;
            self.unknown_keys(rule, &path, RULE_KEYS);
            let condition = self.required(rule, "condition", &path, "risk rule")?;
            let parsed = rules::parse(condition, choice_ids)
                .or_else(|error| refuse(&child(&path, "condition"), error.message))?;
            let risk_text = self.required(rule, "risk", &path, "risk rule")?;
            let risk = match LensRisk::ALL.iter().find(|risk| risk.as_str() == risk_text) {
                Some(risk) => *risk,
                None => match LensRisk::ALL
                    .iter()
                    .find(|risk| risk.as_str().eq_ignore_ascii_case(risk_text.trim()))
                {
                    Some(risk) => {
                        self.warn(
                            &child(&path, "risk"),
                            format!("write `{}` as the lens format spells it", risk.as_str()),
                        );
                        *risk
                    }
                    None => {
                        return refuse(
                            &child(&path, "risk"),
                            format!("unknown risk `{risk_text}`; expected HIGH_RISK, MEDIUM_RISK or NO_RISK"),
                        );
                    }
                },
            };
            if let Some(default) = default_at {
                self.warn(
                    &path,
                    format!("comes after the `default` rule at [{default}], so it never applies"),
                );
            } else if parsed == rules::Condition::Default {
                default_at = Some(position);
            }
            if let Some(twin) = rules.iter().position(|r: &LensRiskRule| r.risk == risk) {
                self.warn(
                    &path,
                    format!("gives {risk} like the rule at [{twin}]; the lens format allows one rule per risk level"),
                );
            }
            rules.push(LensRiskRule { condition: condition.to_owned(), risk });
        }
        if rules.len() > MAX_RULES {
            self.warn(&rules_path, format!("{} rules; the lens format allows {MAX_RULES}", rules.len()));
        }
        if default_at.is_none() {
            self.warn(
                &rules_path,
                "no `default` rule; a selection no rule covers gets no risk (the lens format requires one)",
            );
        }
        Ok(rules)
    }
}

/// `lenses/team.json` → `team`.
fn file_stem(file_name: &str) -> &str {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    base.rsplit_once('.').map_or(base, |(stem, _)| stem).trim()
}
