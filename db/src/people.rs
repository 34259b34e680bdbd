//! Tables `app_user`, `invitation`, `session`, `api_token`, `team`, `team_member`,
//! `ml_system` and `adr_system`: a board's people, their credentials (hashes only), teams and
//! the systems they run. "Changed by" comes from the newest audit entry of the record.

use crate::adr::parse_time;
use crate::{DbError, DbResult, from_json_list, to_json_list};
use archboard_types::catalog::RiskTier;
use archboard_types::people::{
    ApiTokenSummary, LifecycleStage, Role, System, SystemLinks, SystemListQuery, SystemSummary, Team,
    TeamSummary, User,
};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

fn time(text: &str) -> DbResult<DateTime<Utc>> {
    parse_time(text)
}

fn optional_time(text: Option<String>) -> DbResult<Option<DateTime<Utc>>> {
    text.as_deref().map(time).transpose()
}

fn roles_from(text: &str) -> DbResult<Vec<Role>> {
    from_json_list("app_user.roles", text)?
        .iter()
        .map(|word| word.parse().map_err(|e: String| DbError::Corrupt(format!("app_user.roles: {e}"))))
        .collect()
}

fn roles_to(roles: &[Role]) -> String {
    to_json_list(&roles.iter().map(|role| role.as_str().to_owned()).collect::<Vec<_>>())
}

// ---------------------------------------------------------------------------------------------
// Users

/// A user row as read: id, name, email, roles JSON, active, has a password, created, updated.
type UserRow = (i64, String, Option<String>, String, bool, bool, String, String);

const USER_COLUMNS: &str =
    "id, name, email, roles, active, password_hash IS NOT NULL, created_at, updated_at";

fn user_from(row: &Row<'_>) -> rusqlite::Result<UserRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
        row.get(7)?,
    ))
}

fn user_of(raw: UserRow) -> DbResult<User> {
    let (id, name, email, roles, active, has_password, created_at, updated_at) = raw;
    Ok(User {
        id,
        name,
        email,
        roles: roles_from(&roles)?,
        active,
        has_password,
        created_at: time(&created_at)?,
        updated_at: time(&updated_at)?,
    })
}

pub fn insert_user(conn: &Connection, name: &str, email: Option<&str>, roles: &[Role]) -> DbResult<i64> {
    let now = Utc::now().to_rfc3339();
    conn.prepare_cached(
        "INSERT INTO app_user (name, email, roles, active, created_at, updated_at) VALUES (?1, ?2, ?3, 1, ?4, ?4)",
    )?
    .execute(params![name, email, roles_to(roles), now])?;
    Ok(conn.last_insert_rowid())
}

pub fn user_by_name(conn: &Connection, name: &str) -> DbResult<Option<User>> {
    let raw = conn
        .prepare_cached(&format!("SELECT {USER_COLUMNS} FROM app_user WHERE name = ?1 COLLATE NOCASE"))?
        .query_row(params![name.trim()], user_from)
        .optional()?;
    raw.map(user_of).transpose()
}

pub fn user_by_id(conn: &Connection, id: i64) -> DbResult<Option<User>> {
    let raw = conn
        .prepare_cached(&format!("SELECT {USER_COLUMNS} FROM app_user WHERE id = ?1"))?
        .query_row(params![id], user_from)
        .optional()?;
    raw.map(user_of).transpose()
}

pub fn list_users(conn: &Connection) -> DbResult<Vec<User>> {
    let mut statement =
        conn.prepare_cached(&format!("SELECT {USER_COLUMNS} FROM app_user ORDER BY name COLLATE NOCASE"))?;
    let rows = statement.query_map([], user_from)?.collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(user_of).collect()
}

pub fn user_count(conn: &Connection) -> DbResult<i64> {
    Ok(conn.query_row("SELECT count(*) FROM app_user", [], |r| r.get(0))?)
}

pub fn set_roles(conn: &Connection, id: i64, roles: &[Role]) -> DbResult<()> {
    conn.execute(
        "UPDATE app_user SET roles = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, roles_to(roles), Utc::now().to_rfc3339()],
    )?;
    Ok(())
}

pub fn set_active(conn: &Connection, id: i64, active: bool) -> DbResult<()> {
    conn.execute(
        "UPDATE app_user SET active = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, active, Utc::now().to_rfc3339()],
    )?;
    Ok(())
}

pub fn set_password_hash(conn: &Connection, id: i64, hash: &str) -> DbResult<()> {
    conn.execute(
        "UPDATE app_user SET password_hash = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, hash, Utc::now().to_rfc3339()],
    )?;
    Ok(())
}

