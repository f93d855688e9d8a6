# Set-up is automatic: every target below creates .venv and installs xref into it when needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.install-stamp
OUT    ?= out

.PHONY: run test check lint typecheck fmt sample-data bench-match clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: the quarterly job on sample_data/, writing $(OUT)/ (report.html, flags.csv, run.json, xref.duckdb, ...)
run: $(STAMP)
	$(BIN)/xref run --config sample_data/xref.toml --out $(OUT)

## test: the whole test suite (unit, rule, end-to-end; real-data tests run when ../shared is present)
test: $(STAMP)
	$(BIN)/python -m pytest -q

## check: lint + types + tests, as CI runs them
check: lint typecheck test

lint: $(STAMP)
	$(BIN)/ruff check xref tests bench tools
	$(BIN)/ruff format --check xref tests bench tools
	$(BIN)/sqlfluff lint sql --disable-progress-bar

typecheck: $(STAMP)
	$(BIN)/mypy

fmt: $(STAMP)
	$(BIN)/ruff format xref tests bench tools
	$(BIN)/ruff check --fix xref tests bench tools
	$(BIN)/sqlfluff fix sql --disable-progress-bar

## sample-data: regenerate sample_data/ from the seeded generator (review the diff like code)
sample-data: $(STAMP)
	$(BIN)/xref generate --out sample_data --seed 2025

## bench-match: time match_names on 280k synthetic names (target < 60 s, < 3 GB) plus a cdist baseline; writes
## bench/results/bench_match.json. Overrides: SCALE=0.1 (sizes), SEED, BASELINE_CARDS=0 (skip baseline),
## RSS_LIMIT_GB (stop the matcher past this), BENCH_ARGS='--profile' (extra cProfile run), see bench/README.md
SCALE ?= 1.0
SEED ?= 2025
BASELINE_CARDS ?= 2000
RSS_LIMIT_GB ?= 12
BENCH_ARGS ?=
bench-match: $(STAMP)
	$(BIN)/python bench/bench_match.py --scale $(SCALE) --seed $(SEED) --baseline-cards $(BASELINE_CARDS) \
		--rss-limit-gb $(RSS_LIMIT_GB) $(BENCH_ARGS)

## bench: the whole job on the national-scale synthetic set (issue #7): 43 forces x 5 years, about 7.3 million rows at
## FRACTION=1 (generated once into bench/data/, then reused). Prints per-stage wall time, rows/s and peak RSS and
## records them in BENCHMARKS.md. MEMORY_CHECK=1 adds a second run with --memory-limit 1GB. Overrides: FRACTION,
## SEED, NATIONAL_ARGS='--threads 2 --keep ...' (see .venv/bin/python bench/bench_national.py --help). Never fails.
FRACTION ?= 1
MEMORY_CHECK ?= 0
NATIONAL_ARGS ?=
.PHONY: bench bench-scaling
bench: $(STAMP)
	$(BIN)/python bench/bench_national.py --fraction $(FRACTION) --seed $(SEED) $(NATIONAL_ARGS)
	if [ "$(MEMORY_CHECK)" = "1" ]; then \
		$(BIN)/python bench/bench_national.py --fraction $(FRACTION) --seed $(SEED) --memory-limit 1GB $(NATIONAL_ARGS); \
	fi

## bench-scaling: the same job at 1%, 10% and 100% of the national set, with the growth per 10x (BENCHMARKS.md)
bench-scaling: $(STAMP)
	$(BIN)/python bench/bench_national.py --scaling --seed $(SEED) $(NATIONAL_ARGS)

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache
