"""The parse worker: a worker killed by a signal is one FAILED file naming the signal, and
the next file gets a fresh worker (the README's "parser crash" row)."""

from __future__ import annotations

import os
import signal
import time

import pytest

from assistant.parse_pool import ParsePool
from ingest.config import ChunkSettings, ParseOptions
from ingest.models import IngestError
from tests.ingest import hostile_corpus as hc


def test_a_crashed_worker_names_the_signal_and_the_next_file_parses(tmp_path):
    slow, good = hc.slow(tmp_path / "slow.pdf"), hc.good_report(tmp_path / "good.pdf")
    with ParsePool(ChunkSettings(), ParseOptions(progress=False), time_limit_s=60) as pool:
        ticket = pool.submit(slow)
        time.sleep(0.5)
        os.kill(ticket.worker.process.pid, signal.SIGSEGV)  # as a crash in pypdf's C parts would end it
        with pytest.raises(IngestError, match=r"^slow\.pdf: parser process crashed \(SIGSEGV\)$"):
            pool.result(ticket)
        doc, _ = pool.result(pool.submit(good))
    assert "Sherwood Lodge" in " ".join(c.text for c in doc.chunks)
