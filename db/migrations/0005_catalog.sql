-- 0005_catalog: the built-in catalog (roles, KPIs, checklist templates, maturity model,
-- patterns, hardware profiles) and the items users make or import beside it.
--
-- `data` is the item the board uses. For built-in items `builtin` holds the newest shipped copy
-- and `builtin_version` its version; `base_version` is the shipped version the user's edit
-- started from. An edited item is never overwritten by a newer catalog: the update waits in
-- `builtin` until the user takes it or keeps their copy.
CREATE TABLE catalog_item (
    key             TEXT PRIMARY KEY CHECK (length(key) > 0),
    kind            TEXT NOT NULL CHECK (kind IN ('role', 'kpi', 'checklist', 'maturity', 'pattern', 'hardware')),
    name            TEXT NOT NULL,
    summary         TEXT NOT NULL,
    version         INTEGER NOT NULL,
    origin          TEXT NOT NULL CHECK (origin IN ('builtin', 'user', 'imported')),
    edited          INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1)),
    data            TEXT NOT NULL,            -- JSON of the CatalogItem in use
    builtin         TEXT,                     -- JSON of the newest shipped copy (built-ins only)
    builtin_version INTEGER,
    base_version    INTEGER,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX catalog_by_kind ON catalog_item(kind, name);

-- Search over every text field of an item; kept in step by archboard-db's catalog module.
CREATE VIRTUAL TABLE catalog_fts USING fts5(key UNINDEXED, name, body, tokenize = 'porter unicode61');

-- Small key/value facts about the board, e.g. the hash of the catalog last loaded, so opening
-- a board skips the catalog sync when nothing shipped has changed.
CREATE TABLE board_meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
