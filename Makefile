# The two commands of the README, and their helpers.
# `make run` serves the site as users see it; `make test` runs the whole suite.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Links in e-mails point where the site is served, unless DJANGO_SITE_URL is set.
DJANGO_SITE_URL ?= http://127.0.0.1:$(PORT)
STAMP := $(VENV)/.installed

.PHONY: run dev test test-browser lint install migrate load bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when pyproject.toml changed since the last install.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# A secret key generated once for this checkout, kept out of git.
.secret_key:
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > .secret_key
	chmod 600 .secret_key

migrate: install .secret_key
	DJANGO_SECRET_KEY="$$(cat .secret_key)" $(BIN)/python manage.py migrate --noinput

load: migrate
	DJANGO_SECRET_KEY="$$(cat .secret_key)" $(BIN)/python manage.py load_workshop --if-empty

RUN_ENV = DJANGO_SECRET_KEY="$$(cat .secret_key)" DJANGO_CACHE_DIR=.cache \
	DJANGO_SITE_URL="$(DJANGO_SITE_URL)"

# gunicorn serves the site; the task worker (db_worker) sends its e-mail. Ctrl-C stops both.
run: load
	$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "Serving the knowledge base at http://127.0.0.1:$(PORT) (Ctrl-C stops it and its task worker)"
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null; trap - EXIT; exit 0' INT TERM EXIT; \
	$(RUN_ENV) $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	$(RUN_ENV) $(BIN)/gunicorn cop.wsgi:application \
		--bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -

# The debug server, which sends each e-mail itself (to the console): no worker needed.
dev: load
	DJANGO_DEBUG=1 DJANGO_TASKS_BACKEND=immediate DJANGO_SITE_URL="$(DJANGO_SITE_URL)" \
		$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Tests never use the real secret key; they run with debug off, as production does.
TEST_ENV := DJANGO_SECRET_KEY=test-only-not-a-secret DJANGO_DEBUG=0

test: install lint
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

test-browser: install
	$(TEST_ENV) $(BIN)/pytest tests/browser $(PYTEST_ARGS)

# The benchmark works in its own PostgreSQL database (BENCH_DATABASE_URL, default glo_act_bench),
# which it creates, loads and fills; extra options go in BENCH_ARGS ("--practices 1000 --rebuild").
bench: install .secret_key
	DJANGO_SECRET_KEY="$$(cat .secret_key)" $(BIN)/python -m scripts.bench --write-docs $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles
