#!/usr/bin/env bash
#! Checks the invariants in ARCHITECTURE.md that a command can check. Fails naming the rule.
set -euo pipefail
cd "$(dirname "$0")/.."
failed=0
fail() { echo "architecture: $*" >&2; failed=1; }
tree_of() { cargo tree -p "$1" -e normal --prefix none; }
depends_on() { grep -q "^$2 v" <<<"$1"; }

# 1. The contract stays light: it builds for wasm32 and pulls in no store, runtime or shell.
types_tree="$(tree_of archboard-types)"
for forbidden in rusqlite tokio tauri axum reqwest archboard-db; do
  if depends_on "$types_tree" "$forbidden"; then fail "archboard-types depends on $forbidden"; fi
done

# 2. The UI reaches the engine only through the contract.
ui_tree="$(tree_of archboard-ui)"
for forbidden in archboard-engine archboard-db archboard-loadgen rusqlite tokio tauri reqwest; do
  if depends_on "$ui_tree" "$forbidden"; then fail "archboard-ui depends on $forbidden"; fi
done

# 3. Crates by dependency weight: the engine has no front (no clap, no axum); the desktop shell
#    compiles neither; the pure crates stay pure; the load generator does not know the store.
engine_tree="$(tree_of archboard-engine)"
for forbidden in clap axum tauri; do
  if depends_on "$engine_tree" "$forbidden"; then fail "archboard-engine depends on $forbidden"; fi
done
desktop_tree="$(tree_of archboard-desktop)"
for forbidden in clap axum archboard-cli; do
  if depends_on "$desktop_tree" "$forbidden"; then fail "archboard-desktop compiles $forbidden"; fi
done
for pure in archboard-adr-format archboard-charts archboard-lens archboard-report; do
  pure_tree="$(tree_of "$pure")"
  for forbidden in rusqlite tokio reqwest archboard-db; do
    if depends_on "$pure_tree" "$forbidden"; then fail "$pure depends on $forbidden"; fi
  done
done
if depends_on "$(tree_of archboard-loadgen)" archboard-db; then fail "archboard-loadgen depends on the store"; fi
# The metrics client knows HTTP and the Prometheus/JSON formats, not Archboard's types or store.
metrics_tree="$(tree_of archboard-metrics)"
for forbidden in archboard-types archboard-db archboard-engine rusqlite; do
  if depends_on "$metrics_tree" "$forbidden"; then fail "archboard-metrics depends on $forbidden"; fi
done

# 4. The desktop shell and the HTTP layer hold no domain logic: they never touch the store and
#    reach the engine only through dispatch.
if grep -rn "archboard_db\|rusqlite" src-tauri/src crates/cli/src/serve.rs crates/cli/src/serve; then
  fail "src-tauri or the HTTP layer uses the store directly; go through Services::dispatch"
fi
if grep -n "services\.[a-z_]*(" src-tauri/src/*.rs | grep -v "dispatch\|database_path"; then
  fail "src-tauri calls a Services method directly; call dispatch with an endpoint from the contract"
fi

# 4b. The desktop shell does not talk to inference servers itself; benchmarks run in the engine.
if grep -q '^reqwest' src-tauri/Cargo.toml; then fail "src-tauri depends on reqwest directly"; fi

# 5. Dependencies point one way: the store does not know the engine.
if depends_on "$(tree_of archboard-db)" archboard-engine; then fail "archboard-db depends on the engine"; fi

# 6. The engine never reads or writes a path a caller names: no file writes in the services.
if grep -rn "std::fs::write\|fs::create_dir\|File::create" crates/engine/src/services --include=*.rs \
  | grep -v "/tests.rs:\|mod tests\|#\[cfg(test)\]"; then
  fail "a service writes files; return them as contents (files::ExportedFile) for the front to save"
fi

# 7. Rules live in the contract or the engine, not in the UI: no enum names shown through
#    `{:?}`, no silent enum fallbacks from strings, no store-matching rules re-implemented.
if grep -rn 'format!("{:?}"\|{:?}' ui/src --include=*.rs | grep -v "^\S*:\s*//\|assert\|tracing\|log::\|console"; then
  fail "the UI shows a value through {:?}; give the type a label() in archboard-types"
fi
if grep -rn 'ends_with(".md")\|"\.adr-dir"\|"\.log4brains\.yml"' ui/src --include=*.rs; then
  fail "the UI decides which files an ADR import reads; use archboard_types::adr_folder::is_adr_folder_file"
fi
if grep -rn 'audit::record(' crates/engine/src --include=*.rs | grep -v "services/mod.rs"; then
  fail "an audit entry is written outside the one write helper (Services::write / Change::audit)"
fi

# 8. Every Rust source file opens with a //! line saying what it is.
while IFS= read -r file; do
  if ! head -n 1 "$file" | grep -q '^//!'; then fail "$file does not start with a //! line"; fi
done < <(git ls-files '*.rs')

# 9. Migrations are append-only: each file's checksum is recorded in db/migrations.sha256 when it
#    is added, and an applied file never changes afterwards.
while IFS= read -r file; do
  name="$(basename "$file")"
  grep -q "  $name\$" db/migrations.sha256 || fail "$file is not recorded in db/migrations.sha256 (run: cd db/migrations && sha256sum $name >> ../migrations.sha256)"
done < <(ls db/migrations/*.sql)
(cd db/migrations && sha256sum --check --quiet ../migrations.sha256) || fail "a recorded migration was edited or removed; add a new migration instead"

# 10. No secret is stored in the clear: columns named for a password, token or secret are hashes.
if grep -niE "^\s*[a-z_]*(password|token|secret)[a-z_]*\s+(TEXT|BLOB)" db/migrations/*.sql | grep -viE "_hash\s+(TEXT|BLOB)"; then
  fail "a migration declares a secret column in the clear; store a hash (column name ending in _hash)"
fi

if [ "$failed" -ne 0 ]; then exit 1; fi
echo "architecture: all checks passed"
