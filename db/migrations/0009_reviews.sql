-- Readiness and architecture reviews: a review of one system copies its templates' items
-- (with the template key and version) so later template edits never change it. Answers are
-- one JSON document per item; the status is kept beside it for the backlog's queries.

CREATE TABLE review (
    id         INTEGER PRIMARY KEY,
    title      TEXT    NOT NULL CHECK (length(trim(title)) > 0),
    system_key TEXT    NOT NULL REFERENCES ml_system(key),
    kind       TEXT    NOT NULL,
    tier       TEXT    NOT NULL CHECK (tier IN ('low', 'medium', 'high')),
    state      TEXT    NOT NULL,
    templates  TEXT    NOT NULL,               -- JSON: [{key, name, version, sections}]
    sections   TEXT    NOT NULL,               -- JSON: section names in order
    signoffs   TEXT    NOT NULL DEFAULT '[]',  -- JSON: [SignOff]
    returns    TEXT    NOT NULL DEFAULT '[]',  -- JSON: [ReturnForChanges]
    decisions  TEXT    NOT NULL DEFAULT '[]',  -- JSON: [ReviewDecision], append-only
    conditions TEXT    NOT NULL DEFAULT '[]',  -- JSON: [Condition]
    adr_id     INTEGER REFERENCES adr(id) ON DELETE SET NULL,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
) STRICT;
CREATE INDEX review_by_system ON review(system_key);

CREATE TABLE review_item (
    review_id        INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    key              TEXT    NOT NULL,
    template         TEXT    NOT NULL,
    template_version INTEGER NOT NULL,
    question         TEXT    NOT NULL,                        -- JSON: the copied ChecklistItem
    answer           TEXT    NOT NULL DEFAULT '{}',           -- JSON: the stored answer
    status           TEXT    NOT NULL DEFAULT 'unanswered',
    PRIMARY KEY (review_id, key)
) STRICT;
CREATE UNIQUE INDEX review_item_order ON review_item(review_id, position);
CREATE INDEX review_item_gaps ON review_item(status) WHERE status IN ('fail', 'partial', 'exempt');

-- Lifecycle transitions, oldest first: the audit trail has them too; the SLA clock reads these.
CREATE TABLE review_event (
    id         INTEGER PRIMARY KEY,
    review_id  INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    at         TEXT    NOT NULL,
    from_state TEXT,
    to_state   TEXT    NOT NULL,
    by_label   TEXT    NOT NULL,
    note       TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX review_event_by_review ON review_event(review_id, id);

CREATE TABLE review_milestone (
    review_id  INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    name       TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    created_at TEXT    NOT NULL,
    created_by TEXT    NOT NULL,
    snapshot   TEXT    NOT NULL,  -- JSON: the whole Review as it was
    PRIMARY KEY (review_id, name)
) STRICT;

CREATE TABLE review_holiday (
    day  TEXT PRIMARY KEY,  -- YYYY-MM-DD, board-local
    name TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;

CREATE TABLE review_setting (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
