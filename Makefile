# kg: two commands for a new user, `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: demo test bench install clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(PY) -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: install
	rm -rf demo-store
	$(BIN)/kg build examples/corpus --store demo-store
	$(BIN)/kg ask unacknowledged-deployments --store demo-store

test: install
	$(PY) -m pytest -n 2 -q

bench: install
	$(PY) bench/run.py

clean:
	rm -rf demo-store kg-store .pytest_cache
