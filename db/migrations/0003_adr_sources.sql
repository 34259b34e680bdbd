-- 0003_adr_sources: remember where an imported decision came from, so an export can write an
-- untouched file back byte for byte and a re-import can tell unchanged from changed files.

ALTER TABLE adr ADD COLUMN source_flavor TEXT;     -- 'madr4', 'adr-tools', … ; NULL when made in Archboard
ALTER TABLE adr ADD COLUMN source_path TEXT;       -- file path inside the ADR folder
ALTER TABLE adr ADD COLUMN source_text TEXT;       -- the file exactly as last imported
ALTER TABLE adr ADD COLUMN source_snapshot TEXT;   -- the decision as parsed from source_text (JSON)
ALTER TABLE adr ADD COLUMN slug TEXT;              -- log4brains identity (file name without .md)
ALTER TABLE adr ADD COLUMN status_note TEXT;       -- status wording kept from the file, e.g. 'draft'
CREATE UNIQUE INDEX adr_by_slug ON adr(slug) WHERE slug IS NOT NULL;
