# Sitegroup: the two commands are `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint bench bench-quick db stop migrate messages check clean-db help

help:
	@echo "make demo   - install, start PostgreSQL, build the demo cluster, serve it on :$(PORT)"
	@echo "make test   - lint (ruff), then run the whole test suite against real PostgreSQL"
	@echo "make bench  - run the benchmarks in bench/"
	@echo "make stop   - stop the embedded PostgreSQL server"

# The virtualenv is rebuilt whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

db: $(VENV)/.installed
	$(MANAGE) pgserver start

migrate: db
	$(MANAGE) migrate --verbosity 0

demo: migrate
	$(MANAGE) build_demo --port $(PORT)
	$(MANAGE) runserver $(HOST):$(PORT)

# The linter runs first so the tree cannot drift from it (config: [tool.ruff] in pyproject.toml).
# pytest-xdist runs the suite in one worker per core, each on its own test database
# (test_sitegroup_gw0, ...), handing tests out one at a time so that the long browser tests,
# which every worker reaches last, end about together. `make test PYTEST_ARGS="-q tests/x"`
# runs a part in one process.
PYTEST_ARGS ?= -n auto --maxschedchunk 1
test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

# The issue-sized runs (1,000 sites; 1M documents across 2,000 sites) take over an hour here;
# `make bench-quick` runs the same benchmarks at their small defaults.
SCALE_ARGS ?= --sites 1000
SEARCH_ARGS ?= --sites 2000 --docs 1000000 --baseline-sites 5

bench: $(VENV)/.installed
	$(PY) bench/provision.py
	$(PY) bench/scale.py $(SCALE_ARGS)
	$(PY) bench/search.py $(SEARCH_ARGS)
	$(PY) bench/move_up.py
	$(PY) bench/safety.py
	$(PY) bench/health.py
	$(PY) bench/visits.py
	$(PY) bench/serve.py
	$(PY) bench/import_site.py

bench-quick:
	$(MAKE) bench SCALE_ARGS= SEARCH_ARGS=

stop:
	@if [ -x $(PY) ]; then $(MANAGE) pgserver stop; else echo "nothing to stop"; fi

messages: $(VENV)/.installed
	$(MANAGE) makemessages -l zh_Hans -i .venv -i var -i tests -i bench -i '*/static/*' && $(MANAGE) compilemessages -i .venv -i var

check: $(VENV)/.installed
	$(MANAGE) check
