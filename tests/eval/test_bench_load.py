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


_LOG = """INFO:     127.0.0.1:5 - "POST /api/ask HTTP/1.1" 200 OK
INFO:     127.0.0.1:6 - "POST /api/ask HTTP/1.1" 500 Internal Server Error
ERROR:    Exception in ASGI application
Traceback (most recent call last):
  File "/x/starlette/middleware_0.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_1.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_2.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_3.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_4.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_5.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_6.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_7.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_8.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_9.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_10.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_11.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_12.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_13.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_14.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_15.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_16.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_17.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_18.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_19.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_20.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_21.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_22.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_23.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_24.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_25.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_26.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_27.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_28.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_29.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_30.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_31.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_32.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_33.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_34.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_35.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_36.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_37.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_38.py", line 1, in __call__\n    await self.app()\n  File "/x/starlette/middleware_39.py", line 1, in __call__\n    await self.app()\n  File "/x/assistant/store/dense.py", line 160, in _refresh
    fetched = self.vectors.get(wanted)
chromadb.errors.InternalError: Error executing plan: Internal error: Error finding id
INFO:     127.0.0.1:7 - "POST /api/ask HTTP/1.1" 200 OK
"""


def test_an_http_error_prints_the_servers_traceback(tmp_path, capsys):
    """A flaky 500 is never lost again: bench_load prints each distinct error and the
    server's tracebacks from its log, whatever becomes of the temporary folder."""
    from eval.bench_load import _print_causes

    log = tmp_path / "server.log"
    log.write_text(_LOG)
    _print_causes(["HTTP 500: Internal Server Error"] * 2, log)
    out = capsys.readouterr().out
    assert "2 x HTTP 500: Internal Server Error" in out and "1 traceback(s) below" in out
    assert "Exception in ASGI application" in out and "Error finding id" in out
    assert "200 OK" not in out  # the traceback only, not the access log after it
    assert "lines of frames left out" in out and "in _refresh" in out  # its bottom (the cause) is kept
