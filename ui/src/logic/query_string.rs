//! What pages keep in the URL's query string: building it (percent-encoded) and reading it back
//! into typed filters. A value that does not parse is reported, never silently replaced.

use archboard_types::adr::{
    AdrGraphQuery, AdrListQuery, AdrSearchQuery, AdrSort, AdrStatus, DueForReviewQuery,
};
use archboard_types::catalog::{CatalogKind, RiskTier};
use archboard_types::people::{LifecycleStage, SystemListQuery, TeamListQuery};

/// Percent-encodes a query value (RFC 3986 unreserved characters stay as they are).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// `?a=1&b=x` from the pairs whose value is not empty; "" when none is.
pub fn build(pairs: &[(&str, String)]) -> String {
    let parts: Vec<String> =
        pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", encode(v))).collect();
    if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
}

/// How the decision list shows decisions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    #[default]
    Table,
    Timeline,
    Graph,
}

impl Layout {
    pub const ALL: [Layout; 3] = [Layout::Table, Layout::Timeline, Layout::Graph];

    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Table => "table",
            Layout::Timeline => "timeline",
            Layout::Graph => "graph",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Layout::Table => "Table",
            Layout::Timeline => "Timeline",
            Layout::Graph => "Graph",
        }
    }
}

/// The decision list's place:
/// `/decisions?q=…&collection=…&status=…&tag=…&decider=…&sort=…&desc=1&view=…`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DecisionListParams {
    pub q: String,
    /// Only this collection's decisions (by name); empty for every collection. It narrows the
    /// table, the timeline, the graph, the search and the review reminders alike.
    pub collection: String,
    pub status: Option<AdrStatus>,
    pub tag: String,
    pub decider: String,
    pub sort: AdrSort,
    pub descending: bool,
    pub layout: Layout,
    /// Values in the URL that mean nothing, said to the user.
    pub problems: Vec<String>,
}

impl DecisionListParams {
    /// Reads the parameters through `get` (the router's query map).
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        let mut params = DecisionListParams {
            q: get("q").unwrap_or_default(),
            collection: get("collection").unwrap_or_default(),
            tag: get("tag").unwrap_or_default(),
            decider: get("decider").unwrap_or_default(),
            descending: get("desc").is_some_and(|v| v == "1" || v == "true"),
            ..Default::default()
        };
        if let Some(text) = get("status").filter(|s| !s.is_empty()) {
            match text.parse() {
                Ok(status) => params.status = Some(status),
                Err(message) => params.problems.push(message),
            }
        }
        if let Some(text) = get("sort").filter(|s| !s.is_empty()) {
            match text.parse() {
                Ok(sort) => params.sort = sort,
                Err(message) => params.problems.push(message),
            }
        }
        if let Some(text) = get("view").filter(|s| !s.is_empty()) {
            match Layout::ALL.into_iter().find(|l| l.as_str() == text) {
                Some(layout) => params.layout = layout,
                None => {
                    params.problems.push(format!("unknown view `{text}`; expected table, timeline or graph"))
                }
            }
        }
        params
    }

    pub fn to_query(&self) -> String {
        build(&[
            ("q", self.q.clone()),
            ("collection", self.collection.clone()),
            ("status", self.status.map(|s| s.as_str().to_owned()).unwrap_or_default()),
            ("tag", self.tag.clone()),
            ("decider", self.decider.clone()),
            (
                "sort",
                if self.sort == AdrSort::Number { String::new() } else { self.sort.as_str().to_owned() },
            ),
            ("desc", if self.descending { "1".into() } else { String::new() }),
            (
                "view",
                if self.layout == Layout::Table { String::new() } else { self.layout.as_str().to_owned() },
            ),
        ])
    }

    pub fn filtered(&self) -> bool {
        self.status.is_some()
            || !self.tag.is_empty()
            || !self.decider.is_empty()
            || self.collection_filter().is_some()
    }

    /// The collection chosen, if any.
    pub fn collection_filter(&self) -> Option<String> {
        non_empty(&self.collection)
    }

    /// The `adr_list` request these filters make.
    pub fn list_query(&self) -> AdrListQuery {
        let non_empty = |text: &str| (!text.is_empty()).then(|| text.to_owned());
        AdrListQuery {
            status: self.status,
            tag: non_empty(&self.tag),
            decider: non_empty(&self.decider),
            sort: self.sort,
            descending: self.descending,
            limit: None,
            collection: self.collection_filter(),
        }
    }

    /// Every decision of the chosen collection (or of all), whatever the other filters: the
    /// choices the tag and decider filters offer.
    pub fn choices_query(&self) -> AdrListQuery {
        AdrListQuery { collection: self.collection_filter(), ..Default::default() }
    }

    /// The `adr_search` request for the words typed, none while there are none.
    pub fn search_query(&self, limit: u32) -> Option<AdrSearchQuery> {
        let query = self.q.trim();
        (!query.is_empty()).then(|| AdrSearchQuery {
            query: query.to_owned(),
            limit: Some(limit),
            collection: self.collection_filter(),
        })
    }

    /// The decisions due for review in the chosen collection (or in all).
    pub fn due_query(&self) -> DueForReviewQuery {
        DueForReviewQuery { as_of: None, collection: self.collection_filter() }
    }

    /// The graph of the chosen collection (or of all).
    pub fn graph_query(&self) -> AdrGraphQuery {
        AdrGraphQuery { collection: self.collection_filter() }
    }

    /// These filters with nothing chosen but the collection, which "Clear filters" keeps only
    /// when asked to.
    pub fn cleared(&self, keep_collection: bool) -> DecisionListParams {
        DecisionListParams {
            q: self.q.clone(),
            collection: if keep_collection { self.collection.clone() } else { String::new() },
            sort: self.sort,
            descending: self.descending,
            layout: self.layout,
            ..Default::default()
        }
    }
}

