# KLmitWirkung: `make run` serves the site, `make test` runs the whole suite. Both set everything up.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# Services, selectors and the spatial base are type-checked (STYLE.md).
TYPED := geo/bounds.py geo/services.py geo/selectors.py geo/datasets.py geo/exports.py geo/geojson.py geo/spatial.py geo/text.py geo/districting.py geo/disclosure.py geo/aggregation.py

.PHONY: help run test lint format bench bench-cpu bench-data loadtest seed setup system db reference-data

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

system: ## install missing system packages (PostGIS, GDAL, GEOS, PROJ, gettext, Chromium)
	@scripts/install_system.sh

# The stamp is newer than requirements.txt once the pinned set is installed, so a second run skips pip.
$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q -r requirements.txt
	@touch $@

db: ## bring up the database and write its URL to .env
	@scripts/database.sh

setup: system $(VENV)/.installed db ## everything make run and make test need
	@$(PY) manage.py compilemessages --ignore '.venv' -v 0
	@$(PY) manage.py migrate --noinput -v 0

reference-data: setup ## load the Kaiserslautern districts and gazetteer (idempotent)
	@$(PY) manage.py load_districts
	@$(PY) manage.py load_gazetteer

# With Redis answering, jobs go to a Celery worker (and its scheduler) started beside the web process and stopped
# with it; without Redis they run in the web process at once (CELERY_TASK_ALWAYS_EAGER, docs/jobs.md).
REDIS_UP = $(shell $(PY) -c "import redis; redis.Redis.from_url('$(or $(REDIS_URL),redis://127.0.0.1:6379/0)', socket_timeout=1).ping()" 2>/dev/null && echo yes)

