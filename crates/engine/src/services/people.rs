//! Users, their roles, invitations and API tokens; teams; the ML systems teams run. Every
//! change is one transaction with its audit entry; who may call what is the endpoint table's
//! permission, plus the rules here that depend on whom a request is about (your own tokens).

use super::auth::{API_TOKEN_PREFIX, new_secret, secret_hash};
use super::{Caller, Change, Services, db_error};
use archboard_db::people as store;
use archboard_types::ApiError;
use archboard_types::audit::{AuditAction, AuditEntity};
use archboard_types::catalog::CatalogKind;
use archboard_types::people::{
    ApiTokenSummary, INVITATION_VALID_HOURS, Invitation, IssuedToken, Me, NewUser, Permission, Role, System,
    SystemEdit, SystemListQuery, SystemRef, SystemSummary, Team, TeamEdit, TeamListQuery, TeamRef,
    TeamSummary, TokenListQuery, TokenRef, TokenRequest, User, UserRef, UserRolesChange, validate_name,
    validate_system_key,
};
use archboard_types::system::Empty;
use chrono::{Duration, Utc};

/// `board_meta` entry holding the team server's address, for whole invitation links.
pub const TEAM_SERVER_URL: &str = "team_server_url";

fn normalised_roles(roles: &[Role]) -> Result<Vec<Role>, ApiError> {
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    if roles.is_empty() {
        return Err(ApiError::validation("roles", "Give the user at least one role (e.g. viewer)."));
    }
    Ok(roles)
}

fn validate_email(email: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(email) = email.map(str::trim).filter(|e| !e.is_empty()) else { return Ok(None) };
    let looks_like_email = email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !email.chars().any(|c| c.is_whitespace() || c.is_control())
    });
    if !looks_like_email || email.len() > 254 {
        return Err(ApiError::validation("email", format!("`{email}` is not an email address.")));
    }
    Ok(Some(email.to_owned()))
}

/// Links people follow from a system page must be web addresses (never `javascript:`).
fn validate_link(field: &str, link: &Option<String>) -> Result<Option<String>, ApiError> {
    let Some(link) = link.as_deref().map(str::trim).filter(|l| !l.is_empty()) else { return Ok(None) };
    let lower = link.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://"))
        || link.chars().any(char::is_whitespace)
    {
        return Err(ApiError::validation(
            field,
            format!("`{link}` is not a web address (http:// or https://)."),
        ));
    }
    Ok(Some(link.to_owned()))
}

impl Services {
    /// The OS user's account on this board, created on first open (as the owner on a new
    /// board; see ARCHITECTURE.md on why a local user is an owner).
    pub(crate) fn local_caller(&mut self, os_user: &str) -> Result<Caller, ApiError> {
        if let Some(user) = store::user_by_name(self.db.conn(), os_user).map_err(db_error)? {
            return Ok(Caller::of(&user));
        }
        let name = validate_name("name", os_user)?;
        let actor = super::Actor { label: format!("{name} via {}", self.adapter.as_str()), user_id: None };
        let user = super::write_board(&mut self.db, &actor, |tx| {
            // Another process may have added them since the read above.
            if let Some(user) = store::user_by_name(tx, &name).map_err(db_error)? {
                return Ok(user);
            }
            // Whoever can open the file can change anything in it, so the person at this
            // machine is an owner of the board: the first one on a new board.
            let id = store::insert_user(tx, &name, None, &[Role::Owner]).map_err(db_error)?;
            let user = load_user(tx, id)?;
            tx.audit(AuditEntity::User, &id.to_string(), AuditAction::Create, None, Some(&user))?;
            Ok(user)
        })?;
        Ok(Caller::of(&user))
    }

    /// Remembers where the team server answers, so invitation links can be printed whole by
    /// the CLI on the server's machine too.
    pub fn record_team_server_url(&mut self, url: &str) -> Result<(), ApiError> {
        super::write_board(&mut self.db, &super::Actor::archboard(), |tx| {
            archboard_db::catalog::meta_set(tx, TEAM_SERVER_URL, url).map_err(db_error)
        })
    }

    pub(crate) fn user_named(&self, name: &str) -> Result<User, ApiError> {
        store::user_by_name(self.db.conn(), name).map_err(db_error)?.ok_or_else(|| {
            ApiError::not_found(format!("There is no user called `{}` on this board.", name.trim()))
        })
    }

