# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export PREFECT_SERVER_ANALYTICS_ENABLED ?= false

.PHONY: run serve test quick lint typecheck unit demo screenshot screenshots install clean eval bench bench-quick bench-import bench-scale

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,browse]'
	$(BIN)/python -m compileall -q config scrapers storage flows  # as installing a wheel does
	touch $(STAMP)

install: $(STAMP)

## Poll the configured sources into the default archive and print what is new.
run: $(STAMP)
	$(BIN)/cyberwatch poll

## Lint, format check, type check, then the whole test suite.
test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

## The whole suite, one test file per worker, a worker per core (a file's servers stay together).
unit: $(STAMP)
	$(BIN)/pytest -n auto --dist loadfile

## The fast loop while editing: every test not marked slow (no Prefect server, no subprocess).
quick: $(STAMP)
	$(BIN)/pytest -q -m "not slow"

## Run the schedules until Ctrl-C: polls the due sources every 5 minutes, the digest daily (see README "Scheduling").
serve: $(STAMP)
	$(BIN)/cyberwatch serve

## Poll bundled fixture copies of real sources on 127.0.0.1 (no network needed).
demo: $(STAMP)
	$(BIN)/cyberwatch demo

## Regenerate docs/digest-email.png, the sample digest email (needs Chromium: apt-get install chromium).
screenshot: $(STAMP)
	$(BIN)/python -m flows.devtools.preview --screenshot docs/digest-email.png

## Regenerate docs/search.png and docs/report.png from the sample archive (needs Chromium).
screenshots: $(STAMP)
	$(BIN)/python -m flows.devtools.screenshots docs

## Score classification, extraction and event grouping on the labelled dev sets (DATA=paths):
## together, per file, per language and per half of a split by meeting (tune on A, report B).
DATA ?= ../shared/eval/dev.jsonl ../shared/eval/dev-more.jsonl
eval: $(STAMP)
	$(BIN)/python -m flows.devtools.evaluate --data $(DATA)

## Poll 100 and 1,000 synthetic sources (a farm on loopback hosts) cold and warm, cyberwatch
## against a bare script; print the table (see docs/performance.md). Never fails on timing.
bench: $(STAMP)
	$(BIN)/python -m flows.devtools.bench

## The same, scaled down to 50 sources on 10 hosts and 2,000 releases (2 min on a busy 2-core machine).
bench-quick: $(STAMP)
	$(BIN)/python -m flows.devtools.bench --quick

## Import 100,000 synthetic releases and print the cost per release for every 10,000.
bench-import: $(STAMP)
	$(BIN)/python -m flows.devtools.bench.imports

## Search, size and import cost at 10,000, 100,000 and 1,000,000 releases (a seed copied in bulk; 45 min).
bench-scale: $(STAMP)
	$(BIN)/python -m flows.devtools.bench.scale --count 10000 --count 100000 --count 1000000

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .pytest_cache
