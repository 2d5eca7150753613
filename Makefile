# JobMatch: `make run` serves the app with demo data; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

NODE_STAMP := node_modules/.installed

.PHONY: setup run test lint typecheck pytest demo clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

# axe-core for the browser journeys (tests/browser), pinned in package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

## make setup: the virtualenv with the package and its dev tools, and the npm packages of the tests
setup: $(STAMP) $(NODE_STAMP)

## make run: set up, load the demo network into var/jobmatch.db and serve on http://127.0.0.1:8000
run: $(STAMP)
	JOBMATCH_ENV=development $(BIN)/jobmatch demo --reset
	JOBMATCH_ENV=development JOBMATCH_DEMO=true $(BIN)/jobmatch serve --host $(HOST) --port $(PORT)

## make test: set up, lint, type-check and run the whole test suite
test: setup lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check jobmatch tests benchmarks scripts
	$(BIN)/ruff format --check jobmatch tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy jobmatch

pytest: setup
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache node_modules test-artefacts
