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


def _ingest(store_dir, folder, topic: str) -> None:
    """Another process adds a paper on ``topic`` (a new generation)."""
    (folder / f"{topic}.md").write_text(paper(topic, "one"))
    done = cli(store_dir, "ingest", str(folder / f"{topic}.md"), "--no-progress")
    assert done.returncode == 0, done.stderr


def _reader_after_first_read(tmp_path):
    """A store with one paper, and a reader (a server) whose vector cache and Chroma client
    have been read once, as after its first ask."""
    papers, store_dir = tmp_path / "papers", tmp_path / "store"
    papers.mkdir()
    _ingest(store_dir, papers, "alpha")
    reader = Store(get_settings("test", store=store_dir))
    reader.dense(reader.embedder.embed_query("alpha"), 5)
    return reader, store_dir, papers


def test_a_request_holding_an_older_generation_never_rebuilds_the_cache_behind_a_newer_one(tmp_path):
    """The flaky HTTP 500 of eval/bench_load.py: request X read the generation, request Y then
    saw a newer one (Chroma reopened, cache rebuilt, so the new client's view is fixed), another
    process added a paper, and X's cache lookup rebuilt for its older generation - reading
    today's rows, whose newest vectors Y's Chroma view cannot see ("Error finding id")."""
    reader, store_dir, papers = _reader_after_first_read(tmp_path)
    try:
        v = reader.embedder.embed_query("gamma report")
        _ingest(store_dir, papers, "beta")
        held_by_x = reader.generation()  # request X reads the generation, then waits for the GIL
        _ingest(store_dir, papers, "gamma")
        assert reader.dense(v, 5)  # request Y: a newer generation, its cache built
        _ingest(store_dir, papers, "delta")
        found = reader.cache.search(held_by_x, v, 500, Filters())  # request X goes on
        assert any(c.startswith("gamma-") for c, _ in found)
        assert any(c.startswith("delta-") for c, _ in reader.dense(v, 500))
    finally:
        reader.close()


def test_a_cache_refresh_fetches_vectors_from_a_chroma_view_as_new_as_its_rows(tmp_path):
    """The rows a refresh reads may be newer than the generation its caller synced Chroma to
    (another process committed in between): it syncs Chroma to the rows' own generation."""
    reader, store_dir, papers = _reader_after_first_read(tmp_path)
    try:
        synced = reader.generation()
        _ingest(store_dir, papers, "beta")  # committed after this reader last looked
        snap = reader.cache.snapshot(synced + 1)
        beta = reader.chunk_ids(reader.document("beta.md")["document_id"])
        assert beta and all(c in snap.position for c in beta)
        assert snap.generation == reader.catalog.generation()
    finally:
        reader.close()


def test_the_cache_is_built_from_catalogue_ids_not_from_what_chroma_lists(tmp_path):
    """Another process's vectors reach Chroma before its catalogue commit, and embedded Chroma
    lists them to every client at once while a client that has read before cannot fetch them:
    a cache built by listing Chroma failed ("Error finding id", the HTTP 500 of eval/bench_load.py
    on a server's first ask during an ingest). Here that ingest is killed between the two."""
    papers, store_dir = tmp_path / "papers", tmp_path / "store"
    papers.mkdir()
    _ingest(store_dir, papers, "alpha")
    reader = Store(get_settings("test", store=store_dir))  # its start-up check has read Chroma
    try:
        (papers / "beta.md").write_text(paper("beta", "one"))
        killed = cli(store_dir, "ingest", str(papers / "beta.md"), "--no-progress",
                     env={"MEETINGPACK_CRASH_AT": "commit"})
        assert killed.returncode == -9, killed.stderr
        found = reader.dense(reader.embedder.embed_query("beta report"), 500)
        assert found and all(c.startswith("alpha-") for c, _ in found)  # beta is not stored (yet)
    finally:
        reader.close()
