-- KPI scorecards fed by live metrics. A measurement is one value of a KPI for a scope (a team
-- by name or a system by key) at an instant from one source; (kpi, scope, source, time) is
-- unique so a re-sync or re-import updates instead of duplicating. Times are Unix seconds:
-- exact equality for that key and cheap range scans per period.

CREATE TABLE kpi_measurement (
    kpi_key     TEXT    NOT NULL,
    scope_kind  TEXT    NOT NULL CHECK (scope_kind IN ('team', 'system')),
    scope_key   TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    value       REAL    NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    recorded_by TEXT,
    recorded_at TEXT    NOT NULL,
    PRIMARY KEY (kpi_key, scope_kind, scope_key, source, at)
) STRICT, WITHOUT ROWID;
CREATE INDEX kpi_measurement_by_scope ON kpi_measurement(scope_kind, scope_key, kpi_key, at);

-- Metric sources. Authentication holds `env:` / `file:` references only, never a secret.
CREATE TABLE kpi_source (
    name        TEXT PRIMARY KEY CHECK (length(trim(name)) > 0),
    kind        TEXT NOT NULL CHECK (kind IN ('prometheus', 'json')),
    config      TEXT NOT NULL,               -- JSON: url, auth, ca_file, timeout_s, json, interval_minutes
    status      TEXT NOT NULL DEFAULT '{}',  -- JSON: SyncStatus of the last sync
    next_run    TEXT,
    updated_at  TEXT NOT NULL,
    changed_by  TEXT
) STRICT;

-- A KPI for a scope fed by one query on one source.
CREATE TABLE kpi_binding (
    id          INTEGER PRIMARY KEY,
    kpi_key     TEXT    NOT NULL,
    scope_kind  TEXT    NOT NULL CHECK (scope_kind IN ('team', 'system')),
    scope_key   TEXT    NOT NULL,
    source      TEXT    NOT NULL REFERENCES kpi_source(name) ON DELETE CASCADE ON UPDATE CASCADE,
    query       TEXT    NOT NULL CHECK (length(trim(query)) > 0),
    aggregate   TEXT,
    step_s      INTEGER NOT NULL CHECK (step_s > 0),
    status      TEXT    NOT NULL DEFAULT '{}',
    updated_at  TEXT    NOT NULL,
    changed_by  TEXT,
    UNIQUE (kpi_key, scope_kind, scope_key, source)
) STRICT;

-- A scorecard's own settings: the KPIs it shows (NULL: the defaults for the scope) and
-- per-KPI threshold overrides with their reasons.
CREATE TABLE scorecard (
    scope_kind  TEXT NOT NULL CHECK (scope_kind IN ('team', 'system')),
    scope_key   TEXT NOT NULL,
    kpis        TEXT,                        -- JSON: [kpi key] or NULL
    overrides   TEXT NOT NULL DEFAULT '{}',  -- JSON: {kpi key: ThresholdOverride}
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (scope_kind, scope_key)
) STRICT;
