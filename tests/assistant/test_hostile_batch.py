"""The generated hostile corpus through the real batch ingest: each file gets its
outcome, the batch finishes, and the documents already in the store are untouched."""

from __future__ import annotations

import pytest

from assistant.ingest_service import ingest_paths
from assistant.services import build_services
from assistant.settings import get_settings
from assistant.store import Store
from ingest import ocr
from tests.conftest import PACK
from tests.ingest import hostile_corpus as hc

needs_tesseract = pytest.mark.skipif(not ocr.available(), reason=f"tesseract missing: {ocr.INSTALL_HINT}")
TIME_LIMIT_S = 30  # shrunk from 60 s; the slow file needs minutes, the scan's OCR seconds


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    folder = root / "batch"
    folder.mkdir()
    for _, name, build, _ in hc.CASES:
        build(folder / name)
    settings = get_settings("test", store=root / "store", parse={"time_limit_s": TIME_LIMIT_S, "progress": False})
    store = Store(settings)
    first = ingest_paths(store, [hc.good_report(root / "earlier.pdf")], progress=False)
    assert first[0].status == "added"
    before = (store.documents(), store.chunks(store.catalog.chunk_ids("earlier")))
    results = {r.file: r for r in ingest_paths(store, [folder], progress=False)}
    after = (store.documents(), store.chunks(store.catalog.chunk_ids("earlier")))
    store.close()
    return settings, results, before, after


@pytest.mark.parametrize("fault,name,expected", [(f, n, e) for f, n, _, e in hc.CASES], ids=[c[0] for c in hc.CASES])
def test_each_fault_gets_its_outcome(hostile_store, fault, name, expected):
    if name == "scan.pdf" and not ocr.available():
        expected = ocr.INSTALL_HINT
    _, results, _, _ = hostile_store
    res = results[name]
    if expected == "added":
        assert res.status == "added" and res.chunks, res.line()
    else:
        assert res.failed and expected in res.reason, res.line()
        assert "\n" not in res.reason and res.line().startswith(f"FAILED {name}: ")


def test_batch_finishes_and_earlier_document_is_untouched(hostile_store):
    _, results, before, after = hostile_store
    assert len(results) == len(hc.CASES)
    assert [d for d in after[0] if d["document_id"] == "earlier"] == [d for d in before[0] if d["document_id"] == "earlier"]
    assert after[1] == before[1]


def test_slow_file_is_stopped_at_the_limit(hostile_store):
    _, results, _, _ = hostile_store
    res = results["slow.pdf"]
    assert res.reason == f"took longer than {TIME_LIMIT_S} s" and res.seconds < TIME_LIMIT_S + 5


def test_searchable_scan_is_read_from_its_text_layer(hostile_store):
    _, results, _, _ = hostile_store
    report = results["searchable-scan.pdf"].report
    assert report.ocr_pages == 0 and report.hidden_chars == 0 and report.pages_kept == 1


def test_memory_limit_is_reported_and_the_batch_goes_on(tmp_path):
    settings = get_settings("test", store=tmp_path / "store", parse={"memory_limit_mb": 64, "progress": False})
    small = hc.good_report(tmp_path / "small.pdf")
    store = Store(settings)
    try:
        results = ingest_paths(store, [PACK, small], progress=False)
    finally:
        store.close()
    assert results[0].line() == f"FAILED {PACK.name}: used more than 64 MB"
    assert results[1].status == "added"  # the next file gets a fresh worker


def test_hidden_phrase_never_reaches_search_or_ask(hostile_store):
    settings, results, _, _ = hostile_store
    assert results["hidden.pdf"].report.hidden_chars > 0
    assert "hidden text" in results["hidden.pdf"].details()[0]
    services = build_services(settings)
    try:
        for q in ("zanzibar procurement kickback", "What was approved in the procurement review?"):
            hits = services.retriever.search(q, None, k=20)
            assert all("zanzibar" not in h.chunk.text.lower() for h in hits)
            reply = services.answerer.ask(q)
            assert "zanzibar" not in reply["answer"].lower()
            assert all("zanzibar" not in c["text"].lower() for c in reply["citations"])
    finally:
        services.close()


@needs_tesseract
def test_scanned_page_is_read_by_ocr_and_answers(hostile_store):
    settings, results, _, _ = hostile_store
    assert results["scan.pdf"].report.ocr_pages == 1
    services = build_services(settings)
    try:
        reply = services.answerer.ask("What is the start time of the Nipissing council meeting on March 5, 2024?")
    finally:
        services.close()
    assert not reply["abstained"] and "6:30" in reply["answer"], reply["answer"]
    first = reply["citations"][0]
    assert first["file"] == "scan.pdf" and first["page"] == 1 and first["ocr"] is True


@needs_tesseract
def test_citations_of_ocr_text_say_so(hostile_store):
    """Wherever a citation is shown (CLI, chat page, search results), OCR text is marked."""
    from api.app import make_templates
    from api.cli.ask import format_reply
    from assistant.facets import search

    settings, _, _, _ = hostile_store
    services = build_services(settings)
    try:
        reply = services.answerer.ask("What is the start time of the Nipissing council meeting on March 5, 2024?")
        results, _ = search(services.retriever, "Nipissing council meeting agenda", None, 5)
    finally:
        services.close()
    assert "scan.pdf, p1, text read by OCR" in format_reply(reply)
    assert "(text read by OCR)" in make_templates().get_template("_turn.html").render(question="q", reply=reply)
    assert any(r["ocr"] and r["file"] == "scan.pdf" for r in results)
    assert all(not r["ocr"] for r in results if r["file"] != "scan.pdf")