    pub fn me(&mut self, _: Empty) -> Result<Me, ApiError> {
        let caller = self.signed_in()?;
        let user = self.user_named(&caller.name)?;
        let permissions = Permission::ALL.iter().copied().filter(|p| user.can(*p)).collect();
        let front = if self.team_mode { "team" } else { self.adapter.as_str() };
        Ok(Me { user, front: front.to_owned(), permissions, team_mode: self.team_mode })
    }

    pub fn user_list(&mut self, _: Empty) -> Result<Vec<User>, ApiError> {
        store::list_users(self.db.conn()).map_err(db_error)
    }

    pub fn user_add(&mut self, request: NewUser) -> Result<Invitation, ApiError> {
        let name = validate_name("name", &request.name)?;
        let email = validate_email(request.email.as_deref())?;
        let roles = normalised_roles(&request.roles)?;
        let secret = new_secret()?;
        self.write(|tx| {
            if store::user_by_name(tx, &name).map_err(db_error)?.is_some() {
                return Err(ApiError::conflict(format!("There is already a user called `{name}`.")));
            }
            let id = store::insert_user(tx, &name, email.as_deref(), &roles).map_err(db_error)?;
            let user = load_user(tx, id)?;
            tx.audit(AuditEntity::User, &id.to_string(), AuditAction::Create, None, Some(&user))?;
            issue_invitation(tx, &user, &secret)
        })
    }

    pub fn user_invite(&mut self, request: UserRef) -> Result<Invitation, ApiError> {
        let secret = new_secret()?;
        self.write(|tx| {
            let user = user_in(tx, &request.name)?;
            if !user.active {
                return Err(ApiError::conflict(format!(
                    "{} is deactivated; reactivate them first.",
                    user.name
                )));
            }
            store::retire_invitations(tx, user.id).map_err(db_error)?;
            issue_invitation(tx, &user, &secret)
        })
    }

