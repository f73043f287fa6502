# payback: the two set-up commands are `make demo` and `make test` (README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := build

# Debian packages the build and the tests need.
PACKAGES := build-essential cmake ninja-build pkg-config git jq gzip zstd tzdata \
	libsqlite3-dev libyaml-cpp-dev libcli11-dev libfmt-dev libsimdjson-dev nlohmann-json3-dev \
	libhowardhinnant-date-dev libzstd-dev libxxhash-dev zlib1g-dev libssl-dev libcpp-httplib-dev \
	libgtest-dev libgmock-dev libbenchmark-dev libgsl-dev
# Extra packages for `make fuzz` (clang's libFuzzer) and `make bench` (GNU time, node for DuckDB).
FUZZ_PACKAGES := clang libclang-rt-14-dev
BENCH_PACKAGES := time nodejs npm wrk curl

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
JOBS ?= $(shell nproc)
DEMO_DIR ?= demo
DEMO_USERS ?= 20000

# Installs the missing Debian packages (apt-get update only when something is missing).
define install_packages
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing: $$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

.PHONY: deps deps-fuzz deps-bench deps-web deps-browser web build build-debug test test-unit test-asan demo bench fuzz format format-check clean

deps:
	$(call install_packages,$(PACKAGES))

deps-fuzz: deps
	$(call install_packages,$(FUZZ_PACKAGES))

deps-bench: deps
	$(call install_packages,$(BENCH_PACKAGES))

# Node.js and npm for the dashboard (web/): Debian's packages unless a node is already there.
deps-web:
	@command -v node >/dev/null && command -v npm >/dev/null || \
	  { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm; }

# Debian's chromium for the browser tests (driven by playwright-core from web/node_modules).
deps-browser:
	$(call install_packages,chromium)

