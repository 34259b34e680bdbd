//! Signing in to a team server: invitations accepted with a new password (Argon2id), password
//! sign-in with per-user and per-address limits (tries counted from their start, so parallel
//! guesses are bounded too; the slow check holds no connection), browser sessions with idle and absolute expiry,
//! and personal API tokens. Secrets are random 256-bit values handed out once; the board keeps
//! only their SHA-256 (sessions, tokens, invitations) or an Argon2id hash (passwords). The HTTP
//! layer calls these and sets cookies; the rules are here. Time is passed in, so expiry and rate
//! limits are tested without waiting.

use super::{Actor, Caller, Services, db_error};
use archboard_db::people as store;
use archboard_types::audit::{AuditAction, AuditEntity};
use archboard_types::people::{PASSWORD_MIN_CHARS, User};
use archboard_types::{ApiError, ErrorCode};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;

/// A browser session ends after this long without a request…
pub const SESSION_IDLE: Duration = Duration::hours(12);
/// …and after this long in any case.
pub const SESSION_ABSOLUTE: Duration = Duration::days(7);
/// `last_seen_at` is written at most this often, so reads do not each cost a write.
const SESSION_TOUCH_EVERY: Duration = Duration::minutes(1);

/// Wrong passwords allowed per user, and per address, within [`SIGN_IN_WINDOW`]; the next
/// attempt is refused without checking the password.
pub const SIGN_IN_FAILURES_PER_USER: usize = 10;
pub const SIGN_IN_FAILURES_PER_ADDRESS: usize = 30;
pub const SIGN_IN_WINDOW: Duration = Duration::minutes(1);

/// The prefix of personal API tokens, so secret scanners and people recognise one.
pub const API_TOKEN_PREFIX: &str = "abt_";

/// Argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid Argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A fresh 256-bit secret, hex encoded.
pub fn new_secret() -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| ApiError::internal(format!("no randomness for a secret: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// What the board stores in place of a random secret.
pub(crate) fn secret_hash(secret: &str) -> String {
    Sha256::digest(secret.trim().as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn hash_password(password: &str) -> Result<String, ApiError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| ApiError::internal(format!("no randomness for a salt: {e}")))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| ApiError::internal(format!("salt: {e}")))?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| ApiError::internal(format!("cannot hash the password: {e}")))
}

fn password_matches(password: &str, stored: &str) -> bool {
    ARGON2_SLOTS.run(|| {
        PasswordHash::new(stored)
            .is_ok_and(|hash| argon2().verify_password(password.as_bytes(), &hash).is_ok())
    })
}

/// Checks a new password; the message says what is missing.
pub fn validate_password(password: &str) -> Result<(), ApiError> {
    if password.chars().count() < PASSWORD_MIN_CHARS {
        return Err(ApiError::validation(
            "password",
            format!("A password needs at least {PASSWORD_MIN_CHARS} characters."),
        ));
    }
    if password.len() > 1024 {
        return Err(ApiError::validation("password", "A password can be at most 1024 bytes."));
    }
    Ok(())
}

/// Failed sign-ins per user and per address in the last minute, kept in the server's memory
/// (a restart forgets them; that is acceptable for a limit measured in seconds).
#[derive(Default)]
pub struct SignInLimiter {
    failures: Mutex<HashMap<String, Vec<DateTime<Utc>>>>,
}

impl SignInLimiter {
    /// Names compare ignoring ASCII case, as the board's name lookups do.
    fn key_for_user(name: &str) -> String {
        format!("user:{}", name.trim().to_ascii_lowercase())
    }

