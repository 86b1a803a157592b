# Detentions of Azerbaijani human rights defenders: reproducible notebooks.
# `make help` lists the targets. Everything runs inside .venv, built from requirements.txt.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
JOBS   ?=
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: help venv validate reports pdf test lint figcheck diff-setup lab bench clean export notebooks

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version' 
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

venv: $(STAMP) ## create .venv from the exact pins (only if missing or out of date)

validate: $(STAMP) ## validate data/ against data/datapackage.json and the cross-table rules
	$(PY) -m helpers.data validate

reports: $(STAMP) ## validate data/ and render every report (case, period, event, snapshot) into reports/ with an index.html
	$(PY) -m helpers.render $(if $(JOBS),--jobs $(JOBS),)

pdf: $(STAMP) ## render the reports and print each to PDF (A4, headless Chromium) into reports/pdf/; only changed ones
	$(PY) -m helpers.render --pdf $(if $(JOBS),--jobs $(JOBS),)

test: $(STAMP) ## unit tests plus strict nbval over every committed notebook
	$(PY) -m pytest tests notebooks --ignore=notebooks/reports \
	  --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

lint: $(STAMP) ## ruff: lint src, tests, benchmarks and notebooks; check the formatting of the Python files
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check src tests benchmarks

figcheck: $(STAMP) ## re-execute the notebooks into a temporary folder; fail if any committed figures/*.csv is stale
	$(PY) -m helpers.figcheck

diff-setup: $(STAMP) ## readable notebook diffs in git: nbdime (pinned) into .venv, its git driver for this repository
	$(PY) -m pip install --quiet nbdime==4.0.4
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH $(VENV)/bin/nbdime config-git --enable

notebooks: $(STAMP) ## re-execute the analysis notebooks in place (after changing data or helpers), then commit them
	cd notebooks && ../$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.record_timing=False --ExecutePreprocessor.timeout=600 [0-9]*.ipynb

lab: $(STAMP) ## open JupyterLab on this project (the project is installed in its kernel)
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=$(CURDIR) --no-browser $(ALLOW_ROOT)

bench: $(STAMP) ## benchmarks (print figures; not part of the tests)
	$(PY) benchmarks/load_bench.py
	$(PY) benchmarks/render_bench.py
	$(PY) benchmarks/scale_bench.py

clean: ## remove rendered reports and caches (keeps .venv)
	rm -rf reports build src/*.egg-info

export: $(STAMP) ## write export/: a zipped data package, one SQLite database with its keys, spreadsheet-safe CSVs
	$(PY) -m helpers.export
