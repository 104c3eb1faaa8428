"""One embedder backend per store: the first write records the embedder, and opening the
store with another one - to write or to query - is refused with both names."""

from __future__ import annotations

import pytest

from assistant.ingest_service import ingest_paths
from assistant.settings import get_settings
from assistant.store import EmbedderMismatch, Store
from tests.assistant.store.helpers import cli, paper

FAKE = "fake (384 dims)"
MINILM = "minilm (packaged all-MiniLM-L6-v2)"


def _ingest(store: Store, folder, name: str, topic: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.md").write_text(paper(topic, "1"))
    results = ingest_paths(store, [folder / f"{name}.md"], progress=False)
    assert [r.status for r in results] == ["added"], [r.line() for r in results]


def test_the_store_records_the_embedder_and_refuses_another(tmp_path):
    root = tmp_path / "store"
    store = Store(get_settings("test", store=root))
    _ingest(store, tmp_path / "in", "a", "budget")
    store.close()

    again = Store(get_settings("test", store=root))  # the same embedder opens it
    assert again.count() > 0
    again.close()

    with pytest.raises(EmbedderMismatch) as err:  # MiniLM's identity needs no weights loaded
        Store(get_settings("test", store=root, embedding={"backend": "minilm"}))
    assert FAKE in str(err.value) and MINILM in str(err.value)
    with pytest.raises(EmbedderMismatch, match="64 dims"):  # another space of the same backend
        Store(get_settings("test", store=root, embedding={"dim": 64}))


def test_an_unclaimed_store_goes_to_its_first_writer_only(tmp_path):
    """Two processes may open an empty store with different embedders; the second to write
    is refused inside its write, and nothing of it is stored."""
    root = tmp_path / "store"
    fake = Store(get_settings("test", store=root))
    other = Store(get_settings("test", store=root, embedding={"dim": 64}))
    _ingest(fake, tmp_path / "in", "a", "budget")
    before = fake.count()
    (tmp_path / "in" / "b.md").write_text(paper("parking", "1"))
    results = ingest_paths(other, [tmp_path / "in" / "b.md"], progress=False)
    assert results[0].failed and FAKE in results[0].line() and "fake (64 dims)" in results[0].line()
    assert fake.count() == before and other.index.count() == before
    fake.close()
    other.close()


def test_the_cli_names_both_embedders_in_one_line(tmp_path):
    root = tmp_path / "store"
    (tmp_path / "a.md").write_text(paper("budget", "1"))
    assert cli(root, "ingest", str(tmp_path / "a.md"), "--no-progress").returncode == 0
    run = cli(root, "documents", env={"MEETINGPACK_EMBEDDING__DIM": "64"})  # --preset test sets the backend
    assert run.returncode == 2, run.stderr
    assert FAKE in run.stderr and "fake (64 dims)" in run.stderr and "Traceback" not in run.stderr


def test_the_vector_recipe_is_part_of_the_record(tmp_path):
    """Joined and pooled header vectors (or a shorter cut) rank differently: a store of one is
    not topped up with the other. The default recipe adds nothing, so older stores keep their record."""
    root = tmp_path / "store"
    store = Store(get_settings("test", store=root))
    assert store.embedder_id == FAKE
    _ingest(store, tmp_path / "in", "a", "budget")
    store.close()
    with pytest.raises(EmbedderMismatch, match="header=pooled"):
        Store(get_settings("test", store=root, embedding={"header": "pooled"}))
    with pytest.raises(EmbedderMismatch, match="max_tokens=128"):
        Store(get_settings("test", store=root, embedding={"max_tokens": 128}))

    pooled = Store(get_settings("test", store=tmp_path / "pooled", embedding={"header": "pooled"}))
    assert pooled.embedder_id == f"{FAKE}; header=pooled"
    pooled.close()
