# The README's two commands: `make run` and `make test`. Everything else is extra.
PYTHON ?= python3.12
VENV := .venv
PY := $(VENV)/bin/python
# The production install: requirements.txt alone, as the image has it. Every
# process the tests start as production would (gunicorn, worker, beat) runs from here.
RUNTIME := .venv-runtime
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run`: links in e-mails and the addresses printed follow HOST and PORT,
# unless SITE_URL is set; the host is allowed too (a LAN address, say).
run: export SITE_URL ?= http://$(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST)):$(PORT)
run: export ALLOWED_HOSTS ?= localhost,127.0.0.1,[::1],$(HOST)

.PHONY: run runtime test e2e smoke compose-e2e bench lint serve-prod clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

$(RUNTIME)/.installed: requirements.txt
	rm -rf $(RUNTIME)
	$(PYTHON) -m venv $(RUNTIME)
	$(RUNTIME)/bin/python -m pip install --quiet --upgrade pip
	$(RUNTIME)/bin/python -m pip install --quiet -r requirements.txt
	$(RUNTIME)/bin/python -c "import kombu.transport.redis, celery, gunicorn, psycopg"
	touch $@

## runtime: a venv from requirements.txt alone, as the production image installs it
runtime: $(RUNTIME)/.installed

## run: set up and serve the demo on SQLite with no broker (http://127.0.0.1:8000)
run: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Serving on $(SITE_URL)/  (HR: /admin/, managers: /reports/, e-mails: /outbox/)"
	@trap 'kill $$dispatcher 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py dispatch_due --every 60 & dispatcher=$$!; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

## test: set up and run the whole test suite (browser tests: make e2e)
test: $(VENV)/.dev $(RUNTIME)/.installed
	$(PY) -m pytest $(PYTEST_ARGS) --ignore=tests/e2e

## e2e: the three journeys in Chromium (needs /usr/bin/chromium)
e2e: $(VENV)/.dev $(RUNTIME)/.installed
	$(PY) -m pytest $(PYTEST_ARGS) tests/e2e

## smoke: the production mode end to end (gunicorn, worker, beat, PostgreSQL, Redis)
smoke: $(VENV)/.dev $(RUNTIME)/.installed
	$(PY) tests/smoke/run_smoke.py

## compose-e2e: build the images and run docker-compose.yml for real (root, docker, debootstrap)
compose-e2e: $(VENV)/.dev
	bash .ci/compose_e2e.sh

## bench: benchmarks against the DESIGN budgets; writes bench/results.json and bench/README.md
bench: $(VENV)/.dev $(RUNTIME)/.installed
	$(PY) bench/run_all.py $(BENCH_ARGS)

## messages: refresh the translation catalogues after changing texts, then compile them
messages: $(VENV)/.dev
	$(PY) manage.py makemessages -l de -l fr -l es -l sv --no-obsolete \
	  --ignore=".venv*" --ignore="tests/*" --ignore="bench/*" --ignore="staticfiles/*" \
	  --ignore="var/*" --ignore="test-artifacts/*"
	$(PY) manage.py compilemessages -l de -l fr -l es -l sv --ignore=".venv*"

## lint: ruff, and the import contracts (.importlinter: apps depend one way, no cycles)
lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) $(RUNTIME) staticfiles var db.sqlite3 test-artifacts
