"""``eval/bench_load.py`` end to end, small: a real ``serve`` child on 127.0.0.1 answers two
clients while an ``ingest`` child writes to the same store, with no errors, and the server
sees the ingest's chunks without a restart. The full run (8 clients, 400 asks, MiniLM) is
the benchmark; this only proves the benchmark itself works."""

from __future__ import annotations

import re

from assistant.ingest_service import ingest_paths
from assistant.settings import get_settings
from assistant.store import Store
from eval.bench_load import main
from tests.assistant.store.helpers import paper
from tests.conftest import CORPUS


def test_bench_load_runs_with_no_errors(tmp_path, capsys):
    store_dir = tmp_path / "store"
    store = Store(get_settings("test", store=store_dir))
    try:
        assert not any(r.failed for r in ingest_paths(store, [CORPUS], progress=False))
        before = store.count()
    finally:
        store.close()
    new = tmp_path / "new"
    new.mkdir()
    for topic in ("alpha", "beta", "gamma"):
        (new / f"{topic}.md").write_text(paper(topic, "one", sections=20))

    code = main(["--store", str(store_dir), "--ingest", str(new), "--preset", "test",
                 "--clients", "2", "--asks", "16", "--timeout", "60"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert re.search(r"ask ms: p50 \d+  p95 \d+", out) and "errors: 0" in out, out
    assert "load: 2 clients, 16 asks" in out and "ingest exit 0: 3 files: 3 added" in out, out
    after = int(re.search(r"after ingest (\d+) \(no restart\)", out).group(1))
    assert after > before, out