    /// IPv6 clients are counted per /64, the block one host usually holds.
    fn key_for_address(address: &str) -> String {
        match address.parse::<std::net::IpAddr>() {
            Ok(std::net::IpAddr::V6(ip)) => {
                let s = ip.segments();
                format!("address:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
            _ => format!("address:{address}"),
        }
    }

    /// Tries of `key` within the window; reading creates no entry, so probing names costs
    /// no memory.
    fn recent(failures: &HashMap<String, Vec<DateTime<Utc>>>, key: &str, now: DateTime<Utc>) -> usize {
        failures.get(key).map_or(0, |list| list.iter().filter(|at| now - **at < SIGN_IN_WINDOW).count())
    }

    /// Takes one try for this name and address, counted as a failure until [`Self::release`]
    /// says it succeeded; refuses, before any password is checked, once either has used up its
    /// tries. Counting at the start bounds tries made in parallel too.
    pub fn reserve(&self, name: &str, address: &str, now: DateTime<Utc>) -> Result<(), ApiError> {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let (user, client) = (Self::key_for_user(name), Self::key_for_address(address));
        let too_many = Self::recent(&failures, &user, now) >= SIGN_IN_FAILURES_PER_USER
            || Self::recent(&failures, &client, now) >= SIGN_IN_FAILURES_PER_ADDRESS;
        if too_many {
            return Err(ApiError::new(
                ErrorCode::TooManyRequests,
                "Too many wrong passwords in the last minute; wait a minute and try again.",
            ));
        }
        for key in [user, client] {
            let list = failures.entry(key).or_default();
            list.retain(|at| now - *at < SIGN_IN_WINDOW);
            list.push(now);
        }
        // Names and addresses whose tries are all older than the window are forgotten, so a
        // stream of made-up names cannot grow the map without bound.
        if failures.len() > LIMITER_TIDY_ABOVE {
            failures.retain(|_, list| {
                list.retain(|at| now - *at < SIGN_IN_WINDOW);
                !list.is_empty()
            });
        }
        Ok(())
    }

    /// The try reserved at `at` succeeded: it no longer counts against the name or address.
    pub fn release(&self, name: &str, address: &str, at: DateTime<Utc>) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for key in [Self::key_for_user(name), Self::key_for_address(address)] {
            if let Some(list) = failures.get_mut(&key)
                && let Some(index) = list.iter().position(|t| *t == at)
            {
                list.remove(index);
            }
        }
    }

    /// How many names and addresses are remembered (for tests).
    pub fn remembered(&self) -> usize {
        self.failures.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

/// At most this many Argon2 checks run at once (19 MiB each); more wait, holding no connection.
const ARGON2_AT_ONCE: usize = 4;

/// Counts Argon2 checks in progress, so a burst of sign-ins cannot exhaust memory or threads.
struct Argon2Slots {
    busy: Mutex<usize>,
    freed: std::sync::Condvar,
}

static ARGON2_SLOTS: Argon2Slots = Argon2Slots { busy: Mutex::new(0), freed: std::sync::Condvar::new() };

impl Argon2Slots {
    fn run<T>(&self, work: impl FnOnce() -> T) -> T {
        {
            let mut busy = self.busy.lock().unwrap_or_else(|p| p.into_inner());
            while *busy >= ARGON2_AT_ONCE {
                busy = self.freed.wait(busy).unwrap_or_else(|p| p.into_inner());
            }
            *busy += 1;
        }
        struct Done<'s>(&'s Argon2Slots);
        impl Drop for Done<'_> {
            fn drop(&mut self) {
                *self.0.busy.lock().unwrap_or_else(|p| p.into_inner()) -= 1;
                self.0.freed.notify_one();
            }
        }
        let _done = Done(self);
        work()
    }
}

/// The limiter tidies itself when it remembers more keys than this.
const LIMITER_TIDY_ABOVE: usize = 10_000;

/// A new browser session: `secret` goes into the cookie and nowhere else.
#[derive(Debug, Clone)]
pub struct SignIn {
    pub secret: String,
    pub user: User,
    pub expires_at: DateTime<Utc>,
}

/// A sign-in between reading the stored hash and checking the password.
pub struct SignInAttempt {
    user: Option<User>,
    stored: Option<String>,
    name: String,
    address: String,
    at: DateTime<Utc>,
}

/// A name and password that matched an active user.
pub struct VerifiedSignIn {
    user: User,
    stored: String,
    address: String,
}

impl SignInAttempt {
    /// Sign-in, step 2 (slow, no connection needed): the Argon2id check. Unknown names cost
    /// the same work as known ones, so timing does not tell which names exist. A wrong
    /// password keeps the limiter's try counted; a right one gives it back.
    pub fn verify(self, limiter: &SignInLimiter, password: &str) -> Result<VerifiedSignIn, ApiError> {
        let matches = match &self.stored {
            Some(hash) => password_matches(password, hash),
            None => {
                let _ = password_matches(password, DUMMY_HASH);
                false
            }
        };
        match (self.user, self.stored) {
            (Some(user), Some(stored)) if matches && user.active => {
                limiter.release(&self.name, &self.address, self.at);
                Ok(VerifiedSignIn { user, stored, address: self.address })
            }
            _ => Err(wrong_credentials()),
        }
    }
}

fn wrong_credentials() -> ApiError {
    ApiError::unauthorized("That name and password do not match an active user of this board.")
}

impl Services {
    /// The user an invitation link is for, while it can still be used.
    pub fn invitation_user(&self, secret: &str, now: DateTime<Utc>) -> Result<User, ApiError> {
        let conn = self.db.conn();
        let invitation =
            store::invitation(conn, &secret_hash(secret)).map_err(db_error)?.ok_or_else(|| {
                ApiError::not_found("This invitation link is not valid. Ask an owner for a new one.")
            })?;
        if invitation.used {
            return Err(ApiError::conflict(
                "This invitation link has already been used. Sign in, or ask an owner for a new link.",
            ));
        }
        if invitation.expires_at <= now {
            return Err(ApiError::conflict(format!(
                "This invitation link expired on {} UTC. Ask an owner for a new one.",
                invitation.expires_at.format("%Y-%m-%d %H:%M")
            )));
        }
        let user = store::user_by_id(conn, invitation.user_id)
            .map_err(db_error)?
            .ok_or_else(|| ApiError::not_found("The user this invitation was for no longer exists."))?;
        if !user.active {
            return Err(ApiError::conflict(format!(
                "{} has been deactivated; the invitation no longer works.",
                user.name
            )));
        }
        Ok(user)
    }

