# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make run   — create/reuse .venv, install, run the demo newsroom end to end
#   make test  — create/reuse .venv, install, lint and run the test suite
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(STAMP): $(BIN)/python setup.py
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
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

$(AIRFLOW_STAMP): $(AIRFLOW_BIN)/python setup.py
	$(AIRFLOW_BIN)/python -m pip install --quiet --upgrade pip
	$(AIRFLOW_BIN)/python -m pip install --quiet -e '.[dev,airflow]'
	$(AIRFLOW_BIN)/python -c "import importlib.metadata as m; [m.version(d) for d in '$(AIRFLOW_DISTS)'.split()]"
	touch $(AIRFLOW_STAMP)

# standalone starts its components as `airflow …` from PATH: the venv's bin comes first.
airflow: $(AIRFLOW_STAMP)
	PATH="$(CURDIR)/$(AIRFLOW_BIN):$$PATH" $(AIRFLOW_ENV) airflow standalone

test-airflow: $(AIRFLOW_STAMP)
	$(AIRFLOW_BIN)/python -m pytest tests/dags
