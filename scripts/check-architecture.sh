#!/usr/bin/env bash
#! Checks the invariants in ARCHITECTURE.md that a command can check. Fails naming the rule.
set -euo pipefail
cd "$(dirname "$0")/.."
failed=0
fail() { echo "architecture: $*" >&2; failed=1; }

# 1. The contract stays light: it builds for wasm32 and pulls in no store, runtime or shell.
types_tree="$(cargo tree -p archboard-types -e normal --prefix none)"
for forbidden in rusqlite tokio tauri axum reqwest archboard-db; do
  if grep -q "^$forbidden v" <<<"$types_tree"; then fail "archboard-types depends on $forbidden"; fi
done

# 2. The UI reaches the engine only through the contract.
ui_tree="$(cargo tree -p archboard-ui -e normal --prefix none)"
for forbidden in archboard archboard-db rusqlite tokio tauri reqwest; do
  if grep -q "^$forbidden v" <<<"$ui_tree"; then fail "archboard-ui depends on $forbidden"; fi
done

# 3. The desktop shell and the HTTP layer hold no domain logic: they never touch the store.
if grep -rn "archboard_db\|rusqlite" src-tauri/src crates/core/src/serve.rs; then
  fail "src-tauri or the HTTP layer uses the store directly; go through Services"
fi

# 3b. The desktop shell does not talk to inference servers itself; benchmarks run in the engine.
if grep -q '^reqwest' src-tauri/Cargo.toml; then fail "src-tauri depends on reqwest directly"; fi

# 4. Dependencies point one way: the store does not know the engine.
if cargo tree -p archboard-db -e normal --prefix none | grep -q "^archboard v"; then
  fail "archboard-db depends on the engine"
fi

# 5. Every Rust source file opens with a //! line saying what it is.
while IFS= read -r file; do
  if ! head -n 1 "$file" | grep -q '^//!'; then fail "$file does not start with a //! line"; fi
done < <(git ls-files '*.rs')

# 6. Migrations are append-only: each file's checksum is recorded in db/migrations.sha256 when it
#    is added, and an applied file never changes afterwards.
while IFS= read -r file; do
  name="$(basename "$file")"
  grep -q "  $name\$" db/migrations.sha256 || fail "$file is not recorded in db/migrations.sha256 (run: cd db/migrations && sha256sum $name >> ../migrations.sha256)"
done < <(ls db/migrations/*.sql)
(cd db/migrations && sha256sum --check --quiet ../migrations.sha256) || fail "a recorded migration was edited or removed; add a new migration instead"

if [ "$failed" -ne 0 ]; then exit 1; fi
echo "architecture: all checks passed"
