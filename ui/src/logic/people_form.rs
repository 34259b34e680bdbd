//! The team, system and user forms' state as typed, and their conversion into the contract's
//! requests. Checks are the contract's own (`validate_name`, `validate_system_key`); errors
//! carry the field they belong to, as the engine's do.

use archboard_types::ApiError;
use archboard_types::catalog::RiskTier;
use archboard_types::people::{
    Invitation, LifecycleStage, NewUser, Role, System, SystemEdit, SystemLinks, Team, TeamEdit,
    validate_name, validate_system_key,
};

/// Adds `item` to `list`, or takes it out when it is there (a ticked or unticked checkbox).
pub fn toggle<T: PartialEq>(list: &mut Vec<T>, item: T) {
    match list.iter().position(|known| *known == item) {
        Some(index) => {
            list.remove(index);
        }
        None => list.push(item),
    }
}

/// `Some(text)`, trimmed, when it holds more than spaces.
fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// A link as an `href` only when it is a web address; anything else is shown as text.
pub fn web_link(link: &str) -> Option<&str> {
    let lower = link.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(link.trim())
}

/// The team form: every field the way the inputs hold it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamForm {
    pub name: String,
    pub description: String,
    /// A user's name, or empty for no lead.
    pub lead: String,
    pub members: Vec<String>,
}

impl TeamForm {
    /// The form filled with a stored team, for an edit.
    pub fn from_team(team: &Team) -> Self {
        TeamForm {
            name: team.name.clone(),
            description: team.description.clone(),
            lead: team.lead.clone().unwrap_or_default(),
            members: team.members.clone(),
        }
    }

    /// The `team_create` request (`current: None`) or the `team_update` of the team named
    /// `current` now.
    pub fn to_edit(&self, current: Option<&str>) -> Result<TeamEdit, ApiError> {
        Ok(TeamEdit {
            team: current.map(str::to_owned),
            name: validate_name("name", &self.name)?,
            description: self.description.trim().to_owned(),
            lead: optional(&self.lead),
            members: self.members.clone(),
        })
    }
}

/// The system form: text as typed, choices as the contract's types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemForm {
    pub key: String,
    pub name: String,
    pub team: String,
    pub tier: RiskTier,
    pub stage: LifecycleStage,
    pub description: String,
    pub patterns: Vec<String>,
    pub repository: String,
    pub dashboard: String,
    pub runbook: String,
    pub decisions: Vec<u32>,
}

impl Default for SystemForm {
    /// Starts from the contract's defaults for a new system.
    fn default() -> Self {
        let edit = SystemEdit::default();
        SystemForm {
            key: edit.key,
            name: edit.name,
            team: edit.team,
            tier: edit.tier,
            stage: edit.stage,
            description: edit.description,
            patterns: edit.patterns,
            repository: String::new(),
            dashboard: String::new(),
            runbook: String::new(),
            decisions: edit.decisions,
        }
    }
}

impl SystemForm {
    /// The form filled with a stored system, for an edit.
    pub fn from_system(system: &System) -> Self {
        let link = |link: &Option<String>| link.clone().unwrap_or_default();
        SystemForm {
            key: system.key.clone(),
            name: system.name.clone(),
            team: system.team.clone(),
            tier: system.tier,
            stage: system.stage,
            description: system.description.clone(),
            patterns: system.patterns.clone(),
            repository: link(&system.links.repository),
            dashboard: link(&system.links.dashboard),
            runbook: link(&system.links.runbook),
            decisions: system.decisions.clone(),
        }
    }

    /// The `system_create` or `system_update` request (the same shape: the key names it).
    pub fn to_edit(&self) -> Result<SystemEdit, ApiError> {
        let key = validate_system_key(&self.key)?;
        let name = validate_name("name", &self.name)?;
        let team = optional(&self.team)
            .ok_or_else(|| ApiError::validation("team", "Choose the team that runs the system."))?;
        let mut decisions = self.decisions.clone();
        decisions.sort_unstable();
        decisions.dedup();
        Ok(SystemEdit {
            key,
            name,
            team,
            tier: self.tier,
            stage: self.stage,
            description: self.description.trim().to_owned(),
            patterns: self.patterns.clone(),
            links: SystemLinks {
                repository: optional(&self.repository),
                dashboard: optional(&self.dashboard),
                runbook: optional(&self.runbook),
            },
            decisions,
        })
    }
}

/// The "add a user" form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserForm {
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
}

impl UserForm {
    /// The `user_add` request.
    pub fn to_new(&self) -> Result<NewUser, ApiError> {
        let roles = ordered_roles(&self.roles);
        Ok(NewUser { name: validate_name("name", &self.name)?, email: optional(&self.email), roles })
    }
}

/// Ticked roles in the contract's order (as ticked, they are in the order of the clicks).
pub fn ordered_roles(ticked: &[Role]) -> Vec<Role> {
    Role::ALL.iter().copied().filter(|role| ticked.contains(role)).collect()
}