pub fn password_hash(conn: &Connection, id: i64) -> DbResult<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT password_hash FROM app_user WHERE id = ?1")?
        .query_row(params![id], |r| r.get(0))
        .optional()?
        .flatten())
}

/// Active users holding the owner role (a board must keep at least one).
pub fn active_owner_ids(conn: &Connection) -> DbResult<Vec<i64>> {
    let users = list_users(conn)?;
    Ok(users.into_iter().filter(|u| u.active && u.roles.contains(&Role::Owner)).map(|u| u.id).collect())
}

// ---------------------------------------------------------------------------------------------
// Invitations, sessions, API tokens: only hashes of their secrets are stored.

pub fn insert_invitation(
    conn: &Connection,
    token_hash: &str,
    user_id: i64,
    expires_at: DateTime<Utc>,
) -> DbResult<()> {
    conn.execute(
        "INSERT INTO invitation (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![token_hash, user_id, Utc::now().to_rfc3339(), expires_at.to_rfc3339()],
    )?;
    Ok(())
}

/// Ends every unused invitation of a user (a fresh one replaces them).
pub fn retire_invitations(conn: &Connection, user_id: i64) -> DbResult<()> {
    conn.execute(
        "UPDATE invitation SET used_at = ?2 WHERE user_id = ?1 AND used_at IS NULL",
        params![user_id, Utc::now().to_rfc3339()],
    )?;
    Ok(())
}

/// An invitation as stored: whose, until when, and whether it was used.
pub struct StoredInvitation {
    pub user_id: i64,
    pub expires_at: DateTime<Utc>,
    pub used: bool,
}

pub fn invitation(conn: &Connection, token_hash: &str) -> DbResult<Option<StoredInvitation>> {
    let raw = conn
        .prepare_cached(
            "SELECT user_id, expires_at, used_at IS NOT NULL FROM invitation WHERE token_hash = ?1",
        )?
        .query_row(params![token_hash], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, bool>(2)?))
        })
        .optional()?;
    raw.map(|(user_id, expires_at, used)| {
        Ok(StoredInvitation { user_id, expires_at: time(&expires_at)?, used })
    })
    .transpose()
}

pub fn mark_invitation_used(conn: &Connection, token_hash: &str, at: DateTime<Utc>) -> DbResult<()> {
    conn.execute(
        "UPDATE invitation SET used_at = ?2 WHERE token_hash = ?1",
        params![token_hash, at.to_rfc3339()],
    )?;
    Ok(())
}

pub fn insert_session(
    conn: &Connection,
    token_hash: &str,
    user_id: i64,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    address: &str,
) -> DbResult<()> {
    conn.execute(
        "INSERT INTO session (token_hash, user_id, created_at, last_seen_at, expires_at, address)
         VALUES (?1, ?2, ?3, ?3, ?4, ?5)",
        params![token_hash, user_id, now.to_rfc3339(), expires_at.to_rfc3339(), address],
    )?;
    Ok(())
}

/// A session as stored.
pub struct StoredSession {
    pub user_id: i64,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

pub fn session(conn: &Connection, token_hash: &str) -> DbResult<Option<StoredSession>> {
    let raw = conn
        .prepare_cached("SELECT user_id, last_seen_at, expires_at FROM session WHERE token_hash = ?1")?
        .query_row(params![token_hash], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
        })
        .optional()?;
    raw.map(|(user_id, seen, expires)| {
        Ok(StoredSession { user_id, last_seen_at: time(&seen)?, expires_at: time(&expires)? })
    })
    .transpose()
}

pub fn touch_session(conn: &Connection, token_hash: &str, now: DateTime<Utc>) -> DbResult<()> {
    conn.prepare_cached("UPDATE session SET last_seen_at = ?2 WHERE token_hash = ?1")?
        .execute(params![token_hash, now.to_rfc3339()])?;
    Ok(())
}

pub fn delete_session(conn: &Connection, token_hash: &str) -> DbResult<()> {
    conn.execute("DELETE FROM session WHERE token_hash = ?1", params![token_hash])?;
    Ok(())
}

/// Signs a user out everywhere; returns how many sessions ended.
pub fn delete_sessions_of(conn: &Connection, user_id: i64) -> DbResult<usize> {
    Ok(conn.execute("DELETE FROM session WHERE user_id = ?1", params![user_id])?)
}

pub fn insert_token(conn: &Connection, token_hash: &str, user_id: i64, label: &str) -> DbResult<i64> {
    conn.execute(
        "INSERT INTO api_token (token_hash, user_id, label, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![token_hash, user_id, label, Utc::now().to_rfc3339()],
    )?;
    Ok(conn.last_insert_rowid())
}