# The dashboard: npm packages (from package-lock.json), type check, bundle into web/dist/, which
# the CMake build embeds in the binary.
WEB_SOURCES := $(wildcard web/src/*) web/build.mjs web/tsconfig.json web/package.json
web/node_modules/.installed: web/package.json web/package-lock.json | deps-web
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $@
web/dist/app.js: web/node_modules/.installed $(WEB_SOURCES)
	cd web && npm run --silent typecheck && npm run --silent build
web: web/dist/app.js

build: deps web
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)

build-debug: deps web
	cmake --preset debug >/dev/null
	cmake --build --preset debug -j $(JOBS)

# Every test: unit, scenario and crash tests on the release build, then again under ASan/UBSan.
test: test-unit test-asan

test-unit: build deps-browser
	ctest --preset release -j $(JOBS)

test-asan: deps web deps-browser
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

# Generates a realistic workspace in $(DEMO_DIR)/ whose data ends today, then serves the dashboard
# on $(DEMO_BIND):$(DEMO_PORT) with an admin token. DEMO_PRESET picks the account (docs/cli.md,
# `payback generate`): messaging (the default, with the seed's custom KPIs of
# demo_custom_metrics.yaml), sms (message, carrier and platform costs), call_center (agents,
# timesheets, call, agent-hour and commission costs), bank (product campaigns, products opened
# and the accounts' month-end snapshots, ingested after the events) or web (web engagement
# campaigns with control groups; `payback lift` shows their lift); sms and call_center bring
# their own costs, custom metrics and targets in the generated settings, bank and web their
# conversion definitions and custom metrics (their cost is mostly the campaigns' expenses).
DEMO_PORT ?= 8080
DEMO_BIND ?= 127.0.0.1
DEMO_PRESET ?= messaging
DEMO_PAYBACK ?= ./build/release/payback
ifeq ($(DEMO_PRESET),messaging)
DEMO_EXTRA_SETTINGS := demo_custom_metrics.yaml
DEMO_REPORT_FILTER := head -16
DEMO_HINT := report -w $(DEMO_DIR)/workspace --model linear --channel push
else ifeq ($(DEMO_PRESET),call_center)
DEMO_EXTRA_SETTINGS :=
DEMO_REPORT_FILTER := sed '/^Campaign /,$$d'
DEMO_HINT := agents -w $(DEMO_DIR)/workspace; $(DEMO_PAYBACK) goals -w $(DEMO_DIR)/workspace
else ifeq ($(DEMO_PRESET),bank)
DEMO_EXTRA_SETTINGS :=
DEMO_REPORT_FILTER := sed '/^Campaign /,$$d'
DEMO_HINT := report -w $(DEMO_DIR)/workspace --channel direct_mail
else ifeq ($(DEMO_PRESET),web)
DEMO_EXTRA_SETTINGS :=
DEMO_REPORT_FILTER := sed '/^Campaign /,$$d'
DEMO_HINT := lift -w $(DEMO_DIR)/workspace; $(DEMO_PAYBACK) lift -w $(DEMO_DIR)/workspace --conversion Lead
else
DEMO_EXTRA_SETTINGS :=
DEMO_REPORT_FILTER := sed '/^Campaign /,$$d'
DEMO_HINT := report -w $(DEMO_DIR)/workspace --sort roas --desc; $(DEMO_PAYBACK) goals -w $(DEMO_DIR)/workspace
endif
demo: build
	rm -rf $(DEMO_DIR)
	$(DEMO_PAYBACK) generate --preset $(DEMO_PRESET) --users $(DEMO_USERS) --end $$(date +%F) --out $(DEMO_DIR)/data
	$(DEMO_PAYBACK) init $(DEMO_DIR)/workspace
	cat $(DEMO_DIR)/data/settings.yaml $(DEMO_EXTRA_SETTINGS) > $(DEMO_DIR)/settings.yaml
	$(DEMO_PAYBACK) config apply -w $(DEMO_DIR)/workspace $(DEMO_DIR)/settings.yaml
	$(DEMO_PAYBACK) ingest -w $(DEMO_DIR)/workspace campaigns $(DEMO_DIR)/data/campaigns.csv
	$(DEMO_PAYBACK) ingest -w $(DEMO_DIR)/workspace events $(DEMO_DIR)/data/events.csv
	$(if $(filter call_center,$(DEMO_PRESET)),$(DEMO_PAYBACK) ingest -w $(DEMO_DIR)/workspace timesheets $(DEMO_DIR)/data/timesheets.csv)
	$(if $(filter bank,$(DEMO_PRESET)),$(DEMO_PAYBACK) ingest -w $(DEMO_DIR)/workspace snapshots $(DEMO_DIR)/data/snapshots.csv)
	$(DEMO_PAYBACK) report -w $(DEMO_DIR)/workspace --format table | $(DEMO_REPORT_FILTER)
	@token=$$($(DEMO_PAYBACK) token create -w $(DEMO_DIR)/workspace --role admin --label demo 2>/dev/null); \
	echo; \
	echo "Dashboard: http://$(DEMO_BIND):$(DEMO_PORT)/"; \
	echo "Token:     $$token"; \
	echo "(also: $(DEMO_PAYBACK) $(DEMO_HINT))"; \
	echo; \
	exec $(DEMO_PAYBACK) serve -w $(DEMO_DIR)/workspace --port $(DEMO_PORT) --bind $(DEMO_BIND)

bench: deps-bench build
	bash bench/run.sh
	bash bench/api_bench.sh

# Builds the libFuzzer targets with clang and runs each for FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
fuzz: deps-fuzz
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz -j $(JOBS)
	@for target in csv_fuzzer jsonl_fuzzer where_fuzzer formula_fuzzer; do \
	  mkdir -p fuzz/corpus-$$target; \
	  echo "== $$target ($(FUZZ_SECONDS)s)"; \
	  ./build/fuzz/fuzz/$$target -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 fuzz/corpus-$$target fuzz/seeds/$$target || exit 1; \
	done

SOURCES = $(shell git ls-files "*.cc" "*.h")
format:
	clang-format -i $(SOURCES)

format-check:
	clang-format --dry-run -Werror $(SOURCES)

clean:
	rm -rf build
