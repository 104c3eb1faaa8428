"""``eval/store_diff.py``: two stores built from the same files read as the same; a changed
chunk text, a missing register row or a moved vector reads as different."""

from __future__ import annotations

import sqlite3

import pytest

from assistant.ingest_service import ingest_paths
from assistant.settings import get_settings
from assistant.store import Store
from eval.store_diff import first_difference, main
from tests.assistant.store.helpers import paper


@pytest.fixture()
def two_stores(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for topic in ("alpha", "beta"):
        (src / f"{topic}.md").write_text(paper(topic, "one", sections=6))
    stores = []
    for name in ("a", "b"):
        store = Store(get_settings("test", store=tmp_path / name))
        try:
            assert not any(r.failed for r in ingest_paths(store, [src], progress=False))
        finally:
            store.close()
        stores.append(tmp_path / name)
    return stores


def test_the_same_files_make_the_same_store(two_stores, capsys):
    assert main([str(p) for p in two_stores]) == 0
    out = capsys.readouterr().out
    assert out.strip().endswith("SAME") and "DIFFERENT" not in out, out


def test_a_changed_chunk_text_is_a_difference(two_stores, capsys):
    conn = sqlite3.connect(two_stores[1] / "catalog.sqlite")
    conn.execute("UPDATE chunks SET data = replace(data, 'alpha', 'omega') WHERE seq = 0")
    conn.commit()
    conn.close()
    assert main([str(p) for p in two_stores]) == 1
    out = capsys.readouterr().out
    assert "chunks" in out and "DIFFERENT: row 0" in out, out


def test_first_difference_names_the_row_or_the_count():
    assert first_difference([(1, "a")], [(1, "a")]) is None
    assert first_difference([(1, "a")], [(1, "b")]).startswith("row 0")
    assert first_difference([(1, "a")], [(1, "a"), (2, "b")]) == "1 rows != 2 rows"
