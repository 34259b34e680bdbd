//! The built-in catalog: roles, KPIs, checklist templates, the maturity model, reference
//! architecture patterns and hardware profiles. The same types read the reviewable TOML files in
//! `assets/catalog/`, travel over the contract and are stored as JSON, so a field added here is
//! added everywhere at once. Every struct refuses unknown fields: a typo in a data file is an
//! error that names it, not a silently dropped value.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The kinds of catalog item. Each kind has its own key prefix (`kpi.`, `role.`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CatalogKind {
    Role,
    Kpi,
    Checklist,
    Maturity,
    Pattern,
    Hardware,
}

impl CatalogKind {
    pub const ALL: [CatalogKind; 6] = [
        CatalogKind::Role,
        CatalogKind::Kpi,
        CatalogKind::Checklist,
        CatalogKind::Maturity,
        CatalogKind::Pattern,
        CatalogKind::Hardware,
    ];

    /// The word used in keys, TOML table names and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            CatalogKind::Role => "role",
            CatalogKind::Kpi => "kpi",
            CatalogKind::Checklist => "checklist",
            CatalogKind::Maturity => "maturity",
            CatalogKind::Pattern => "pattern",
            CatalogKind::Hardware => "hardware",
        }
    }

    /// Every key of this kind starts with this prefix, so a key alone says what it names.
    pub fn key_prefix(self) -> &'static str {
        match self {
            CatalogKind::Role => "role.",
            CatalogKind::Kpi => "kpi.",
            CatalogKind::Checklist => "checklist.",
            CatalogKind::Maturity => "maturity.",
            CatalogKind::Pattern => "pattern.",
            CatalogKind::Hardware => "hw.",
        }
    }

    /// The heading shown in the UI.
    pub fn plural_label(self) -> &'static str {
        match self {
            CatalogKind::Role => "Roles",
            CatalogKind::Kpi => "KPIs",
            CatalogKind::Checklist => "Checklists",
            CatalogKind::Maturity => "Maturity model",
            CatalogKind::Pattern => "Patterns",
            CatalogKind::Hardware => "Hardware profiles",
        }
    }

    /// The kind a key belongs to, from its prefix.
    pub fn of_key(key: &str) -> Option<CatalogKind> {
        CatalogKind::ALL.into_iter().find(|kind| key.starts_with(kind.key_prefix()))
    }
}

impl fmt::Display for CatalogKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CatalogKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        let singular = wanted.strip_suffix('s').unwrap_or(&wanted);
        CatalogKind::ALL
            .into_iter()
            .find(|k| k.as_str() == wanted || k.as_str() == singular)
            .or((wanted == "hw").then_some(CatalogKind::Hardware))
            .ok_or_else(|| {
                format!(
                    "unknown catalog kind `{s}`; expected one of role, kpi, checklist, maturity, pattern, hardware"
                )
            })
    }
}

/// `checklist.<name>#<item>`: how a pattern (and later a review) names one item of a
/// checklist template.
pub fn checklist_item_reference(checklist: &str, item: &str) -> String {
    format!("{checklist}#{item}")
}

/// Splits a `checklist.<name>#<item>` reference into the checklist's key and the item's key.
pub fn parse_checklist_item_reference(reference: &str) -> Result<(&str, &str), String> {
    match reference.split_once('#') {
        Some((checklist, item))
            if CatalogKind::of_key(checklist) == Some(CatalogKind::Checklist)
                && !item.is_empty()
                && !item.contains('#') =>
        {
            Ok((checklist, item))
        }
        _ => Err(format!("`{reference}` is not a checklist item reference like `checklist.name#item`")),
    }
}

/// Where a public fact comes from. Prices and spec sheets change, so `as_of` dates them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
}

/// Model risk tiers: high is Tier-1 (critical, customer- or money-affecting), low is
/// experimentation and internal tooling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskTier {
    Low,
    Medium,
    High,
}

impl std::str::FromStr for RiskTier {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        RiskTier::ALL
            .into_iter()
            .find(|tier| tier.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| format!("unknown risk tier `{text}`; expected one of low, medium, high"))
    }
}

impl RiskTier {
    pub const ALL: [RiskTier; 3] = [RiskTier::Low, RiskTier::Medium, RiskTier::High];