run: reference-data ## set up, add demo content, start the job worker and serve the site on http://127.0.0.1:8000
	@$(PY) manage.py seed
	@if [ "$(REDIS_UP)" = yes ]; then \
		export REDIS_URL=$(or $(REDIS_URL),redis://127.0.0.1:6379/0); \
		mkdir -p .data; $(VENV)/bin/celery -A config worker --beat --schedule .data/celerybeat-schedule --concurrency 2 --loglevel warning & worker=$$!; \
		trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
		DJANGO_DEBUG=true $(PY) manage.py runserver $(HOST); \
	else \
		echo "Redis does not answer: jobs run in the web process."; \
		DJANGO_DEBUG=true $(PY) manage.py runserver $(HOST); \
	fi

# One worker per core; `--dist load` hands each worker the next test in the suite's order (costly first, and
# never a rolled-back test after one that commits: tests/conftest.py). TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto
test: setup ## set up and run the whole test suite (browser tests included), in parallel, and print its time
	@time $(PY) -m pytest --create-db -n $(TEST_WORKERS) --dist load --durations=30

lint: $(VENV)/.installed ## ruff and a check that migrations match the models
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@$(PY) manage.py makemigrations --check --dry-run
	@$(VENV)/bin/mypy $(TYPED)

format: $(VENV)/.installed ## format the code with ruff
	@$(VENV)/bin/ruff format .
	@$(VENV)/bin/ruff check --fix .

seed: reference-data ## create the demo content (idempotent)
	@$(PY) manage.py seed

BENCH_VENV := .venv-bench
# The parts on the scale data set, in this order, one process each (bench/__main__.py: SCALE_MODULES); the ones
# that write there remove what they wrote. alerts goes last: it records the data set's recent events first.
SCALE_PARTS ?= pages contention ogc cpu cost rollups similar dashboard gis loadtest alerts

# One command for every figure of docs/performance.md: the development database's parts, then SCALE_PARTS on
# SCALE_DB. Each part prints its time and the load average; the table at the end sums them up.
bench: reference-data $(BENCH_VENV)/.installed ## run every benchmark under bench/ (about 20 minutes on an idle 2-core machine; the scale ones on SCALE_DB); fails if a goal is missed
	@if [ "$(REDIS_UP)" = yes ]; then export REDIS_URL=$(or $(REDIS_URL),redis://127.0.0.1:6379/0); fi; \
	times=$$(mktemp); export BENCH_TIMES=$$times; started=$$(date +%s); \
	echo "make bench started $$(date -u '+%F %T UTC'), load average $$(cat /proc/loadavg)"; status=0; \
	$(PY) -m bench || status=1; \
	if psql -qtAX "$(PG_SERVER)" -c "SELECT 1 FROM pg_database WHERE datname = '$(SCALE_DB)'" | grep -q 1; then \
		for part in $(SCALE_PARTS); do DATABASE_URL='$(SCALE_URL)' $(PY) -m bench $$part || status=1; done; \
	else echo "No database $(SCALE_DB): run make bench-data for the benchmarks on a million ideas."; fi; \
	echo; echo "make bench ended $$(date -u '+%F %T UTC'), load average $$(cat /proc/loadavg)"; \
	printf '\n| part | database | seconds | load before | load after |\n|---|---|---:|---|---|\n'; \
	awk -F'\t' '{printf "| %s | %s | %s | %s | %s |\n", $$1, $$2, $$3, $$4, $$5}' $$times; \
	echo "total: $$(( ($$(date +%s) - started) / 60 )) min $$(( ($$(date +%s) - started) % 60 )) s, exit status $$status"; \
	rm -f $$times; exit $$status

# pygeoapi, the baseline of bench/gis.py and bench/ogc.py, in a virtual environment of its own.
$(BENCH_VENV)/.installed: bench/requirements-pygeoapi.txt $(VENV)/.installed
	@test -x $(BENCH_VENV)/bin/pip || $(PY) -m venv $(BENCH_VENV)
	@$(BENCH_VENV)/bin/pip install -q -r bench/requirements-pygeoapi.txt
	@touch $@


# The scale data set lives in a database of its own (SCALE_DB) on the same server as the development one.
SCALE_DB ?= klmw_scale
BASE_URL = $(or $(DATABASE_URL),$(shell sed -n 's/^DATABASE_URL=//p' .env 2>/dev/null))
SCALE_URL = $(shell echo '$(BASE_URL)' | sed 's#/[^/]*$$#/$(SCALE_DB)#')
PG_SERVER = $(shell echo '$(BASE_URL)' | sed 's#^postgis://#postgresql://#; s#/[^/]*$$#/postgres#')

bench-data: $(VENV)/.installed ## load 1M ideas, 10M survey answers and 200 projects into the database SCALE_DB (minutes)
	@psql -qtAX "$(PG_SERVER)" -c "SELECT 1 FROM pg_database WHERE datname = '$(SCALE_DB)'" | grep -q 1 || \
		psql -qX "$(PG_SERVER)" -c 'CREATE DATABASE "$(SCALE_DB)"'
	@DATABASE_URL='$(SCALE_URL)' $(PY) manage.py migrate --noinput -v 0
	@DATABASE_URL='$(SCALE_URL)' $(PY) manage.py load_districts
	@DATABASE_URL='$(SCALE_URL)' $(PY) manage.py load_gazetteer
	@DATABASE_URL='$(SCALE_URL)' $(PY) -m bench data

# With Redis answering, the server uses it for cache and sessions as in production.
bench-cpu: $(VENV)/.installed ## CPU per request of every page and API over HTTP (wrk; on SCALE_DB when it exists)
	@if [ "$(REDIS_UP)" = yes ]; then export REDIS_URL=$(or $(REDIS_URL),redis://127.0.0.1:6379/0); fi; \
	if psql -qtAX "$(PG_SERVER)" -c "SELECT 1 FROM pg_database WHERE datname = '$(SCALE_DB)'" | grep -q 1; then \
		DATABASE_URL='$(SCALE_URL)' $(PY) -m bench cpu; else $(PY) -m bench cpu; fi

# Vote week and survey week (docs/performance.md); Redis for cache and sessions when it answers, as in production.
loadtest: $(VENV)/.installed ## locust against gunicorn on SCALE_DB: 100 supports/s + 100 reads/s, 50 responses/s, 60 s each
	@if [ "$(REDIS_UP)" = yes ]; then export REDIS_URL=$(or $(REDIS_URL),redis://127.0.0.1:6379/0); fi; \
	DATABASE_URL='$(SCALE_URL)' $(PY) -m bench loadtest
