# newscrawl developer entry points. Every target builds or refreshes .venv from pyproject.toml
# first, so a fresh machine needs only python3.11, make and git.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint format bench clean

install: $(STAMP)

# Re-install only when the project metadata changed: a no-op make is fast. The embedded
# extra (SecantusDB) is what the demo and the tests run their database on.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,embedded]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/newscrawl demo

lint: $(STAMP)
	$(BIN)/ruff check newscrawl tests bench
	$(BIN)/ruff format --check newscrawl tests bench
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix newscrawl tests bench
	$(BIN)/ruff format newscrawl tests bench

test: lint
	$(BIN)/python -m pytest

# Benchmarks print figures and ratios; they assert nothing.
bench: $(STAMP)
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) var build *.egg-info
