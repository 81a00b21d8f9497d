# Hemicycle: `make demo` serves the seed's meeting; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/test

.PHONY: demo test test-sqlite test-postgres lint install install-test messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	$(BIN)/hemicycle demo --port $(PORT)

# The whole suite on SQLite (browser tests included), then the integration tests on PostgreSQL.
test: install-test lint test-sqlite test-postgres

# Lint, format, types (strict on the floor), and the import contracts of pyproject.toml: the layers.
lint:
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

# The two-worker tests (tests/live/test_workers.py) start their servers on PostgreSQL even here.
test-sqlite:
	POSTGRES_URL=$(POSTGRES_URL) $(BIN)/pytest

test-postgres:
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(POSTGRES_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		HEMICYCLE_DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest tests/api tests/pages tests/live tests/convening tests/running tests/inscription tests/archive tests/outcome -m "not browser" --ignore=tests/live/test_workers.py; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL at $(POSTGRES_URL) is required under CI=true"; exit 1; \
	else \
		echo "PostgreSQL not reachable at $(POSTGRES_URL): integration tests on PostgreSQL not run (set POSTGRES_URL)"; \
	fi

# The translations (ar, zh-hans, fr, ru, es): collects the marked strings into
# src/hemicycle/locale/<lang>/LC_MESSAGES/django.po, then compiles them to django.mo.
# Needs GNU gettext (msgmerge, msgfmt): `apt-get install gettext` or `brew install gettext`.
MESSAGES_ENV := DJANGO_SETTINGS_MODULE=hemicycle.settings HEMICYCLE_DATA_DIR=/tmp/hc-i18n PYTHONPATH=$(CURDIR)/src

messages: install
	cd src/hemicycle && $(MESSAGES_ENV) $(CURDIR)/$(BIN)/python -m django makemessages -l fr -l es -l ar -l ru -l zh_Hans --ignore='migrations/*' -e html,py,txt
	cd src/hemicycle && $(MESSAGES_ENV) $(CURDIR)/$(BIN)/python -m django compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache .hypothesis
