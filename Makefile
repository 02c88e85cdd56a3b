# Two commands do everything on a fresh machine (see README.md):
#   make run   create the environment, install, migrate, load the demo and serve the app on SQLite
#   make test  install what the tests need and run them (DATABASE_URL=postgres://… for PostgreSQL)
# and one starts it in production:
#   make serve migrate, collect the static files, and run gunicorn with DEBUG off (SECRET_KEY, ALLOWED_HOSTS from
#              the environment or .env; WEB_CONCURRENCY workers; HOST=address:port, 127.0.0.1:8000 by default)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
PYTEST_ARGS ?=

.PHONY: run serve install install-dev browser migrate demo test lint format mutation clean bench loadtest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# This machine only: DEBUG off (the app's own Vietnamese 404 and 500 pages, not Django's debug pages), plain http
# (PLAIN_HTTP: no https redirect nor https-only cookies), a secret key made once for this machine.
.env:
	printf 'DEBUG=false\nPLAIN_HTTP=true\nALLOWED_HOSTS=127.0.0.1,localhost\nSECRET_KEY=%s\n' \
		"$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env

install: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt

# Debian's Chromium for the browser tests (never `playwright install`: nothing is downloaded from elsewhere), and
# DejaVu fonts, whose Vietnamese letters label the chart in Word reports.
browser:
	@{ command -v chromium >/dev/null 2>&1 && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; } || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
		else echo "Cần Chromium và phông DejaVu của Debian: sudo apt-get install -y chromium fonts-dejavu-core"; exit 1; fi; }

migrate: install .env
	$(BIN)/python manage.py migrate --noinput

# load_demo refuses with DEBUG off unless told otherwise: it is told so only on the machine `make run` set up
# (PLAIN_HTTP=true in its .env), never on a server.
demo: migrate
	$(BIN)/python manage.py load_demo $$(grep -qsx 'PLAIN_HTTP=true' .env && echo --allow-production)

# --insecure: runserver serves the static files with DEBUG off (WhiteNoise would as well).
run: demo
	$(BIN)/python manage.py runserver --insecure $(HOST)

# Production: never the demo, never DEBUG nor PLAIN_HTTP, whatever .env says; static files always collected first.
serve: install
	DEBUG=false PLAIN_HTTP=false $(BIN)/python manage.py migrate --noinput
	DEBUG=false PLAIN_HTTP=false $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	exec env DEBUG=false PLAIN_HTTP=false HOST=$(HOST) $(BIN)/gunicorn --config gender_plan/gunicorn_conf.py gender_plan.wsgi

test: install-dev browser
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=gender_plan.settings_test
	$(BIN)/pytest $(PYTEST_ARGS)

# Mutation testing of the pure modules (README, "Mutation testing"): a few minutes; never part of `make test`.
mutation: install-dev
	$(BIN)/mutmut run
	$(BIN)/python -m tests.mutation_scores

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache .ruff_cache mutants

# Benchmarks at the sizes of DESIGN.md 10 on PostgreSQL (a database of its own, gender_plan_bench). See README.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/gender_plan_bench
BENCH_ARGS ?=
BENCH_ENV = DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=false SECURE_SSL_REDIRECT=false ALLOWED_HOSTS=localhost \
	SECRET_KEY=bench-only-not-a-secret-0123456789abcdef0123456789
bench: install
	psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'gender_plan_bench'" | grep -q 1 \
		|| createdb -h 127.0.0.1 -U postgres gender_plan_bench
	$(BENCH_ENV) $(BIN)/python manage.py migrate --noinput
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(BENCH_ENV) $(BIN)/python manage.py bench $(BENCH_ARGS)

# Load test (README, "Load test"): gunicorn + PostgreSQL on 127.0.0.1, 50 commune reporters and 5 leaders, 60 s with
# think time then 30 s without; a database of its own (gender_plan_load), built on the first run.
# LOADTEST_ARGS=--skip-build reuses the plan already built; --workers N, --output FILE.json.
LOADTEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/gender_plan_load
LOADTEST_ARGS ?=
LOADTEST_ENV = DATABASE_URL=$(LOADTEST_DATABASE_URL) DEBUG=false SECURE_SSL_REDIRECT=false ALLOWED_HOSTS=127.0.0.1 \
	SECRET_KEY=loadtest-only-not-a-secret-0123456789abcdef012345
loadtest: install
	$(LOADTEST_ENV) $(BIN)/python -c "import environ, psycopg; u = environ.Env.db_url_config('$(LOADTEST_DATABASE_URL)'); \
		c = psycopg.connect(host=u['HOST'] or None, port=u['PORT'] or None, user=u['USER'] or None, password=u['PASSWORD'] or None, dbname='postgres', autocommit=True); \
		c.execute('SELECT 1 FROM pg_database WHERE datname = %s', [u['NAME']]).fetchone() or c.execute('CREATE DATABASE \"%s\"' % u['NAME'])"
	$(LOADTEST_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(LOADTEST_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(LOADTEST_ENV) $(BIN)/python manage.py loadtest $(LOADTEST_ARGS)
