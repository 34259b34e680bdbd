//! Users, roles and the permission check for every endpoint; teams and systems.

use crate::services::{Caller, Services, test_board};
use archboard_types::ErrorCode;
use archboard_types::catalog::RiskTier;
use archboard_types::endpoint::ENDPOINT_PERMISSIONS;
use archboard_types::people::{
    LifecycleStage, NewUser, Permission, Role, SystemEdit, SystemLinks, SystemListQuery, SystemRef, TeamEdit,
    TeamRef, TokenRef, TokenRequest, UserRef, UserRolesChange,
};
use archboard_types::system::Empty;

fn add(services: &mut Services, name: &str, roles: &[Role]) -> Caller {
    let invitation =
        services.user_add(NewUser { name: name.into(), email: None, roles: roles.to_vec() }).unwrap();
    Caller::of(&invitation.user)
}

#[test]
fn the_first_user_of_a_new_board_is_the_os_user_as_owner() {
    let (_dir, mut services) = test_board();
    let me = services.me(Empty {}).unwrap();
    assert_eq!(me.user.roles, [Role::Owner]);
    assert!(me.can(Permission::ManageUsers));
    assert!(!me.team_mode);
    let users = services.user_list(Empty {}).unwrap();
    assert_eq!(users.len(), 1);
}