    /// Uses an invitation once: sets the password and starts a session, in one transaction.
    pub fn accept_invitation(
        &mut self,
        secret: &str,
        password: &str,
        address: &str,
        now: DateTime<Utc>,
    ) -> Result<SignIn, ApiError> {
        validate_password(password)?;
        let hash = hash_password(password)?;
        let session = new_secret()?;
        let expires_at = now + SESSION_ABSOLUTE;
        let invitation_hash = secret_hash(secret);
        // The user is known only once the link is read, so the actor is set inside.
        let user = self.invitation_user(secret, now)?;
        let actor =
            Actor { label: format!("{} via {}", user.name, self.adapter.as_str()), user_id: Some(user.id) };
        super::write_board(&mut self.db, &actor, |tx| {
            // Read again inside the transaction: two tabs accepting at once use it only once.
            let invitation = store::invitation(tx, &invitation_hash).map_err(db_error)?;
            if invitation.is_none_or(|i| i.used) {
                return Err(ApiError::conflict("This invitation link has already been used."));
            }
            store::mark_invitation_used(tx, &invitation_hash, now).map_err(db_error)?;
            // A fresh invitation for someone who had a password is a reset: whoever held their
            // old sessions or tokens is shut out with it.
            if store::password_hash(tx, user.id).map_err(db_error)?.is_some() {
                store::delete_sessions_of(tx, user.id).map_err(db_error)?;
                store::revoke_tokens_of(tx, user.id).map_err(db_error)?;
            }
            store::set_password_hash(tx, user.id, &hash).map_err(db_error)?;
            store::insert_session(tx, &secret_hash(&session), user.id, now, expires_at, address)
                .map_err(db_error)?;
            tx.audit_text(AuditEntity::User, &user.id.to_string(), AuditAction::SetPassword, None, None)
        })?;
        let user = self.user_named(&user.name)?;
        Ok(SignIn { secret: session, user, expires_at })
    }

    /// Checks a name and password and starts a session: the three steps below on one board.
    pub fn sign_in(
        &mut self,
        limiter: &SignInLimiter,
        name: &str,
        password: &str,
        address: &str,
        now: DateTime<Utc>,
    ) -> Result<SignIn, ApiError> {
        let attempt = self.begin_sign_in(limiter, name, address, now)?;
        let verified = attempt.verify(limiter, password)?;
        self.finish_sign_in(verified, now)
    }

