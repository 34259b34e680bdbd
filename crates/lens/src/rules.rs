//! The risk-rule language of lens questions: conditions over choice ids with `!`, `&&`, `||`
//! and parentheses, or the single word `default`; how rules are evaluated (the first that
//! holds wins); and which selections of choices make sense.
//!
//! Precedence follows the C family the lens format borrows its operators from: `!` binds
//! tightest, then `&&`, then `||`, so `a || b && !c` means `a || (b && (!c))`.

use archboard_types::catalog::{LensQuestion, LensRiskRule};
use std::fmt;

/// A parsed condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// `default`: holds for every selection.
    Default,
    /// Holds when this choice is selected.
    Choice(String),
    Not(Box<Condition>),
    And(Box<Condition>, Box<Condition>),
    Or(Box<Condition>, Box<Condition>),
}

/// Why a condition does not parse. `offset` counts characters (not bytes) from 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RuleError {}

/// The rule that decided a question's risk.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FiredRule<'a> {
    /// Its position in the question's rules.
    pub index: usize,
    pub rule: &'a LensRiskRule,
}

/// The word that makes a rule apply whatever is selected.
pub const DEFAULT: &str = "default";

/// Deeper nesting than this is refused: the parser recurses, and no real rule needs it.
const MAX_DEPTH: usize = 64;

/// Parses `condition`; every choice id it names must be one of `choice_ids`.
pub fn parse(condition: &str, choice_ids: &[&str]) -> Result<Condition, RuleError> {
    parse_checked(condition, Some(choice_ids))
}

impl Condition {
    /// Whether the condition holds when exactly the `selected` choices are selected.
    pub fn holds(&self, selected: &[&str]) -> bool {
        match self {
            Condition::Default => true,
            Condition::Choice(id) => selected.contains(&id.as_str()),
            Condition::Not(inner) => !inner.holds(selected),
            Condition::And(left, right) => left.holds(selected) && right.holds(selected),
            Condition::Or(left, right) => left.holds(selected) || right.holds(selected),
        }
    }

    /// The choice ids the condition names, in order of appearance (repeats included).
    pub fn choice_ids(&self) -> Vec<&str> {
        let mut ids = Vec::new();
        self.collect_ids(&mut ids);
        ids
    }

    fn collect_ids<'a>(&'a self, ids: &mut Vec<&'a str>) {
        match self {
            Condition::Default => {}
            Condition::Choice(id) => ids.push(id),
            Condition::Not(inner) => inner.collect_ids(ids),
            Condition::And(left, right) | Condition::Or(left, right) => {
                left.collect_ids(ids);
                right.collect_ids(ids);
            }
        }
    }

    /// Binding strength, for writing parentheses only where they are needed.
    fn strength(&self) -> u8 {
        match self {
            Condition::Or(..) => 1,
            Condition::And(..) => 2,
            Condition::Not(_) => 3,
            Condition::Default | Condition::Choice(_) => 4,
        }
    }
}

/// The condition in canonical form: single spaces around `&&` and `||`, parentheses only
/// where precedence needs them.
impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let operand = |f: &mut fmt::Formatter<'_>, inner: &Condition, at_least: u8| {
            if inner.strength() < at_least { write!(f, "({inner})") } else { write!(f, "{inner}") }
        };
        match self {
            Condition::Default => f.write_str(DEFAULT),
            Condition::Choice(id) => f.write_str(id),
            Condition::Not(inner) => {
                f.write_str("!")?;
                operand(f, inner, 3)
            }
            Condition::And(left, right) => {
                operand(f, left, 2)?;
                f.write_str(" && ")?;
                // The parser groups to the left, so a right operand of equal strength needs
                // parentheses to come back as the same tree.
                operand(f, right, 3)
            }
            Condition::Or(left, right) => {
                operand(f, left, 1)?;
                f.write_str(" || ")?;
                operand(f, right, 2)
            }
        }
    }
}

