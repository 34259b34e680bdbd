#!/usr/bin/env bash
# `make bench-team`: 50 concurrent clients for 60 s (BENCH_SECONDS overrides) with oha against
# a team server's list and get endpoints, signed in with a personal API token, on a board
# seeded with 200 decisions. Prints oha's figures (throughput, latency percentiles, errors);
# asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${BENCH_SECONDS:-60}"
clients="${BENCH_CLIENTS:-50}"
command -v oha >/dev/null 2>&1 || { echo "oha is not installed: cargo install oha --locked" >&2; exit 1; }
cargo build --release -p archboard-cli --quiet
bin="$PWD/target/release/archboard"
work="$(mktemp -d)"
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
db="$work/board.db"
for i in $(seq 1 200); do
  "$bin" --db "$db" adr new "Decision $i about serving models" --tag bench --decider "lead $((i % 7))" >/dev/null
done
"$bin" --db "$db" user add bencher --role viewer >/dev/null
token="$("$bin" --db "$db" user token bencher | grep '^abt_')"
invitation="$("$bin" --db "$db" user add signer --role viewer | grep -o '/invite/[0-9a-f]*' | head -1)"
"$bin" --db "$db" serve --team --port 0 --ui-dir "$work/no-ui" >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do grep -q "http://" "$work/serve.log" && break; sleep 0.1; done
base="$(grep -o 'http://[^ ]*' "$work/serve.log" | head -1)"
base="${base%/}"
echo "team server at $base, $clients clients for ${seconds}s per endpoint, 200 decisions"
password="a benchmark passphrase"
curl -s -o /dev/null -H "Origin: $base" --data-urlencode "password=$password" --data-urlencode "repeat=$password" "$base$invitation"
echo
echo "== sign-in (Argon2id m=19 MiB, t=2, p=1), 20 in a row, seconds each:"
for _ in $(seq 1 20); do
  curl -s -o /dev/null -w '%{time_total}\n' -H "Origin: $base" \
    --data-urlencode "name=signer" --data-urlencode "password=$password" "$base/signin"
done | sort -n | awk '{ t[NR] = $1 } END { printf "min %.3f  median %.3f  max %.3f\n", t[1], t[int((NR + 1) / 2)], t[NR] }'
for call in 'adr_list {}' 'adr_get {"number":42}'; do
  name="${call%% *}"; body="${call#* }"
  echo
  echo "== POST /api/$name $body"
  oha --no-tui -w -z "${seconds}s" -c "$clients" -m POST \
    -H "Authorization: Bearer $token" -H "Content-Type: application/json" -d "$body" \
    "$base/api/$name"
done
