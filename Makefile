# The newcomer's path: `make site`, then `make test`. Each sets up what it needs first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: site test check schema serve clean deps test-deps

site: $(VENV)/.build-deps
	$(BIN)/python -m generator build

check: $(VENV)/.build-deps
	$(BIN)/python -m generator check

schema: $(VENV)/.build-deps
	$(BIN)/python -m generator schema

test: $(VENV)/.test-deps
	$(BIN)/python -m pytest

deps: $(VENV)/.build-deps
test-deps: $(VENV)/.test-deps

$(VENV)/.build-deps: requirements/build.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements/build.txt
	$(PIP) install --no-deps -e .
	touch $@

$(VENV)/.test-deps: $(VENV)/.build-deps requirements/test.txt
	$(PIP) install -r requirements/test.txt
	touch $@

clean:
	rm -rf site .site-* .cache .pytest_cache .hypothesis