/// What an invitation shows: the whole link when the board knows its address, otherwise the
/// path, and whether it still needs the team server's address in front.
pub fn invitation_link(invitation: &Invitation) -> (&str, bool) {
    match &invitation.url {
        Some(url) => (url, false),
        None => (&invitation.path, true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invitation_shows_the_whole_link_when_known() {
        let at = chrono::DateTime::<chrono::Utc>::default();
        let user = archboard_types::people::User {
            id: 1,
            name: "Grace".into(),
            email: None,
            roles: vec![Role::Viewer],
            active: true,
            has_password: false,
            created_at: at,
            updated_at: at,
        };
        let mut invitation = Invitation { user, path: "/invite/s3cret".into(), url: None, expires_at: at };
        assert_eq!(invitation_link(&invitation), ("/invite/s3cret", true));
        invitation.url = Some("https://board.example/invite/s3cret".into());
        assert_eq!(invitation_link(&invitation), ("https://board.example/invite/s3cret", false));
    }

    #[test]
    fn toggling_adds_then_removes() {
        let mut list = vec!["a".to_owned()];
        toggle(&mut list, "b".to_owned());
        toggle(&mut list, "a".to_owned());
        assert_eq!(list, vec!["b"]);
    }

    #[test]
    fn only_web_addresses_become_links() {
        assert_eq!(web_link(" https://git.example/ml "), Some("https://git.example/ml"));
        assert_eq!(web_link("HTTP://grafana"), Some("HTTP://grafana"));
        assert_eq!(web_link("javascript:alert(1)"), None);
        assert_eq!(web_link("/runbook"), None);
    }

    #[test]
    fn a_team_form_becomes_a_create_or_an_update() {
        let form = TeamForm {
            name: " Platform ML ".into(),
            description: " Serving ".into(),
            lead: " ".into(),
            members: vec!["Ada".into()],
        };
        let create = form.to_edit(None).unwrap();
        assert_eq!((create.team, create.name.as_str(), create.lead), (None, "Platform ML", None));
        assert_eq!(create.description, "Serving");
        let update = TeamForm { lead: "Ada".into(), ..form }.to_edit(Some("ML Platform")).unwrap();
        assert_eq!(update.team.as_deref(), Some("ML Platform"));
        assert_eq!(update.lead.as_deref(), Some("Ada"));
        assert_eq!(TeamForm::default().to_edit(None).unwrap_err().field.as_deref(), Some("name"));
    }

    #[test]
    fn a_system_form_becomes_an_edit() {
        let form = SystemForm {
            key: " fraud-scoring ".into(),
            name: "Fraud scoring".into(),
            team: "Risk".into(),
            tier: RiskTier::High,
            stage: LifecycleStage::Production,
            repository: " https://git.example/fraud ".into(),
            decisions: vec![7, 3, 7],
            patterns: vec!["pattern.shadow-deployment".into()],
            ..Default::default()
        };
        let edit = form.to_edit().unwrap();
        assert_eq!(edit.key, "fraud-scoring");
        assert_eq!(edit.links.repository.as_deref(), Some("https://git.example/fraud"));
        assert_eq!(edit.links.dashboard, None);
        assert_eq!(edit.decisions, vec![3, 7]);
        assert_eq!((edit.tier, edit.stage), (RiskTier::High, LifecycleStage::Production));
    }

    #[test]
    fn system_problems_name_their_field() {
        let valid = SystemForm {
            key: "fraud".into(),
            name: "Fraud".into(),
            team: "Risk".into(),
            ..Default::default()
        };
        assert!(valid.to_edit().is_ok());
        let field = |form: SystemForm| form.to_edit().unwrap_err().field;
        assert_eq!(field(SystemForm { key: "Fraud".into(), ..valid.clone() }).as_deref(), Some("key"));
        assert_eq!(field(SystemForm { name: " ".into(), ..valid.clone() }).as_deref(), Some("name"));
        assert_eq!(field(SystemForm { team: String::new(), ..valid }).as_deref(), Some("team"));
    }

    #[test]
    fn a_stored_system_fills_the_form_back() {
        let form = SystemForm {
            key: "fraud".into(),
            name: "Fraud".into(),
            team: "Risk".into(),
            runbook: "https://wiki.example/fraud".into(),
            decisions: vec![2],
            ..Default::default()
        };
        let edit = form.to_edit().unwrap();
        let at = chrono::DateTime::<chrono::Utc>::default();
        let system = System {
            key: edit.key,
            name: edit.name,
            team: edit.team,
            tier: edit.tier,
            stage: edit.stage,
            description: edit.description,
            patterns: edit.patterns,
            links: edit.links,
            decisions: edit.decisions,
            created_at: at,
            updated_at: at,
            changed_by: None,
        };
        assert_eq!(SystemForm::from_system(&system), form);
    }

    #[test]
    fn a_user_form_becomes_a_new_user() {
        let form =
            UserForm { name: "Grace".into(), email: " ".into(), roles: vec![Role::Viewer, Role::Chair] };
        let new = form.to_new().unwrap();
        assert_eq!(new.email, None);
        assert_eq!(new.roles, vec![Role::Chair, Role::Viewer]);
        assert_eq!(UserForm::default().to_new().unwrap_err().field.as_deref(), Some("name"));
    }
}
