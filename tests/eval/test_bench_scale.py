"""``eval/bench_scale.py --quick`` end to end: two small stores built through ``Store.add``,
a real ``serve`` child asked over HTTP, and every metric reported for every size.

A real test of the benchmark: every timed reply is checked (an ask has an answer, a search
has results, a filtered search only results its filter admits; ``bench_scale.reply_check``),
so a server that fails, answers empty or ignores the filter fails here."""

from __future__ import annotations

import json

import pytest

from eval import scaling_report
from eval.bench_scale import main, reply_check

SIZES = [600, 1500]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scale")
    code = main(["--quick", "--sizes", *map(str, SIZES), "--preset", "test", "--questions", "4", "--repeat", "2",
                 "--out", str(tmp / "out"), "--cache", str(tmp / "cache"), "--store", str(tmp / "store")])
    assert code == 0
    return tmp, json.loads((tmp / "out" / "scaling.json").read_text())["embedded"]


def test_every_metric_is_a_number_at_every_size(run):
    _, report = run
    assert [e["size"] for e in report["sizes"]] == SIZES
    for entry in report["sizes"]:
        assert entry["http"]["errors"] == 0, entry["http"]["error_samples"]
        for name in scaling_report.METRICS:
            got = scaling_report.value(entry, name)
            assert got is not None and got >= 0, (entry["size"], name)
        assert entry["write"]["chunks_per_s"] > 0 and entry["http"]["rss_mb"] > 50
    assert report["repeat"] == 2 and all(e["http"][k]["n"] == 8 for e in report["sizes"]
                                         for k in ("ask_ms", "ask_f_ms", "search_ms", "search_f_ms"))
    last = report["sizes"][-1]  # the filtered path ran: some filters admit chunks, none admits all
    assert 0 < last["filter_share"] < 0.5 and min(last["filter_admits"]) < max(last["filter_admits"])


def test_a_reply_outside_the_filter_is_an_error():
    from assistant.store.filters import Filters

    f = Filters(body="Cabinet", date_from="2020-01-01", date_to="2022-12-31")
    check = reply_check("search_f", f, 10)
    assert check({"results": [{"body": "County Cabinet", "meeting_date": "2021-03-04"}]}) is None
    assert "outside" in check({"results": [{"body": "County Council", "meeting_date": "2021-03-04"}]})
    assert "outside" in check({"results": [{"body": "Cabinet", "meeting_date": "2023-01-01"}]})
    assert check({"results": []}) == "no results"
    assert reply_check("search_f", f, 0)({"results": []}) is None  # nothing admitted: empty is right
    assert reply_check("search", f, 10)({"results": []}) == "no results"
    assert reply_check("ask", f, 10)({"detail": "boom"}) is not None


def test_the_store_holds_the_asked_number_of_chunks(run):
    tmp, report = run
    for entry in report["sizes"]:
        assert entry["chunks_catalog"] == entry["chunks_vectors"] == entry["size"]
    from assistant.settings import get_settings
    from assistant.store import Store

    store = Store(get_settings("test", store=tmp / "store"))
    try:
        assert store.count() == store.index.count() == SIZES[-1]
    finally:
        store.close()


def test_the_report_and_the_plot_are_written(run):
    tmp, _ = run
    md = (tmp / "out" / "scaling.md").read_text()
    assert "| ask p95 ms |" in md and "filtered search p95 ms" in md
    assert (tmp / "out" / "scaling.png").stat().st_size > 10_000


def test_reuse_measures_the_grown_store_without_writing(run):
    """``--reuse``: grow once on a busy machine, measure later; the store is read, not rebuilt."""
    tmp, _ = run
    store = tmp / "store"
    before = sorted(p.name for p in store.iterdir())
    code = main(["--quick", "--sizes", str(SIZES[-1]), "--preset", "test", "--questions", "2", "--reuse",
                 "--out", str(tmp / "out-reuse"), "--cache", str(tmp / "cache"), "--store", str(store)])
    assert code == 0
    entry = json.loads((tmp / "out-reuse" / "scaling.json").read_text())["embedded"]["sizes"][0]
    assert entry["write"]["chunks"] == 0 and entry["chunks_catalog"] == SIZES[-1]
    assert sorted(p.name for p in store.iterdir()) == before
    with pytest.raises(SystemExit, match="fewer than"):
        main(["--quick", "--sizes", str(SIZES[-1] * 2), "--preset", "test", "--questions", "2", "--reuse",
              "--out", str(tmp / "out-reuse2"), "--cache", str(tmp / "cache"), "--store", str(store)])
