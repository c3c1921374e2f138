# The two commands a new user runs: `make site` and `make test`.
# Both create .venv and install the pinned dependencies on first use
# (`make test` also installs the pinned axe-core from npm for the accessibility tests).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: site test serve check publish urls bench clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# SITE_URL (optional): the public address of the site root, for sitemaps and canonical links.
site: $(STAMP)
	$(BIN)/python -m generator build $(if $(SITE_URL),--site-url "$(SITE_URL)")

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/python -m generator check

serve: $(STAMP)
	$(BIN)/python -m generator serve --lang $(or $(LANG_SITE),id)

# Build into a temporary folder beside DEST, run the checks, then swap it in one step.
publish: $(STAMP)
	@test -n "$(DEST)" || { echo "usage: make publish DEST=/path/to/folder"; exit 2; }
	$(BIN)/python -m generator build --dest "$(DEST)" $(if $(SITE_URL),--site-url "$(SITE_URL)")

# Record every URL the site publishes (after adding codes) in published-urls.txt.
urls: $(STAMP)
	$(BIN)/python -m generator urls

# Benchmarks (not part of make test or CI); writes bench/RESULTS.md.
bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf site .build
