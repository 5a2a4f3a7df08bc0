# Two commands a new user needs (see README):  `make demo`  and  `make test`.
# Everything goes into a local virtual environment, .venv/; nothing is installed globally.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint format bench mutants notebooks site clean

demo: $(STAMP)  ## set up and run the main demo
	$(BIN)/python -m autograd demo

test: $(STAMP)  ## set up and run every test: unit tests and the notebooks
	$(BIN)/python -m pytest

lint: $(STAMP)  ## the linters CI runs
	@# mypy checks the PyTorch bridge against torch's own types, so the torch extra comes first
	$(BIN)/python -c 'import torch' 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[torch]'
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict autograd

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python benchmarks/compare.py

mutants: $(STAMP)  ## the mutation report, mutation/REPORT.md (both cores, about 40 minutes; see mutation/run.py)
	$(BIN)/python -m pip install --quiet -e '.[mutation]'
	$(BIN)/python mutation/run.py

notebooks: $(STAMP)  ## install JupyterLab and PyTorch (notebook 09) into .venv/, open the notebooks
	$(BIN)/python -m pip install --quiet -e '.[notebooks]'
	@echo "Installing PyTorch (the torch extra), which notebook 09 uses; the first time, a large download"
	$(BIN)/python -m pip install --quiet -e '.[torch]' || \
	  echo "(could not install PyTorch: notebook 09 will fail in its first cell; the others work. Install it with: $(BIN)/python -m pip install torch)"
	$(BIN)/jupyter lab notebooks/

site: $(STAMP)  ## the documentation site, playground and JupyterLite, into site/ (needs node/npm)
	@command -v npm >/dev/null || { echo "make site needs node and npm (apt install nodejs npm)"; exit 1; }
	$(BIN)/python -m pip install --quiet -e '.[docs]'
	npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python docs/build_site.py --out site

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
	  { echo "scalar-autograd needs Python >= 3.10; set PYTHON=python3.x"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || \
	  { echo "Could not create a virtual environment. On Debian/Ubuntu: apt install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# micrograd's own test file, which the compatibility tests run with an import swap
	$(BIN)/python -m pip download --quiet --no-deps --no-binary :all: micrograd==0.1.0 \
	  --dest $(VENV)/sources || echo "(could not fetch micrograd's sources; that test will skip)"
	@touch $@

clean:
	rm -rf $(VENV) autograd-demo .pytest_cache .mypy_cache .ruff_cache .hypothesis site docs/_build node_modules
