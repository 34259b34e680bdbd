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
            let hits = crate::adr::search(db.conn(), word, 10).unwrap();
            assert_eq!(hits.len(), 1, "{word} should find the pre-existing decision");
        }
        let record = crate::adr::get(db.conn(), 1).unwrap().unwrap();
        assert_eq!(record.revisit_by, None);
    }

    #[test]
    fn opening_applies_every_migration() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::Db::open(&dir.path().join("m.db")).unwrap();
        assert_eq!(applied_version(db.conn()).unwrap(), MIGRATION_FILES.len() as i64);
    }
}
