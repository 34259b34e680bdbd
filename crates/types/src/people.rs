//! People, teams and systems as the contract shows them: users with roles, the permission each
//! operation needs (declared in the endpoint table), invitations and API tokens, teams, and the
//! ML systems teams run. Pure rules the UI needs too (which roles grant what, name checks) live
//! here so the engine and the pages agree.

use crate::ApiError;
use crate::catalog::RiskTier;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

wire_enum! {
    /// What a person may do on a board. A user holds one or more.
    Role {
        Owner => "owner", "Owner";
        Chair => "chair", "Chair";
        Reviewer => "reviewer", "Reviewer";
        Interviewer => "interviewer", "Interviewer";
        Contributor => "contributor", "Contributor";
        Viewer => "viewer", "Viewer";
    }
}

impl Role {
    /// One line on what the role is for, shown where roles are chosen.
    pub fn description(self) -> &'static str {
        match self {
            Role::Owner => "Everything, including users, tokens and retention.",
            Role::Chair => "Runs reviews and panels, decides, sees all scores; edits like a contributor.",
            Role::Reviewer => "Answers review items and records findings.",
            Role::Interviewer => "Scores the interviews they are on.",
            Role::Contributor => "Edits decisions, the catalog, teams, systems, benchmarks and KPIs.",
            Role::Viewer => "Reads everything they are allowed to see; changes nothing.",
        }
    }

    /// Whether holding this role allows `permission`.
    pub fn grants(self, permission: Permission) -> bool {
        permission.roles().contains(&self)
    }
}

wire_enum! {
    /// What an operation needs of its caller; each endpoint declares one in the table.
    Permission {
        Read => "read", "Read the board";
        Edit => "edit", "Edit decisions, catalog, teams, systems, benchmarks and KPIs";
        Review => "review", "Answer review items";
        Interview => "interview", "Score interviews";
        Chair => "chair", "Run reviews and panels and decide";
        ManageUsers => "manage-users", "Manage users and retention";
    }
}

impl Permission {
    /// The roles that grant this permission, most specific last (the 403 message lists them).
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Permission::Read => &[Owner, Chair, Reviewer, Interviewer, Contributor, Viewer],
            Permission::Edit => &[Owner, Chair, Contributor],
            Permission::Review => &[Owner, Chair, Reviewer],
            Permission::Interview => &[Owner, Chair, Interviewer],
            Permission::Chair => &[Owner, Chair],
            Permission::ManageUsers => &[Owner],
        }
    }

    /// "the contributor, chair or owner role": the roles that would allow this, for messages.
    pub fn roles_phrase(self) -> String {
        let mut names: Vec<&str> = self.roles().iter().rev().map(|role| role.as_str()).collect();
        let last = names.pop().unwrap_or("owner");
        if names.is_empty() {
            format!("the {last} role")
        } else {
            format!("the {} or {last} role", names.join(", "))
        }
    }
}

/// Whether any of `roles` allows `permission`.
pub fn roles_grant(roles: &[Role], permission: Permission) -> bool {
    roles.iter().any(|role| role.grants(permission))
}

/// How long an invitation link stays valid.
pub const INVITATION_VALID_HOURS: i64 = 72;
/// The shortest password accepted when a user sets one.
pub const PASSWORD_MIN_CHARS: usize = 12;

/// A person on a board. Users are never deleted, so their history keeps its names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub roles: Vec<Role>,
    pub active: bool,
    /// Whether they have set a password (accepted an invitation).
    pub has_password: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl User {
    pub fn can(&self, permission: Permission) -> bool {
        self.active && roles_grant(&self.roles, permission)
    }
}

/// `user_add`: a new user, who gets an invitation to set a password.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    pub roles: Vec<Role>,
}

/// A user by name (names are unique on a board, ignoring case).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserRef {
    pub name: String,
}

/// `user_set_roles`: replaces a user's roles.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserRolesChange {
    pub name: String,
    pub roles: Vec<Role>,
}

/// A single-use invitation: the secret is in `path` and shown once; the board keeps its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub user: User,
    /// `/invite/<secret>`, to append to the team server's address.
    pub path: String,
    /// The whole link when the board knows its team server's address.
    pub url: Option<String>,
    pub expires_at: DateTime<Utc>,
}

