"""``eval/bench_scale.py --quick`` end to end: two small stores built through ``Store.add``,
a real ``serve`` child asked over HTTP, and every metric reported for every size."""

from __future__ import annotations

import json

import pytest

from eval import scaling_report
from eval.bench_scale import main

SIZES = [600, 1500]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scale")
    code = main(["--quick", "--sizes", *map(str, SIZES), "--preset", "test", "--questions", "4",
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