    /// Sign-in, step 1 (quick): takes a try from the limiter and reads the name's stored hash.
    /// A server gives the connection back before step 2, so slow hashing never holds one.
    pub fn begin_sign_in(
        &self,
        limiter: &SignInLimiter,
        name: &str,
        address: &str,
        now: DateTime<Utc>,
    ) -> Result<SignInAttempt, ApiError> {
        limiter.reserve(name, address, now)?;
        let conn = self.db.conn();
        let user = store::user_by_name(conn, name).map_err(db_error)?;
        let stored = match &user {
            Some(user) => store::password_hash(conn, user.id).map_err(db_error)?,
            None => None,
        };
        Ok(SignInAttempt { user, stored, name: name.to_owned(), address: address.to_owned(), at: now })
    }

    /// Sign-in, step 3: starts the session, checking again inside the write that the user is
    /// still active and their password has not changed since step 1.
    pub fn finish_sign_in(
        &mut self,
        verified: VerifiedSignIn,
        now: DateTime<Utc>,
    ) -> Result<SignIn, ApiError> {
        let secret = new_secret()?;
        let expires_at = now + SESSION_ABSOLUTE;
        let hash = secret_hash(&secret);
        let VerifiedSignIn { user, stored, address } = verified;
        self.db
            .write(|tx| {
                let current = store::user_by_id(tx, user.id)?;
                let same_password = store::password_hash(tx, user.id)?.as_deref() == Some(stored.as_str());
                if !current.is_some_and(|u| u.active) || !same_password {
                    return Ok(false);
                }
                store::insert_session(tx, &hash, user.id, now, expires_at, &address)?;
                Ok::<_, archboard_db::DbError>(true)
            })
            .map_err(db_error)?
            .then_some(())
            .ok_or_else(wrong_credentials)?;
        Ok(SignIn { secret, user, expires_at })
    }

    /// The caller a session cookie stands for, or why it no longer works.
    pub fn session_caller(&mut self, secret: &str, now: DateTime<Utc>) -> Result<Caller, ApiError> {
        let hash = secret_hash(secret);
        let session = store::session(self.db.conn(), &hash)
            .map_err(db_error)?
            .ok_or_else(|| ApiError::unauthorized("Your session has ended; sign in again."))?;
        let expired = session.expires_at <= now || now - session.last_seen_at >= SESSION_IDLE;
        let user = store::user_by_id(self.db.conn(), session.user_id).map_err(db_error)?;
        let user = match user {
            Some(user) if user.active && !expired => user,
            _ => {
                self.db.write(|tx| store::delete_session(tx, &hash)).map_err(db_error)?;
                return Err(ApiError::unauthorized("Your session has ended; sign in again."));
            }
        };
        if now - session.last_seen_at >= SESSION_TOUCH_EVERY {
            self.db.write(|tx| store::touch_session(tx, &hash, now)).map_err(db_error)?;
        }
        Ok(Caller::of(&user))
    }

    /// Ends one browser session (sign out).
    pub fn sign_out(&mut self, secret: &str) -> Result<(), ApiError> {
        let hash = secret_hash(secret);
        self.db.write(|tx| store::delete_session(tx, &hash)).map_err(db_error)
    }

    /// The caller a personal API token stands for.
    pub fn token_caller(&mut self, secret: &str, now: DateTime<Utc>) -> Result<Caller, ApiError> {
        let refused = || ApiError::unauthorized("This API token is not valid or has been revoked.");
        if !secret.starts_with(API_TOKEN_PREFIX) {
            return Err(refused());
        }
        let token =
            store::live_token(self.db.conn(), &secret_hash(secret)).map_err(db_error)?.ok_or_else(refused)?;
        let user = store::user_by_id(self.db.conn(), token.user_id).map_err(db_error)?.ok_or_else(refused)?;
        if !user.active {
            return Err(ApiError::unauthorized(format!("{} has been deactivated on this board.", user.name)));
        }
        // "Last used" to the minute: a script's every call must not take the board's write lock.
        if token.last_used_at.is_none_or(|at| now - at >= SESSION_TOUCH_EVERY) {
            self.db.write(|tx| store::touch_token(tx, token.id, now)).map_err(db_error)?;
        }
        Ok(Caller { by_token: true, ..Caller::of(&user) })
    }
}

/// An Argon2id hash of a random string nobody knows, to spend the same time on unknown names.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$wqkV2Cm6CQW6zC2AG0yjQp0IKYf/xt+Cw7gW4SJoZz4";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::test_board;
    use archboard_types::people::{NewUser, Role};

    fn now() -> DateTime<Utc> {
        "2026-12-01T10:00:00Z".parse().unwrap()
    }

