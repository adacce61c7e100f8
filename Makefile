# Two commands for a newcomer: `make site` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The sample data describe the Manche network as of this date: rules that depend on
# the date (agreements ending, overdue returns, missing reports) are checked as of
# this day so that the demo never rots. Real use passes no --aujourdhui: the real date.
DEMO_TODAY := 2026-04-15
# `make site TODAY=` (empty) checks and builds as of the real date: what the
# publishing workflow does, and what a network does with its own data.
TODAY ?= $(DEMO_TODAY)
TODAY_OPTION = $(if $(TODAY),--aujourdhui $(TODAY))

# Every dependency comes from a lock file that pins its version and the hashes of its
# files (pip refuses anything else: --require-hashes); the project itself is then installed
# without resolving anything (--no-deps, and the locked setuptools: --no-build-isolation).
# `make lock` recomputes both files from pyproject.toml with pip-compile (pip-tools).
RUNTIME_LOCK := requirements/runtime.txt
TEST_LOCK := requirements/test.txt
PIP_LOCKED = $(BIN)/pip install --quiet --disable-pip-version-check --require-hashes
LOCK_OPTIONS = --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	--build-deps-for editable

# `make` alone lists the targets: each documented by the `## ` comment on its line.
help: ## liste les cibles
	@sed -n 's/^\([a-z-]*\):.*## \(.*\)/  make \1\t\2/p' $(MAKEFILE_LIST) | expand -t 22

.PHONY: help site test test-workflows validate serve install install-test browser assets clean lock

$(VENV)/.installed: pyproject.toml $(RUNTIME_LOCK)
	$(PYTHON) -m venv $(VENV)
	$(PIP_LOCKED) -r $(RUNTIME_LOCK)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed $(TEST_LOCK)
	$(PIP_LOCKED) -r $(TEST_LOCK)
	touch $@

lock: install-test ## recalcule les fichiers de verrouillage (requirements/) depuis pyproject.toml
	$(BIN)/pip-compile $(LOCK_OPTIONS) --output-file $(RUNTIME_LOCK) pyproject.toml
	$(BIN)/pip-compile $(LOCK_OPTIONS) --extra test --output-file $(TEST_LOCK) pyproject.toml

install: $(VENV)/.installed ## crée .venv et y installe le projet

install-test: $(VENV)/.installed-test ## installe aussi les outils de test

validate: install ## vérifie data/ (schémas et règles de la convention) à la date TODAY
	$(BIN)/tna validate $(TODAY_OPTION)

# Front-end assets from the npm registry (Leaflet), pinned by package-lock.json; never a CDN.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

assets: node_modules/.package-lock.json ## installe Leaflet depuis npm (npm ci)

# Validate, generate the pages into build/docs, then mkdocs build --strict into site/.
site: install assets ## vérifie data/ et construit le site dans site/
	$(BIN)/tna build $(TODAY_OPTION) --strict

serve: install assets ## construit le site, le sert sur http://127.0.0.1:8000/ et le reconstruit
	$(BIN)/tna serve $(TODAY_OPTION)

# Debian's Chromium for the browser tests (never a browser downloaded by a test tool).
browser: ## installe chromium (Debian) s'il manque
	@command -v chromium >/dev/null 2>&1 || { apt-get update && apt-get install -y chromium; }

test: install-test browser assets ## lance toute la suite de tests
	$(BIN)/python -m pytest

# The four GitHub workflows, unchanged, under a real Actions runner (act, self-hosted mode):
# a few minutes, so apart from `make test`; .ci/run runs both.
test-workflows: install-test ## lance les workflows GitHub sous act (quelques minutes)
	$(BIN)/python -m pytest -m act tests/test_act_workflows.py

clean: ## supprime site/, build/ et .venv/
	rm -rf site build $(VENV)
