# The two commands a new user runs: `make site` and `make test`.
# Both create .venv and install the pinned dependencies on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test serve check clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

site: $(STAMP)
	$(BIN)/python -m generator build

test: $(STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/python -m generator check

serve: $(STAMP)
	$(BIN)/python -m generator serve --lang $(or $(LANG_SITE),id)

clean:
	rm -rf site .build
