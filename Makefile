# Set-up is two commands on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLE := samples/hammersmith-and-fulham-2011.txt
CORPUS ?= ../shared/corpus
BENCH_DIR ?= $(CORPUS)
# test workers: one more than the cores (some tests wait on processes, timers or a browser)
TEST_JOBS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))

.PHONY: install run test test-fast score bench clean

$(BIN)/ofsted: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

install: $(BIN)/ofsted

run: install  ## extract the bundled sample report as a table
	$(BIN)/ofsted extract $(SAMPLE) --format table

test: install  ## the whole test suite, on every core (corpus tests skip where ../shared is absent)
	$(BIN)/python -m pytest -q -n $(TEST_JOBS) --dist worksteal

test-fast: install  ## the suite without the tests marked slow (a whole corpus read, processes waited on)
	$(BIN)/python -m pytest -q -n $(TEST_JOBS) --dist worksteal -m "not slow"

score: install  ## score against every labelled corpus in ../shared
	$(PY) ../shared/tools/score.py --cmd "$(BIN)/ofsted extract --format jsonl" --show 5

bench: install  ## pages per second, end to end and raw text extraction
	$(BIN)/python -m ofsted_cli.bench $(BENCH_DIR)

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
