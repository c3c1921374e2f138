# The two commands a new user runs: `make site` and `make test`.
# Both create .venv and install the pinned dependencies on first use
# (`make test` also installs the pinned axe-core from npm for the accessibility tests).
# .venv and node_modules are made whole or not at all: a failed or interrupted install
# removes what it made, and the stamp file that marks them done is written last.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: site test serve check publish urls bench clean distclean python-ok npm-ok

$(STAMP): requirements.txt | python-ok
	@echo "make: installing requirements.txt into $(VENV) with $(PYTHON)"
	@trap 'rm -rf $(VENV); exit 1' INT TERM HUP; \
	[ -f $@ ] || rm -rf $(VENV); \
	if $(PYTHON) -m venv $(VENV) && $(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt; \
	then touch $@; \
	else rm -rf $(VENV); echo "make: installing requirements.txt failed (see above); $(VENV) was removed, so the next run starts afresh" >&2; exit 1; fi

$(NODE_STAMP): package-lock.json | npm-ok
	@trap 'rm -rf node_modules; exit 1' INT TERM HUP; \
	if npm ci --no-audit --no-fund --loglevel=error; \
	then touch $@; \
	else rm -rf node_modules; echo "make: npm ci failed (see above); node_modules was removed, so the next run starts afresh" >&2; exit 1; fi

# Before .venv or node_modules is made (and only then): is the tool there, and new enough?
# If not, make stops with one line and creates nothing. The line is make's own fatal error,
# raised while the prerequisites of a rule without a recipe are expanded (.SECONDEXPANSION):
# from there it reads `make: *** ...  Stop.` and nothing else.
stale = $(shell [ -f $1 ] && [ ! $2 -nt $1 ] || echo yes)
NEEDED_PYTHON = $(shell sed -n 's/^requires-python *= *">= *\([0-9]*\.[0-9]*\)".*/\1/p' pyproject.toml)
python_problem = $(shell need="$(NEEDED_PYTHON)"; \
  if [ -z "$$need" ]; then echo "pyproject.toml says no requires-python = \">=X.Y\""; \
  elif ! command -v "$(PYTHON)" >/dev/null 2>&1; then \
    echo "$(PYTHON) was not found; Python $$need or newer is needed (set PYTHON=python$$need, or the path of a newer one)"; \
  else set -- $$("$(PYTHON)" -V 2>&1 | sed -n 's/^Python \(\([0-9]*\)\.\([0-9]*\)[^ ]*\).*/\2 \3 \1/p'); \
    if [ -z "$$3" ]; then echo "$(PYTHON) does not answer -V as Python does; set PYTHON to a Python $$need or newer"; \
    elif [ "$$1" -lt $(word 1,$(subst ., ,$(NEEDED_PYTHON))) ] || \
         { [ "$$1" -eq $(word 1,$(subst ., ,$(NEEDED_PYTHON))) ] && [ "$$2" -lt $(word 2,$(subst ., ,$(NEEDED_PYTHON))) ]; }; then \
      echo "Python $$need or newer is needed; $(PYTHON) is $$3 (set PYTHON=python$$need, or a newer one, to use another)"; fi; fi)
npm_problem = $(shell command -v npm >/dev/null 2>&1 || \
  echo "npm was not found; make test needs Node.js and npm for axe-core (Debian/Ubuntu: apt-get install nodejs npm)")

.SECONDEXPANSION:
python-ok: $$(if $$(call stale,$(STAMP),requirements.txt),$$(if $$(python_problem),$$(error $$(python_problem))))
npm-ok: $$(if $$(call stale,$(NODE_STAMP),package-lock.json),$$(if $$(npm_problem),$$(error $$(npm_problem))))

# SITE_URL (optional): the public address of the site root, for sitemaps and canonical links.
site: $(STAMP)
	$(BIN)/python -m generator build $(if $(SITE_URL),--site-url "$(SITE_URL)")

# Tests run in TEST_WORKERS processes (pytest-xdist), one per core by default; an idle one takes
# tests queued for another, so one slow browser test does not hold the rest back. The suite is
# CPU-bound: on two cores, three workers took longer than two. TEST_WORKERS=0: one process.
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist worksteal)

check: $(STAMP)
	$(BIN)/python -m generator check

# A catalog with problems shows them on every page until they are fixed. PORT (optional): not 8000.
serve: $(STAMP)
	$(BIN)/python -m generator serve --lang $(or $(LANG_SITE),id) $(if $(PORT),--port $(PORT))

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

# What clean removes, and what the set-up and the tests made: the next `make site` starts as on a fresh clone.
distclean: clean
	rm -rf $(VENV) node_modules test-artifacts .pytest_cache .hypothesis
