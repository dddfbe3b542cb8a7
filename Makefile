# Two commands from a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test setup clean bench

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "Vigil needs $(PYTHON) on PATH" >&2; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==24.3.1
	$(BIN)/pip install --quiet -c requirements.lock -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	rm -f vigil.db vigil.db-wal vigil.db-shm
	$(BIN)/vigil ingest examples/reports/
	$(BIN)/vigil incidents
	$(BIN)/vigil tally --by month
	@echo "The desk on the demo database: $(BIN)/vigil users add admin --role admin (once), then $(BIN)/vigil serve and open http://127.0.0.1:8000/ (docs/web.md)"

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/ingest_throughput.py

clean:
	rm -rf $(VENV) vigil.db vigil.db-wal vigil.db-shm