    /// The words shown to people.
    pub fn label(self) -> &'static str {
        match self {
            RiskTier::Low => "Low impact",
            RiskTier::Medium => "Medium impact",
            RiskTier::High => "High impact (Tier-1)",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RiskTier::Low => "low",
            RiskTier::Medium => "medium",
            RiskTier::High => "high",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// KPIs

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiUnit {
    Duration,
    Percent,
    Count,
    Currency,
    Ratio,
    Score,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiDirection {
    LowerIsBetter,
    HigherIsBetter,
    WithinBand,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Daily,
    Weekly,
    Sprint,
    Monthly,
    Quarterly,
    Semiannual,
    PerRun,
    PerExperiment,
    PerIncident,
}

/// What a threshold is compared with: the measured value itself, or its change in percent
/// from the team's baseline or from the previous period (for seed targets such as "reduce by
/// 30–50% in 12 months" or "downward trend quarter over quarter").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetBasis {
    #[default]
    Value,
    ChangeFromBaselinePct,
    ChangeFromPreviousPct,
}

/// An inclusive range; a missing end is open.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Range {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}

impl Range {
    pub fn contains(&self, value: f64) -> bool {
        self.min.is_none_or(|min| value >= min) && self.max.is_none_or(|max| value <= max)
    }

    /// Whether every value in `self` is also in `outer`.
    pub fn within(&self, outer: &Range) -> bool {
        let low_ok = match (self.min, outer.min) {
            (_, None) => true,
            (Some(inner), Some(outer)) => inner >= outer,
            (None, Some(_)) => false,
        };
        let high_ok = match (self.max, outer.max) {
            (_, None) => true,
            (Some(inner), Some(outer)) => inner <= outer,
            (None, Some(_)) => false,
        };
        low_ok && high_ok
    }
}

wire_enum! {
    /// How a KPI's measurements in one period become the period's value.
    Aggregate {
        Last => "last", "last value";
        Mean => "mean", "mean";
        Median => "median", "median";
        P95 => "p95", "95th percentile";
        Sum => "sum", "sum";
        Count => "count", "count of measurements";
    }
}

impl Aggregate {
    fn default_for_stored() -> Aggregate {
        Aggregate::Last
    }

    /// The period's value of `values` (in time order, oldest first); `None` when there are
    /// none. Percentiles use the nearest-rank method, so the value is always one measured.
    pub fn apply(self, values: &[f64]) -> Option<f64> {
        let last = *values.last()?;
        let sorted = || {
            let mut sorted = values.to_vec();
            sorted.sort_by(f64::total_cmp);
            sorted
        };
        let nearest_rank = |sorted: &[f64], share: f64| {
            let rank = (share * sorted.len() as f64).ceil().max(1.0) as usize;
            sorted[rank.min(sorted.len()) - 1]
        };
        Some(match self {
            Aggregate::Last => last,
            Aggregate::Mean => values.iter().sum::<f64>() / values.len() as f64,
            Aggregate::Median => {
                let sorted = sorted();
                let middle = sorted.len() / 2;
                if sorted.len() % 2 == 0 {
                    (sorted[middle - 1] + sorted[middle]) / 2.0
                } else {
                    sorted[middle]
                }
            }
            Aggregate::P95 => nearest_rank(&sorted(), 0.95),
            Aggregate::Sum => values.iter().sum(),
            Aggregate::Count => values.len() as f64,
        })
    }
}

/// Red / amber / green.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    Green,
    Amber,
    Red,
}

/// A machine-readable target: a value in `green` is on target, in `amber` close to it,
/// anything else red. `seed_wording` keeps the example target the thresholds came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiTarget {
    #[serde(default)]
    pub basis: TargetBasis,
    pub green: Range,
    pub amber: Range,
    pub note: String,
}

impl KpiTarget {
    pub fn rag(&self, value: f64) -> Rag {
        if self.green.contains(value) {
            Rag::Green
        } else if self.amber.contains(value) {
            Rag::Amber
        } else {
            Rag::Red
        }
    }
}

/// A published performance band (e.g. DORA's elite / high / medium / low).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerformanceBand {
    pub name: String,
    /// The report year the band was published in (DORA re-clusters every year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    pub range: Range,
    pub wording: String,
}