/// The first rule whose condition holds for `selected`, as the lens format specifies. A rule
/// whose condition does not parse never holds (an imported lens has none; this only guards
/// rules built by hand). `None` when no rule holds: the lens had no `default` rule.
pub fn evaluate<'a>(rules: &'a [LensRiskRule], selected: &[&str]) -> Option<FiredRule<'a>> {
    rules.iter().enumerate().find_map(|(index, rule)| {
        let condition = parse_checked(&rule.condition, None).ok()?;
        condition.holds(selected).then_some(FiredRule { index, rule })
    })
}

/// Whether `selected` is a selection a reviewer could make: every id is one of the question's
/// choices, none twice, and a "none of these" choice stands alone.
pub fn check_selection(question: &LensQuestion, selected: &[&str]) -> Result<(), String> {
    let known: Vec<&str> = question.choices.iter().map(|choice| choice.id.as_str()).collect();
    for (position, id) in selected.iter().enumerate() {
        if !known.contains(id) {
            return Err(format!("unknown choice id `{id}` ({})", list_choices(&known)));
        }
        if selected[..position].contains(id) {
            return Err(format!("choice `{id}` is selected twice"));
        }
    }
    if selected.len() > 1
        && let Some(none) = question
            .choices
            .iter()
            .find(|choice| choice.is_none_of_these() && selected.contains(&choice.id.as_str()))
    {
        let others: Vec<&str> = selected.iter().copied().filter(|id| *id != none.id).collect();
        return Err(format!(
            "`{}` ({}) cannot be selected together with other choices ({})",
            none.id,
            none.title,
            others.join(", ")
        ));
    }
    Ok(())
}

/// "the question's choices are a, b, c", as messages about unknown ids end.
pub(crate) fn list_choices(known: &[&str]) -> String {
    if known.is_empty() {
        "the question has no choices".to_owned()
    } else {
        format!("the question's choices are {}", known.join(", "))
    }
}

/// `choice_ids: None` skips the check that ids exist (used by `evaluate`, which has no list).
pub(crate) fn parse_checked(condition: &str, choice_ids: Option<&[&str]>) -> Result<Condition, RuleError> {
    let tokens = tokenize(condition)?;
    if tokens.is_empty() {
        return Err(RuleError { offset: 0, message: "the condition is empty".into() });
    }
    if let Some(token) = tokens.iter().find(|t| t.kind == Kind::Word && t.text == DEFAULT) {
        if tokens.len() == 1 {
            return Ok(Condition::Default);
        }
        return Err(RuleError {
            offset: token.offset,
            message: format!(
                "`default` must be the whole condition, not part of an expression (at offset {})",
                token.offset
            ),
        });
    }
    let mut parser = Parser { tokens: &tokens, position: 0, end: condition.chars().count() };
    let parsed = parser.or(0)?;
    if let Some(extra) = parser.peek() {
        return Err(RuleError {
            offset: extra.offset,
            message: format!(
                "unexpected `{}` after a complete condition (at offset {}); join conditions with `&&` or `||`",
                extra.text, extra.offset
            ),
        });
    }
    if let Some(known) = choice_ids {
        for token in tokens.iter().filter(|t| t.kind == Kind::Word) {
            if !known.contains(&token.text.as_str()) {
                return Err(RuleError {
                    offset: token.offset,
                    message: format!("unknown choice id `{}` ({})", token.text, list_choices(known)),
                });
            }
        }
    }
    Ok(parsed)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Not,
    And,
    Or,
    Open,
    Close,
}

#[derive(Debug)]
struct Token {
    kind: Kind,
    text: String,
    offset: usize,
}

/// Characters that end a choice id. Anything else (letters, digits, `_`, and the odd `-` or
/// `.` some files use despite the specification) belongs to the id.
fn is_operator_char(c: char) -> bool {
    matches!(c, '!' | '&' | '|' | '(' | ')') || c.is_whitespace()
}

