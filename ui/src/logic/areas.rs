//! The areas of the product, their URLs and their keys (1–8 for the eight main areas).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Decisions,
    /// The ADR collections a board holds, one per repository or folder.
    Collections,
    Patterns,
    Reviews,
    Scorecards,
    /// Where scorecards' live measurements come from: Prometheus servers, JSON endpoints.
    Sources,
    Benchmarks,
    Interviews,
    Reports,
    Catalog,
    Teams,
    Systems,
    Users,
}

impl Area {
    /// In navigation order.
    pub const ALL: [Area; 13] = [
        Area::Decisions,
        Area::Collections,
        Area::Patterns,
        Area::Reviews,
        Area::Scorecards,
        Area::Sources,
        Area::Benchmarks,
        Area::Interviews,
        Area::Reports,
        Area::Catalog,
        Area::Teams,
        Area::Systems,
        Area::Users,
    ];

    /// The areas that open with a digit key: the position plus one is the key. Kept apart from
    /// the navigation order so that an area added to the navigation moves no one's keys.
    const KEYED: [Area; 8] = [
        Area::Decisions,
        Area::Patterns,
        Area::Reviews,
        Area::Scorecards,
        Area::Benchmarks,
        Area::Interviews,
        Area::Reports,
        Area::Catalog,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Area::Decisions => "Decisions",
            Area::Collections => "Collections",
            Area::Patterns => "Patterns",
            Area::Reviews => "Reviews",
            Area::Scorecards => "Scorecards",
            Area::Sources => "Data sources",
            Area::Benchmarks => "Benchmarks",
            Area::Interviews => "Interviews",
            Area::Reports => "Reports",
            Area::Catalog => "Catalog",
            Area::Teams => "Teams",
            Area::Systems => "Systems",
            Area::Users => "Users",
        }
    }

    /// The id of the area's navigation link (`nav-data-sources`).
    pub fn nav_id(self) -> String {
        format!("nav-{}", self.label().to_lowercase().replace(' ', "-"))
    }

    /// The area's own URL.
    pub fn path(self) -> &'static str {
        match self {
            Area::Decisions => "/decisions",
            Area::Collections => "/collections",
            Area::Patterns => "/patterns",
            Area::Reviews => "/reviews",
            Area::Scorecards => "/scorecards",
            Area::Sources => "/sources",
            Area::Benchmarks => "/benchmarks",
            Area::Interviews => "/interviews",
            Area::Reports => "/reports",
            Area::Catalog => "/catalog",
            Area::Teams => "/teams",
            Area::Systems => "/systems",
            Area::Users => "/users",
        }
    }

    pub fn icon(self) -> &'static str {
        match self {
            Area::Decisions => "◆",
            Area::Collections => "❏",
            Area::Patterns => "▦",
            Area::Reviews => "✓",
            Area::Scorecards => "◔",
            Area::Sources => "⇄",
            Area::Benchmarks => "◎",
            Area::Interviews => "☺",
            Area::Reports => "▤",
            Area::Catalog => "▥",
            Area::Teams => "♟",
            Area::Systems => "⚙",
            Area::Users => "☰",
        }
    }

    /// The area a URL path belongs to (`/decisions/7` → Decisions).
    pub fn of_path(path: &str) -> Option<Area> {
        Area::ALL.into_iter().find(|area| {
            let own = area.path();
            path == own || path.strip_prefix(own).is_some_and(|rest| rest.starts_with('/'))
        })
    }

    /// The area a digit key opens (`1` → Decisions … `8` → Catalog).
    pub fn of_key(key: &str) -> Option<Area> {
        let digit = key.parse::<usize>().ok()?;
        Area::KEYED.get(digit.checked_sub(1)?).copied()
    }

    /// The digit key that opens this area, if it has one.
    pub fn key(self) -> Option<usize> {
        Area::KEYED.iter().position(|area| *area == self).map(|index| index + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_keys_find_their_area() {
        assert_eq!(Area::of_path("/decisions/7"), Some(Area::Decisions));
        assert_eq!(Area::of_path("/catalog"), Some(Area::Catalog));
        assert_eq!(Area::of_path("/catalogue"), None);
        assert_eq!(Area::of_path("/"), None);
        assert_eq!(Area::of_key("1"), Some(Area::Decisions));
        assert_eq!(Area::of_key("8"), Some(Area::Catalog));
        assert_eq!(Area::of_key("0"), None);
        assert_eq!(Area::of_key("9"), None);
        assert_eq!(Area::of_key("2"), Some(Area::Patterns));
    }

    #[test]
    fn collections_sit_beside_decisions_without_a_key() {
        assert_eq!(Area::ALL[1], Area::Collections);
        assert_eq!(Area::of_path("/collections/payments/sync"), Some(Area::Collections));
        assert_eq!(Area::of_path("/decisions"), Some(Area::Decisions));
        assert_eq!(Area::Collections.key(), None);
    }

    #[test]
    fn people_areas_have_paths_but_no_key() {
        assert_eq!(Area::of_path("/teams/Platform%20ML"), Some(Area::Teams));
        assert_eq!(Area::of_path("/systems/fraud-scoring/edit"), Some(Area::Systems));
        assert_eq!(Area::of_path("/users"), Some(Area::Users));
        assert_eq!(Area::Catalog.key(), Some(8));
        assert_eq!(Area::Users.key(), None);
        assert!(Area::ALL.iter().all(|area| Area::of_path(area.path()) == Some(*area)));
    }

    #[test]
    fn data_sources_follow_scorecards_without_a_key() {
        assert_eq!(Area::ALL[5], Area::Sources);
        assert_eq!(Area::of_path("/sources/prom"), Some(Area::Sources));
        assert_eq!(Area::of_path("/scorecards/kpi/kpi.lead-time"), Some(Area::Scorecards));
        assert_eq!(Area::Sources.key(), None);
        assert_eq!(Area::Scorecards.key(), Some(4));
        assert_eq!(Area::Sources.nav_id(), "nav-data-sources");
        assert_eq!(Area::Decisions.nav_id(), "nav-decisions");
    }
}
