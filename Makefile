# The commands the README gives. Each sets up everything on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
export NO_MKDOCS_2_WARNING = 1

# make preview EDITION=facilitator: the staff site
EDITION ?= participant
.PHONY: serve test build bench preview lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Exactly the packages of requirements.lock, each checked against its hash (so a release rebuilt
# later uses the same ones), then the curriculum tool itself, with the lock's setuptools.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Update requirements.lock from the ranges in requirements.txt and requirements-test.txt.
lock: $(VENV)/.installed
	$(BIN)/pip install --quiet "pip-tools>=7.4,<8"
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links --output-file requirements.lock requirements-test.txt

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