    fn invite(services: &mut Services, name: &str, role: Role) -> String {
        let invitation =
            services.user_add(NewUser { name: name.into(), email: None, roles: vec![role] }).unwrap();
        invitation.path.strip_prefix("/invite/").unwrap().to_owned()
    }

    #[test]
    fn an_invitation_sets_a_password_once_and_signs_in() {
        let (_dir, mut services) = test_board();
        let secret = invite(&mut services, "alice", Role::Viewer);
        let short = services.accept_invitation(&secret, "short", "127.0.0.1", now()).unwrap_err();
        assert_eq!(short.field.as_deref(), Some("password"));
        let signed_in =
            services.accept_invitation(&secret, "correct horse battery", "127.0.0.1", now()).unwrap();
        assert_eq!(signed_in.user.name, "alice");
        assert!(signed_in.user.has_password);
        let caller = services.session_caller(&signed_in.secret, now()).unwrap();
        assert_eq!((caller.name.as_str(), caller.roles.as_slice()), ("alice", &[Role::Viewer][..]));

        let again =
            services.accept_invitation(&secret, "another long password", "127.0.0.1", now()).unwrap_err();
        assert!(again.message.contains("already been used"), "{}", again.message);
    }

    #[test]
    fn an_invitation_expires_after_72_hours() {
        let (_dir, mut services) = test_board();
        let secret = invite(&mut services, "bob", Role::Contributor);
        let later = Utc::now() + Duration::hours(72) + Duration::minutes(1);
        let error = services.accept_invitation(&secret, "correct horse battery", "::1", later).unwrap_err();
        assert!(error.message.contains("expired"), "{}", error.message);
        assert!(services.invitation_user(&secret, Utc::now()).is_ok(), "still valid before then");
    }

    #[test]
    fn the_eleventh_wrong_password_in_a_minute_is_refused_without_checking() {
        let (_dir, mut services) = test_board();
        let secret = invite(&mut services, "carol", Role::Reviewer);
        services.accept_invitation(&secret, "the right password", "10.0.0.1", now()).unwrap();
        let limiter = SignInLimiter::default();
        for attempt in 0..10 {
            let at = now() + Duration::seconds(attempt);
            let error = services.sign_in(&limiter, "carol", "wrong password!", "10.0.0.1", at).unwrap_err();
            assert_eq!(error.code, ErrorCode::Unauthorized, "attempt {attempt}");
        }
        // The right password now is refused too: it is not even checked.
        let at = now() + Duration::seconds(30);
        let error = services.sign_in(&limiter, "carol", "the right password", "10.0.0.2", at).unwrap_err();
        assert_eq!(error.code, ErrorCode::TooManyRequests);
        // A minute after the first failures, tries are available again.
        let at = now() + Duration::seconds(70);
        assert!(services.sign_in(&limiter, "carol", "the right password", "10.0.0.2", at).is_ok());
    }

    #[test]
    fn the_limiter_forgets_what_is_older_than_its_window() {
        let limiter = SignInLimiter::default();
        for n in 0..LIMITER_TIDY_ABOVE {
            // Many addresses, so none reaches its own limit.
            limiter
                .reserve(&format!("made-up-{n}"), &format!("10.0.{}.{}", n / 250, n % 250), now())
                .unwrap();
        }
        let later = now() + SIGN_IN_WINDOW + Duration::seconds(1);
        limiter.reserve("one-more", "10.9.9.8", later).unwrap();
        assert_eq!(limiter.remembered(), 2, "only the last try's name and address remain");
    }

    #[test]
    fn tries_in_flight_count_so_parallel_guesses_stop_at_the_limit() {
        let limiter = SignInLimiter::default();
        // Ten tries reserved and not yet answered: the eleventh is refused before any check.
        for _ in 0..SIGN_IN_FAILURES_PER_USER {
            limiter.reserve("erin", "192.0.2.1", now()).unwrap();
        }
        assert_eq!(
            limiter.reserve("Erin", "192.0.2.99", now()).unwrap_err().code,
            ErrorCode::TooManyRequests
        );
        // A success gives its try back.
        limiter.release("erin", "192.0.2.1", now());
        assert!(limiter.reserve("erin", "192.0.2.1", now()).is_ok());
        // One IPv6 /64 counts as one address.
        for n in 0..SIGN_IN_FAILURES_PER_ADDRESS {
            limiter.reserve(&format!("u{n}"), &format!("2001:db8:1:2::{n:x}"), now()).unwrap();
        }
        let error = limiter.reserve("someone", "2001:db8:1:2:ffff::1", now()).unwrap_err();
        assert_eq!(error.code, ErrorCode::TooManyRequests);
    }

