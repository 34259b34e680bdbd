-- 0008_adr_collections: a board holds many ADR collections (one per repository or folder), and
-- a decision's identity becomes (collection, number). The decision tables are rebuilt around a
-- board-wide `id` that links, tags, systems, the search index and the audit trail point at.
-- Existing decisions keep their numbers and get `id = number`, so every audit entry, link and
-- URL made before this migration still names the same decision; they all land in one
-- collection, `main`.
--
-- The rebuild copies every row into new tables, drops the old ones children first (so no
-- cascade fires), and renames the new ones into place; SQLite rewrites the foreign keys that
-- name a renamed table.

CREATE TABLE adr_collection (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    team_id     INTEGER REFERENCES team(id),
    folder      TEXT,                       -- the linked folder, as the machine that syncs names it
    date_order  TEXT    NOT NULL DEFAULT 'day-first' CHECK (date_order IN ('day-first', 'month-first')),
    is_default  INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    synced_at   TEXT                        -- last import or sync of the linked folder
) STRICT;
-- Exactly one collection is the default (enforced here for "at most one", by the engine for one).
CREATE UNIQUE INDEX adr_collection_one_default ON adr_collection(is_default) WHERE is_default = 1;

CREATE TABLE adr_collection_system (
    collection_id INTEGER NOT NULL REFERENCES adr_collection(id) ON DELETE CASCADE,
    system_key    TEXT    NOT NULL REFERENCES ml_system(key) ON DELETE CASCADE,
    PRIMARY KEY (collection_id, system_key)
) STRICT, WITHOUT ROWID;

INSERT INTO adr_collection (id, name, is_default, created_at, updated_at)
VALUES (1, 'main', 1, strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'));

CREATE TABLE adr_v8 (
    id                 INTEGER PRIMARY KEY,
    collection_id      INTEGER NOT NULL REFERENCES adr_collection(id),
    number             INTEGER NOT NULL CHECK (number >= 0),   -- MADR's own first decision is 0000
    slug               TEXT,          -- identity inside the collection for files whose name has no number
    title              TEXT    NOT NULL CHECK (length(trim(title)) > 0),
    status             TEXT    CHECK (status IS NULL OR status IN ('proposed', 'accepted', 'rejected', 'deprecated', 'superseded')),
    status_note        TEXT,          -- the file's own status wording, kept and shown
    decision_date      TEXT,          -- ISO date; NULL when the file gives none or an unreadable one
    date_text          TEXT,          -- the date as the file wrote it, when not ISO
    deciders           TEXT    NOT NULL DEFAULT '[]',
    consulted          TEXT    NOT NULL DEFAULT '[]',
    informed           TEXT    NOT NULL DEFAULT '[]',
    body_markdown      TEXT    NOT NULL DEFAULT '',
    revisit_by         TEXT,
    front_matter_extra TEXT,          -- front-matter lines Archboard does not use, written back as they were
    import_warnings    TEXT    NOT NULL DEFAULT '[]',  -- JSON array: what the last import could not read
    source_flavor      TEXT,
    source_path        TEXT,
    source_text        TEXT,
    source_snapshot    TEXT,
    missing_since      TEXT,          -- RFC 3339: a sync found the file gone from the linked folder
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    UNIQUE (collection_id, number)
) STRICT;

INSERT INTO adr_v8 (id, collection_id, number, slug, title, status, status_note, decision_date,
                    deciders, consulted, informed, body_markdown, revisit_by, source_flavor,
                    source_path, source_text, source_snapshot, created_at, updated_at)
SELECT number, 1, number, slug, title, status, status_note, decision_date,
       deciders, consulted, informed, body_markdown, revisit_by, source_flavor,
       source_path, source_text, source_snapshot, created_at, updated_at
FROM adr;

CREATE TABLE adr_tag_v8 (
    adr_id INTEGER NOT NULL REFERENCES adr_v8(id) ON DELETE CASCADE,
    tag    TEXT    NOT NULL CHECK (length(tag) > 0),
    PRIMARY KEY (adr_id, tag)
) STRICT, WITHOUT ROWID;
INSERT INTO adr_tag_v8 (adr_id, tag) SELECT adr_number, tag FROM adr_tag;

CREATE TABLE adr_link_v8 (
    from_id INTEGER NOT NULL REFERENCES adr_v8(id) ON DELETE CASCADE,
    kind    TEXT    NOT NULL CHECK (length(kind) > 0),
    to_id   INTEGER NOT NULL REFERENCES adr_v8(id) ON DELETE CASCADE,
    PRIMARY KEY (from_id, kind, to_id),
    CHECK (from_id <> to_id)
) STRICT, WITHOUT ROWID;
INSERT INTO adr_link_v8 (from_id, kind, to_id) SELECT from_number, kind, to_number FROM adr_link;

CREATE TABLE adr_system_v8 (
    adr_id     INTEGER NOT NULL REFERENCES adr_v8(id) ON DELETE CASCADE,
    system_key TEXT    NOT NULL REFERENCES ml_system(key) ON DELETE CASCADE,
    PRIMARY KEY (system_key, adr_id)
) STRICT, WITHOUT ROWID;
INSERT INTO adr_system_v8 (adr_id, system_key) SELECT adr_number, system_key FROM adr_system;

DROP TABLE adr_system;
DROP TABLE adr_link;
DROP TABLE adr_tag;
DROP TABLE adr;

ALTER TABLE adr_v8 RENAME TO adr;
ALTER TABLE adr_tag_v8 RENAME TO adr_tag;
ALTER TABLE adr_link_v8 RENAME TO adr_link;
ALTER TABLE adr_system_v8 RENAME TO adr_system;

CREATE UNIQUE INDEX adr_unique_slug ON adr(collection_id, slug) WHERE slug IS NOT NULL;
CREATE INDEX adr_by_revisit ON adr(revisit_by) WHERE revisit_by IS NOT NULL;
CREATE INDEX adr_by_updated ON adr(updated_at);
CREATE INDEX adr_by_date ON adr(decision_date);
CREATE INDEX adr_by_source_path ON adr(collection_id, source_path) WHERE source_path IS NOT NULL;
CREATE INDEX adr_tag_by_tag ON adr_tag(tag);
CREATE INDEX adr_link_by_target ON adr_link(to_id, kind);
CREATE INDEX adr_system_by_adr ON adr_system(adr_id);
-- The search index's rowid is the decision's id (equal to the old number); rebuilt from the
-- copied rows so it matches them exactly.
DELETE FROM adr_fts;
INSERT INTO adr_fts (rowid, title, body, tags, people)
SELECT a.id, a.title, a.body_markdown,
       coalesce((SELECT group_concat(t.tag, ' ') FROM adr_tag t WHERE t.adr_id = a.id), ''),
       (SELECT coalesce(group_concat(p.value, ' ; '), '') FROM (
            SELECT value FROM json_each(a.deciders) UNION ALL SELECT value FROM json_each(a.consulted)
            UNION ALL SELECT value FROM json_each(a.informed)) p)
FROM adr a;
