-- 0002_search_links_review: full-text search over decisions, typed link kinds with their
-- labels in both directions, and an optional "revisit by" date.

ALTER TABLE adr ADD COLUMN revisit_by TEXT;   -- ISO date, or NULL when no review is planned
CREATE INDEX adr_by_revisit ON adr(revisit_by) WHERE revisit_by IS NOT NULL;

-- A link kind reads one way from its source ("supersedes") and another from its target
-- ("superseded by"). Symmetric kinds use the same label both ways.
CREATE TABLE adr_link_kind (
    kind    TEXT PRIMARY KEY CHECK (length(kind) > 0),
    forward TEXT NOT NULL CHECK (length(forward) > 0),
    inverse TEXT NOT NULL CHECK (length(inverse) > 0)
) STRICT;
INSERT INTO adr_link_kind (kind, forward, inverse) VALUES
    ('supersedes', 'Supersedes', 'Superseded by'),
    ('amends', 'Amends', 'Amended by'),
    ('relates-to', 'Relates to', 'Relates to');

-- The search index: one row per decision (rowid = ADR number), maintained by archboard-db's
-- adr module on every write. People are indexed as their JSON text; quotes and brackets are
-- separators to the tokenizer.
CREATE VIRTUAL TABLE adr_fts USING fts5(title, body, tags, people, tokenize = 'porter unicode61');
INSERT INTO adr_fts (rowid, title, body, tags, people)
SELECT a.number, a.title, a.body_markdown,
       coalesce((SELECT group_concat(t.tag, ' ') FROM adr_tag t WHERE t.adr_number = a.number), ''),
       a.deciders || ' ' || a.consulted || ' ' || a.informed
FROM adr a;
