# Bulwark: the two commands a newcomer needs are `make demo` and `make test`.
# Both install the system packages first (scripts/install-deps, idempotent).

PRESET  ?= release
BUILD   := build/$(PRESET)
BULWARK := $(BUILD)/src/cli/bulwark
OUT     ?= out
JOBS    ?= $(shell nproc)

.PHONY: all deps configure build demo test bench format clean

all: build

deps:
	@scripts/install-deps

configure: deps
	@cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@mkdir -p $(OUT)
	$(BULWARK) run --out $(OUT)/run
	$(BULWARK) mc --runs 10 --out $(OUT)/mc.json
	$(BULWARK) federate --pace lockstep --out $(OUT)/federate
	@echo "demo: one replication in $(OUT)/run/ (report.json, events.csv, scenario.czml for Cesium);"
	@echo "demo: Monte Carlo of 10 replications in $(OUT)/mc.json;"
	@echo "demo: the federated defence (one node process per nation over DDS) in $(OUT)/federate/ (also federation.json)"

test: build
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

bench: build
	@cmake --build $(BUILD) --target benchmarks -j $(JOBS)
	@mkdir -p $(OUT)/bench
	@set -e; for b in $(BUILD)/bench/bench_*; do echo "== $$b"; BULWARK_BENCH_OUT=$(OUT)/bench $$b; done

format:
	@find src tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf build
