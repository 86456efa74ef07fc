# Two entry points on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test eval install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The editable install is redone only when pyproject.toml changes (the sources are linked).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

# The package's modules byte-compiled, again whenever one changes: an editable install leaves
# them as source, and where writing bytecode is off (PYTHONDONTWRITEBYTECODE) every run would
# compile them all again, 0.2 s of CPU.
$(VENV)/.compiled: $(shell find src -name '*.py') | $(VENV)/.installed
	$(BIN)/python -m compileall -q src
	touch $@

install: $(VENV)/.installed $(VENV)/.compiled

install-test: $(VENV)/.installed-test $(VENV)/.compiled
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

## run: extract the embedded corpus into out/
run: install
	$(BIN)/qcdc extract corpus --out out --overwrite

## eval: extract the development set eval/articles and score it against eval/gold; the articles
## of the 2017 news dump (listed in eval/source-year-2017.txt) are told their year first
eval: install
	$(BIN)/qcdc extract - --source-year 2017 --out out-eval --overwrite --quiet < eval/source-year-2017.txt
	$(BIN)/qcdc extract eval/articles --out out-eval --quiet
	$(BIN)/qcdc eval out-eval --gold eval/gold

## test: run the whole test suite
test: install-test
	$(BIN)/python -m pytest -q

clean:
	rm -rf out out-eval .pytest_cache
