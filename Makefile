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

ARCHIVE ?= ../shared/archive
ARCHIVE_STORE ?= data-archive

.PHONY: run test install bench eval eval-archive archive-store clean

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

# The evaluation store: the archive plus eval/corpus, (re)built only when a source file
# is newer than the last build, and built afresh when the parser (ingest/) or the store's
# schema is: an unchanged file is never parsed again, so a parser change (or a column a
# record gains, such as the names of a recorded vote) reaches the store only through a new one.
# Then the archive gold set on dev and on test, every baseline.
archive-store: $(STAMP)
	@test -d $(ARCHIVE) || { echo "no archive at $(ARCHIVE) (set ARCHIVE=...)"; exit 2; }
	@if [ -f $(ARCHIVE_STORE)/.built ] && [ -n "$$(find ingest assistant/store/schema.py -name '*.py' -newer $(ARCHIVE_STORE)/.built | head -1)" ]; then \
		echo "ingest/ or the store schema changed since $(ARCHIVE_STORE) was built: building it afresh"; rm -rf $(ARCHIVE_STORE); fi
	@if [ ! -f $(ARCHIVE_STORE)/.built ] || [ -n "$$(find $(ARCHIVE) eval/corpus -type f -newer $(ARCHIVE_STORE)/.built | head -1)" ]; then \
		nice -n 10 $(BIN)/meetingpack ingest $(ARCHIVE) eval/corpus --store $(ARCHIVE_STORE) && touch $(ARCHIVE_STORE)/.built; \
	else echo "$(ARCHIVE_STORE) is up to date"; fi

eval-archive: archive-store
	nice -n 10 $(BIN)/meetingpack eval --split dev --store $(ARCHIVE_STORE)
	nice -n 10 $(BIN)/meetingpack eval --split test --store $(ARCHIVE_STORE)
	nice -n 10 $(BIN)/meetingpack eval --split holdout --store $(ARCHIVE_STORE)
	nice -n 10 $(BIN)/meetingpack eval --split blind --store $(ARCHIVE_STORE)
	nice -n 10 $(BIN)/meetingpack eval --split probedev --store $(ARCHIVE_STORE)
	nice -n 10 $(BIN)/meetingpack eval --split probetest --store $(ARCHIVE_STORE)

clean:
	rm -rf $(VENV) $(STORE)