/// A token that has not been revoked: its id, its user and when it was last used.
pub struct LiveToken {
    pub id: i64,
    pub user_id: i64,
    pub last_used_at: Option<DateTime<Utc>>,
}

pub fn live_token(conn: &Connection, token_hash: &str) -> DbResult<Option<LiveToken>> {
    let raw = conn
        .prepare_cached(
            "SELECT id, user_id, last_used_at FROM api_token WHERE token_hash = ?1 AND revoked_at IS NULL",
        )?
        .query_row(params![token_hash], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, Option<String>>(2)?))
        })
        .optional()?;
    raw.map(|(id, user_id, last_used)| Ok(LiveToken { id, user_id, last_used_at: optional_time(last_used)? }))
        .transpose()
}

pub fn touch_token(conn: &Connection, id: i64, now: DateTime<Utc>) -> DbResult<()> {
    conn.prepare_cached("UPDATE api_token SET last_used_at = ?2 WHERE id = ?1")?
        .execute(params![id, now.to_rfc3339()])?;
    Ok(())
}

const TOKEN_COLUMNS: &str = "t.id, u.name, t.label, t.created_at, t.last_used_at, t.revoked_at, t.user_id";

fn token_of(row: &Row<'_>) -> rusqlite::Result<(ApiTokenRaw, i64)> {
    Ok((
        ApiTokenRaw {
            id: row.get(0)?,
            user: row.get(1)?,
            label: row.get(2)?,
            created_at: row.get(3)?,
            last_used_at: row.get(4)?,
            revoked_at: row.get(5)?,
        },
        row.get(6)?,
    ))
}

struct ApiTokenRaw {
    id: i64,
    user: String,
    label: String,
    created_at: String,
    last_used_at: Option<String>,
    revoked_at: Option<String>,
}

impl ApiTokenRaw {
    fn into_summary(self) -> DbResult<ApiTokenSummary> {
        Ok(ApiTokenSummary {
            id: self.id,
            user: self.user,
            label: self.label,
            created_at: time(&self.created_at)?,
            last_used_at: optional_time(self.last_used_at)?,
            revoked_at: optional_time(self.revoked_at)?,
        })
    }
}

/// A token's summary and its owner's id.
pub fn token(conn: &Connection, id: i64) -> DbResult<Option<(ApiTokenSummary, i64)>> {
    let raw = conn
        .prepare_cached(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_token t JOIN app_user u ON u.id = t.user_id WHERE t.id = ?1"
        ))?
        .query_row(params![id], token_of)
        .optional()?;
    raw.map(|(raw, user_id)| Ok((raw.into_summary()?, user_id))).transpose()
}

pub fn tokens_of(conn: &Connection, user_id: i64) -> DbResult<Vec<ApiTokenSummary>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {TOKEN_COLUMNS} FROM api_token t JOIN app_user u ON u.id = t.user_id WHERE t.user_id = ?1 ORDER BY t.id"
    ))?;
    let rows = statement.query_map(params![user_id], token_of)?.collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(|(raw, _)| raw.into_summary()).collect()
}

pub fn revoke_token(conn: &Connection, id: i64) -> DbResult<()> {
    conn.execute(
        "UPDATE api_token SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
        params![id, Utc::now().to_rfc3339()],
    )?;
    Ok(())
}

pub fn revoke_tokens_of(conn: &Connection, user_id: i64) -> DbResult<()> {
    conn.execute(
        "UPDATE api_token SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL",
        params![user_id, Utc::now().to_rfc3339()],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Teams

/// The newest audit actor of a record, as a SQL expression over `entity` and an id column.
pub(crate) fn changed_by_sql(entity: &str, id_column: &str) -> String {
    format!(
        "(SELECT actor FROM audit WHERE entity = '{entity}' AND entity_id = CAST({id_column} AS TEXT) ORDER BY id DESC LIMIT 1)"
    )
}

pub fn team_id(conn: &Connection, name: &str) -> DbResult<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM team WHERE name = ?1 COLLATE NOCASE")?
        .query_row(params![name.trim()], |r| r.get(0))
        .optional()?)
}