    pub fn user_set_roles(&mut self, request: UserRolesChange) -> Result<User, ApiError> {
        let roles = normalised_roles(&request.roles)?;
        self.write(|tx| {
            let before = user_in(tx, &request.name)?;
            if before.roles.contains(&Role::Owner) && !roles.contains(&Role::Owner) {
                keep_an_owner(tx, before.id)?;
            }
            store::set_roles(tx, before.id, &roles).map_err(db_error)?;
            let after = load_user(tx, before.id)?;
            tx.audit(
                AuditEntity::User,
                &before.id.to_string(),
                AuditAction::Roles,
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })
    }

    /// Deactivates a user: their sessions end, their tokens and invitations stop working, and
    /// their history keeps their name.
    pub fn user_deactivate(&mut self, request: UserRef) -> Result<User, ApiError> {
        self.write(|tx| {
            let before = user_in(tx, &request.name)?;
            if !before.active {
                return Ok(before);
            }
            if before.roles.contains(&Role::Owner) {
                keep_an_owner(tx, before.id)?;
            }
            store::set_active(tx, before.id, false).map_err(db_error)?;
            store::delete_sessions_of(tx, before.id).map_err(db_error)?;
            store::revoke_tokens_of(tx, before.id).map_err(db_error)?;
            store::retire_invitations(tx, before.id).map_err(db_error)?;
            let after = load_user(tx, before.id)?;
            tx.audit(
                AuditEntity::User,
                &before.id.to_string(),
                AuditAction::Deactivate,
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })
    }

    pub fn user_reactivate(&mut self, request: UserRef) -> Result<User, ApiError> {
        self.write(|tx| {
            let before = user_in(tx, &request.name)?;
            if before.active {
                return Ok(before);
            }
            store::set_active(tx, before.id, true).map_err(db_error)?;
            let after = load_user(tx, before.id)?;
            tx.audit(
                AuditEntity::User,
                &before.id.to_string(),
                AuditAction::Reactivate,
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })
    }

    /// Whether the caller may act on `name`'s tokens: their own, or anyone's for an owner.
    fn may_manage_tokens_of(&self, name: &str) -> Result<(), ApiError> {
        let caller = self.signed_in()?;
        if caller.name.eq_ignore_ascii_case(name.trim()) || caller.can(Permission::ManageUsers) {
            return Ok(());
        }
        Err(ApiError::forbidden(format!(
            "Only {} manages another user's API tokens; {} may manage their own.",
            Permission::ManageUsers.roles_phrase(),
            caller.name
        )))
    }

    pub fn user_token_issue(&mut self, request: TokenRequest) -> Result<IssuedToken, ApiError> {
        self.may_manage_tokens_of(&request.name)?;
        if self.signed_in()?.by_token {
            // A leaked token must not be able to mint others that outlive its revocation.
            return Err(ApiError::forbidden(
                "An API token cannot issue tokens: sign in (or use the CLI on the board's machine) to issue one.",
            ));
        }
        let token = format!("{API_TOKEN_PREFIX}{}", new_secret()?);
        let label = match request.label.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            Some(label) => validate_name("label", label)?,
            None => String::new(),
        };
        let hash = secret_hash(&token);
        let summary = self.write(|tx| {
            let user = user_in(tx, &request.name)?;
            if !user.active {
                return Err(ApiError::conflict(format!(
                    "{} is deactivated; no token can be issued.",
                    user.name
                )));
            }
            let id = store::insert_token(tx, &hash, user.id, &label).map_err(db_error)?;
            let (summary, _) = store::token(tx, id).map_err(db_error)?.ok_or_else(|| lost("the token"))?;
            tx.audit(AuditEntity::User, &user.id.to_string(), AuditAction::TokenIssue, None, Some(&summary))?;
            Ok(summary)
        })?;
        Ok(IssuedToken { token, summary })
    }

    pub fn user_token_list(&mut self, request: TokenListQuery) -> Result<Vec<ApiTokenSummary>, ApiError> {
        let name = match request.name {
            Some(name) => name,
            None => self.signed_in()?.name.clone(),
        };
        self.may_manage_tokens_of(&name)?;
        let user = self.user_named(&name)?;
        store::tokens_of(self.db.conn(), user.id).map_err(db_error)
    }

    pub fn user_token_revoke(&mut self, request: TokenRef) -> Result<ApiTokenSummary, ApiError> {
        let (summary, _) = store::token(self.db.conn(), request.id)
            .map_err(db_error)?
            .ok_or_else(|| ApiError::not_found(format!("There is no API token {}.", request.id)))?;
        self.may_manage_tokens_of(&summary.user)?;
        self.write(|tx| {
            let (before, user_id) =
                store::token(tx, request.id).map_err(db_error)?.ok_or_else(|| lost("the token"))?;
            store::revoke_token(tx, request.id).map_err(db_error)?;
            let (after, _) =
                store::token(tx, request.id).map_err(db_error)?.ok_or_else(|| lost("the token"))?;
            tx.audit(
                AuditEntity::User,
                &user_id.to_string(),
                AuditAction::TokenRevoke,
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })
    }

    pub fn sign_out_everywhere(&mut self, _: Empty) -> Result<Empty, ApiError> {
        let user_id = self.signed_in()?.user_id;
        self.write(|tx| {
            // Every session and every personal token: nothing a thief could have taken stays.
            store::delete_sessions_of(tx, user_id).map_err(db_error)?;
            store::revoke_tokens_of(tx, user_id).map_err(db_error)?;
            tx.audit_text(AuditEntity::User, &user_id.to_string(), AuditAction::SignOutEverywhere, None, None)
        })?;
        Ok(Empty {})
    }

    // -----------------------------------------------------------------------------------------
    // Teams

    pub fn team_list(&mut self, query: TeamListQuery) -> Result<Vec<TeamSummary>, ApiError> {
        let text = query.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
        store::list_teams(self.db.conn(), text).map_err(db_error)
    }

    pub fn team_get(&mut self, request: TeamRef) -> Result<Team, ApiError> {
        let id = team_id(self.db.conn(), &request.name)?;
        store::team(self.db.conn(), id).map_err(db_error)?.ok_or_else(|| lost("the team"))
    }

    pub fn team_create(&mut self, request: TeamEdit) -> Result<Team, ApiError> {
        let name = validate_name("name", &request.name)?;
        self.write(|tx| {
            if store::team_id(tx, &name).map_err(db_error)?.is_some() {
                return Err(ApiError::conflict(format!("There is already a team called `{name}`.")));
            }
            let (lead, members) = team_people(tx, &request)?;
            let id = store::insert_team(tx, &name, request.description.trim(), lead).map_err(db_error)?;
            store::set_team_members(tx, id, &members).map_err(db_error)?;
            let team = store::team(tx, id).map_err(db_error)?.ok_or_else(|| lost("the team"))?;
            tx.audit(AuditEntity::Team, &id.to_string(), AuditAction::Create, None, Some(&team))?;
            Ok(team)
        })
    }

    pub fn team_update(&mut self, request: TeamEdit) -> Result<Team, ApiError> {
        let name = validate_name("name", &request.name)?;
        let current = request.team.clone().unwrap_or_else(|| name.clone());
        self.write(|tx| {
            let id = team_id(tx, &current)?;
            if let Some(other) = store::team_id(tx, &name).map_err(db_error)?
                && other != id
            {
                return Err(ApiError::conflict(format!("There is already a team called `{name}`.")));
            }
            let before = store::team(tx, id).map_err(db_error)?.ok_or_else(|| lost("the team"))?;
            let (lead, members) = team_people(tx, &request)?;
            store::update_team(tx, id, &name, request.description.trim(), lead).map_err(db_error)?;
            if before.name != name {
                // Measurements, bindings, scorecards and assessments name teams: they follow the rename.
                archboard_db::kpi::rename_team(tx, &before.name, &name).map_err(db_error)?;
                archboard_db::maturity::rename_team(tx, &before.name, &name).map_err(db_error)?;
            }
            store::set_team_members(tx, id, &members).map_err(db_error)?;
            let after = store::team(tx, id).map_err(db_error)?.ok_or_else(|| lost("the team"))?;
            tx.audit(AuditEntity::Team, &id.to_string(), AuditAction::Update, Some(&before), Some(&after))?;
            Ok(after)
        })
    }

    // -----------------------------------------------------------------------------------------
    // Systems

    pub fn system_list(&mut self, query: SystemListQuery) -> Result<Vec<SystemSummary>, ApiError> {
        store::list_systems(self.db.conn(), &query).map_err(db_error)
    }

    pub fn system_get(&mut self, request: SystemRef) -> Result<System, ApiError> {
        store::system(self.db.conn(), request.key.trim())
            .map_err(db_error)?
            .ok_or_else(|| ApiError::not_found(format!("There is no system `{}`.", request.key.trim())))
    }

    pub fn system_create(&mut self, request: SystemEdit) -> Result<System, ApiError> {
        let key = validate_system_key(&request.key)?;
        self.write(|tx| {
            if store::system(tx, &key).map_err(db_error)?.is_some() {
                return Err(ApiError::conflict(format!("There is already a system `{key}`.")));
            }
            let checked = check_system(tx, &key, &request)?;
            store::insert_system(tx, &checked.row(&key)).map_err(db_error)?;
            store::set_system_decisions(tx, &key, &request.decisions).map_err(db_error)?;
            let system = store::system(tx, &key).map_err(db_error)?.ok_or_else(|| lost("the system"))?;
            tx.audit(AuditEntity::System, &key, AuditAction::Create, None, Some(&system))?;
            Ok(system)
        })
    }

    pub fn system_update(&mut self, request: SystemEdit) -> Result<System, ApiError> {
        let key = request.key.trim().to_owned();
        self.write(|tx| {
            let before = store::system(tx, &key)
                .map_err(db_error)?
                .ok_or_else(|| ApiError::not_found(format!("There is no system `{key}`.")))?;
            let checked = check_system(tx, &key, &request)?;
            store::update_system(tx, &checked.row(&key)).map_err(db_error)?;
            store::set_system_decisions(tx, &key, &request.decisions).map_err(db_error)?;
            let after = store::system(tx, &key).map_err(db_error)?.ok_or_else(|| lost("the system"))?;
            tx.audit(AuditEntity::System, &key, AuditAction::Update, Some(&before), Some(&after))?;
            Ok(after)
        })
    }
}

fn lost(what: &str) -> ApiError {
    ApiError::internal(format!("{what} just written could not be read back"))
}

fn load_user(conn: &archboard_db::Connection, id: i64) -> Result<User, ApiError> {
    store::user_by_id(conn, id).map_err(db_error)?.ok_or_else(|| lost("the user"))
}

fn user_in(conn: &archboard_db::Connection, name: &str) -> Result<User, ApiError> {
    store::user_by_name(conn, name).map_err(db_error)?.ok_or_else(|| {
        ApiError::not_found(format!("There is no user called `{}` on this board.", name.trim()))
    })
}

fn team_id(conn: &archboard_db::Connection, name: &str) -> Result<i64, ApiError> {
    store::team_id(conn, name)
        .map_err(db_error)?
        .ok_or_else(|| ApiError::not_found(format!("There is no team called `{}`.", name.trim())))
}

/// A board never loses its last active owner (no one could manage users any more).
fn keep_an_owner(conn: &archboard_db::Connection, leaving: i64) -> Result<(), ApiError> {
    let owners = store::active_owner_ids(conn).map_err(db_error)?;
    if owners.iter().all(|id| *id == leaving) {
        return Err(ApiError::conflict(
            "This is the board's last active owner; make someone else an owner first.",
        ));
    }
    Ok(())
}

fn issue_invitation(tx: &Change<'_>, user: &User, secret: &str) -> Result<Invitation, ApiError> {
    let expires_at = Utc::now() + Duration::hours(INVITATION_VALID_HOURS);
    store::insert_invitation(tx, &secret_hash(secret), user.id, expires_at).map_err(db_error)?;
    tx.audit_text(AuditEntity::User, &user.id.to_string(), AuditAction::Invite, None, None)?;
    let path = format!("/invite/{secret}");
    let base = archboard_db::catalog::meta_get(tx, TEAM_SERVER_URL).map_err(db_error)?;
    let url = base.map(|base| format!("{}{path}", base.trim_end_matches('/')));
    Ok(Invitation { user: user.clone(), path, url, expires_at })
}

/// The lead's and members' user ids; each name must be a user of the board.
fn team_people(
    conn: &archboard_db::Connection,
    request: &TeamEdit,
) -> Result<(Option<i64>, Vec<i64>), ApiError> {
    let find = |field: &str, name: &str| {
        store::user_by_name(conn, name).map_err(db_error)?.map(|user| user.id).ok_or_else(|| {
            ApiError::validation(field, format!("There is no user called `{}` on this board.", name.trim()))
        })
    };
    let lead = match request.lead.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
        Some(lead) => Some(find("lead", lead)?),
        None => None,
    };
    let mut members = Vec::new();
    for name in request.members.iter().map(|m| m.trim()).filter(|m| !m.is_empty()) {
        members.push(find("members", name)?);
    }
    if let Some(lead) = lead
        && !members.contains(&lead)
    {
        // The lead is a member of their own team.
        members.push(lead);
    }
    Ok((lead, members))
}

/// A system edit whose references all hold.
struct CheckedSystem<'a> {
    request: &'a SystemEdit,
    name: String,
    team_id: i64,
    patterns: Vec<String>,
    links: archboard_types::people::SystemLinks,
}

impl CheckedSystem<'_> {
    fn row<'s>(&'s self, key: &'s str) -> store::SystemRow<'s> {
        store::SystemRow {
            key,
            name: &self.name,
            team_id: self.team_id,
            tier: self.request.tier,
            stage: self.request.stage,
            description: self.request.description.trim(),
            patterns: &self.patterns,
            links: &self.links,
        }
    }
}