/// The catalog page's place: `?q=…&kind=…`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CatalogParams {
    pub q: String,
    pub kind: Option<CatalogKind>,
    pub problems: Vec<String>,
}

impl CatalogParams {
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        let mut params = CatalogParams { q: get("q").unwrap_or_default(), ..Default::default() };
        if let Some(text) = get("kind").filter(|s| !s.is_empty()) {
            match text.parse() {
                Ok(kind) => params.kind = Some(kind),
                Err(message) => params.problems.push(message),
            }
        }
        params
    }

    pub fn to_query(&self) -> String {
        build(&[
            ("q", self.q.clone()),
            ("kind", self.kind.map(|k| k.as_str().to_owned()).unwrap_or_default()),
        ])
    }
}

/// `ids=a,b,c` of the comparison page.
pub fn parse_ids(text: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for id in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        if !ids.iter().any(|known| known == id) {
            ids.push(id.to_owned());
        }
    }
    ids
}

pub fn compare_path(ids: &[String]) -> String {
    format!("/benchmarks/compare{}", build(&[("ids", ids.join(","))]))
}

/// The URL of one team (`/teams/Platform%20ML`); names may hold any character.
pub fn team_path(name: &str) -> String {
    format!("/teams/{}", encode(name))
}

/// The URL of one system (`/systems/fraud-scoring`).
pub fn system_path(key: &str) -> String {
    format!("/systems/{}", encode(key))
}

/// The URL of one ADR collection (`/collections/payments`).
pub fn collection_path(name: &str) -> String {
    format!("/collections/{}", encode(name))
}

/// The page that reviews and applies a sync of a collection's linked folder.
pub fn collection_sync_path(name: &str) -> String {
    format!("{}/sync", collection_path(name))
}

/// The decision list narrowed to one collection (`/decisions?collection=payments`).
pub fn collection_decisions_path(name: &str) -> String {
    format!(
        "/decisions{}",
        DecisionListParams { collection: name.to_owned(), ..Default::default() }.to_query()
    )
}

/// `path` with `?collection=NAME` when a collection is named: the new-decision form and the
/// folder import start with that collection chosen.
pub fn with_collection(path: &str, collection: Option<&str>) -> String {
    format!("{path}{}", build(&[("collection", collection.unwrap_or_default().to_owned())]))
}

