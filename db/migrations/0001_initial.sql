-- 0001_initial: decision records, their tags and typed links, and the audit trail.
-- Applied migrations are never edited; a schema change is a new numbered file.

CREATE TABLE adr (
    number        INTEGER PRIMARY KEY CHECK (number > 0),
    title         TEXT    NOT NULL CHECK (length(trim(title)) > 0),
    status        TEXT    NOT NULL CHECK (status IN ('proposed', 'accepted', 'rejected', 'deprecated', 'superseded')),
    decision_date TEXT    NOT NULL,            -- ISO date the decision was taken / proposed
    deciders      TEXT    NOT NULL DEFAULT '[]', -- JSON array of names
    consulted     TEXT    NOT NULL DEFAULT '[]',
    informed      TEXT    NOT NULL DEFAULT '[]',
    body_markdown TEXT    NOT NULL DEFAULT '',
    created_at    TEXT    NOT NULL,            -- RFC 3339, UTC
    updated_at    TEXT    NOT NULL
) STRICT;

CREATE TABLE adr_tag (
    adr_number INTEGER NOT NULL REFERENCES adr(number) ON DELETE CASCADE,
    tag        TEXT    NOT NULL CHECK (length(tag) > 0),
    PRIMARY KEY (adr_number, tag)
) STRICT, WITHOUT ROWID;
CREATE INDEX adr_tag_by_tag ON adr_tag(tag);

-- One row per directed link; the reverse direction is read with the second index, so a
-- link is stored once and shown on both ends.
CREATE TABLE adr_link (
    from_number INTEGER NOT NULL REFERENCES adr(number) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (length(kind) > 0),   -- e.g. 'supersedes'
    to_number   INTEGER NOT NULL REFERENCES adr(number) ON DELETE CASCADE,
    PRIMARY KEY (from_number, kind, to_number),
    CHECK (from_number <> to_number)
) STRICT, WITHOUT ROWID;
CREATE INDEX adr_link_by_target ON adr_link(to_number, kind);

CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    action      TEXT NOT NULL,
    actor       TEXT NOT NULL,
    at          TEXT NOT NULL,   -- RFC 3339, UTC
    before_json TEXT,
    after_json  TEXT
) STRICT;
CREATE INDEX audit_by_entity ON audit(entity, entity_id, id);
