# Two entry points on a fresh clone: `make run` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
STORE   ?= data
HOST    ?= 127.0.0.1
PORT    ?= 8000
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: run test install bench eval clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# torch first, pinned: the CPU build is on disk; any other spec pulls GBs of CUDA wheels.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/meetingpack ingest eval/corpus --store $(STORE)
	$(BIN)/meetingpack serve --store $(STORE) --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python eval/bench_ingest.py

eval: $(STAMP)
	$(BIN)/meetingpack eval --store $(STORE)

clean:
	rm -rf $(VENV) $(STORE)
