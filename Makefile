# The two commands of the README: `make run` serves the portal with demo data and runs its task worker
# beside it, `make test` runs every check. Both set up .venv first, reinstalling only when
# pyproject.toml has changed.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PO := locale/zh_Hans/LC_MESSAGES/django.po
MO := locale/zh_Hans/LC_MESSAGES/django.mo
# `make run` is the development server: DEBUG on unless the environment says otherwise.
DEV := DEBUG=$${DEBUG:-true}

.PHONY: run test install messages vendor bench

run: install
	@$(DEV) $(PY) manage.py migrate --no-input -v 0
	@$(DEV) $(PY) manage.py seed_demo --if-empty
	@echo "Serving http://127.0.0.1:$(PORT)/ with its task worker (Ctrl+C stops both)"
	@$(DEV) $(PY) manage.py procrastinate worker & worker=$$!; \
		trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
		$(DEV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# One test worker per core (pytest-xdist), each with its own test database, kept between runs.
TEST_WORKERS ?= auto

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	$(DEV) $(PY) manage.py makemigrations --check --dry-run
	@if [ -x /usr/bin/chromium ]; then \
		$(VENV)/bin/pytest -n $(TEST_WORKERS); \
	else \
		echo "Browser tests skipped: /usr/bin/chromium not found (apt-get install chromium to run them)."; \
		$(VENV)/bin/pytest -n $(TEST_WORKERS) -m "not e2e"; \
	fi

# The district-scale benchmark of devtools/: run seed_scale first; writes docs/performance.{json,md}.
bench: install
	$(DEV) $(PY) manage.py bench

install: $(VENV)/.installed $(MO)

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
		echo "The portal needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)." >&2; \
		echo "Install a newer Python and run again, e.g. 'make run PYTHON=python3.12'." >&2; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	@touch $@

# The compiled catalogue is committed too, so that a checkout works without GNU gettext.
$(MO): $(PO) $(VENV)/.installed
	$(PY) scripts/compile_messages.py

# Refresh the catalogue from the source (needs GNU gettext), then fill in the new msgstrs.
messages: install
	$(DEV) $(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'node_modules/*'
	$(PY) scripts/compile_messages.py

vendor:
	bash scripts/vendor_static.sh
