"""Chroma as its own service: MEETINGPACK_CHROMA_URL points ingest, ask and remove at a
`chroma run` server; the store folder then holds the catalogue only. Skipped when the
chroma CLI (shipped with chromadb) is not installed."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.assistant.store.helpers import cli, paper

CHROMA = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_url(tmp_path):
    if not Path(CHROMA).exists():
        pytest.skip("the chroma CLI is not installed")
    port = _free_port()
    proc = subprocess.Popen([CHROMA, "run", "--path", str(tmp_path / "chroma-server"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("chroma server did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_ingest_ask_and_remove_against_a_chroma_server(tmp_path, chroma_url):
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "drones.md").write_text(paper("drone", "one") + "\n\nThe panel approved 12 new drones for rural patrols.\n")
    (papers / "budget.md").write_text(paper("budget", "one"))
    store = tmp_path / "store"
    env = {"MEETINGPACK_CHROMA_URL": chroma_url}

    done = cli(store, "ingest", str(papers), "--no-progress", env=env)
    assert done.returncode == 0, done.stderr
    assert not (store / "chroma").exists()  # the vectors went to the server

    import chromadb

    server = chromadb.HttpClient(host="127.0.0.1", port=int(chroma_url.rsplit(":", 1)[1]))
    n_chunks = server.get_collection("chunks").count()
    assert n_chunks > 2

    asked = cli(store, "ask", "How many new drones were approved for rural patrols?", env=env)
    assert asked.returncode == 0, asked.stderr
    assert "drones.md" in asked.stdout

    gone = cli(store, "remove", "drones.md", env=env)
    assert gone.returncode == 0, gone.stderr
    left = server.get_collection("chunks")
    assert 0 < left.count() < n_chunks
    assert left.get(where={"file": "drones.md"})["ids"] == []
    after = cli(store, "ask", "How many new drones were approved for rural patrols?", env=env)
    assert "drones.md" not in after.stdout