pub fn insert_team(conn: &Connection, name: &str, description: &str, lead: Option<i64>) -> DbResult<i64> {
    let now = Utc::now().to_rfc3339();
    conn.execute(
        "INSERT INTO team (name, description, lead_user_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![name, description, lead, now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn update_team(
    conn: &Connection,
    id: i64,
    name: &str,
    description: &str,
    lead: Option<i64>,
) -> DbResult<()> {
    conn.execute(
        "UPDATE team SET name = ?2, description = ?3, lead_user_id = ?4, updated_at = ?5 WHERE id = ?1",
        params![id, name, description, lead, Utc::now().to_rfc3339()],
    )?;
    Ok(())
}

pub fn set_team_members(conn: &Connection, team_id: i64, user_ids: &[i64]) -> DbResult<()> {
    conn.execute("DELETE FROM team_member WHERE team_id = ?1", params![team_id])?;
    let mut insert =
        conn.prepare_cached("INSERT OR IGNORE INTO team_member (team_id, user_id) VALUES (?1, ?2)")?;
    for user_id in user_ids {
        insert.execute(params![team_id, user_id])?;
    }
    Ok(())
}

pub fn team(conn: &Connection, id: i64) -> DbResult<Option<Team>> {
    let raw = conn
        .prepare_cached(&format!(
            "SELECT t.id, t.name, t.description, u.name, t.updated_at, {} FROM team t
             LEFT JOIN app_user u ON u.id = t.lead_user_id WHERE t.id = ?1",
            changed_by_sql("team", "t.id")
        ))?
        .query_row(params![id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })
        .optional()?;
    let Some((id, name, description, lead, updated_at, changed_by)) = raw else { return Ok(None) };
    let members = conn
        .prepare_cached(
            "SELECT u.name FROM team_member m JOIN app_user u ON u.id = m.user_id WHERE m.team_id = ?1
             ORDER BY u.name COLLATE NOCASE",
        )?
        .query_map(params![id], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    let systems = conn
        .prepare_cached("SELECT key FROM ml_system WHERE team_id = ?1 ORDER BY key")?
        .query_map(params![id], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(Some(Team {
        id,
        name,
        description,
        lead,
        members,
        systems,
        updated_at: time(&updated_at)?,
        changed_by,
    }))
}

pub fn list_teams(conn: &Connection, text: Option<&str>) -> DbResult<Vec<TeamSummary>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT t.id, t.name, u.name,
                (SELECT count(*) FROM team_member m WHERE m.team_id = t.id),
                (SELECT count(*) FROM ml_system s WHERE s.team_id = t.id),
                t.updated_at, {}
         FROM team t LEFT JOIN app_user u ON u.id = t.lead_user_id
         WHERE ?1 IS NULL OR instr(lower(t.name), lower(?1)) > 0
         ORDER BY t.name COLLATE NOCASE",
        changed_by_sql("team", "t.id")
    ))?;
    let rows = statement
        .query_map(params![text], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, u32>(3)?,
                r.get::<_, u32>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(id, name, lead, member_count, system_count, updated_at, changed_by)| {
            Ok(TeamSummary {
                id,
                name,
                lead,
                member_count,
                system_count,
                updated_at: time(&updated_at)?,
                changed_by,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Systems

/// A system's stored fields, as the engine writes them.
pub struct SystemRow<'a> {
    pub key: &'a str,
    pub name: &'a str,
    pub team_id: i64,
    pub tier: RiskTier,
    pub stage: LifecycleStage,
    pub description: &'a str,
    pub patterns: &'a [String],
    pub links: &'a SystemLinks,
}

pub fn insert_system(conn: &Connection, row: &SystemRow<'_>) -> DbResult<()> {
    let now = Utc::now().to_rfc3339();
    conn.execute(
        "INSERT INTO ml_system (key, name, team_id, tier, stage, description, patterns, repository_url,
                                dashboard_url, runbook_url, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
        params![
            row.key,
            row.name,
            row.team_id,
            row.tier.as_str(),
            row.stage.as_str(),
            row.description,
            to_json_list(row.patterns),
            row.links.repository,
            row.links.dashboard,
            row.links.runbook,
            now
        ],
    )?;
    Ok(())
}

pub fn update_system(conn: &Connection, row: &SystemRow<'_>) -> DbResult<()> {
    conn.execute(
        "UPDATE ml_system SET name = ?2, team_id = ?3, tier = ?4, stage = ?5, description = ?6, patterns = ?7,
                repository_url = ?8, dashboard_url = ?9, runbook_url = ?10, updated_at = ?11
         WHERE key = ?1",
        params![
            row.key,
            row.name,
            row.team_id,
            row.tier.as_str(),
            row.stage.as_str(),
            row.description,
            to_json_list(row.patterns),
            row.links.repository,
            row.links.dashboard,
            row.links.runbook,
            Utc::now().to_rfc3339()
        ],
    )?;
    Ok(())
}

pub fn set_system_decisions(conn: &Connection, key: &str, ids: &[u32]) -> DbResult<()> {
    conn.execute("DELETE FROM adr_system WHERE system_key = ?1", params![key])?;
    let mut insert =
        conn.prepare_cached("INSERT OR IGNORE INTO adr_system (adr_id, system_key) VALUES (?1, ?2)")?;
    for id in ids {
        insert.execute(params![id, key])?;
    }
    Ok(())
}

/// Keys of the systems a decision is about.
pub fn systems_of_decision(conn: &Connection, id: u32) -> DbResult<Vec<String>> {
    Ok(conn
        .prepare_cached("SELECT system_key FROM adr_system WHERE adr_id = ?1 ORDER BY system_key")?
        .query_map(params![id], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?)
}

fn parse_tier(text: &str) -> DbResult<RiskTier> {
    text.parse().map_err(|e: String| DbError::Corrupt(format!("ml_system.tier: {e}")))
}

fn parse_stage(text: &str) -> DbResult<LifecycleStage> {
    text.parse().map_err(|e: String| DbError::Corrupt(format!("ml_system.stage: {e}")))
}

pub fn system(conn: &Connection, key: &str) -> DbResult<Option<System>> {
    let raw = conn
        .prepare_cached(&format!(
            "SELECT s.key, s.name, t.name, s.tier, s.stage, s.description, s.patterns, s.repository_url,
                    s.dashboard_url, s.runbook_url, s.created_at, s.updated_at, {}
             FROM ml_system s JOIN team t ON t.id = s.team_id WHERE s.key = ?1",
            changed_by_sql("system", "s.key")
        ))?
        .query_row(params![key], |r| {
            Ok((
                (r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?),
                (
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ),
                SystemLinks { repository: r.get(7)?, dashboard: r.get(8)?, runbook: r.get(9)? },
                (r.get::<_, String>(10)?, r.get::<_, String>(11)?, r.get::<_, Option<String>>(12)?),
            ))
        })
        .optional()?;
    let Some((
        (key, name, team),
        (tier, stage, description, patterns),
        links,
        (created, updated, changed_by),
    )) = raw
    else {
        return Ok(None);
    };
    let decisions = conn
        .prepare_cached("SELECT adr_id FROM adr_system WHERE system_key = ?1 ORDER BY adr_id")?
        .query_map(params![key], |r| r.get(0))?
        .collect::<Result<Vec<u32>, _>>()?;
    Ok(Some(System {
        key,
        name,
        team,
        tier: parse_tier(&tier)?,
        stage: parse_stage(&stage)?,
        description,
        patterns: from_json_list("ml_system.patterns", &patterns)?,
        links,
        decisions,
        created_at: time(&created)?,
        updated_at: time(&updated)?,
        changed_by,
    }))
}

pub fn list_systems(conn: &Connection, query: &SystemListQuery) -> DbResult<Vec<SystemSummary>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT s.key, s.name, t.name, s.tier, s.stage, s.patterns,
                (SELECT count(*) FROM adr_system a WHERE a.system_key = s.key), s.updated_at, {}
         FROM ml_system s JOIN team t ON t.id = s.team_id
         WHERE (?1 IS NULL OR t.name = ?1 COLLATE NOCASE)
           AND (?2 IS NULL OR s.tier = ?2)
           AND (?3 IS NULL OR s.stage = ?3)
           AND (?4 IS NULL OR instr(lower(s.key || ' ' || s.name || ' ' || s.description), lower(?4)) > 0)
         ORDER BY s.key",
        changed_by_sql("system", "s.key")
    ))?;
    let text = query.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let rows = statement
        .query_map(
            params![
                query.team,
                query.tier.map(RiskTier::as_str),
                query.stage.map(LifecycleStage::as_str),
                text
            ],
            |r| {
                Ok((
                    (r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?),
                    (r.get::<_, String>(3)?, r.get::<_, String>(4)?, r.get::<_, String>(5)?),
                    (r.get::<_, u32>(6)?, r.get::<_, String>(7)?, r.get::<_, Option<String>>(8)?),
                ))
            },
        )?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|((key, name, team), (tier, stage, patterns), (decision_count, updated, changed_by))| {
            Ok(SystemSummary {
                key,
                name,
                team,
                tier: parse_tier(&tier)?,
                stage: parse_stage(&stage)?,
                patterns: from_json_list("ml_system.patterns", &patterns)?,
                decision_count,
                updated_at: time(&updated)?,
                changed_by,
            })
        })
        .collect()
}
