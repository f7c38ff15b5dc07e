# notice-tracker: run `make help` for the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help

.PHONY: help run test lint typecheck pytest bench docs clean

help: ## Show this help.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the package with its dev extras.

run: $(STAMP) ## Validate the shipped data/ and show the status of every notice (today, UK).
	$(BIN)/notice validate data
	$(BIN)/notice status --data data

test: lint typecheck pytest ## Lint, type-check and run the test suite.

lint: $(STAMP) ## ruff check and format check.
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP) ## mypy --strict over src/.
	$(BIN)/mypy

pytest: $(STAMP) ## Run the tests.
	$(BIN)/pytest -q

bench: $(STAMP) ## Time every command on a generated national register (BENCH=--quick: a few minutes).
	$(BIN)/python benchmarks/bench.py $(BENCH)

docs: $(STAMP) ## Regenerate docs/cli.md from --help and schemas/ from the models.
	$(BIN)/python -m notice_tracker.cli.reference > docs/cli.md
	$(BIN)/python -m notice_tracker.records.schema schemas

clean: ## Remove the virtual environment and caches.
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
