-- 0011_interviews: interview panels. A candidate applies for a catalog role whose rubric is
-- copied in (JSON) so later catalog edits leave a running process alone; interviews hold the
-- interviewer's scorecard (JSON) and the time it was submitted. Candidate rows are personal
-- data: anonymising blanks their free text and keeps the ratings under `subject_id`;
-- deleting removes the rows (attachments and interviews cascade) and the board is compacted.
-- The erasure log and the audit trail hold ids, never a candidate's name.

CREATE TABLE candidate (
    id            INTEGER PRIMARY KEY,
    subject_id    TEXT    NOT NULL UNIQUE,          -- random; stands for the person once anonymised
    name          TEXT    NOT NULL,
    email         TEXT    NOT NULL DEFAULT '',
    phone         TEXT    NOT NULL DEFAULT '',
    source        TEXT    NOT NULL DEFAULT '',
    notes         TEXT    NOT NULL DEFAULT '',
    role_key      TEXT    NOT NULL,
    rubric        TEXT    NOT NULL,                 -- JSON interview::Rubric
    stage         TEXT    NOT NULL,
    stages        TEXT    NOT NULL DEFAULT '[]',    -- JSON [StageEvent]
    decision      TEXT,                             -- JSON DecisionRecord
    decided_at    TEXT,
    legal_hold    INTEGER NOT NULL DEFAULT 0 CHECK (legal_hold IN (0, 1)),
    consent       INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1)),
    anonymised_at TEXT,
    created_at    TEXT    NOT NULL
) STRICT;
CREATE INDEX candidate_by_role ON candidate(role_key, stage);

CREATE TABLE candidate_attachment (
    id           INTEGER PRIMARY KEY,
    candidate_id INTEGER NOT NULL REFERENCES candidate(id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    media_type   TEXT    NOT NULL,
    content      BLOB    NOT NULL,
    added_at     TEXT    NOT NULL
) STRICT;
CREATE INDEX candidate_attachment_by_candidate ON candidate_attachment(candidate_id);

CREATE TABLE interview (
    id             INTEGER PRIMARY KEY,
    candidate_id   INTEGER NOT NULL REFERENCES candidate(id) ON DELETE CASCADE,
    interviewer_id INTEGER NOT NULL REFERENCES app_user(id),
    at             TEXT,
    minutes        INTEGER NOT NULL,
    focus          TEXT    NOT NULL,                -- JSON [dimension key]
    exercises      TEXT    NOT NULL DEFAULT '[]',   -- JSON [exercise key]
    sheet          TEXT,                            -- JSON ScoreSheet; NULL until first saved
    updated_at     TEXT,
    submitted_at   TEXT,
    addenda        TEXT    NOT NULL DEFAULT '[]',   -- JSON [Addendum]
    created_at     TEXT    NOT NULL
) STRICT;
CREATE INDEX interview_by_candidate ON interview(candidate_id);
CREATE INDEX interview_by_interviewer ON interview(interviewer_id);

CREATE TABLE interview_setting (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    policy TEXT    NOT NULL                         -- JSON RetentionPolicy
) STRICT;

CREATE TABLE erasure_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT    NOT NULL,
    subject_id TEXT    NOT NULL,
    action     TEXT    NOT NULL CHECK (action IN ('anonymise', 'delete')),
    reason     TEXT    NOT NULL CHECK (reason IN ('retention', 'request')),
    by_label   TEXT    NOT NULL,
    role_key   TEXT    NOT NULL
) STRICT;
