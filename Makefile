# Thin names for the book's commands; the logic lives in `python -m helpers`.
# The data root is found by helpers.common.paths (the one rule): $BOOK_DATA_DIR if set, else ../shared/data
# beside the checkout if present, else ./data.
SHELL := /bin/bash
PYTHON_BOOTSTRAP ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
# reveal.js for the chapters' slide decks, which the build serves beside them (helpers/publishing/slides.py pins it)
REVEAL := build/reveal/node_modules/reveal.js/dist/reveal.js
# The chapters, and their order in `make test`'s quick run, come from notebooks/chapters.yml (the chapter
# manifest), through `python -m helpers chapters --quick-order` (the longest first). They run two at a time,
# each kernel with half of the cores: a run alone kept the two cores less than three quarters busy, and two
# at a time took 242 s where one at a time took 347 s here. Their limits are checked on the CPU seconds each
# run's kernel spent, which depend little on what ran beside it (tests/notebooks/test_every_notebook.py).
export TF_CPP_MIN_LOG_LEVEL := 3
export TF_ENABLE_ONEDNN_OPTS := 0
# no transparent huge pages for NumPy's arrays: see KERNEL_ENV in helpers/publishing/runner.py
export NUMPY_MADVISE_HUGEPAGE := 0

.PHONY: help book test unit mutation install system-packages lab data reproduce student clean-notebooks lint clean

help: ## list the targets and what each does
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /\1\t/' | expand -t 18

book: install ## install, verify data, run every notebook (full profile, then the class runs), write the two kits, build the HTML book
	$(PY) -m helpers data verify
	$(PY) -m helpers run --profile full --skip-current
# the class runs (the quick profile) and this machine's speed: the teaching page sets both beside the full runs
	$(PY) -m helpers run --profile quick --skip-current --out build/quick $$($(PY) -m helpers chapters --quick-order)
	$(PY) tests/machine_speed.py
	$(PY) -m helpers student
	$(PY) -m helpers build
	@echo "HTML book: $(CURDIR)/_build/html/index.html"

test: install ## install, then the whole test suite (quick notebook runs, unit and notebook tests, nbval, build)
	$(PY) -m helpers data verify
	$(PY) -m helpers run -j 2 --profile quick $$($(PY) -m helpers chapters --quick-order)
	$(PY) tests/machine_speed.py
# one session: the unit and notebook tests, and nbval, which reruns cell by cell the quick run of each chapter
# with cells tagged nbval-check-output and compares their outputs (tests/documented.py lists them). The
# suite reruns each chapter once more beside its quick run, on its example files of one's own with the
# values of the reruns its exercises and the pages show (tests/notebooks/test_chapter_reruns.py). Those
# runs are groups of tests, and --dist loadgroup sends groups of more tests first: a long run started last
# kept one worker busy while the other sat idle.
	$(PY) -m pytest -n 2 --dist loadgroup --durations=25 --nbval-lax --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg \
		$$($(PY) tests/documented.py) tests

unit: install ## the unit tests only (no notebook runs): a minute or two
	$(PY) -m pytest -n 2 tests/unit

mutation: install $(DEV_STAMP) ## mutation testing of the modules behind the book's numbers (tests/mutation.toml): report in build/mutation
	$(PY) scripts/mutation.py

install: system-packages $(STAMP) $(REVEAL) ## system packages, then .venv with the pinned requirements, the package and the kernel, and reveal.js for the slides

system-packages: ## Chromium and a CJK font: installed with apt-get when missing (as root or with sudo)
	bash scripts/system_packages.sh

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON_BOOTSTRAP) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 \
		--env TF_CPP_MIN_LOG_LEVEL 3 --env TF_ENABLE_ONEDNN_OPTS 0 --env NUMPY_MADVISE_HUGEPAGE 0 > /dev/null
	touch $(STAMP)

$(REVEAL): helpers/publishing/slides.py
	npm install --no-save --no-audit --no-fund --prefix build/reveal \
		reveal.js@$$(sed -nE 's/^REVEAL_VERSION = "([0-9.]+)".*/\1/p' helpers/publishing/slides.py)
	touch $(REVEAL)

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(DEV_STAMP)

lab: install ## open the notebooks in JupyterLab, with the book's kernel and data root
	@echo "data root: $$($(PY) -m helpers data root)"
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

data: install ## download whatever data is missing into the data root, then verify it
	$(PY) -m helpers data fetch

reproduce: book ## check the full-profile figures against the chapter issues' targets
	$(PY) -m pytest -m full tests/reproduction

student: install ## the student kit (no solutions) and the teacher kit (nbgrader course, model answers), zipped, in build/student
	$(PY) -m helpers student

clean-notebooks: install ## strip outputs from the committed notebooks
	$(PY) -m helpers clean-notebooks

lint: install ## ruff's checks and formatting of the code and the notebooks
	$(VENV)/bin/ruff check helpers tests scripts notebooks
	$(VENV)/bin/ruff format --check helpers tests scripts notebooks

clean: ## remove the built book, the executed notebooks and the run statistics
	rm -rf _build build book/chapters
