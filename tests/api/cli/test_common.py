"""`--store`/`--preset` before or after the command, MEETINGPACK_STORE, and a light `--help`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from api.cli import build_parser, settings_from_args


def test_store_option_before_or_after_and_env(monkeypatch, tmp_path):
    parser = build_parser()
    assert parser.parse_args(["--store", "A", "documents"]).store == "A"
    assert parser.parse_args(["documents", "--store", "B"]).store == "B"
    assert not hasattr(parser.parse_args(["documents"]), "store")
    monkeypatch.setenv("MEETINGPACK_STORE", str(tmp_path / "env"))
    assert settings_from_args(parser.parse_args(["documents"])).store == tmp_path / "env"
    assert settings_from_args(parser.parse_args(["documents", "--store", "X"])).store == Path("X")
    serve = parser.parse_args(["serve", "--port", "9001"])
    assert serve.port == 9001 and serve.func.__module__ == "api.cli.serve"


def test_help_loads_nothing_heavy():
    """`meetingpack --help` stays instant: no model, vector store, web framework or eval harness."""
    heavy = ("torch", "chromadb", "sentence_transformers", "fastapi", "uvicorn", "api.app", "eval")
    code = ("import sys; from api.cli import build_parser; build_parser().format_help(); "
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    root = Path(__file__).resolve().parents[3]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


import pytest

from tests.api.cli.helpers import run


@pytest.mark.parametrize("argv", [
    ["ask", "who chaired the meeting?"], ["search", "budget"], ["documents"], ["decisions"], ["meetings"],
    ["draft", "--template", "opcc-panel", "--title", "Budget"],
])
def test_reading_a_store_never_written_is_an_error_that_names_it(capsys, tmp_path, argv):
    """A mistyped --store is an error naming the folder, and nothing is created there (it
    used to make an empty store and answer "Not found in the documents.")."""
    missing = tmp_path / "no-such-store"
    code, out, err = run(capsys, "--store", str(missing), *argv)
    assert code == 2 and f"no store at {missing}" in err and "meetingpack ingest" in err, (out, err)
    assert not missing.exists()


def test_the_eval_splits_offered_are_the_gold_sets_splits():
    """`meetingpack eval --split` lists its choices itself (so `--help` imports no eval)."""
    from api.cli.evaluate import SPLITS
    from eval.metrics import SPLITS as GOLD_SPLITS

    assert SPLITS == (*GOLD_SPLITS, "all")
