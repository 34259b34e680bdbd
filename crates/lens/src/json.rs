//! A JSON value that keeps the order of object keys, and JSON-path strings for messages.
//!
//! Export writes an imported lens back from its original text, so keys must come out in the
//! order the author wrote them. serde_json keeps key order only with its `preserve_order`
//! feature, and features unify across the workspace: turning it on here would change the map
//! order every other crate sees. This small tree, read and written through serde_json's parser
//! and pretty printer, keeps the order without touching anyone else's build.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::fmt;

/// One JSON value; objects keep their keys in document order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Json>),
    Object(Object),
}

/// A JSON object as (key, value) pairs in document order, each key once.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Object(Vec<(String, Json)>);

impl Json {
    /// The word messages use for the kind of value found where another was expected.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }

    pub(crate) fn str(text: &str) -> Json {
        Json::String(text.to_owned())
    }

    pub(crate) fn as_object(&self) -> Option<&Object> {
        match self {
            Json::Object(object) => Some(object),
            _ => None,
        }
    }
}

impl Object {
    pub(crate) fn new() -> Object {
        Object(Vec::new())
    }

    pub(crate) fn get(&self, key: &str) -> Option<&Json> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub(crate) fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    /// Appends, or replaces in place so the key keeps its position.
    pub(crate) fn set(&mut self, key: &str, value: Json) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some((_, slot)) => *slot = value,
            None => self.0.push((key.to_owned(), value)),
        }
    }

    /// Like `set`, but a new key goes where the specification puts it (after the last present
    /// key that `order` lists before it), so an added `description` does not land after
    /// `riskRules`.
    pub(crate) fn set_ordered(&mut self, key: &str, value: Json, order: &[&str]) {
        if self.get(key).is_some() {
            return self.set(key, value);
        }
        let rank = order.iter().position(|k| *k == key);
        let position = rank
            .and_then(|rank| {
                self.0.iter().rposition(|(k, _)| order.iter().position(|o| o == k).is_some_and(|r| r < rank))
            })
            .map_or(if rank.is_some() { 0 } else { self.0.len() }, |index| index + 1);
        self.0.insert(position, (key.to_owned(), value));
    }

    pub(crate) fn remove(&mut self, key: &str) {
        self.0.retain(|(k, _)| k != key);
    }
}

/// Reads JSON text; a syntax error names its line and column.
pub(crate) fn parse(text: &str) -> Result<Json, String> {
    // Editors on Windows save a byte-order mark that serde_json refuses; it carries no meaning.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str::<Json>(text).map_err(|error| {
        let full = error.to_string();
        let suffix = format!(" at line {} column {}", error.line(), error.column());
        let message = full.strip_suffix(&suffix).unwrap_or(&full);
        format!("invalid JSON at line {}, column {}: {message}", error.line(), error.column())
    })
}

/// Pretty JSON with a two-space indent, keys in the tree's order, and a final newline.
pub(crate) fn to_pretty(value: &Json) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("a JSON tree always serialises");
    text.push('\n');
    text
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(value) => serializer.serialize_bool(*value),
            Json::Number(value) => value.serialize(serializer),
            Json::String(value) => serializer.serialize_str(value),
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(object) => {
                let mut map = serializer.serialize_map(Some(object.0.len()))?;
                for (key, value) in &object.0 {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E>(self, value: bool) -> Result<Json, E> {
        Ok(Json::Bool(value))
    }
    fn visit_i64<E>(self, value: i64) -> Result<Json, E> {
        Ok(Json::Number(value.into()))
    }
    fn visit_u64<E>(self, value: u64) -> Result<Json, E> {
        Ok(Json::Number(value.into()))
    }
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Json, E> {
        serde_json::Number::from_f64(value)
            .map(Json::Number)
            .ok_or_else(|| E::custom("a number JSON cannot hold"))
    }
    fn visit_str<E>(self, value: &str) -> Result<Json, E> {
        Ok(Json::str(value))
    }
    fn visit_string<E>(self, value: String) -> Result<Json, E> {
        Ok(Json::String(value))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        // A repeated key keeps its first position and its last value: the value every other
        // JSON reader (serde_json included) would see.
        let mut object = Object::new();
        while let Some((key, value)) = map.next_entry::<String, Json>()? {
            object.set(&key, value);
        }
        Ok(Json::Object(object))
    }
}

/// `$.pillars[1].questions[0]`-style paths: `child` adds a key, `index` an array position.
pub(crate) fn child(path: &str, key: &str) -> String {
    let plain = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        format!("{path}.{key}")
    } else {
        // Keys such as `x-team` are not identifiers; JSON path writes them in brackets.
        format!("{path}[{}]", serde_json::Value::from(key))
    }
}

pub(crate) fn index(path: &str, position: usize) -> String {
    format!("{path}[{position}]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_order_and_values_survive_a_round_trip() {
        let text = "{\n  \"z\": 1,\n  \"a\": [true, null, 2.5, \"é\"],\n  \"m\": {\"y\": {}, \"b\": []}\n}";
        let value = parse(text).unwrap();
        let written = to_pretty(&value);
        assert!(written.find("\"z\"").unwrap() < written.find("\"a\"").unwrap());
        assert!(written.find("\"y\"").unwrap() < written.find("\"b\"").unwrap());
        let ours: serde_json::Value = serde_json::from_str(&written).unwrap();
        let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn a_repeated_key_keeps_the_last_value_like_other_readers() {
        let value = parse(r#"{"a": 1, "b": 2, "a": 3}"#).unwrap();
        assert_eq!(to_pretty(&value), "{\n  \"a\": 3,\n  \"b\": 2\n}\n");
    }

    #[test]
    fn syntax_errors_name_line_and_column_and_a_bom_is_ignored() {
        let error = parse("{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap_err();
        assert!(error.starts_with("invalid JSON at line 3, column 7: expected `:`"), "{error}");
        assert!(parse("\u{feff}{}").is_ok());
    }

    #[test]
    fn new_keys_go_where_the_order_puts_them() {
        let order = ["id", "title", "description", "choices"];
        let mut object = Object::new();
        object.set("id", Json::str("q"));
        object.set("x-extra", Json::Null);
        object.set("choices", Json::Array(vec![]));
        object.set_ordered("description", Json::str("d"), &order);
        object.set_ordered("title", Json::str("t"), &order);
        object.set_ordered("late", Json::Null, &order);
        let keys: Vec<&str> = object.keys().collect();
        assert_eq!(keys, ["id", "title", "description", "x-extra", "choices", "late"]);
    }

    #[test]
    fn paths_bracket_keys_that_are_not_identifiers() {
        assert_eq!(child("$", "pillars"), "$.pillars");
        assert_eq!(child(&index("$.pillars", 2), "x-team"), "$.pillars[2][\"x-team\"]");
    }
}
