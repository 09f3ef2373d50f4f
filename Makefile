# Touchpoint: two commands on a fresh machine.
#   make run    install everything, start the embedded Neo4j, load the demo and serve the app
#   make test   install everything (incl. chromium for browser tests), lint, run the whole suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.touchpoint-installed
PYTEST_ARGS ?=
# The suite in this many processes (pytest-xdist), each with its own test server; 0 = serial.
# Serial against an external NEO4J_URI: that is one database, which the tests wipe.
TEST_WORKERS ?= $(if $(NEO4J_URI),0,2)

.PHONY: run test install install-test lint stress-browser bench neo4j-artifacts clean-data screenshots

run: install
	$(BIN)/touchpoint run

# The linter first: a lint failure fails `make test` (and so CI) before the slow suite runs.
test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest --headless --webdriver Chrome -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

install: $(STAMP) neo4j-artifacts
	@scripts/system-deps.sh run

install-test: install
	@scripts/system-deps.sh test

$(STAMP): pyproject.toml
	@scripts/system-deps.sh run
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

# Fetch Neo4j from Maven Central and build the launcher now, so the first start is quick.
neo4j-artifacts: $(STAMP)
	$(BIN)/python -c "from touchpoint.graph_model.store.server import LocalServer; from touchpoint.graph_model.model.settings import load_settings; LocalServer(load_settings()).build_launcher()"

# docs/screenshots/*.png from the configured graph holding the demo (loaded by `touchpoint run`,
# then `touchpoint resolve` and `touchpoint patterns run --all`)
screenshots: install-test
	$(BIN)/python scripts/screenshots.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The browser tests RUNS times in a row under a busy-CPU background load (scripts/stress-browser.sh)
stress-browser: install-test
	scripts/stress-browser.sh

clean-data:
	-$(BIN)/touchpoint db stop
	rm -rf .touchpoint .touchpoint-test .touchpoint-test-gw*
