//! The schema's history: `db/migrations/NNNN_name.sql`, embedded at build time, append-only.
//! `user_version` counts the applied files; a test checks the folder and this list agree.

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

/// Every migration file, in order. Add a line here with each new file; never edit or remove one.
pub const MIGRATION_FILES: &[(&str, &str)] = &[
    ("0001_initial.sql", include_str!("../migrations/0001_initial.sql")),
    ("0002_search_links_review.sql", include_str!("../migrations/0002_search_links_review.sql")),
    ("0003_adr_sources.sql", include_str!("../migrations/0003_adr_sources.sql")),
    ("0004_list_indexes.sql", include_str!("../migrations/0004_list_indexes.sql")),
    ("0005_catalog.sql", include_str!("../migrations/0005_catalog.sql")),
    ("0006_bench.sql", include_str!("../migrations/0006_bench.sql")),
    ("0007_people.sql", include_str!("../migrations/0007_people.sql")),
    ("0008_adr_collections.sql", include_str!("../migrations/0008_adr_collections.sql")),
    ("0009_reviews.sql", include_str!("../migrations/0009_reviews.sql")),
    ("0010_kpis.sql", include_str!("../migrations/0010_kpis.sql")),
    ("0011_interviews.sql", include_str!("../migrations/0011_interviews.sql")),
    ("0012_maturity_reports.sql", include_str!("../migrations/0012_maturity_reports.sql")),
];

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATION_FILES.iter().map(|(_, sql)| M::up(sql)).collect())
}

