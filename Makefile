# tei-edition: `make edition` builds the corpus, `make test` runs the whole suite.
# Both install what they need: a virtual environment (.venv) and, where missing, Debian packages.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TEI := $(VENV)/bin/tei-edition
SHARED := ../shared

.PHONY: help venv pdf-deps system-deps edition package lint check test golden fuzz bench score languages clean

help:
	@echo "make edition   convert, validate and export corpus/ into build/"
	@echo "make check     the fast inner loop: lint, types and the tests that need no browser or PDF (under a minute)"
	@echo "make test      the whole test suite with lint and types (installs what it needs)"
	@echo "make golden    regenerate tests/fixtures golden files on purpose"
	@echo "make fuzz      long hypothesis run (20,000 examples per property, hostile and large inputs included)"
	@echo "make bench     benchmarks (benchmarks/), prints the README table and the structure score"
	@echo "make score     the structure score against the expert gold files of ../shared/samples/gold"
	@echo "make languages what language detection says of each text of ../shared/samples/texts (docs/languages.md)"
	@echo "make package   BagIt bags of the corpus for archives (in bags/)"

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.bench: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@

# Debian packages: pango for WeasyPrint (PDF), HarfBuzz's subsetter (without it WeasyPrint subsets fonts with
# fontTools, about 100 ms more per PDF), fonts, and for the tests chromium (browser), poppler-utils (PDF read-back)
# and jing (the reference RELAX NG validator).
pdf-deps:
	@missing=""; \
	[ -e /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ] || missing="$$missing fonts-dejavu-core"; \
	[ -d /usr/share/fonts/truetype/liberation ] || missing="$$missing fonts-liberation"; \
	ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || missing="$$missing libharfbuzz-subset0"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

system-deps: pdf-deps
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v jing >/dev/null 2>&1 || missing="$$missing jing"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

edition: venv pdf-deps
	$(TEI) build corpus -o build

package: edition
	$(TEI) package corpus -o bags --build-dir build --replace

lint: venv
	$(VENV)/bin/ruff check tei_edition tests benchmarks schemas
	$(VENV)/bin/ruff format --check tei_edition tests benchmarks schemas
	$(VENV)/bin/mypy

# What a contributor runs after each change (under a minute): lint, types, and the tests that need no browser, no PDF,
# no tei_all and nothing marked slow, on both cores, with 50 examples per property (make test runs 500).
check: lint
	TEI_EDITION_FUZZ_EXAMPLES=50 $(PY) -m pytest -q -x -n 2 -m "not slow and not browser and not pdf and not rng" -p no:cacheprovider

test: venv system-deps lint
	$(PY) -m pytest -q

golden: venv
	$(PY) -m tests.regenerate_golden

fuzz: venv
	TEI_EDITION_FUZZ_EXAMPLES=20000 $(PY) -m pytest -q tests/test_properties.py tests/test_fuzz.py tests/test_fuzz_large.py tests/test_layout.py tests/hostile/test_fuzz_hostile.py -p no:cacheprovider

bench: venv system-deps $(VENV)/.bench
	$(PY) benchmarks/run.py
	@$(MAKE) --no-print-directory score

# How close the converter's structure is to an expert's encoding, on the development set (../shared/bench).
score: venv
	@if [ -f $(SHARED)/bench/score_structure.py ]; then \
	  $(PY) $(SHARED)/bench/score_structure.py --tei-edition $(TEI) --texts $(SHARED)/samples/texts $(SHARED)/samples/gold/*.json \
	    | grep -E '^score|^structure:'; \
	else echo "make score: needs $(SHARED)/bench (the project's ../shared folder)"; fi

# What language detection says of each development text: its main language and the passages in another (docs/languages.md).
languages: venv
	@if [ -d $(SHARED)/samples/texts ]; then $(PY) benchmarks/languages_report.py $(SHARED)/samples/texts; \
	else echo "make languages: needs $(SHARED)/samples/texts (the project's ../shared folder)"; fi

clean:
	rm -rf build bags .pytest_cache
