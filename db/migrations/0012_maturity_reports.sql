-- Maturity assessments per team, quarter and dimension; the chair's approval; quarter-close
-- snapshots (frozen JSON, one in force per quarter); built reports with the model they render.

CREATE TABLE maturity_assessment (
    team       TEXT NOT NULL,
    period     TEXT NOT NULL,
    dimension  TEXT NOT NULL,
    level      INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4),
    proposed   INTEGER NOT NULL CHECK (proposed BETWEEN 0 AND 4),
    target     INTEGER CHECK (target BETWEEN 0 AND 4),
    rationale  TEXT NOT NULL DEFAULT '',
    assessor   TEXT NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (team, period, dimension)
);

CREATE TABLE maturity_approval (
    team    TEXT NOT NULL,
    period  TEXT NOT NULL,
    by      TEXT NOT NULL,
    at      TEXT NOT NULL,
    PRIMARY KEY (team, period)
);

CREATE TABLE quarter_snapshot (
    id             INTEGER PRIMARY KEY,
    period         TEXT NOT NULL,
    closed_at      TEXT NOT NULL,
    closed_by      TEXT NOT NULL,
    snapshot       TEXT NOT NULL,
    reopened_at    TEXT,
    reopened_by    TEXT,
    reopen_reason  TEXT
);
-- At most one snapshot in force per quarter: reopening retires it, closing again adds one.
CREATE UNIQUE INDEX quarter_snapshot_in_force ON quarter_snapshot (period) WHERE reopened_at IS NULL;

CREATE TABLE report (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    period        TEXT NOT NULL,
    teams         TEXT NOT NULL,
    whole_board   INTEGER NOT NULL,
    sections      TEXT NOT NULL,
    snapshot_id   INTEGER REFERENCES quarter_snapshot (id),
    provisional   INTEGER NOT NULL,
    built_at      TEXT NOT NULL,
    built_by      TEXT NOT NULL,
    late_changes  INTEGER NOT NULL,
    model         TEXT NOT NULL
);
CREATE INDEX report_by_period ON report (period, built_at);
