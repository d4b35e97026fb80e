# r2p-kit: build the course and run the tests. `make` lists the targets.
#
# Every target bootstraps .venv on first use (python3 -m venv, then an editable install of the
# project with its test extra) and reinstalls when pyproject.toml changes.

PYTHON       ?= python3
VENV         := .venv
BIN          := $(VENV)/bin
STAMP        := $(VENV)/.installed-stamp
SPHINXBUILD  := $(BIN)/sphinx-build
SPHINXOPTS   ?= -W --keep-going -n -q
SOURCEDIR    := docs
BUILDDIR     := docs/_build
INSTRUCTORDIR := $(BUILDDIR)/instructor
TEX_PACKAGES := latexmk texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended \
                tex-gyre texlive-xetex fonts-freefont-otf xindy

.DEFAULT_GOAL := help
.PHONY: help venv html instructor pdf instructor-pdf epub instructor-epub serve test test-fast test-lms lint lint-code lint-course bench clean dist

help: ## List the targets
	@echo "r2p-kit: make TARGET"
	@echo
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing r2p-kit and its test tools into $(VENV) ..."
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test,docs]"
	@touch $(STAMP)

venv: $(STAMP) ## Create .venv and install the project (done by every target)

html: $(STAMP) ## Build the student edition as HTML in docs/_build/html
	$(SPHINXBUILD) -M html $(SOURCEDIR) $(BUILDDIR) $(SPHINXOPTS)
	@echo "Open $(BUILDDIR)/html/index.html"

instructor: $(STAMP) ## Build the instructor edition as HTML in docs/_build/instructor/html
	$(SPHINXBUILD) -M html $(SOURCEDIR) $(INSTRUCTORDIR) $(SPHINXOPTS) -t instructor
	@echo "Open $(INSTRUCTORDIR)/html/index.html"

check-tex:
	@command -v latexmk >/dev/null && command -v xelatex >/dev/null || { \
	  echo "make: the PDF needs TeX (latexmk and xelatex). Install it with:" >&2; \
	  echo "  sudo apt-get install --no-install-recommends $(TEX_PACKAGES)" >&2; \
	  exit 2; }

pdf: $(STAMP) check-tex ## Build the student edition as a PDF book (needs TeX)
	$(SPHINXBUILD) -M latexpdf $(SOURCEDIR) $(BUILDDIR) $(SPHINXOPTS)
	@echo "PDF: $(BUILDDIR)/latex/r2p-course.pdf"

instructor-pdf: $(STAMP) check-tex ## Build the instructor edition as a PDF book (needs TeX)
	$(SPHINXBUILD) -M latexpdf $(SOURCEDIR) $(INSTRUCTORDIR) $(SPHINXOPTS) -t instructor
	@echo "PDF: $(INSTRUCTORDIR)/latex/r2p-course-instructor.pdf"

epub: $(STAMP) ## Build the student edition as an EPUB in docs/_build/epub
	$(SPHINXBUILD) -M epub $(SOURCEDIR) $(BUILDDIR) $(SPHINXOPTS)
	@echo "EPUB: $(BUILDDIR)/epub/r2p-course.epub"

instructor-epub: $(STAMP) ## Build the instructor edition as an EPUB in docs/_build/instructor/epub
	$(SPHINXBUILD) -M epub $(SOURCEDIR) $(INSTRUCTORDIR) $(SPHINXOPTS) -t instructor
	@echo "EPUB: $(INSTRUCTORDIR)/epub/r2p-course-instructor.epub"

serve: $(STAMP) ## Rebuild on change and serve the student edition at http://127.0.0.1:8000
	$(BIN)/sphinx-autobuild $(SOURCEDIR) $(BUILDDIR)/html --host 127.0.0.1 --port 8000 \
	  --watch src/r2p_kit $(SPHINXOPTS)

test: $(STAMP) ## Run the whole test suite (builds the docs, drives Chromium, runs TeX)
	$(BIN)/python -m pytest

# The inner loop runs in one test process per core (TEST_WORKERS=0: in this process alone),
# with a quarter of each fuzz test's examples (tests/conftest.py: examples).
TEST_WORKERS ?= auto

test-fast: $(STAMP) ## The inner loop: every test but the Sphinx, browser and TeX ones
	$(BIN)/python -m pytest -m "not slow" -q -n $(TEST_WORKERS) --hypothesis-profile=fast

lint: lint-code lint-course ## Both checks below: the Python code and the course

lint-code: $(STAMP) ## Check the Python code with ruff and mypy
	$(BIN)/ruff check src tests benchmarks docs/conf.py
	$(BIN)/ruff format --check src tests benchmarks docs/conf.py
	$(BIN)/mypy src

lint-course: $(STAMP) ## Check the course (pages, banks, sheets) with r2p-kit lint --strict
	$(BIN)/r2p-kit lint --strict

bench: $(STAMP) ## Run the benchmarks in benchmarks/ and print their figures
	@for script in benchmarks/bench_*.py; do \
	  echo "== $$script"; $(BIN)/python $$script || exit 1; done

dist: $(STAMP) ## Build the wheel and the sdist in dist/ (the wheel carries the question banks)
	rm -rf dist build
	$(BIN)/python -m build --outdir dist .
	@ls -l dist

clean: ## Remove every build output (keeps .venv)
	rm -rf $(BUILDDIR)

test-lms: $(STAMP) ## Run Moodle's (4.1, 4.5) and Canvas's own importers on every export (needs php-cli)
	R2P_LMS=1 $(BIN)/python -m pytest tests/lms -q