/// `Some(text)` when it holds more than spaces.
fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The team list's place: `/teams?q=…`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TeamListParams {
    pub q: String,
}

impl TeamListParams {
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        TeamListParams { q: get("q").unwrap_or_default() }
    }

    pub fn to_query(&self) -> String {
        build(&[("q", self.q.clone())])
    }

    pub fn filtered(&self) -> bool {
        !self.q.trim().is_empty()
    }

    /// The `team_list` request this filter makes.
    pub fn list_query(&self) -> TeamListQuery {
        TeamListQuery { text: non_empty(&self.q) }
    }
}

/// The system list's place: `/systems?team=…&tier=…&stage=…&q=…`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SystemListParams {
    pub team: String,
    pub tier: Option<RiskTier>,
    pub stage: Option<LifecycleStage>,
    pub q: String,
    /// Values in the URL that mean nothing, said to the user.
    pub problems: Vec<String>,
}

impl SystemListParams {
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        let mut params = SystemListParams {
            team: get("team").unwrap_or_default(),
            q: get("q").unwrap_or_default(),
            ..Default::default()
        };
        if let Some(text) = get("tier").filter(|s| !s.is_empty()) {
            match text.parse() {
                Ok(tier) => params.tier = Some(tier),
                Err(message) => params.problems.push(message),
            }
        }
        if let Some(text) = get("stage").filter(|s| !s.is_empty()) {
            match text.parse() {
                Ok(stage) => params.stage = Some(stage),
                Err(message) => params.problems.push(message),
            }
        }
        params
    }

    pub fn to_query(&self) -> String {
        build(&[
            ("team", self.team.clone()),
            ("tier", self.tier.map(|t| t.as_str().to_owned()).unwrap_or_default()),
            ("stage", self.stage.map(|s| s.as_str().to_owned()).unwrap_or_default()),
            ("q", self.q.clone()),
        ])
    }

    pub fn filtered(&self) -> bool {
        !self.team.is_empty() || self.tier.is_some() || self.stage.is_some() || !self.q.trim().is_empty()
    }

    /// The `system_list` request these filters make.
    pub fn list_query(&self) -> SystemListQuery {
        SystemListQuery {
            team: non_empty(&self.team),
            tier: self.tier,
            stage: self.stage,
            text: non_empty(&self.q),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn map(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |key| map.get(key).cloned()
    }

    #[test]
    fn decision_filters_round_trip_through_the_query_string() {
        let params = DecisionListParams::parse(map(&[
            ("q", "feature store"),
            ("status", "accepted"),
            ("sort", "title"),
            ("desc", "1"),
            ("view", "timeline"),
        ]));
        assert!(params.problems.is_empty(), "{:?}", params.problems);
        assert_eq!(params.status, Some(AdrStatus::Accepted));
        assert_eq!(params.layout, Layout::Timeline);
        assert_eq!(params.to_query(), "?q=feature%20store&status=accepted&sort=title&desc=1&view=timeline");
        assert_eq!(DecisionListParams::default().to_query(), "");
        assert_eq!(params.list_query().sort, AdrSort::Title);
    }

    #[test]
    fn the_collection_narrows_every_decision_request() {
        let params = DecisionListParams::parse(map(&[("collection", "payments"), ("q", " ledger ")]));
        assert_eq!(params.to_query(), "?q=%20ledger%20&collection=payments");
        assert!(params.filtered());
        assert_eq!(params.list_query().collection.as_deref(), Some("payments"));
        assert_eq!(
            params.choices_query(),
            AdrListQuery { collection: Some("payments".into()), ..Default::default() }
        );
        let search = params.search_query(50).unwrap();
        assert_eq!(
            (search.query.as_str(), search.limit, search.collection.as_deref()),
            ("ledger", Some(50), Some("payments"))
        );
        assert_eq!(params.due_query().collection.as_deref(), Some("payments"));
        assert_eq!(params.graph_query().collection.as_deref(), Some("payments"));

        let everywhere = DecisionListParams::parse(map(&[("collection", " ")]));
        assert_eq!(everywhere.list_query().collection, None);
        assert_eq!(everywhere.graph_query(), AdrGraphQuery::default());
        assert!(!everywhere.filtered());
        assert_eq!(DecisionListParams::default().search_query(20), None);
    }

    #[test]
    fn clearing_filters_keeps_the_place_and_optionally_the_collection() {
        let params = DecisionListParams::parse(map(&[
            ("collection", "payments"),
            ("status", "accepted"),
            ("tag", "storage"),
            ("view", "timeline"),
        ]));
        assert_eq!(params.cleared(true).to_query(), "?collection=payments&view=timeline");
        assert_eq!(params.cleared(false).to_query(), "?view=timeline");
    }

    #[test]
    fn collection_paths() {
        assert_eq!(collection_path("payments"), "/collections/payments");
        assert_eq!(collection_sync_path("ml.platform"), "/collections/ml.platform/sync");
        assert_eq!(collection_decisions_path("payments"), "/decisions?collection=payments");
        assert_eq!(with_collection("/decisions/new", Some("payments")), "/decisions/new?collection=payments");
        assert_eq!(with_collection("/decisions/import", None), "/decisions/import");
    }

    #[test]
    fn unknown_values_are_reported_not_replaced() {
        let params = DecisionListParams::parse(map(&[("status", "approved"), ("view", "cards")]));
        assert_eq!(params.status, None);
        assert_eq!(params.problems.len(), 2);
        assert!(params.problems[0].contains("approved"));
        let catalog = CatalogParams::parse(map(&[("kind", "widgets")]));
        assert!(catalog.kind.is_none() && catalog.problems[0].contains("widgets"));
    }

    #[test]
    fn catalog_params_and_ids() {
        let params = CatalogParams::parse(map(&[("kind", "kpi"), ("q", "a&b")]));
        assert_eq!(params.kind, Some(CatalogKind::Kpi));
        assert_eq!(params.to_query(), "?q=a%26b&kind=kpi");
        assert_eq!(parse_ids(" a,b,,a "), vec!["a", "b"]);
        assert_eq!(compare_path(&["a".into(), "b".into()]), "/benchmarks/compare?ids=a%2Cb");
        assert_eq!(encode("é"), "%C3%A9");
    }

    #[test]
    fn team_and_system_filters_round_trip() {
        let teams = TeamListParams::parse(map(&[("q", " ml ")]));
        assert_eq!(teams.list_query().text.as_deref(), Some("ml"));
        assert_eq!(teams.to_query(), "?q=%20ml%20");
        assert_eq!(TeamListParams::default().list_query().text, None);

        let systems = SystemListParams::parse(map(&[
            ("team", "Platform ML"),
            ("tier", "high"),
            ("stage", "production"),
            ("q", "fraud"),
        ]));
        assert!(systems.problems.is_empty(), "{:?}", systems.problems);
        assert!(systems.filtered());
        assert_eq!(systems.to_query(), "?team=Platform%20ML&tier=high&stage=production&q=fraud");
        let query = systems.list_query();
        assert_eq!(query.team.as_deref(), Some("Platform ML"));
        assert_eq!((query.tier, query.stage), (Some(RiskTier::High), Some(LifecycleStage::Production)));
        assert_eq!(SystemListParams::default().list_query(), SystemListQuery::default());
    }

    #[test]
    fn unknown_system_filters_are_reported() {
        let systems = SystemListParams::parse(map(&[("tier", "extreme"), ("stage", "beta")]));
        assert_eq!((systems.tier, systems.stage), (None, None));
        assert_eq!(systems.problems.len(), 2);
        assert!(systems.problems[0].contains("extreme") && systems.problems[1].contains("beta"));
    }

    #[test]
    fn team_and_system_paths_are_encoded() {
        assert_eq!(team_path("Platform ML/Ops"), "/teams/Platform%20ML%2FOps");
        assert_eq!(system_path("fraud-scoring"), "/systems/fraud-scoring");
    }
}