    #[test]
    fn sessions_end_when_idle_too_long_or_when_the_user_is_deactivated() {
        let (_dir, mut services) = test_board();
        let secret = invite(&mut services, "dan", Role::Viewer);
        let session = services.accept_invitation(&secret, "a long enough password", "::1", now()).unwrap();
        let idle = now() + SESSION_IDLE + Duration::minutes(1);
        assert_eq!(services.session_caller(&session.secret, idle).unwrap_err().code, ErrorCode::Unauthorized);

        let limiter = SignInLimiter::default();
        let session = services.sign_in(&limiter, "dan", "a long enough password", "::1", now()).unwrap();
        assert!(services.session_caller(&session.secret, now()).is_ok());
        services.user_deactivate(archboard_types::people::UserRef { name: "dan".into() }).unwrap();
        assert_eq!(
            services.session_caller(&session.secret, now()).unwrap_err().code,
            ErrorCode::Unauthorized
        );
        let error = services.sign_in(&limiter, "dan", "a long enough password", "::1", now()).unwrap_err();
        assert_eq!(error.code, ErrorCode::Unauthorized, "deactivated users cannot sign in");
    }

    #[test]
    fn a_fresh_invitation_for_someone_with_a_password_resets_it_and_ends_their_access() {
        let (_dir, mut services) = test_board();
        let secret = invite(&mut services, "fay", Role::Viewer);
        let first = services.accept_invitation(&secret, "the first long password", "::1", now()).unwrap();
        let token = services
            .user_token_issue(archboard_types::people::TokenRequest { name: "fay".into(), label: None })
            .unwrap();
        let again = services.user_invite(archboard_types::people::UserRef { name: "fay".into() }).unwrap();
        let again = again.path.strip_prefix("/invite/").unwrap().to_owned();
        services.accept_invitation(&again, "the second long password", "::1", now()).unwrap();
        assert!(services.session_caller(&first.secret, now()).is_err(), "the old session ended");
        assert!(services.token_caller(&token.token, now()).is_err(), "the old token was revoked");
        let limiter = SignInLimiter::default();
        assert!(services.sign_in(&limiter, "fay", "the first long password", "::1", now()).is_err());
        assert!(services.sign_in(&limiter, "fay", "the second long password", "::1", now()).is_ok());
    }

    #[test]
    fn a_token_cannot_mint_tokens_and_sign_out_everywhere_revokes_them() {
        let (_dir, mut services) = test_board();
        let secret = invite(&mut services, "gus", Role::Contributor);
        let session = services.accept_invitation(&secret, "a long enough password", "::1", now()).unwrap();
        let by_session = services.session_caller(&session.secret, now()).unwrap();
        let issued =
            services.dispatch_json_as(by_session.clone(), "user_token_issue", br#"{"name": "gus"}"#).unwrap();
        let issued: archboard_types::people::IssuedToken = serde_json::from_slice(&issued).unwrap();
        let by_token = services.token_caller(&issued.token, now()).unwrap();
        let refused =
            services.dispatch_json_as(by_token, "user_token_issue", br#"{"name": "gus"}"#).unwrap_err();
        assert_eq!(refused.code, ErrorCode::Forbidden);
        let label = services
            .dispatch_json_as(
                by_session.clone(),
                "user_token_issue",
                b"{\"name\": \"gus\", \"label\": \"\\u001b[31m\"}",
            )
            .unwrap_err();
        assert_eq!(label.field.as_deref(), Some("label"), "control characters in a label are refused");
        services.dispatch_json_as(by_session, "sign_out_everywhere", b"{}").unwrap();
        assert!(services.session_caller(&session.secret, now()).is_err());
        assert!(services.token_caller(&issued.token, now()).is_err());
    }

    #[test]
    fn argon2id_hashes_verify_and_the_dummy_hash_parses() {
        let hash = hash_password("open sesame, please").unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(password_matches("open sesame, please", &hash));
        assert!(!password_matches("open sesame", &hash));
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }
}