/// `user_token_issue`: a personal API token for scripts and the CLI.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// Whose token; owners may issue for anyone, everyone else only for themselves.
    pub name: String,
    #[serde(default)]
    pub label: Option<String>,
}

/// A freshly issued token: `token` is shown this once and never stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedToken {
    pub token: String,
    pub summary: ApiTokenSummary,
}

/// A personal API token as listed (its secret is not kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenSummary {
    pub id: i64,
    pub user: String,
    pub label: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A token by id (`user_token_revoke`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenRef {
    pub id: i64,
}

/// `user_token_list`: one user's tokens (default: the caller's).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenListQuery {
    #[serde(default)]
    pub name: Option<String>,
}

/// `me`: who the caller is on this board and what they may do, so a front shows their name
/// and offers only what the engine would allow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub user: User,
    /// `desktop`, `http`, `team` or `cli`.
    pub front: String,
    pub permissions: Vec<Permission>,
    /// Whether this is a team server (sign-in, sessions) rather than one person's board.
    pub team_mode: bool,
}

impl Me {
    pub fn can(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }
}

/// Checks a user or team name: 1–80 characters, no control characters, trimmed.
pub fn validate_name(field: &str, name: &str) -> Result<String, ApiError> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err(ApiError::validation(field, "A name is required."));
    }
    if trimmed.chars().count() > 80 {
        return Err(ApiError::validation(field, "A name can be at most 80 characters."));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(ApiError::validation(field, "A name cannot contain control characters."));
    }
    Ok(trimmed.to_owned())
}

// ---------------------------------------------------------------------------------------------
// Teams

/// A team: the unit scorecards and reports are about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub lead: Option<String>,
    pub members: Vec<String>,
    /// Keys of the systems the team owns.
    pub systems: Vec<String>,
    pub updated_at: DateTime<Utc>,
    pub changed_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamSummary {
    pub id: i64,
    pub name: String,
    pub lead: Option<String>,
    pub member_count: u32,
    pub system_count: u32,
    pub updated_at: DateTime<Utc>,
    pub changed_by: Option<String>,
}

/// `team_create` and `team_update`: the whole team as it should be. For an update, `team`
/// names the team as it is now (so it can be renamed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamEdit {
    #[serde(default)]
    pub team: Option<String>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// A user's name.
    #[serde(default)]
    pub lead: Option<String>,
    /// Users' names.
    #[serde(default)]
    pub members: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamRef {
    pub name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamListQuery {
    /// Only teams whose name contains this (ignoring case).
    #[serde(default)]
    pub text: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Systems

wire_enum! {
    /// Where an ML system is in its life.
    LifecycleStage {
        Experiment => "experiment", "Experiment";
        Pilot => "pilot", "Pilot";
        Production => "production", "Production";
        Retired => "retired", "Retired";
    }
}

/// Where to find a system's code, numbers and operating instructions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SystemLinks {
    #[serde(default)]
    pub repository: Option<String>,
    #[serde(default)]
    pub dashboard: Option<String>,
    #[serde(default)]
    pub runbook: Option<String>,
}

/// An ML service or model a team runs: what reviews, scorecards and reports are about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct System {
    pub key: String,
    pub name: String,
    pub team: String,
    pub tier: RiskTier,
    pub stage: LifecycleStage,
    pub description: String,
    /// Catalog pattern keys the system follows.
    pub patterns: Vec<String>,
    pub links: SystemLinks,
    /// Ids of the decisions about this system (`AdrId`; see `adr_resolve` for typed references).
    pub decisions: Vec<u32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub changed_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemSummary {
    pub key: String,
    pub name: String,
    pub team: String,
    pub tier: RiskTier,
    pub stage: LifecycleStage,
    pub patterns: Vec<String>,
    pub decision_count: u32,
    pub updated_at: DateTime<Utc>,
    pub changed_by: Option<String>,
}

/// `system_create` and `system_update`: the whole system as it should be (the key never
/// changes once created).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SystemEdit {
    pub key: String,
    pub name: String,
    /// The owning team's name.
    pub team: String,
    pub tier: RiskTier,
    #[serde(default = "default_stage")]
    pub stage: LifecycleStage,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub patterns: Vec<String>,
    #[serde(default)]
    pub links: SystemLinks,
    #[serde(default)]
    pub decisions: Vec<u32>,
}

