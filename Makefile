# e-PPID: `make run` serves the demo portal, `make test` runs every test. Both set themselves up.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?=

.PHONY: run test lint install messages migrate demo system-deps clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
	  { echo "e-PPID needs Python >= 3.11 (found: $(PYTHON)); install it or run 'make PYTHON=/path/to/python3.11'"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

messages: install
	$(BIN)/python scripts/compile_translations.py

migrate: messages
	$(MANAGE) migrate --no-input

# The demo PKI first: the demo requests' receipts and notices are then signed at once.
demo: migrate
	$(MANAGE) init_demo_pki
	$(MANAGE) load_demo

# The task worker (django-tasks' db_worker: email delivery, checkpoints, the nightly check) and
# the scheduler that enqueues the periodic jobs run beside the server and stop with it.
run: demo
	@$(MANAGE) db_worker --no-reload & worker=$$!; \
	$(MANAGE) run_scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# System packages the suite needs: Debian's Chromium for the browser tests (never a downloaded
# browser) and GNU gettext for the translation check. As root they are installed with apt-get;
# otherwise we say what to install.
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v xgettext >/dev/null || missing="$$missing gettext"; \
	command -v go >/dev/null || missing="$$missing golang-go"; \
	command -v pdfsig >/dev/null || missing="$$missing poppler-utils"; \
	[ -d /usr/share/gocode/src/golang.org/x/mod/sumdb ] || missing="$$missing golang-golang-x-mod-dev"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  elif [ ! -x /usr/bin/chromium ]; then \
	    echo "Chromium is missing: run 'sudo apt-get install$$missing' (the browser tests need it)"; exit 1; \
	  else \
	    echo "Missing:$$missing - run 'sudo apt-get install$$missing' (gettext: translation check; golang: checkpoint interop test; poppler-utils: signature interop test)"; \
	  fi; \
	fi

test: messages system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$status

lint: install
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/ruff format --check src tests scripts bench
	$(BIN)/djlint --lint src/eppid
	$(BIN)/bandit -q -r src -c pyproject.toml

clean:
	rm -rf $(VENV) var