fn check_system<'a>(
    conn: &archboard_db::Connection,
    key: &str,
    request: &'a SystemEdit,
) -> Result<CheckedSystem<'a>, ApiError> {
    let name = validate_name("name", &request.name)?;
    let team_id = store::team_id(conn, &request.team).map_err(db_error)?.ok_or_else(|| {
        ApiError::validation("team", format!("There is no team called `{}`.", request.team.trim()))
    })?;
    let mut patterns = Vec::new();
    for pattern in request.patterns.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        let known = archboard_db::catalog::get(conn, pattern)
            .map_err(db_error)?
            .is_some_and(|stored| stored.item.kind() == CatalogKind::Pattern);
        if !known {
            return Err(ApiError::validation(
                "patterns",
                format!("`{pattern}` is not a pattern in the catalog (system `{key}`)."),
            ));
        }
        if !patterns.iter().any(|p| p == pattern) {
            patterns.push(pattern.to_owned());
        }
    }
    for id in &request.decisions {
        if archboard_db::adr::get(conn, *id).map_err(db_error)?.is_none() {
            return Err(ApiError::validation(
                "decisions",
                format!("There is no decision with id {id} to link to system `{key}`."),
            ));
        }
    }
    let links = archboard_types::people::SystemLinks {
        repository: validate_link("links.repository", &request.links.repository)?,
        dashboard: validate_link("links.dashboard", &request.links.dashboard)?,
        runbook: validate_link("links.runbook", &request.links.runbook)?,
    };
    Ok(CheckedSystem { request, name, team_id, patterns, links })
}

#[cfg(test)]
mod tests;
