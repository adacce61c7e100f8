# Two commands for a newcomer: `make site` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The sample data describe the Manche network as of this date: rules that depend on
# the date (agreements ending, overdue returns, missing reports) are checked as of
# this day so that the demo never rots. Real use passes no --today: the real date.
DEMO_TODAY := 2026-04-15
# `make site TODAY=` (empty) checks and builds as of the real date: what the
# publishing workflow does, and what a network does with its own data.
TODAY ?= $(DEMO_TODAY)
TODAY_OPTION = $(if $(TODAY),--today $(TODAY))

.PHONY: site test validate serve install install-test browser assets captures clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

validate: install
	$(BIN)/tna validate $(TODAY_OPTION)

# Front-end assets from the npm registry (Leaflet), pinned by package-lock.json; never a CDN.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

assets: node_modules/.package-lock.json

# Validate, generate the pages into build/docs, then mkdocs build --strict into site/.
site: install assets
	$(BIN)/tna build $(TODAY_OPTION) --strict

serve: install assets
	$(BIN)/tna serve $(TODAY_OPTION)

# Debian's Chromium for the browser tests (never a browser downloaded by a test tool).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update && apt-get install -y chromium; }

test: install-test browser assets
	$(BIN)/python -m pytest

# The README's two screenshots, taken by the browser tests into build/captures (never committed).
captures: install-test browser assets
	TNA_CAPTURES=$(CURDIR)/build/captures $(BIN)/python -m pytest -q tests/website/test_request_form.py \
		tests/website/test_site_features.py -k "builds_both_links or dates_first_search"

clean:
	rm -rf site build $(VENV)
