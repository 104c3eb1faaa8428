"""The ``meetingpack`` program (``api.cli.entry``) leaves without finalising the interpreter:
its output is all there, its exit code is the command's, and the store it wrote is whole."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from assistant.settings import get_settings
from assistant.store import Store
from tests.api.cli.helpers import GOOD_PDF

ROOT = Path(__file__).resolve().parents[3]


def _cli(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "api.cli", "--preset", "test", *argv], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_an_ingest_exits_0_with_its_lines_and_a_whole_store(tmp_path):
    store_dir = tmp_path / "store"
    done = _cli("ingest", str(GOOD_PDF), "--store", str(store_dir), "--no-progress")
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"added  {GOOD_PDF.name}" in done.stdout and "1 files: 1 added" in done.stderr
    store = Store(get_settings("test", store=store_dir))
    try:
        assert store.count() > 0 and store.index.count() == store.count()
        assert not store.repaired  # nothing was left half written for the next open to mend
    finally:
        store.close()


def test_a_failed_file_still_prints_and_exits_1(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf at all")
    done = _cli("ingest", str(bad), "--store", str(tmp_path / "store"), "--no-progress")
    assert done.returncode == 1
    assert "FAILED broken.pdf: not a PDF" in done.stdout