/// The number of migrations applied to `conn` (SQLite's `user_version`).
pub fn applied_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }

    #[test]
    fn every_file_in_the_migrations_folder_is_embedded_in_order() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".sql"))
            .collect();
        on_disk.sort();
        let embedded: Vec<&str> = MIGRATION_FILES.iter().map(|(name, _)| *name).collect();
        assert_eq!(on_disk, embedded, "db/migrations and MIGRATION_FILES disagree");
        for (index, name) in embedded.iter().enumerate() {
            let expected_prefix = format!("{:04}_", index + 1);
            assert!(name.starts_with(&expected_prefix), "{name} should start with {expected_prefix}");
        }
    }

    #[test]
    fn upgrading_from_the_first_schema_indexes_existing_decisions_for_search() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let mut conn = Connection::open(&path).unwrap();
        migrations().to_version(&mut conn, 1).unwrap();
        conn.execute_batch(
            "INSERT INTO adr (number, title, status, decision_date, body_markdown, created_at, updated_at)
             VALUES (1, 'Adopt Flink', 'accepted', '2026-01-05', 'Stream churn events.', '2026-01-05T00:00:00Z', '2026-01-05T00:00:00Z');
             INSERT INTO adr_tag (adr_number, tag) VALUES (1, 'streaming');",
        )
        .unwrap();
        drop(conn);
        let db = crate::Db::open(&path).unwrap();
        assert_eq!(applied_version(db.conn()).unwrap(), MIGRATION_FILES.len() as i64);
        for word in ["\"churn\"", "\"streaming\"", "\"flink\""] {
            let hits = crate::adr::search(db.conn(), word, 10, None).unwrap();
            assert_eq!(hits.len(), 1, "{word} should find the pre-existing decision");
        }
        let record = crate::adr::get(db.conn(), 1).unwrap().unwrap();
        assert_eq!(record.revisit_by, None);
    }

    /// A board made by the schema before collections (version 7): imported and hand-made
    /// decisions, tags, built-in and custom links, a system's decisions, the search index and
    /// the audit trail all come through, every decision in the one default collection.
    #[test]
    fn upgrading_from_the_schema_before_collections_keeps_every_decision_link_and_number() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v7.db");
        let mut conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        migrations().to_version(&mut conn, 7).unwrap();
        conn.execute_batch(
            "INSERT INTO adr (number, title, status, decision_date, deciders, body_markdown, created_at, updated_at)
             VALUES (1, 'Batch scoring', 'superseded', '2025-01-05', '[\"Ada\"]', 'Nightly batch.', '2025-01-05T00:00:00Z', '2025-01-05T00:00:00Z'),
                    (2, 'Stream scoring', 'accepted', '2025-06-01', '[]', 'Use Flink for churn.', '2025-06-01T00:00:00Z', '2025-06-01T00:00:00Z'),
                    (7, 'Feature store', 'proposed', '2025-07-01', '[]', 'Feast.', '2025-07-01T00:00:00Z', '2025-07-01T00:00:00Z');
             UPDATE adr SET source_flavor = 'log4brains', source_path = '20250701-feature-store.md',
                            source_text = 'raw', source_snapshot = '{}', slug = '20250701-feature-store',
                            status_note = 'draft' WHERE number = 7;
             INSERT INTO adr_tag (adr_number, tag) VALUES (2, 'streaming'), (7, 'features');
             INSERT INTO adr_link_kind (kind, forward, inverse) VALUES ('depends-on', 'Depends on', 'Needed by');
             INSERT INTO adr_link (from_number, kind, to_number) VALUES (2, 'supersedes', 1), (7, 'depends-on', 2);
             INSERT INTO app_user (id, name, email, roles, created_at, updated_at)
             VALUES (1, 'ada', '', '[\"owner\"]', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');
             INSERT INTO team (id, name, created_at, updated_at) VALUES (1, 'Platform', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');
             INSERT INTO ml_system (key, name, team_id, tier, stage, created_at, updated_at)
             VALUES ('churn', 'Churn model', 1, 'high', 'production', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');
             INSERT INTO adr_system (adr_number, system_key) VALUES (2, 'churn');
             INSERT INTO audit (entity, entity_id, action, actor, at) VALUES ('adr', '7', 'create', 'ada via cli', '2025-07-01T00:00:00Z');",
        )
        .unwrap();
        drop(conn);

        let db = crate::Db::open(&path).unwrap();
        assert_eq!(applied_version(db.conn()).unwrap(), MIGRATION_FILES.len() as i64);
        let collections = crate::adr_collection::list(db.conn()).unwrap();
        assert_eq!(collections.len(), 1);
        let (main_id, main) = &collections[0];
        assert_eq!((main.name.as_str(), main.is_default, main.decisions), ("main", true, 3));
        let listed = crate::adr::list(db.conn(), &Default::default()).unwrap();
        assert_eq!(
            listed.iter().map(|a| (a.id, a.number, a.reference.as_str())).collect::<Vec<_>>(),
            vec![(1, 1, "ADR-0001"), (2, 2, "ADR-0002"), (7, 7, "ADR-0007")],
            "ids are the old numbers, numbers are unchanged"
        );
        assert!(listed.iter().all(|a| a.collection == "main"));
        assert_eq!(listed[2].changed_by.as_deref(), Some("ada via cli"), "the audit trail still names it");
        let old = crate::adr::get(db.conn(), 1).unwrap().unwrap();
        assert_eq!((old.collection_id, old.superseded_by.clone()), (*main_id, vec![2]));
        assert_eq!(old.deciders, vec!["Ada".to_string()]);
        let feature = crate::adr::get(db.conn(), 7).unwrap().unwrap();
        assert_eq!(
            (feature.slug.as_deref(), feature.status_note.as_deref()),
            (Some("20250701-feature-store"), Some("draft"))
        );
        assert_eq!(feature.tags, vec!["features".to_string()]);
        assert!(feature.links.iter().any(|l| l.kind == "depends-on" && l.outgoing && l.other == 2));
        assert_eq!(crate::adr::source(db.conn(), 7).unwrap().unwrap().path, "20250701-feature-store.md");
        assert_eq!(crate::adr::id_for_slug(db.conn(), *main_id, "20250701-feature-store").unwrap(), Some(7));
        assert_eq!(crate::people::systems_of_decision(db.conn(), 2).unwrap(), vec!["churn".to_string()]);
        assert_eq!(crate::adr::search(db.conn(), "\"flink\"", 10, None).unwrap()[0].id, 2);
        assert_eq!(crate::adr::next_number(db.conn(), *main_id).unwrap(), 8);
        let violations: i64 =
            db.conn().query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
        assert_eq!(violations, 0);
    }

    #[test]
    fn opening_applies_every_migration() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::Db::open(&dir.path().join("m.db")).unwrap();
        assert_eq!(applied_version(db.conn()).unwrap(), MIGRATION_FILES.len() as i64);
    }
}
