-- 0006_bench: inference benchmark runs. `record` is the whole result record as JSON (the same
-- document `bench export` writes); the other columns are copies for listing without parsing it.
-- Secrets never reach this table: targets name where a credential is read, not its value.
CREATE TABLE bench_run (
    id          TEXT PRIMARY KEY CHECK (length(id) > 0),
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('running', 'completed', 'cancelled', 'failed')),
    target_kind TEXT NOT NULL,
    profile     TEXT,
    imported    INTEGER NOT NULL DEFAULT 0 CHECK (imported IN (0, 1)),
    record      TEXT NOT NULL
) STRICT;
CREATE INDEX bench_run_by_time ON bench_run(created_at DESC);
