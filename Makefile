# Archboard's entry points. Each target installs what it needs first (scripts/bootstrap.sh is
# idempotent), so `make run` and `make test` work on a bare Debian 12 machine.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# .ci/run points this at a cache outside the clone; locally the workspace's target/ is used.
export CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TERM_COLOR ?= never

.PHONY: setup ui desktop run serve test lint check-wasm check-architecture e2e bench bench-oha bench-team clean

setup:
	@scripts/bootstrap.sh

## The wasm UI, built by trunk into ui/dist (the desktop shell embeds it; `serve` serves it).
ui: setup
	cd ui && trunk build --release

desktop: ui
	cargo build -p archboard-desktop

## Opens the desktop window on the default database; without a display, serves the UI instead.
run: ui
	@if [ -n "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
		cargo run -p archboard-desktop; \
	else \
		echo "No display found: starting the browser version instead."; \
		cargo run -p archboard-cli -- serve; \
	fi

serve: ui
	cargo run -p archboard-cli -- serve

lint: ui
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

check-wasm: setup
	cargo check -p archboard-types -p archboard-ui --target wasm32-unknown-unknown

check-architecture: setup
	scripts/check-architecture.sh

## Everything CI checks: format, lints, the wasm32 build, the architecture rules, every test
## (unit, CLI, HTTP, the browser end-to-end test and the desktop end-to-end test).
test: setup ui
	$(MAKE) --no-print-directory lint check-wasm check-architecture
	cargo build -p archboard-cli -p archboard-desktop
	cargo test --workspace --lib --bins --tests

## Store figures on a real SQLite file: folder import, search and list latency, a 500-item
## review loaded, answered and summarised, a 50-KPI × 90-day Prometheus backfill and 10 teams'
## quarterly scorecards, and a quarter's maturity report over 10 teams × 40 KPIs in HTML, Markdown
## and PDF (printed, not asserted).
bench: setup
	cargo bench -p archboard-engine --bench adr
	cargo bench -p archboard-engine --bench review
	cargo bench -p archboard-engine --bench kpi
	cargo bench -p archboard-engine --bench report

## Archboard's load generator against oha on the same loopback server (closed loop at one
## concurrency, open loop at one fixed rate), with the ratios. Installs oha when missing.
bench-oha: setup
	@command -v oha >/dev/null 2>&1 || cargo install oha --locked
	cargo bench -p archboard-engine --bench oha

## A team server under 50 concurrent clients for 60 s (oha against list and get endpoints with
## a personal API token): throughput, latency percentiles and errors, printed.
bench-team: setup
	@command -v oha >/dev/null 2>&1 || cargo install oha --locked
	scripts/bench-team.sh

clean:
	cargo clean
	rm -rf ui/dist