/// A row of a seed KPI table this KPI stands for, kept so nothing is silently dropped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedRow {
    /// The role key whose blueprint holds the row.
    pub role: String,
    /// The metric name exactly as the seed table spells it.
    pub metric: String,
    /// The seed's example target, verbatim.
    pub target: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    pub key: String,
    pub name: String,
    pub summary: String,
    pub version: u32,
    pub definition: String,
    pub why: String,
    pub unit: KpiUnit,
    /// How values are written: "hours", "%", "USD", "deploys per month", …
    pub unit_label: String,
    pub direction: KpiDirection,
    /// How a period's measurements become its value (a lead time's median, a count's sum).
    /// Items stored before the field existed read as `last`.
    #[serde(default = "Aggregate::default_for_stored")]
    pub aggregate: Aggregate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<KpiTarget>,
    pub frequency: Vec<Frequency>,
    pub tiers: Vec<RiskTier>,
    pub roles: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seed_rows: Vec<SeedRow>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<PerformanceBand>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

// ---------------------------------------------------------------------------------------------
// Roles and interview rubrics

/// Whether rubric weights come from the seed or were spread evenly because it gave none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightSource {
    Seed,
    Equal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RubricDimension {
    pub key: String,
    pub name: String,
    /// Percent of the total; the dimensions of a role add up to 100.
    pub weight: f64,
    /// The behaviour that earns a 1 on the interview scale (well below the bar).
    #[serde(default)]
    pub well_below_bar: String,
    /// The behaviour that earns a 2 (below the bar, not far off).
    #[serde(default)]
    pub below_bar: String,
    /// A 3: the bar for the role.
    pub meets_bar: String,
    /// A 4: above the bar.
    pub exceeds_bar: String,
}

impl RubricDimension {
    /// The behavioural anchor for a rating of 1–4 on the interview scale (empty for a level
    /// the rubric does not describe).
    pub fn anchor(&self, rating: u8) -> &str {
        match rating {
            1 => &self.well_below_bar,
            2 => &self.below_bar,
            3 => &self.meets_bar,
            4 => &self.exceeds_bar,
            _ => "",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    pub name: String,
    pub minutes_min: u32,
    pub minutes_max: u32,
    pub prompt: String,
    pub evaluate: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub key: String,
    pub name: String,
    pub summary: String,
    pub version: u32,
    pub purpose: String,
    pub responsibilities: Vec<String>,
    /// KPI keys the role is measured on.
    pub kpis: Vec<String>,
    pub weights: WeightSource,
    pub dimensions: Vec<RubricDimension>,
    /// Which anchors were written here because the seed gave only one side of the bar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor_note: Option<String>,
    pub assess: Vec<String>,
    pub strong_signals: Vec<String>,
    pub weak_signals: Vec<String>,
    pub red_flags: Vec<String>,
    pub exercises: Vec<Exercise>,
}

// ---------------------------------------------------------------------------------------------
// Checklists

/// How a review built from the template is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChecklistScoring {
    /// Each item passes, fails, partly passes or does not apply.
    PassFail,
    /// ML Test Score: each test scores 0, 0.5 (done by hand) or 1 (automated); a section's
    /// score is its sum and the final score is the lowest section score.
    MlTestScore,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GapRisk {
    High,
    Medium,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    pub key: String,
    pub section: String,
    pub prompt: String,
    pub guidance: String,
    pub evidence: String,
    pub risk: GapRisk,
    pub tiers: Vec<RiskTier>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<String>,
    /// Set for a question imported from an AWS Well-Architected custom lens: it is answered
    /// by selecting choices and its risk follows the lens's rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lens: Option<LensQuestion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    pub key: String,
    pub name: String,
    pub summary: String,
    pub version: u32,
    pub scoring: ChecklistScoring,
    pub sections: Vec<String>,
    pub items: Vec<ChecklistItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Set for a template imported from an AWS Well-Architected custom lens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lens: Option<LensDocument>,
}

/// What a lens template keeps of the lens file beyond the checklist's own fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LensDocument {
    /// `schemaVersion` as the file gave it (2021-11-01).
    pub schema_version: String,
    /// The pillars' ids, in the order of `sections` (a section is a pillar's name).
    pub pillar_ids: Vec<String>,
    /// The whole lens file as imported (JSON text): fields Archboard does not use and keys
    /// outside the specification are written back from it on export, so import → export is
    /// lossless.
    pub original_json: String,
}

/// One choice of a lens question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LensChoice {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helpful_resource: Option<LensResource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub improvement_plan: Option<LensResource>,
}

