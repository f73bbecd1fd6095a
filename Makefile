# e-PPID: `make run` serves the demo portal, `make test` runs every test. Both set themselves up.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?= -n auto --dist loadfile

LOCK := requirements/lock.txt
# `make lock LOCK_ARGS=--upgrade` (everything) or `LOCK_ARGS="--upgrade-package django"` (one).
LOCK_ARGS ?=

.PHONY: run test lint install lock messages migrate demo system-deps clean stack stack-down stack-load stack-faults stack-drill

# Exactly what the lock names, each file checked against its PyPI hash (pip itself and the build
# backend included), then the project itself without resolving anything more. `pip check` fails
# when pyproject.toml asks for something the lock lacks: run `make lock`.
$(VENV)/.installed: pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
	  { echo "e-PPID needs Python >= 3.11 (found: $(PYTHON)); install it or run 'make PYTHON=/path/to/python3.11'"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	@$(BIN)/pip check >/dev/null || { $(BIN)/pip check; \
	  echo "pyproject.toml and $(LOCK) disagree: run 'make lock'"; exit 1; }
	touch $@

install: $(VENV)/.installed

# The locks (docs/decisions/1240): uv resolves pyproject.toml with its dev extra, plus the build
# backend and pip (requirements/build.in), for every platform and Python >= 3.11, from PyPI alone
# (no pip configuration or local index of this machine), keeping the versions already locked
# unless LOCK_ARGS says otherwise. The production lock is the same without the dev tools, held to
# the versions of the full lock.
UV_COMPILE = $(BIN)/uv pip compile --quiet --no-config --universal --python-version 3.11 --generate-hashes \
	--index-url https://pypi.org/simple --custom-compile-command "make lock"
lock: $(BIN)/uv
	$(UV_COMPILE) --extra dev $(LOCK_ARGS) -o $(LOCK) pyproject.toml requirements/build.in
	$(UV_COMPILE) -c $(LOCK) -o requirements/production.txt pyproject.toml requirements/build.in

$(BIN)/uv:
	@[ -x $(BIN)/pip ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)

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
	[ -x /usr/sbin/clamd ] || command -v clamd >/dev/null || missing="$$missing clamav-daemon"; \
	[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || missing="$$missing nginx"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  elif [ ! -x /usr/bin/chromium ]; then \
	    echo "Chromium is missing: run 'sudo apt-get install$$missing' (the browser tests need it)"; exit 1; \
	  else \
	    echo "Missing:$$missing - run 'sudo apt-get install$$missing' (gettext: translation check; golang: checkpoint interop test; poppler-utils: signature interop test; clamav-daemon: virus scanner test; nginx: the stack's tests)"; \
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

# The scale-out stack on this machine (docs/decisions/1460; README "The stack"): nginx with TLS,
# two app servers, worker, scheduler, a private Redis, the database eppid_stack in the local
# PostgreSQL. STACK_STORAGE=s3 keeps the files in a local S3 test double instead of a directory.
stack: messages
	@command -v nginx >/dev/null || { if [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
	  else echo "nginx is missing: run 'sudo apt-get install nginx'"; exit 1; fi; }
	$(BIN)/python scripts/stack.py up

stack-down:
	$(BIN)/python scripts/stack.py down

# Load (locust, headless) against the stack, with the bare baseline in the same run.
stack-load: messages
	$(BIN)/python bench/stack_load.py

# Every fault script in turn; each prints its verdict (PASS/FAIL) and exits 1 on FAIL.
stack-faults: messages
	@status=0; for fault in scripts/faults/[a-z]*.py; do \
	  echo "=== $$fault"; $(BIN)/python $$fault || status=1; done; exit $$status

# The yearly drill: backup, wipe, restore onto the stack, verify (docs/operations.md 9.5).
stack-drill: messages
	$(BIN)/python scripts/drill.py

clean:
	rm -rf $(VENV) var
