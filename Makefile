# `make run` sets everything up on first use, then builds the graph of data/articles into output/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# the extractor's rule modules, compiled by mypyc (kg/native.py); rebuilt when one of them changes
NATIVE := kg/extract/_compiled/FINGERPRINT
NATIVE_SOURCES := $(wildcard kg/extract/*.py)

.PHONY: run test bench clean

run: $(STAMP) $(NATIVE)
	$(BIN)/kg build data/articles --out output

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,native]'
	touch $(STAMP)

# never fails: without a C compiler the extractor runs as Python, with the same results
$(NATIVE): $(STAMP) $(NATIVE_SOURCES)
	$(BIN)/python scripts/native.py build

test: $(STAMP) $(NATIVE)
	$(BIN)/python -m pytest

clean:
	rm -rf output $(VENV) kg/extract/_compiled