impl LensChoice {
    /// A "none of these" choice (the lens format marks them by an id ending in `_no`): it
    /// cannot be selected together with another choice.
    pub fn is_none_of_these(&self) -> bool {
        self.id.ends_with("_no")
    }
}

/// Text with an optional link, as lens files give helpful resources and improvement plans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LensResource {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub display_text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

wire_enum! {
    /// The risk a lens rule assigns.
    LensRisk {
        High => "HIGH_RISK", "High risk";
        Medium => "MEDIUM_RISK", "Medium risk";
        None => "NO_RISK", "No risk";
    }
}

/// One risk rule: a condition over choice ids (`&&`, `||`, `!`, parentheses, or `default`)
/// and the risk when it holds. Rules are tried in order; the first that holds wins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LensRiskRule {
    pub condition: String,
    pub risk: LensRisk,
}

/// A lens question's choices and rules (the checklist item holds its id, title and pillar).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LensQuestion {
    pub choices: Vec<LensChoice>,
    pub risk_rules: Vec<LensRiskRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helpful_resource: Option<LensResource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub improvement_plan: Option<LensResource>,
}

// ---------------------------------------------------------------------------------------------
// Maturity model

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaturityLevel {
    pub level: u8,
    pub name: String,
    pub criteria: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<String>,
    /// Review kinds every one of a team's systems must have approved, with no open high risk,
    /// for the level to be proposed from evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<crate::review::ReviewKind>,
}

/// One dimension of the maturity model with its five levels, 0 to 4.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaturityDimension {
    pub key: String,
    pub name: String,
    pub summary: String,
    pub version: u32,
    pub levels: Vec<MaturityLevel>,
    pub sources: Vec<Source>,
}

