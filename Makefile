# Agency Desk — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export AGENCYDESK_VAR_DIR ?= $(CURDIR)/var

.PHONY: run test install dev-install assets translations migrate demo lint clean messages

run: install assets translations migrate demo
	$(BIN)/agencydesk serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

dev-install: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

assets: node_modules/.package-lock.json
	$(BIN)/agencydesk collectstatic --noinput --verbosity 0

translations:
	$(BIN)/agencydesk compiletranslations

migrate:
	$(BIN)/agencydesk migrate --noinput

demo:
	$(BIN)/agencydesk demo

lint:
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/lint-imports

# Every test: lint and layer contracts, then the suite on SQLite, then on
# PostgreSQL when TEST_DATABASE_URL is set. The topology test (tests/deploy)
# brings up its own PostgreSQL database, so it runs in the first pass only.
test: dev-install node_modules/.package-lock.json translations lint
	$(BIN)/agencydesk makemigrations --check --dry-run
	$(BIN)/pytest -p no:cacheprovider
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== PostgreSQL: $$TEST_DATABASE_URL"; \
		DATABASE_URL="$$TEST_DATABASE_URL" $(BIN)/pytest -p no:cacheprovider -m "not topology"; \
	else echo "== TEST_DATABASE_URL not set: PostgreSQL run skipped"; fi

# Refresh the .po catalogues after changing user-facing strings (needs gettext).
messages:
	cd src/agencydesk && ../../$(BIN)/agencydesk makemessages --no-obsolete -l id -l ru -l zh_Hans -l en --ignore "*/tests/*"

clean:
	rm -rf $(VENV) node_modules var
