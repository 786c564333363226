# Agentic Deals: `make run` serves the API with embedded defaults, `make test` runs the suite
# on throwaway PostgreSQL and Redis.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: help install run dev admin reset stack test lint format bench bench-realistic bench-error-path bench-ledger bench-ai bench-throttle bench-login-flood bench-embedded bench-workers bench-provider-clients bench-scale bench-slow-clients fuzz soak chaos client clean

help:
	@echo "make run    serve the API on http://127.0.0.1:$(PORT) (SQLite, in-process cache and tasks)"
	@echo "make dev    the same with Django's reloading development server"
	@echo "make admin  create a superuser for /admin/ on make run's data"
	@echo "make reset  delete make run's data and its development key (stop the server first)"
	@echo "make stack  the production shape: PostgreSQL, Redis, nginx, gunicorn, worker, beat"
	@echo "make test   run the test suite on throwaway PostgreSQL and Redis"
	@echo "make lint   ruff check and format check, and the import layers (import-linter)"
	@echo "make bench  run the benchmarks under bench/"
	@echo "make fuzz   fuzz the live API from its OpenAPI document, longer than make test does"
	@echo "make soak   ten minutes of mixed traffic against a live deployment, then the invariants"
	@echo "make chaos  the production shape under load with faults injected, then the invariants (DURATION=10m)"
	@echo "make client regenerate the client libraries in clients/ (Python, TypeScript types)"

$(BIN)/.installed: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

install: $(BIN)/.installed

run: install
	BIN=$(BIN) PORT=$(PORT) scripts/run.sh

dev: install
	BIN=$(BIN) PORT=$(PORT) scripts/run.sh --dev

# A superuser for the admin, on the data `make run` serves (scripts/admin.sh: without a terminal
# it reads DJANGO_SUPERUSER_EMAIL, DJANGO_SUPERUSER_NAME and DJANGO_SUPERUSER_PASSWORD).
admin: install
	BIN=$(BIN) scripts/admin.sh

# Deletes make run's data and its development key (scripts/reset.sh; refuses while it serves).
reset:
	scripts/reset.sh

# The production shape on this machine: PostgreSQL, Redis, nginx, gunicorn, a worker and beat.
stack: install
	BIN=$(BIN) PORT=$${PORT:-8080} scripts/stack.sh

test: install
	scripts/ensure-chromium.sh
	scripts/ensure-node-tools.sh
	scripts/ensure-promtool.sh
	scripts/ensure-nginx.sh
	scripts/with-test-services.sh $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: bench-realistic bench-error-path bench-ledger bench-ai bench-throttle bench-login-flood bench-embedded bench-workers bench-provider-clients bench-scale bench-slow-clients

bench-realistic: install
	scripts/with-test-services.sh $(BIN)/python bench/realistic.py

bench-error-path: install
	$(BIN)/python bench/error_path.py

bench-ledger: install
	scripts/with-test-services.sh $(BIN)/python bench/ledger.py

bench-ai: install
	scripts/with-test-services.sh $(BIN)/python bench/ai_failover.py

bench-throttle: install
	scripts/with-test-services.sh $(BIN)/python bench/throttle.py

bench-login-flood: install
	scripts/ensure-nginx.sh
	scripts/with-test-services.sh $(BIN)/python bench/login_flood.py

bench-embedded: install
	scripts/with-test-services.sh $(BIN)/python bench/embedded.py

bench-workers: install
	scripts/with-test-services.sh $(BIN)/python bench/workers.py

bench-provider-clients: install
	$(BIN)/python bench/provider_clients.py

# Lists, the admin search and reconciliation at 10,000 against 1,000,000 rows (a few minutes).
bench-scale: install
	scripts/with-test-services.sh $(BIN)/python bench/scale.py $(SCALE_ARGS)

# One address holding 2,000 slow connections to nginx while another asks for /api/v1/health.
bench-slow-clients: install
	scripts/ensure-nginx.sh
	scripts/with-test-services.sh $(BIN)/python bench/slow_clients.py $(SLOW_CLIENTS_ARGS)

# The fuzz and soak runs start their own PostgreSQL and Redis; the script provides redis-server
# and the suite's settings.
FUZZ_MAX_EXAMPLES ?= 300
fuzz: install
	FUZZ_MAX_EXAMPLES=$(FUZZ_MAX_EXAMPLES) FUZZ_SEED= \
		scripts/with-test-services.sh $(BIN)/python -m pytest -q tests/adversarial/test_schema_fuzz.py

soak: install
	scripts/with-test-services.sh $(BIN)/python bench/soak.py $(SOAK_ARGS)

# The client libraries in clients/ (Python; TypeScript types), regenerated from the OpenAPI
# document and the error catalogue (a test fails when what is checked in differs).
client: install
	scripts/ensure-node-tools.sh
	$(BIN)/python clients/generate.py

# The production shape under load while a nemesis kills, pauses and restarts its parts, then the
# invariants (tests/chaos). DURATION=30m, SEED=N replays a run's schedule, CHAOS_ARGS for more.
DURATION ?= 10m
chaos: install
	scripts/ensure-nginx.sh
	scripts/with-test-services.sh $(BIN)/python -m tests.chaos.run --duration $(DURATION) \
		$(if $(SEED),--seed $(SEED)) $(CHAOS_ARGS)

clean:
	rm -rf $(VENV) var/*.sqlite3 .pytest_cache
