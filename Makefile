# The two commands a new user needs: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test test-sqlite test-postgres test-faults bench clean

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("textback needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[test]"
	rm -f $(VENV)/.installed-* && touch $@

demo: $(INSTALLED)
	$(BIN)/textback demo

# SQLite always; PostgreSQL too when TEST_DATABASE_URL or DATABASE_URL names one.
test: $(INSTALLED)
	$(MAKE) --no-print-directory test-sqlite
	@url="$${TEST_DATABASE_URL:-$$DATABASE_URL}"; case "$$url" in \
	  postgres*) $(MAKE) --no-print-directory test-postgres PG_URL="$$url" ;; \
	  *) echo "PostgreSQL run skipped: set TEST_DATABASE_URL=postgres://... to include it" ;; esac

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

bench: $(INSTALLED)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var build
