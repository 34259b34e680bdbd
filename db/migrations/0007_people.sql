-- 0007_people: a board's users (roles, password hashes), invitations, browser sessions and
-- personal API tokens (hashes only: no secret is ever stored), teams and the ML systems they
-- run, decisions about systems, and who made each audited change.

CREATE TABLE app_user (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    email         TEXT,
    roles         TEXT    NOT NULL DEFAULT '[]',   -- JSON array of role words
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    password_hash TEXT,                           -- Argon2id PHC string; NULL until set
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
) STRICT;

-- Single-use sign-up links; `token_hash` is SHA-256 of the secret in the link.
CREATE TABLE invitation (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES app_user(id),
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL,
    used_at    TEXT
) STRICT;
CREATE INDEX invitation_by_user ON invitation(user_id);

-- Browser sessions of a team server; `token_hash` is SHA-256 of the cookie's secret.
CREATE TABLE session (
    token_hash   TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES app_user(id),
    created_at   TEXT    NOT NULL,
    last_seen_at TEXT    NOT NULL,
    expires_at   TEXT    NOT NULL,              -- absolute expiry
    address      TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX session_by_user ON session(user_id);

-- Personal API tokens for scripts and the CLI; shown once, kept as SHA-256.
CREATE TABLE api_token (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT    NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES app_user(id),
    label        TEXT    NOT NULL DEFAULT '',
    created_at   TEXT    NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
) STRICT;
CREATE INDEX api_token_by_user ON api_token(user_id);

CREATE TABLE team (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    description  TEXT    NOT NULL DEFAULT '',
    lead_user_id INTEGER REFERENCES app_user(id),
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
) STRICT;

CREATE TABLE team_member (
    team_id INTEGER NOT NULL REFERENCES team(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES app_user(id),
    PRIMARY KEY (team_id, user_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE ml_system (
    key            TEXT    PRIMARY KEY,
    name           TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    team_id        INTEGER NOT NULL REFERENCES team(id),
    tier           TEXT    NOT NULL CHECK (tier IN ('low', 'medium', 'high')),
    stage          TEXT    NOT NULL CHECK (stage IN ('experiment', 'pilot', 'production', 'retired')),
    description    TEXT    NOT NULL DEFAULT '',
    patterns       TEXT    NOT NULL DEFAULT '[]',  -- JSON array of catalog pattern keys
    repository_url TEXT,
    dashboard_url  TEXT,
    runbook_url    TEXT,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL
) STRICT;
CREATE INDEX ml_system_by_team ON ml_system(team_id);

CREATE TABLE adr_system (
    adr_number INTEGER NOT NULL REFERENCES adr(number) ON DELETE CASCADE,
    system_key TEXT    NOT NULL REFERENCES ml_system(key) ON DELETE CASCADE,
    PRIMARY KEY (system_key, adr_number)
) STRICT, WITHOUT ROWID;
CREATE INDEX adr_system_by_adr ON adr_system(adr_number);

ALTER TABLE audit ADD COLUMN user_id INTEGER REFERENCES app_user(id);
