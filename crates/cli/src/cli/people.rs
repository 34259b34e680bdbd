//! `archboard user|team|system|whoami`: users with roles, invitations and API tokens; teams;
//! the ML systems teams run. Each command is one contract call, printed as a table or JSON.

use super::{CliError, write_json};
use crate::client::Client;
use archboard_types::catalog::RiskTier;
use archboard_types::endpoint::{
    Me, SystemCreate, SystemGet, SystemList, TeamCreate, TeamGet, TeamList, UserAdd, UserDeactivate,
    UserInvite, UserList, UserReactivate, UserSetRoles, UserTokenIssue, UserTokenList, UserTokenRevoke,
};
use archboard_types::people::{
    Invitation, LifecycleStage, NewUser, Role, SystemEdit, SystemLinks, SystemListQuery, SystemRef, TeamEdit,
    TeamListQuery, TeamRef, TokenListQuery, TokenRef, TokenRequest, UserRef, UserRolesChange,
};
use archboard_types::system::Empty;
use clap::Subcommand;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user and print their single-use invitation link (valid 72 hours).
    Add {
        name: String,
        /// A role (owner, chair, reviewer, interviewer, contributor, viewer); repeat for several.
        #[arg(long = "role", required = true)]
        roles: Vec<Role>,
        #[arg(long)]
        email: Option<String>,
    },
    /// Issue a fresh invitation link (earlier ones stop working).
    Invite { name: String },
    /// List the board's users.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Replace a user's roles.
    Role {
        name: String,
        #[arg(required = true)]
        roles: Vec<Role>,
    },
    /// Deactivate a user: their sessions end and their tokens stop working; their history stays.
    Deactivate { name: String },
    /// Let a deactivated user back in.
    Reactivate { name: String },
    /// Issue a personal API token for scripts and `--server` (shown once).
    Token {
        name: String,
        #[arg(long)]
        label: Option<String>,
    },
    /// List a user's API tokens (default: yours).
    Tokens {
        name: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Revoke an API token by its id (see `user tokens`).
    Revoke { id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Create a team.
    Add {
        name: String,
        /// The lead, a user of the board.
        #[arg(long)]
        lead: Option<String>,
        /// A member (a user); repeat for several.
        #[arg(long = "member")]
        members: Vec<String>,
        #[arg(long, default_value = "")]
        description: String,
    },
    List {
        /// Only teams whose name contains this.
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Show {
        name: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SystemCommand {
    /// Register an ML system a team runs.
    Add {
        key: String,
        #[arg(long)]
        name: String,
        /// The owning team's name.
        #[arg(long)]
        team: String,
        /// Risk tier: low, medium or high impact.
        #[arg(long)]
        tier: RiskTier,
        /// experiment, pilot, production or retired.
        #[arg(long, default_value = "experiment")]
        stage: LifecycleStage,
        /// A catalog pattern it follows (e.g. pattern.online-inference); repeat for several.
        #[arg(long = "pattern")]
        patterns: Vec<String>,
        #[arg(long, default_value = "")]
        description: String,
        #[arg(long)]
        repository: Option<String>,
        #[arg(long)]
        dashboard: Option<String>,
        #[arg(long)]
        runbook: Option<String>,
        /// A decision about the system (`7`, `payments/ADR-0007`); repeat for several.
        #[arg(long = "decision")]
        decisions: Vec<String>,
    },
    List {
        #[arg(long)]
        team: Option<String>,
        #[arg(long)]
        tier: Option<RiskTier>,
        #[arg(long)]
        stage: Option<LifecycleStage>,
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Show {
        key: String,
        #[arg(long)]
        json: bool,
    },
}

fn roles_text(roles: &[Role]) -> String {
    roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
}

fn write_invitation(out: &mut dyn Write, invitation: &Invitation) -> std::io::Result<()> {
    writeln!(
        out,
        "Invitation for {} ({}), valid until {} UTC, usable once:",
        invitation.user.name,
        roles_text(&invitation.user.roles),
        invitation.expires_at.format("%Y-%m-%d %H:%M")
    )?;
    match &invitation.url {
        Some(url) => writeln!(out, "{url}"),
        None => {
            writeln!(out, "{}", invitation.path)?;
            writeln!(
                out,
                "(append it to the team server's address, e.g. https://archboard.example:8443{})",
                invitation.path
            )
        }
    }
}

pub fn run_whoami(client: &mut Client, out: &mut dyn Write) -> Result<(), CliError> {
    let me = client.call::<Me>(&Empty {})?;
    let permissions: Vec<&str> = me.permissions.iter().map(|p| p.as_str()).collect();
    writeln!(
        out,
        "{} ({}) on a {} board; may: {}",
        me.user.name,
        roles_text(&me.user.roles),
        me.front,
        permissions.join(", ")
    )?;
    Ok(())
}

pub fn run_user(client: &mut Client, command: UserCommand, out: &mut dyn Write) -> Result<(), CliError> {
    match command {
        UserCommand::Add { name, roles, email } => {
            let invitation = client.call::<UserAdd>(&NewUser { name, email, roles })?;
            write_invitation(out, &invitation)?;
        }
        UserCommand::Invite { name } => {
            write_invitation(out, &client.call::<UserInvite>(&UserRef { name })?)?
        }
        UserCommand::List { json } => {
            let users = client.call::<UserList>(&Empty {})?;
            if json {
                return Ok(write_json(out, &users)?);
            }
            let width = users.iter().map(|u| u.name.len()).max().unwrap_or(4).max(4);
            writeln!(out, "{:<width$}  {:<11}  {:<8}  {:<30}  EMAIL", "NAME", "STATE", "PASSWORD", "ROLES")?;
            for user in &users {
                let state = if user.active { "active" } else { "deactivated" };
                let password = if user.has_password { "set" } else { "invited" };
                let email = user.email.as_deref().unwrap_or("");
                writeln!(
                    out,
                    "{:<width$}  {state:<11}  {password:<8}  {:<30}  {email}",
                    user.name,
                    roles_text(&user.roles)
                )?;
            }
        }
        UserCommand::Role { name, roles } => {
            let user = client.call::<UserSetRoles>(&UserRolesChange { name, roles })?;
            writeln!(out, "{} now has: {}", user.name, roles_text(&user.roles))?;
        }
        UserCommand::Deactivate { name } => {
            let user = client.call::<UserDeactivate>(&UserRef { name })?;
            writeln!(
                out,
                "Deactivated {}: signed out everywhere, tokens revoked; their history stays.",
                user.name
            )?;
        }
        UserCommand::Reactivate { name } => {
            let user = client.call::<UserReactivate>(&UserRef { name })?;
            writeln!(out, "Reactivated {}.", user.name)?;
        }
        UserCommand::Token { name, label } => {
            let issued = client.call::<UserTokenIssue>(&TokenRequest { name, label })?;
            writeln!(
                out,
                "API token {} for {} (shown once; store it somewhere safe):",
                issued.summary.id, issued.summary.user
            )?;
            writeln!(out, "{}", issued.token)?;
        }
        UserCommand::Tokens { name, json } => {
            let tokens = client.call::<UserTokenList>(&TokenListQuery { name })?;
            if json {
                return Ok(write_json(out, &tokens)?);
            }
            writeln!(
                out,
                "{:>4}  {:<12}  {:<16}  {:<16}  {:<16}  LABEL",
                "ID", "USER", "CREATED", "LAST USED", "REVOKED"
            )?;
            let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
                t.map_or("-".to_owned(), |t| t.format("%Y-%m-%d %H:%M").to_string())
            };
            for token in &tokens {
                writeln!(
                    out,
                    "{:>4}  {:<12}  {:<16}  {:<16}  {:<16}  {}",
                    token.id,
                    token.user,
                    token.created_at.format("%Y-%m-%d %H:%M"),
                    when(token.last_used_at),
                    when(token.revoked_at),
                    token.label
                )?;
            }
        }
        UserCommand::Revoke { id } => {
            let token = client.call::<UserTokenRevoke>(&TokenRef { id })?;
            writeln!(out, "Revoked API token {} of {}.", token.id, token.user)?;
        }
    }
    Ok(())
}

pub fn run_team(client: &mut Client, command: TeamCommand, out: &mut dyn Write) -> Result<(), CliError> {
    match command {
        TeamCommand::Add { name, lead, members, description } => {
            let team =
                client.call::<TeamCreate>(&TeamEdit { team: None, name, description, lead, members })?;
            writeln!(out, "Created team {} ({} member(s)).", team.name, team.members.len())?;
        }
        TeamCommand::List { search, json } => {
            let teams = client.call::<TeamList>(&TeamListQuery { text: search })?;
            if json {
                return Ok(write_json(out, &teams)?);
            }
            if teams.is_empty() {
                writeln!(out, "No teams yet. Create one with: archboard team add NAME --lead USER")?;
                return Ok(());
            }
            let width = teams.iter().map(|t| t.name.len()).max().unwrap_or(4).max(4);
            writeln!(
                out,
                "{:<width$}  {:<14}  {:>7}  {:>7}  CHANGED BY",
                "TEAM", "LEAD", "MEMBERS", "SYSTEMS"
            )?;
            for team in &teams {
                writeln!(
                    out,
                    "{:<width$}  {:<14}  {:>7}  {:>7}  {}",
                    team.name,
                    team.lead.as_deref().unwrap_or("-"),
                    team.member_count,
                    team.system_count,
                    team.changed_by.as_deref().unwrap_or("-")
                )?;
            }
        }
        TeamCommand::Show { name, json } => {
            let team = client.call::<TeamGet>(&TeamRef { name })?;
            if json {
                return Ok(write_json(out, &team)?);
            }
            writeln!(out, "# {}", team.name)?;
            if !team.description.is_empty() {
                writeln!(out, "{}", team.description)?;
            }
            writeln!(out, "Lead:    {}", team.lead.as_deref().unwrap_or("-"))?;
            writeln!(out, "Members: {}", team.members.join(", "))?;
            writeln!(
                out,
                "Systems: {}",
                if team.systems.is_empty() { "-".to_owned() } else { team.systems.join(", ") }
            )?;
        }
    }
    Ok(())
}

pub fn run_system(client: &mut Client, command: SystemCommand, out: &mut dyn Write) -> Result<(), CliError> {
    match command {
        SystemCommand::Add {
            key,
            name,
            team,
            tier,
            stage,
            patterns,
            description,
            repository,
            dashboard,
            runbook,
            decisions,
        } => {
            let decisions = decisions
                .iter()
                .map(|text| super::adr::resolve_id(client, text, None))
                .collect::<Result<Vec<_>, _>>()?;
            let edit = SystemEdit {
                key,
                name,
                team,
                tier,
                stage,
                description,
                patterns,
                links: SystemLinks { repository, dashboard, runbook },
                decisions,
            };
            let system = client.call::<SystemCreate>(&edit)?;
            writeln!(
                out,
                "Registered {} ({}) for team {}, {}.",
                system.key,
                system.name,
                system.team,
                system.tier.label()
            )?;
        }
        SystemCommand::List { team, tier, stage, search, json } => {
            let systems = client.call::<SystemList>(&SystemListQuery { team, tier, stage, text: search })?;
            if json {
                return Ok(write_json(out, &systems)?);
            }
            if systems.is_empty() {
                writeln!(
                    out,
                    "No systems match. Register one with: archboard system add KEY --name N --team T --tier high"
                )?;
                return Ok(());
            }
            let width = systems.iter().map(|s| s.key.len()).max().unwrap_or(3).max(3);
            writeln!(out, "{:<width$}  {:<16}  {:<6}  {:<10}  NAME", "KEY", "TEAM", "TIER", "STAGE")?;
            for system in &systems {
                writeln!(
                    out,
                    "{:<width$}  {:<16}  {:<6}  {:<10}  {}",
                    system.key,
                    system.team,
                    system.tier.as_str(),
                    system.stage.as_str(),
                    system.name
                )?;
            }
        }
        SystemCommand::Show { key, json } => {
            let system = client.call::<SystemGet>(&SystemRef { key })?;
            if json {
                return Ok(write_json(out, &system)?);
            }
            writeln!(out, "# {} — {}", system.key, system.name)?;
            writeln!(out, "Team:      {}", system.team)?;
            writeln!(out, "Tier:      {}", system.tier.label())?;
            writeln!(out, "Stage:     {}", system.stage.label())?;
            if !system.patterns.is_empty() {
                writeln!(out, "Patterns:  {}", system.patterns.join(", "))?;
            }
            for (label, link) in [
                ("Repository", &system.links.repository),
                ("Dashboard", &system.links.dashboard),
                ("Runbook", &system.links.runbook),
            ] {
                if let Some(link) = link {
                    writeln!(out, "{label:<10} {link}")?;
                }
            }
            if !system.decisions.is_empty() {
                let mut references = Vec::new();
                for id in &system.decisions {
                    let adr =
                        client.call::<archboard_types::endpoint::AdrGet>(&archboard_types::adr::AdrRef {
                            id: *id,
                        })?;
                    references.push(format!("{} {}", adr.reference, adr.title));
                }
                writeln!(out, "Decisions: {}", references.join("; "))?;
            }
            if !system.description.is_empty() {
                writeln!(out, "\n{}", system.description)?;
            }
        }
    }
    Ok(())
}
