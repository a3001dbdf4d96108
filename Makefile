# The two commands a new user needs: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# A stamp per pyproject.toml version: the demo needs only what textback runs with, the tests more.
STAMP := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
RUNTIME := $(VENV)/.installed-runtime-$(STAMP)
INSTALLED := $(VENV)/.installed-test-$(STAMP)

.PHONY: demo test test-sqlite test-postgres test-faults test-clock bench clean

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit("textback needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)

$(RUNTIME): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	rm -f $(VENV)/.installed-runtime-* && touch $@

$(INSTALLED): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[test]"
	rm -f $(VENV)/.installed-* && touch $@ $(RUNTIME)

demo: $(RUNTIME)
	$(BIN)/textback demo

# SQLite, then PostgreSQL when TEST_DATABASE_URL or DATABASE_URL names one (even if SQLite failed);
# both summaries at the end, non-zero when either failed.
test: $(INSTALLED)
	@tests/run-both $(PYTEST_ARGS)

test-sqlite: $(INSTALLED)
	@echo "== tests on SQLite"
	DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: $(INSTALLED)
	@echo "== tests on PostgreSQL"
	DATABASE_URL="$(PG_URL)" $(BIN)/pytest $(PYTEST_ARGS)

# Fault injection (tests/faults): real `textback worker`/`serve` processes on a throwaway PostgreSQL
# database (TEST_DATABASE_URL or DATABASE_URL's server, else 127.0.0.1:5432); skips when unreachable.
test-faults: $(INSTALLED)
	@echo "== fault-injection tests on PostgreSQL"
	@url="$${TEST_DATABASE_URL:-$$DATABASE_URL}"; case "$$url" in postgres*) ;; \
	  *) url=postgres://postgres@127.0.0.1:5432/postgres ;; esac; \
	DATABASE_URL="$$url" $(BIN)/pytest tests/faults -s $(PYTEST_ARGS)

# The suite (SQLite) at five moments that catch a dependency on the wall clock, the weekday, the
# machine's time zone or DST, under libfaketime (apt-get install faketime); see tests/at-hostile-moments.
test-clock: $(INSTALLED)
	@tests/at-hostile-moments -- $(PYTEST_ARGS)

bench: $(INSTALLED)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var build