/// Every endpoint of the table with every role: the dispatcher lets the call through exactly
/// when the role grants the permission the table declares, and otherwise answers 403 naming
/// the roles that would.
#[test]
fn every_endpoint_with_every_role_is_allowed_or_refused_as_the_table_says() {
    let (_dir, mut services) = test_board();
    let callers: Vec<(Role, Caller)> =
        Role::ALL.iter().map(|role| (*role, add(&mut services, &format!("as-{role}"), &[*role]))).collect();
    for (name, permission) in ENDPOINT_PERMISSIONS {
        for (role, caller) in &callers {
            // `{}` is enough: a refused call must never reach decoding, and an allowed one
            // fails (if at all) for another reason than permission.
            let outcome = services.dispatch_json_as(caller.clone(), name, b"{}");
            let forbidden = matches!(&outcome, Err(error) if error.code == ErrorCode::Forbidden);
            if role.grants(*permission) {
                assert!(!forbidden, "{role} should be allowed `{name}`: {outcome:?}");
            } else {
                let error = outcome.expect_err(name);
                assert_eq!(error.code, ErrorCode::Forbidden, "{role} on `{name}`: {error:?}");
                assert!(error.message.contains(&permission.roles_phrase()), "{}", error.message);
                assert!(error.message.contains(&format!("has {role}")), "{}", error.message);
            }
        }
    }
    // A few fixed points, so the walk above cannot pass with a table that allows everything.
    let viewer = &callers.iter().find(|(r, _)| *r == Role::Viewer).unwrap().1;
    let error = services
        .dispatch_json_as(viewer.clone(), "adr_create", br#"{"title": "Viewers cannot write"}"#)
        .unwrap_err();
    assert_eq!(
        error.message,
        "`adr_create` needs the contributor, chair or owner role (edit decisions, catalog, teams, systems, benchmarks and kpis); as-viewer has viewer."
    );
    let contributor = &callers.iter().find(|(r, _)| *r == Role::Contributor).unwrap().1;
    let error =
        services.dispatch_json_as(contributor.clone(), "user_add", br#"{"name": "x", "roles": ["viewer"]}"#);
    assert_eq!(error.unwrap_err().code, ErrorCode::Forbidden);
    assert!(services.dispatch_json_as(contributor.clone(), "adr_create", br#"{"title": "Allowed"}"#).is_ok());
}

#[test]
fn a_team_board_runs_nothing_without_a_caller_and_records_who_changed_what() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let mut local =
        Services::open_with_jobs(&path, crate::services::Adapter::Cli, crate::jobs::Jobs::default()).unwrap();
    let alice = add(&mut local, "alice", &[Role::Contributor]);
    let mut team = Services::open_team(&path, crate::jobs::Jobs::default()).unwrap();
    let error = team.dispatch_json("adr_list", b"{}").unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    team.dispatch_json_as(alice.clone(), "adr_create", br#"{"title": "Record who decided"}"#).unwrap();
    assert!(team.caller().is_none(), "no one stays signed in after a request");
    let audit = local.audit_list(Default::default()).unwrap();
    let newest = &audit[0];
    assert_eq!((newest.actor.as_str(), newest.user_id), ("alice via http", Some(alice.user_id)));
    let list = local.adr_list(Default::default()).unwrap();
    assert_eq!(list[0].changed_by.as_deref(), Some("alice via http"));
}

#[test]
fn the_last_owner_stays_and_deactivated_users_keep_their_history() {
    let (_dir, mut services) = test_board();
    let me = services.me(Empty {}).unwrap().user.name;
    let error =
        services.user_set_roles(UserRolesChange { name: me.clone(), roles: vec![Role::Viewer] }).unwrap_err();
    assert_eq!(error.code, ErrorCode::Conflict);
    assert!(services.user_deactivate(UserRef { name: me.clone() }).is_err());

    let bob = add(&mut services, "bob", &[Role::Contributor]);
    services.dispatch_json_as(bob.clone(), "team_create", br#"{"name": "Payments"}"#).unwrap();
    let bob_after = services.user_deactivate(UserRef { name: "bob".into() }).unwrap();
    assert!(!bob_after.active);
    let team = services.team_get(TeamRef { name: "payments".into() }).unwrap();
    assert_eq!(team.changed_by.as_deref(), Some("bob via cli"), "history keeps the name");
    let refused = services.dispatch_json_as(Caller::of(&bob_after), "adr_list", b"{}").unwrap_err();
    assert_eq!(refused.code, ErrorCode::Unauthorized);
    assert!(refused.message.contains("deactivated"), "{}", refused.message);
    let again = services.user_reactivate(UserRef { name: "bob".into() }).unwrap();
    assert!(again.active);
}

#[test]
fn tokens_are_shown_once_stored_hashed_and_revocable_only_by_their_user_or_an_owner() {
    let (_dir, mut services) = test_board();
    let carol = add(&mut services, "carol", &[Role::Viewer]);
    let _dan = add(&mut services, "dan", &[Role::Viewer]);
    let issued = services
        .dispatch_json_as(carol.clone(), "user_token_issue", br#"{"name": "carol", "label": "laptop"}"#)
        .unwrap();
    let issued: archboard_types::people::IssuedToken = serde_json::from_slice(&issued).unwrap();
    assert!(issued.token.starts_with("abt_"));
    let caller = services.token_caller(&issued.token, chrono::Utc::now()).unwrap();
    assert_eq!(caller.name, "carol");
    let for_dan =
        services.dispatch_json_as(carol.clone(), "user_token_issue", br#"{"name": "dan"}"#).unwrap_err();
    assert_eq!(for_dan.code, ErrorCode::Forbidden);

    services.user_token_revoke(TokenRef { id: issued.summary.id }).unwrap();
    let error = services.token_caller(&issued.token, chrono::Utc::now()).unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    let stored: i64 = services
        .db
        .conn()
        .query_row("SELECT count(*) FROM api_token WHERE token_hash = ?1", [&issued.token], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, 0, "the token itself is never stored");
    let issued_by_owner =
        services.user_token_issue(TokenRequest { name: "dan".into(), label: None }).unwrap();
    assert_eq!(issued_by_owner.summary.user, "dan");
}

#[test]
fn teams_and_systems_are_created_listed_filtered_and_edited() {
    let (_dir, mut services) = test_board();
    add(&mut services, "erin", &[Role::Contributor]);
    let team = services
        .team_create(TeamEdit { name: "Payments ML".into(), lead: Some("erin".into()), ..Default::default() })
        .unwrap();
    assert_eq!((team.lead.as_deref(), team.members.as_slice()), (Some("erin"), &["erin".to_owned()][..]));
    let duplicate =
        services.team_create(TeamEdit { name: "payments ml".into(), ..Default::default() }).unwrap_err();
    assert_eq!(duplicate.code, ErrorCode::Conflict);
    let unknown_lead = services
        .team_create(TeamEdit { name: "Search".into(), lead: Some("nobody".into()), ..Default::default() })
        .unwrap_err();
    assert_eq!(unknown_lead.field.as_deref(), Some("lead"));

    let adr = services
        .adr_create(archboard_types::adr::NewAdr { title: "Score online".into(), ..Default::default() })
        .unwrap();
    let system = services
        .system_create(SystemEdit {
            key: "fraud-scoring".into(),
            name: "Fraud scoring".into(),
            team: "Payments ML".into(),
            tier: RiskTier::High,
            stage: LifecycleStage::Production,
            patterns: vec!["pattern.online-inference".into()],
            links: SystemLinks { repository: Some("https://git.example/fraud".into()), ..Default::default() },
            decisions: vec![adr.id],
            ..Default::default()
        })
        .unwrap();
    assert_eq!((system.team.as_str(), system.decisions.as_slice()), ("Payments ML", &[adr.id][..]));
    let decision = services.adr_get(archboard_types::adr::AdrRef { id: adr.id }).unwrap();
    assert_eq!(decision.systems, ["fraud-scoring"], "the decision names the system it is about");

    let bad_pattern = services
        .system_create(SystemEdit {
            key: "churn".into(),
            name: "Churn".into(),
            team: "Payments ML".into(),
            patterns: vec!["pattern.nope".into()],
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(bad_pattern.field.as_deref(), Some("patterns"));
    assert!(bad_pattern.message.contains("pattern.nope"));
    let script_link = services
        .system_create(SystemEdit {
            key: "churn".into(),
            name: "Churn".into(),
            team: "Payments ML".into(),
            links: SystemLinks { runbook: Some("javascript:alert(1)".into()), ..Default::default() },
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(script_link.field.as_deref(), Some("links.runbook"));
    assert!(services.system_list(SystemListQuery::default()).unwrap().len() == 1, "nothing half-written");

    let high =
        services.system_list(SystemListQuery { tier: Some(RiskTier::High), ..Default::default() }).unwrap();
    assert_eq!(high.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(), ["fraud-scoring"]);
    let low =
        services.system_list(SystemListQuery { tier: Some(RiskTier::Low), ..Default::default() }).unwrap();
    assert!(low.is_empty());

    let mut edit = SystemEdit {
        key: "fraud-scoring".into(),
        name: "Fraud scoring v2".into(),
        team: "Payments ML".into(),
        tier: RiskTier::High,
        stage: LifecycleStage::Retired,
        ..Default::default()
    };
    let updated = services.system_update(edit.clone()).unwrap();
    assert_eq!((updated.stage, updated.decisions.len()), (LifecycleStage::Retired, 0));
    edit.key = "missing".into();
    assert_eq!(services.system_update(edit).unwrap_err().code, ErrorCode::NotFound);
    let team = services.team_get(TeamRef { name: "Payments ML".into() }).unwrap();
    assert_eq!(team.systems, ["fraud-scoring"]);
    let fetched = services.system_get(SystemRef { key: "fraud-scoring".into() }).unwrap();
    assert!(fetched.changed_by.is_some());
}
