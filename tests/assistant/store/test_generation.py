"""A long-running reader (a server) sees another process's writes without a restart."""

from __future__ import annotations

from assistant.settings import get_settings
from assistant.store import Filters, Store
from tests.assistant.store.helpers import cli, paper


def test_reader_sees_another_process_add_and_remove(tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "alpha.md").write_text(paper("alpha", "one"))
    store_dir = tmp_path / "store"
    assert cli(store_dir, "ingest", str(papers), "--no-progress").returncode == 0

    reader = Store(get_settings("test", store=store_dir))
    try:
        v = reader.embedder.embed_query("gamma report gammaoneword4")
        before = reader.generation()
        first = reader.dense(v, 100)  # builds the cache
        assert first and all(c.startswith("alpha-") for c, _ in first)

        (papers / "gamma.md").write_text(paper("gamma", "one"))
        assert cli(store_dir, "ingest", str(papers), "--no-progress").returncode == 0
        assert reader.generation() > before
        seen = {c.split(":")[0] for c, _ in reader.dense(v, 200)}
        assert any(c.startswith("gamma-") for c in seen) and any(c.startswith("alpha-") for c in seen)
        assert reader.dense(v, 1)[0][0].startswith("gamma-")
        assert reader.keyword("gammaoneword4", 5) and reader.vectors(reader.chunk_ids(
            reader.document("gamma.md")["document_id"]))[0] is not None

        gone = cli(store_dir, "remove", "alpha.md")
        assert gone.returncode == 0, gone.stderr
        left = reader.dense(v, 200)
        assert left and not any(c.startswith("alpha-") for c, _ in left)
        assert not any(c.startswith("alpha-") for c, _ in reader.dense(v, 200, Filters(public_only=True)))
        assert reader.count() == len(left)
    finally:
        reader.close()