// ---------------------------------------------------------------------------------------------
// Reference architecture patterns

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternComponent {
    pub name: String,
    pub purpose: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NfrTarget {
    pub quality: String,
    pub target: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    pub key: String,
    pub name: String,
    pub summary: String,
    pub version: u32,
    pub problem: String,
    pub context: String,
    pub solution: String,
    pub components: Vec<PatternComponent>,
    pub nfrs: Vec<NfrTarget>,
    pub trade_offs: Vec<String>,
    pub when_to_use: Vec<String>,
    pub when_not_to_use: Vec<String>,
    /// Mermaid flowchart source, drawn by the UI with the bundled mermaid.
    pub diagram: String,
    /// `checklist.<name>#<item>` references.
    pub checklist_items: Vec<String>,
    pub kpis: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// Hardware profiles

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HardwareClass {
    Cpu,
    Gpu,
    Edge,
}

/// How a figure was obtained: read off a vendor sheet, or worked out from per-core rates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureBasis {
    Datasheet,
    Derived,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Price {
    pub per_hour: f64,
    pub currency: String,
    /// What the price is for ("AWS g4dn.xlarge on-demand, us-east-1", "list price over three
    /// years of continuous use").
    pub basis: String,
    pub as_of: String,
}

/// The SLOs a benchmark run is judged against on this profile; example values a team edits.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileSlo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p50_ms: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p95_ms: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p99_ms: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_throughput_rps: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_cost_per_1k: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HardwareProfile {
    pub key: String,
    pub name: String,
    pub summary: String,
    pub version: u32,
    pub class: HardwareClass,
    pub accelerator: String,
    /// Peak dense FP16/BF16 throughput in TFLOP/s (no structured sparsity).
    pub peak_fp16_tflops: f64,
    /// Peak dense INT8 throughput in TOP/s.
    pub peak_int8_tops: f64,
    pub figures: FigureBasis,
    pub memory_gb: f64,
    pub memory_bandwidth_gbs: f64,
    pub power_watts: f64,
    pub price: Price,
    pub slo: ProfileSlo,
    pub source: Source,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

// ---------------------------------------------------------------------------------------------
// The envelope and the operations

/// Any catalog item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "item", rename_all = "snake_case")]
pub enum CatalogItem {
    Role(Role),
    Kpi(Kpi),
    Checklist(Checklist),
    Maturity(MaturityDimension),
    Pattern(Pattern),
    Hardware(HardwareProfile),
}

macro_rules! header_field {
    ($self:ident, $field:ident) => {
        match $self {
            CatalogItem::Role(i) => &i.$field,
            CatalogItem::Kpi(i) => &i.$field,
            CatalogItem::Checklist(i) => &i.$field,
            CatalogItem::Maturity(i) => &i.$field,
            CatalogItem::Pattern(i) => &i.$field,
            CatalogItem::Hardware(i) => &i.$field,
        }
    };
}

impl CatalogItem {
    pub fn kind(&self) -> CatalogKind {
        match self {
            CatalogItem::Role(_) => CatalogKind::Role,
            CatalogItem::Kpi(_) => CatalogKind::Kpi,
            CatalogItem::Checklist(_) => CatalogKind::Checklist,
            CatalogItem::Maturity(_) => CatalogKind::Maturity,
            CatalogItem::Pattern(_) => CatalogKind::Pattern,
            CatalogItem::Hardware(_) => CatalogKind::Hardware,
        }
    }
    pub fn key(&self) -> &str {
        header_field!(self, key)
    }
    pub fn name(&self) -> &str {
        header_field!(self, name)
    }
    pub fn summary(&self) -> &str {
        header_field!(self, summary)
    }
    pub fn version(&self) -> u32 {
        *header_field!(self, version)
    }

    /// Changes the identity of a copy.
    pub fn rename(&mut self, key: String, name: String) {
        macro_rules! set {
            ($($variant:ident),*) => {
                match self { $(CatalogItem::$variant(i) => { i.key = key; i.name = name; })* }
            };
        }
        set!(Role, Kpi, Checklist, Maturity, Pattern, Hardware);
    }
}

/// Where a stored item came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CatalogOrigin {
    /// Shipped with Archboard.
    Builtin,
    /// Made in this board (a duplicate).
    User,
    /// Brought in by `catalog import`.
    Imported,
}

/// A line of the catalog list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogSummary {
    pub key: String,
    pub kind: CatalogKind,
    pub name: String,
    pub summary: String,
    pub version: u32,
    pub origin: CatalogOrigin,
    /// The user changed a built-in item; new catalog versions no longer overwrite it.
    pub edited: bool,
    /// A newer built-in version the user has not taken (only for edited items).
    pub update_available: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CatalogListQuery {
    #[serde(default)]
    pub kind: Option<CatalogKind>,
    /// Full-text query over every field; plain words, never search syntax.
    #[serde(default)]
    pub search: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogRef {
    pub key: String,
}

/// One item with what the UI needs to show, edit and compare it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogEntry {
    pub summary: CatalogSummary,
    pub item: CatalogItem,
    /// The item as TOML, the format it is edited in.
    pub toml: String,
    /// The shipped version, when the stored copy differs from it (edited, or an update waits).
    pub builtin: Option<CatalogItem>,
    pub builtin_toml: Option<String>,
    /// Items that name this one (roles using a KPI, patterns citing a checklist, …).
    pub referenced_by: Vec<CatalogSummary>,
}

/// A replacement for an item, written as TOML (one `[[kind]]` table).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogEdit {
    pub key: String,
    pub toml: String,
    /// Validate only; store nothing.
    #[serde(default)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogDuplicate {
    pub key: String,
    /// Defaults to `<key>-copy` (then `-copy-2`, …).
    #[serde(default)]
    pub new_key: Option<String>,
    #[serde(default)]
    pub new_name: Option<String>,
}

/// What to do about a built-in item the user edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BuiltinChoice {
    /// Replace the user's copy with the shipped one (take an update, or reset).
    TakeBuiltin,
    /// Keep the user's copy and stop showing the waiting update.
    KeepMine,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogBuiltinChoice {
    pub key: String,
    pub choice: BuiltinChoice,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogExportRequest {
    /// One file holding every kind, instead of one file per kind.
    #[serde(default)]
    pub single_file: bool,
}

/// One exported catalog file (TOML text as bytes), for the front to save.
pub type CatalogFile = crate::files::ExportedFile;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogExport {
    pub files: Vec<CatalogFile>,
    pub items: u32,
}

/// What importing one item does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CatalogImportOutcome {
    New,
    Updated,
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogImportItem {
    pub path: String,
    pub key: String,
    pub name: String,
    pub outcome: CatalogImportOutcome,
}

/// A file or item that was refused, with where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogProblem {
    pub path: String,
    pub key: Option<String>,
    pub line: Option<u32>,
    pub message: String,
}

/// Catalog files to import (TOML, as the catalog folder holds them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogImportRequest {
    pub files: Vec<crate::files::FileContents>,
    /// Report what would happen without writing anything.
    #[serde(default)]
    pub dry_run: bool,
}

