# The two commands: `make run` (set up, then open the bundled library) and
# `make test` (set up, then every check CI runs). Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench mutation clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/briefing --content content

# pytest: three workers per CPU (-n auto, see tests/conftest.py), idle workers take
# tests from busy ones (worksteal). Bytecode is written (next to the sources, in
# __pycache__) even where PYTHONDONTWRITEBYTECODE is set, and a collection runs
# first, beside mypy on the other core: it compiles the package and rewrites the
# tests' asserts once, instead of in every worker and every `briefing` subprocess
# the tests start (on a clean clone that was 4 workers doing it at once).
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q --collect-only -p no:xdist \
		-p no:cacheprovider >/dev/null 2>&1 & warm=$$!; \
		$(BIN)/mypy; checked=$$?; wait $$warm; exit $$checked
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -n auto --dist worksteal --durations=25

bench: $(STAMP)
	$(BIN)/python -m bench --quick

# Mutation testing of core/anchoring.py and core/query.py against the unit tests
# (not part of `make test`). mutmut 2.x only makes the mutants, so it is
# installed apart, into .venv/mutmut; tools/mutation.py runs the tests on a copy of
# the tree and never rewrites a file here. Pass ARGS, e.g. ARGS="--sample 200".
MUTMUT := $(VENV)/mutmut

$(MUTMUT)/.installed: $(STAMP)
	$(BIN)/python -m pip install --quiet --target $(MUTMUT) 'mutmut<3'
	touch $@

mutation: $(MUTMUT)/.installed
	nice -n 10 $(BIN)/python tools/mutation.py --mutmut $(MUTMUT) $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