fn tokenize(condition: &str) -> Result<Vec<Token>, RuleError> {
    let chars: Vec<char> = condition.chars().collect();
    let mut tokens = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        let (kind, length) = match c {
            c if c.is_whitespace() => {
                at += 1;
                continue;
            }
            '!' => (Kind::Not, 1),
            '(' => (Kind::Open, 1),
            ')' => (Kind::Close, 1),
            '&' | '|' => {
                if chars.get(at + 1) != Some(&c) {
                    return Err(RuleError {
                        offset: at,
                        message: format!("a single `{c}` (at offset {at}); write `{c}{c}`"),
                    });
                }
                (if c == '&' { Kind::And } else { Kind::Or }, 2)
            }
            _ => {
                let length = chars[at..].iter().take_while(|c| !is_operator_char(**c)).count();
                (Kind::Word, length)
            }
        };
        tokens.push(Token { kind, text: chars[at..at + length].iter().collect(), offset: at });
        at += length;
    }
    Ok(tokens)
}

struct Parser<'t> {
    tokens: &'t [Token],
    position: usize,
    /// The condition's length in characters: where "unexpected end" errors point.
    end: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position)
    }

    fn next_is(&mut self, kind: Kind) -> bool {
        let found = self.peek().is_some_and(|t| t.kind == kind);
        if found {
            self.position += 1;
        }
        found
    }

    fn or(&mut self, depth: usize) -> Result<Condition, RuleError> {
        let mut left = self.and(depth)?;
        while self.next_is(Kind::Or) {
            left = Condition::Or(Box::new(left), Box::new(self.and(depth)?));
        }
        Ok(left)
    }

    fn and(&mut self, depth: usize) -> Result<Condition, RuleError> {
        let mut left = self.unary(depth)?;
        while self.next_is(Kind::And) {
            left = Condition::And(Box::new(left), Box::new(self.unary(depth)?));
        }
        Ok(left)
    }

    fn unary(&mut self, depth: usize) -> Result<Condition, RuleError> {
        if depth > MAX_DEPTH {
            let offset = self.peek().map_or(self.end, |t| t.offset);
            return Err(RuleError {
                offset,
                message: format!("the condition nests deeper than {MAX_DEPTH} levels (at offset {offset})"),
            });
        }
        let after = self.position.checked_sub(1).map(|p| self.tokens[p].text.clone());
        let Some(token) = self.tokens.get(self.position) else {
            let offset = self.end;
            let message = match after {
                Some(operator) => {
                    format!("`{operator}` needs a choice id, `!` or `(` after it (at offset {offset})")
                }
                None => format!("the condition ends early (at offset {offset})"),
            };
            return Err(RuleError { offset, message });
        };
        self.position += 1;
        match token.kind {
            Kind::Word => Ok(Condition::Choice(token.text.clone())),
            Kind::Not => Ok(Condition::Not(Box::new(self.unary(depth + 1)?))),
            Kind::Open => {
                let inner = self.or(depth + 1)?;
                if self.next_is(Kind::Close) {
                    return Ok(inner);
                }
                let offset = self.peek().map_or(self.end, |t| t.offset);
                Err(RuleError {
                    offset,
                    message: format!(
                        "the `(` at offset {} is not closed (expected `)` at offset {offset})",
                        token.offset
                    ),
                })
            }
            Kind::And | Kind::Or | Kind::Close => Err(RuleError {
                offset: token.offset,
                message: format!(
                    "unexpected `{}` (at offset {}); expected a choice id, `!` or `(`",
                    token.text, token.offset
                ),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use archboard_types::catalog::{LensChoice, LensRisk};

    const IDS: &[&str] = &["a", "b", "c", "d_no"];

    fn choice(id: &str) -> Condition {
        Condition::Choice(id.into())
    }
    fn not(inner: Condition) -> Condition {
        Condition::Not(Box::new(inner))
    }
    fn and(left: Condition, right: Condition) -> Condition {
        Condition::And(Box::new(left), Box::new(right))
    }
    fn or(left: Condition, right: Condition) -> Condition {
        Condition::Or(Box::new(left), Box::new(right))
    }

    #[test]
    fn not_binds_tighter_than_and_which_binds_tighter_than_or() {
        let parsed = parse("a || b && !c", IDS).unwrap();
        assert_eq!(parsed, or(choice("a"), and(choice("b"), not(choice("c")))));
        // The same tree decides: `a` alone is enough; `b` needs `c` absent.
        assert!(parsed.holds(&["a", "c"]));
        assert!(parsed.holds(&["b"]));
        assert!(!parsed.holds(&["b", "c"]));
        assert!(!parsed.holds(&[]));
        let parsed = parse("!a && b || c", IDS).unwrap();
        assert_eq!(parsed, or(and(not(choice("a")), choice("b")), choice("c")));
    }

    #[test]
    fn parentheses_override_precedence() {
        let parsed = parse("(a || b) && !c", IDS).unwrap();
        assert_eq!(parsed, and(or(choice("a"), choice("b")), not(choice("c"))));
        assert!(!parsed.holds(&["a", "c"]), "with precedence alone this would hold");
        assert!(parsed.holds(&["b"]));
        assert_eq!(parse("((a))", IDS).unwrap(), choice("a"));
        assert_eq!(parse("!(a && b)", IDS).unwrap(), not(and(choice("a"), choice("b"))));
    }

    #[test]
    fn chains_group_to_the_left_and_display_gives_the_same_tree_back() {
        assert_eq!(parse("a && b && c", IDS).unwrap(), and(and(choice("a"), choice("b")), choice("c")));
        for text in ["a || b && !c", "(a || b) && !c", "!(a || b)", "a && (b && c)", "!!a", "a || (b || c)"] {
            let parsed = parse(text, IDS).unwrap();
            assert_eq!(parsed.to_string(), text);
            assert_eq!(parse(&parsed.to_string(), IDS).unwrap(), parsed);
        }
        assert_eq!(parse("  a&&b ||(c)  ", IDS).unwrap().to_string(), "a && b || c");
    }

    #[test]
    fn negation_and_double_negation() {
        let parsed = parse("!a", IDS).unwrap();
        assert!(parsed.holds(&[]));
        assert!(parsed.holds(&["b"]));
        assert!(!parsed.holds(&["a"]));
        assert!(parse("!!a", IDS).unwrap().holds(&["a"]));
        assert!(!parse("! ! a", IDS).unwrap().holds(&[]));
    }

    #[test]
    fn default_is_only_the_whole_condition_and_always_holds() {
        assert_eq!(parse(" default ", IDS).unwrap(), Condition::Default);
        assert!(Condition::Default.holds(&[]));
        assert!(Condition::Default.holds(&["a", "b"]));
        for text in ["default && a", "a || default", "!default", "(default)"] {
            let error = parse(text, IDS).unwrap_err();
            assert!(error.message.starts_with("`default` must be the whole condition"), "{text}: {error}");
            assert_eq!(error.offset, text.find("default").unwrap(), "{text}");
        }
    }

    #[test]
    fn unknown_ids_are_refused_naming_the_id_and_the_known_ones() {
        let error = parse("a && q1_x", IDS).unwrap_err();
        assert_eq!(error.message, "unknown choice id `q1_x` (the question's choices are a, b, c, d_no)");
        assert_eq!(error.offset, 5);
        assert_eq!(
            parse("A", IDS).unwrap_err().message,
            "unknown choice id `A` (the question's choices are a, b, c, d_no)"
        );
        assert_eq!(
            parse("a", &[]).unwrap_err().message,
            "unknown choice id `a` (the question has no choices)"
        );
    }

    #[test]
    fn syntax_errors_give_the_character_offset() {
        let cases: &[(&str, usize, &str)] = &[
            ("", 0, "the condition is empty"),
            ("   ", 0, "the condition is empty"),
            ("a &&", 4, "`&&` needs a choice id, `!` or `(` after it (at offset 4)"),
            ("a & b", 2, "a single `&` (at offset 2); write `&&`"),
            ("a | b", 2, "a single `|` (at offset 2); write `||`"),
            ("(a || b", 7, "the `(` at offset 0 is not closed (expected `)` at offset 7)"),
            (
                "a b",
                2,
                "unexpected `b` after a complete condition (at offset 2); join conditions with `&&` or `||`",
            ),
            (
                "a )",
                2,
                "unexpected `)` after a complete condition (at offset 2); join conditions with `&&` or `||`",
            ),
            ("&& a", 0, "unexpected `&&` (at offset 0); expected a choice id, `!` or `(`"),
            ("a || ()", 6, "unexpected `)` (at offset 6); expected a choice id, `!` or `(`"),
            ("!", 1, "`!` needs a choice id, `!` or `(` after it (at offset 1)"),
        ];
        for (text, offset, message) in cases {
            let error = parse(text, IDS).unwrap_err();
            assert_eq!((error.offset, error.message.as_str()), (*offset, *message), "{text:?}");
        }
        // Offsets count characters, not bytes.
        assert_eq!(parse("é && &", &["é"]).unwrap_err().offset, 5);
        let deep = format!("{}a{}", "(".repeat(100), ")".repeat(100));
        assert!(parse(&deep, IDS).unwrap_err().message.contains("deeper than 64"));
    }

    fn rule(condition: &str, risk: LensRisk) -> LensRiskRule {
        LensRiskRule { condition: condition.into(), risk }
    }

    #[test]
    fn the_first_rule_that_holds_wins() {
        let rules = [
            rule("a && b", LensRisk::None),
            rule("a || b", LensRisk::Medium),
            rule("a", LensRisk::None),
            rule("default", LensRisk::High),
        ];
        let fired = |selected: &[&str]| evaluate(&rules, selected).map(|f| (f.index, f.rule.risk));
        assert_eq!(fired(&["a", "b"]), Some((0, LensRisk::None)));
        // Rule 2 would also hold, but rule 1 comes first.
        assert_eq!(fired(&["a"]), Some((1, LensRisk::Medium)));
        assert_eq!(fired(&["c"]), Some((3, LensRisk::High)));
        assert_eq!(fired(&[]), Some((3, LensRisk::High)));
        // Without a default, a selection no rule covers has no risk decided.
        assert_eq!(evaluate(&rules[..2], &["c"]), None);
        // A rule that does not parse never fires.
        let broken = [rule("a &&", LensRisk::None), rule("default", LensRisk::Medium)];
        assert_eq!(evaluate(&broken, &["a"]).map(|f| f.index), Some(1));
    }

    fn question() -> LensQuestion {
        let choice = |id: &str, title: &str| LensChoice {
            id: id.into(),
            title: title.into(),
            description: String::new(),
            helpful_resource: None,
            improvement_plan: None,
        };
        LensQuestion {
            choices: vec![choice("q_a", "A"), choice("q_b", "B"), choice("q_no", "None of these")],
            risk_rules: vec![rule("default", LensRisk::High)],
            helpful_resource: None,
            improvement_plan: None,
        }
    }

    #[test]
    fn selections_are_checked() {
        let question = question();
        assert_eq!(check_selection(&question, &[]), Ok(()));
        assert_eq!(check_selection(&question, &["q_a", "q_b"]), Ok(()));
        assert_eq!(check_selection(&question, &["q_no"]), Ok(()));
        assert_eq!(
            check_selection(&question, &["q_a", "q_x"]),
            Err("unknown choice id `q_x` (the question's choices are q_a, q_b, q_no)".into())
        );
        assert_eq!(check_selection(&question, &["q_a", "q_a"]), Err("choice `q_a` is selected twice".into()));
        assert_eq!(
            check_selection(&question, &["q_b", "q_no", "q_a"]),
            Err("`q_no` (None of these) cannot be selected together with other choices (q_b, q_a)".into())
        );
    }
}
