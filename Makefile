# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make run   — create/reuse .venv, install, run the demo newsroom end to end
#   make test  — create/reuse .venv, install, lint and run the test suite
# Every install goes through constraints.txt (the exact versions CI tested); `make test-latest`
# is the canary on the newest releases setup.py allows, `make constraints` refreshes the pins.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CONSTRAINTS := constraints.txt
# pip itself comes from the pins too, so a fresh venv resolves the same way everywhere.
PIP_PINNED := -m pip install --quiet --constraint $(CONSTRAINTS)

.PHONY: run test lint format install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(STAMP): $(BIN)/python setup.py $(CONSTRAINTS)
	$(BIN)/python $(PIP_PINNED) --upgrade pip setuptools
	$(BIN)/python $(PIP_PINNED) -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/wirestream demo

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest
	$(MAKE) test-airflow

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf out build *.egg-info

# The quick throughput benchmark (1,000 articles; benchmarks/README.md): it reports, it does not
# gate. Writes benchmarks/results/throughput_quick.json.
.PHONY: bench

bench: $(STAMP)
	$(BIN)/python -m benchmarks.throughput --quick

# Airflow (dags/): a separate venv, .venv-airflow, with the `airflow` extra, so the project
# venv stays lean. `make airflow` starts Airflow locally (SQLite, AIRFLOW_HOME=./airflow_home,
# this project's DAGs, no examples); `make test-airflow` runs the DAG tests.
AIRFLOW_VENV ?= .venv-airflow
AIRFLOW_BIN := $(AIRFLOW_VENV)/bin
AIRFLOW_STAMP := $(AIRFLOW_VENV)/.installed
AIRFLOW_ENV := AIRFLOW_HOME=$(CURDIR)/airflow_home AIRFLOW__CORE__DAGS_FOLDER=$(CURDIR)/dags \
	AIRFLOW__CORE__LOAD_EXAMPLES=False
AIRFLOW_DISTS := apache-airflow apache-airflow-providers-apache-beam apache-airflow-providers-google

.PHONY: airflow test-airflow

$(AIRFLOW_BIN)/python:
	$(PYTHON) -m venv $(AIRFLOW_VENV) || python3 -m venv $(AIRFLOW_VENV)

$(AIRFLOW_STAMP): $(AIRFLOW_BIN)/python setup.py $(CONSTRAINTS)
	$(AIRFLOW_BIN)/python $(PIP_PINNED) --upgrade pip setuptools
	$(AIRFLOW_BIN)/python $(PIP_PINNED) -e '.[dev,airflow]'
	$(AIRFLOW_BIN)/python -c "import importlib.metadata as m; [m.version(d) for d in '$(AIRFLOW_DISTS)'.split()]"
	touch $(AIRFLOW_STAMP)

# standalone starts its components as `airflow …` from PATH: the venv's bin comes first.
airflow: $(AIRFLOW_STAMP)
	PATH="$(CURDIR)/$(AIRFLOW_BIN):$$PATH" $(AIRFLOW_ENV) airflow standalone

test-airflow: $(AIRFLOW_STAMP)
	$(AIRFLOW_BIN)/python -m pytest tests/dags

# The canary: a new venv, .venv-latest, with the newest releases that setup.py allows (no
# constraints, every dependency upgraded eagerly), then lint, the whole suite (Airflow tests
# included) and the demo there. Green means `make constraints` may take those versions.
LATEST_VENV ?= .venv-latest
LATEST_BIN := $(LATEST_VENV)/bin

.PHONY: latest-venv test-latest constraints check-fresh-clone

latest-venv:
	rm -rf $(LATEST_VENV)
	$(PYTHON) -m venv $(LATEST_VENV) || python3 -m venv $(LATEST_VENV)
	$(LATEST_BIN)/python -m pip install --quiet --upgrade pip setuptools
	$(LATEST_BIN)/python -m pip install --quiet --upgrade --upgrade-strategy eager \
		-e '.[dev,airflow]'
	$(LATEST_BIN)/python -m pip freeze --all --exclude-editable > $(LATEST_VENV)/freeze.txt
	@echo "Newest allowed releases that differ from $(CONSTRAINTS):"
	@$(LATEST_BIN)/python tools/constraints.py diff $(CONSTRAINTS) $(LATEST_VENV)/freeze.txt

test-latest: latest-venv
	$(LATEST_BIN)/ruff check .
	UNPINNED_CANARY=1 $(LATEST_BIN)/python -m pytest --ignore=tests/dags
	$(LATEST_BIN)/python -m pytest tests/dags
	$(LATEST_BIN)/wirestream demo --output out/demo-latest

# After a green `make test-latest`: pins what .venv-latest holds, then `make test` installs it.
constraints:
	test -f $(LATEST_VENV)/freeze.txt || { echo "run make test-latest first" >&2; exit 2; }
	$(LATEST_BIN)/python tools/constraints.py write $(LATEST_VENV)/freeze.txt $(CONSTRAINTS)

# What CI runs after `make test`: the README's `make run` in a fresh clone of the committed
# HEAD, with its own new .venv, so a missing install step fails here and not for a user.
check-fresh-clone:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	git clone --quiet "$(CURDIR)" "$$tmp/wirestream" && \
	echo "fresh clone of $$(git -C "$$tmp/wirestream" rev-parse --short HEAD) in $$tmp" && \
	start=$$(date +%s) && \
	$(MAKE) --no-print-directory -C "$$tmp/wirestream" run && \
	test -s "$$tmp/wirestream/out/demo/_manifest.json" && \
	echo "fresh clone: make run passed in $$(( $$(date +%s) - start )) s," \
		"venv $$(du -sm "$$tmp/wirestream/.venv" | cut -f1) MB"
