# The commands the README gives. Each sets up everything on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
export NO_MKDOCS_2_WARNING = 1

# make preview EDITION=facilitator: the staff site
EDITION ?= participant
.PHONY: serve test build bench preview

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-test.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

serve: $(VENV)/.installed
	$(BIN)/mkdocs serve

build: $(VENV)/.installed
	$(BIN)/mkdocs build

test: $(VENV)/.installed
	bash tests/system-deps.sh
	$(BIN)/python -m pytest

bench: $(VENV)/.installed
	$(BIN)/python -m bench

# The published versions as readers see them (mike serve on 127.0.0.1:8000), from the edition's branch.
preview: $(VENV)/.installed
	$(BIN)/curriculum preview --edition $(EDITION)
