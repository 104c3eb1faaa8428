"""kill -9 an ingest at each named point of the write path; the store must stay consistent.

Each case: a store holds v1 of two papers; v2 of one (a replace) and a brand-new paper are
ingested in a subprocess that SIGKILLs itself at one point (``assistant/store/faults.py``).
Read raw, the store may hold leftovers the journal names; opened, it repairs them; either
way the catalogue holds v1 intact or v2 complete, never a mix; a re-run then finishes the job.
"""

from __future__ import annotations

import signal

import pytest

from assistant.settings import get_settings
from assistant.store import Store
from tests.assistant.store.helpers import assert_consistent, cli, paper, raw_state

SMALL_BATCHES = {"MEETINGPACK_INDEX__WRITE_BATCH": "2"}  # several Chroma calls per document
# point -> what the raw store (before repair) must show, so the test proves a kill landed there
LEFTOVERS = {"parse": "none", "embed": "none", "vectors": "orphans", "commit": "orphans", "delete": "stale"}


@pytest.fixture
def papers(tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "alpha.md").write_text(paper("alpha", "one"))
    (folder / "beta.md").write_text(paper("beta", "one"))
    store = tmp_path / "store"
    done = cli(store, "ingest", str(folder), "--no-progress")
    assert done.returncode == 0, done.stderr
    return folder, store


def _texts(store_dir, word: str) -> int:
    s = Store(get_settings("test", store=store_dir))
    try:
        return len(s.keyword(word, 50))
    finally:
        s.close()


@pytest.mark.parametrize("point", list(LEFTOVERS))
def test_kill_at_each_point_leaves_a_consistent_store(papers, point):
    folder, store = papers
    before = raw_state(store)
    assert_consistent(before)
    n = _texts(store, "alphaoneword7")
    assert n > 1
    (folder / "alpha.md").write_text(paper("alpha", "two"))  # a replace
    (folder / "gamma.md").write_text(paper("gamma", "one"))  # an add (sorted after alpha)

    killed = cli(store, "ingest", str(folder), "--no-progress", env={"MEETINGPACK_CRASH_AT": point, **SMALL_BATCHES})
    assert killed.returncode == -signal.SIGKILL, (killed.returncode, killed.stderr[-2000:])

    raw = raw_state(store)
    if LEFTOVERS[point] == "orphans":
        assert raw["in_chroma"] - raw["held"] and raw["journal"]  # new vectors, catalogue not switched
    elif LEFTOVERS[point] == "stale":
        assert raw["in_chroma"] - raw["held"] and raw["journal"]  # catalogue switched, old vectors half gone
    else:
        assert_consistent(raw)
    switched = point == "delete"
    assert raw["docs"].keys() != before["docs"].keys() if switched else raw["docs"] == before["docs"]

    repaired = Store(get_settings("test", store=store))  # opening repairs
    repaired.close()
    after = raw_state(store)
    assert_consistent(after)
    assert sorted(after["docs"].values()) == ["alpha.md", "beta.md"]
    # old version intact, or the new one complete: never both, never half
    assert (_texts(store, "alphaoneword7"), _texts(store, "alphatwoword7")) == ((0, n) if switched else (n, 0))

    rerun = cli(store, "ingest", str(folder), "--no-progress")
    assert rerun.returncode == 0, rerun.stderr
    final = raw_state(store)
    assert_consistent(final)
    assert sorted(final["docs"].values()) == ["alpha.md", "beta.md", "gamma.md"]
    assert (_texts(store, "alphaoneword7"), _texts(store, "alphatwoword7"), _texts(store, "gammaoneword7")) == (0, n, n)


def test_a_second_writer_fails_with_a_clear_message(papers):
    folder, store = papers
    s = Store(get_settings("test", store=store))
    try:
        with s.writing():
            (folder / "beta.md").write_text(paper("beta", "two"))
            other = cli(store, "ingest", str(folder), "--no-progress", env={"MEETINGPACK_INDEX__LOCK_TIMEOUT_S": "0.5"})
            # a reader is never blocked by the writer
            reader = cli(store, "documents")
    finally:
        s.close()
    assert other.returncode != 0
    assert "another process" in other.stderr and "is writing to the store" in other.stderr
    assert reader.returncode == 0 and "alpha.md" in reader.stdout
    assert _texts(store, "betatwoword1") == 0  # the refused writer wrote nothing


def _alpha_public(store_dir) -> list[bool]:
    s = Store(get_settings("test", store=store_dir))
    try:
        return [it["public"] for it in s.document("alpha.md")["items"]]
    finally:
        s.close()


@pytest.mark.parametrize("point", ["commit", "delete"])
def test_kill_during_a_reread_with_new_marks_leaves_one_version(papers, point):
    """``ingest --exempt`` on an unchanged file replaces it with itself, re-marked, under new
    chunk ids but the same document id: a kill before the switch keeps the old marks, after
    it the new; opening repairs the leftovers and a re-run finishes the job."""
    folder, store = papers
    n = _texts(store, "alphaoneword7")
    killed = cli(store, "ingest", str(folder / "alpha.md"), "--no-progress", "--exempt",
                 env={"MEETINGPACK_CRASH_AT": point, **SMALL_BATCHES})
    assert killed.returncode == -signal.SIGKILL, (killed.returncode, killed.stderr[-2000:])
    raw = raw_state(store)
    assert raw["in_chroma"] != raw["held"] and raw["journal"]  # the kill left leftovers for repair
    flags = _alpha_public(store)  # opening the store repairs it
    assert flags and all(public == (point == "commit") for public in flags)  # old marks, or the new ones
    assert_consistent(raw_state(store))
    assert _texts(store, "alphaoneword7") == n  # one copy of the text, never two or none
    rerun = cli(store, "ingest", str(folder / "alpha.md"), "--no-progress", "--exempt")
    assert rerun.returncode == 0 and "marks updated" in rerun.stdout, rerun.stdout + rerun.stderr
    assert_consistent(raw_state(store))
    assert not any(_alpha_public(store)) and _texts(store, "alphaoneword7") == n
    assert sorted(raw_state(store)["docs"].values()) == ["alpha.md", "beta.md"]