/// The outcome of an import: nothing is written unless every file is valid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogImportReport {
    pub dry_run: bool,
    pub written: bool,
    pub items: Vec<CatalogImportItem>,
    pub problems: Vec<CatalogProblem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_from_singular_plural_and_short_names() {
        assert_eq!("kpis".parse::<CatalogKind>().unwrap(), CatalogKind::Kpi);
        assert_eq!("hw".parse::<CatalogKind>().unwrap(), CatalogKind::Hardware);
        assert_eq!("Patterns".parse::<CatalogKind>().unwrap(), CatalogKind::Pattern);
        assert!("widgets".parse::<CatalogKind>().unwrap_err().contains("role, kpi"));
        assert_eq!(CatalogKind::of_key("hw.nvidia-t4"), Some(CatalogKind::Hardware));
        assert_eq!(CatalogKind::of_key("nope"), None);
    }

    #[test]
    fn targets_grade_values_green_amber_red() {
        let lower = KpiTarget {
            basis: TargetBasis::Value,
            green: Range { min: None, max: Some(10.0) },
            amber: Range { min: None, max: Some(15.0) },
            note: String::new(),
        };
        assert_eq!(lower.rag(9.0), Rag::Green);
        assert_eq!(lower.rag(10.0), Rag::Green);
        assert_eq!(lower.rag(12.0), Rag::Amber);
        assert_eq!(lower.rag(40.0), Rag::Red);
        let band = KpiTarget {
            basis: TargetBasis::Value,
            green: Range { min: Some(40.0), max: Some(70.0) },
            amber: Range { min: Some(30.0), max: Some(85.0) },
            note: String::new(),
        };
        assert_eq!(band.rag(50.0), Rag::Green);
        assert_eq!(band.rag(80.0), Rag::Amber);
        assert_eq!(band.rag(20.0), Rag::Red);
        assert!(band.green.within(&band.amber));
        assert!(!band.amber.within(&band.green));
    }
}

// ---------------------------------------------------------------------------------------------
// Words shown to people for the catalog's enums

impl KpiUnit {
    pub fn label(self) -> &'static str {
        match self {
            KpiUnit::Duration => "duration",
            KpiUnit::Percent => "percent",
            KpiUnit::Count => "count",
            KpiUnit::Currency => "currency",
            KpiUnit::Ratio => "ratio",
            KpiUnit::Score => "score",
        }
    }
}

impl KpiDirection {
    pub fn label(self) -> &'static str {
        match self {
            KpiDirection::LowerIsBetter => "lower is better",
            KpiDirection::HigherIsBetter => "higher is better",
            KpiDirection::WithinBand => "within a band",
        }
    }
}

impl Frequency {
    pub fn label(self) -> &'static str {
        match self {
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
            Frequency::Sprint => "per sprint",
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Semiannual => "semiannual",
            Frequency::PerRun => "per run",
            Frequency::PerExperiment => "per experiment",
            Frequency::PerIncident => "per incident",
        }
    }
}

impl GapRisk {
    /// Also the CSS class suffix the UI colours the risk with.
    pub fn label(self) -> &'static str {
        match self {
            GapRisk::High => "high",
            GapRisk::Medium => "medium",
        }
    }
}

impl FigureBasis {
    pub fn label(self) -> &'static str {
        match self {
            FigureBasis::Datasheet => "vendor datasheet",
            FigureBasis::Derived => "derived estimate",
        }
    }
}

impl CatalogImportOutcome {
    pub fn label(self) -> &'static str {
        match self {
            CatalogImportOutcome::New => "new",
            CatalogImportOutcome::Updated => "updated",
            CatalogImportOutcome::Unchanged => "unchanged",
        }
    }
}

#[cfg(test)]
mod reference_tests {
    use super::*;

    #[test]
    fn checklist_item_references_build_and_parse() {
        let reference = checklist_item_reference("checklist.production-readiness", "rollback");
        assert_eq!(reference, "checklist.production-readiness#rollback");
        assert_eq!(
            parse_checklist_item_reference(&reference),
            Ok(("checklist.production-readiness", "rollback"))
        );
        for bad in ["checklist.x", "kpi.x#y", "checklist.x#", "checklist.x#a#b"] {
            assert!(parse_checklist_item_reference(bad).unwrap_err().contains(bad));
        }
    }
}