fn default_stage() -> LifecycleStage {
    LifecycleStage::Experiment
}

impl Default for SystemEdit {
    fn default() -> Self {
        SystemEdit {
            key: String::new(),
            name: String::new(),
            team: String::new(),
            tier: RiskTier::Medium,
            stage: default_stage(),
            description: String::new(),
            patterns: Vec::new(),
            links: SystemLinks::default(),
            decisions: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SystemRef {
    pub key: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SystemListQuery {
    #[serde(default)]
    pub team: Option<String>,
    #[serde(default)]
    pub tier: Option<RiskTier>,
    #[serde(default)]
    pub stage: Option<LifecycleStage>,
    /// Words in the key, name or description.
    #[serde(default)]
    pub text: Option<String>,
}

/// Checks a system key: 2–64 characters of lowercase letters, digits, `-`, `_` and `.`,
/// starting with a letter, so it reads well in URLs, the CLI and reports.
pub fn validate_system_key(key: &str) -> Result<String, ApiError> {
    let key = key.trim();
    let valid_chars = key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c));
    let starts_with_letter = key.chars().next().is_some_and(|c| c.is_ascii_lowercase());
    if !(2..=64).contains(&key.len()) || !valid_chars || !starts_with_letter {
        return Err(ApiError::validation(
            "key",
            format!(
                "The system key `{key}` must be 2–64 characters of lowercase letters, digits, `-`, `_` or `.`, starting with a letter (e.g. `fraud-scoring`)."
            ),
        ));
    }
    Ok(key.to_owned())
}

/// A question that helps choose a system's risk tier, after the role blueprints' tiering
/// (low / medium / high impact models, with controls per tier).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TierQuestion {
    pub question: &'static str,
    /// The tier a "yes" points to.
    pub yes_means: RiskTier,
}

/// Shown beside the tier choice: the first "yes" from the top is the tier to pick.
pub const TIER_QUESTIONS: &[TierQuestion] = &[
    TierQuestion {
        question: "Does the model make or drive decisions about customers, money, safety or a regulated matter?",
        yes_means: RiskTier::High,
    },
    TierQuestion {
        question: "Could a wrong answer cause material harm to customer trust, or an audit finding, before a person notices?",
        yes_means: RiskTier::High,
    },
    TierQuestion {
        question: "Is it a product feature people see, with a fallback when the model is wrong or down?",
        yes_means: RiskTier::Medium,
    },
    TierQuestion {
        question: "Is it internal tooling or an experiment whose outputs a person checks before use?",
        yes_means: RiskTier::Low,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_can_do_everything_and_viewers_only_read() {
        for permission in Permission::ALL {
            assert!(Role::Owner.grants(*permission), "{permission}");
            assert_eq!(Role::Viewer.grants(*permission), *permission == Permission::Read, "{permission}");
        }
        assert!(Role::Contributor.grants(Permission::Edit));
        assert!(!Role::Reviewer.grants(Permission::Edit));
        assert!(!Role::Chair.grants(Permission::ManageUsers));
    }

    #[test]
    fn the_refusal_names_the_roles_that_would_allow_it() {
        assert_eq!(Permission::Edit.roles_phrase(), "the contributor, chair or owner role");
        assert_eq!(Permission::ManageUsers.roles_phrase(), "the owner role");
    }

    #[test]
    fn system_keys_are_checked_with_a_message_naming_the_key() {
        assert_eq!(validate_system_key(" fraud-scoring ").unwrap(), "fraud-scoring");
        for bad in ["F", "Fraud", "1abc", "has space", ""] {
            let error = validate_system_key(bad).unwrap_err();
            assert_eq!(error.field.as_deref(), Some("key"), "{bad}");
        }
    }

    #[test]
    fn roles_and_stages_read_from_their_words() {
        assert_eq!("chair".parse::<Role>().unwrap(), Role::Chair);
        assert!("boss".parse::<Role>().unwrap_err().contains("owner, chair"));
        assert_eq!("production".parse::<LifecycleStage>().unwrap(), LifecycleStage::Production);
        assert_eq!("High".parse::<RiskTier>().unwrap(), RiskTier::High);
    }
}
