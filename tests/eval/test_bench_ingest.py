"""``eval/bench_ingest.py`` reports OCR pages/s (issue 13), on a tiny corpus with the test preset.

Not a speed measurement: the OCR call is replaced by one that takes a known time, so the
test checks the code path from ``main`` to the printed and JSON figures, not Tesseract."""

from __future__ import annotations

import json

import pytest

from eval import bench_ingest
from ingest import ocr
from tests.ingest import hostile_corpus as hc


@pytest.fixture
def timed_ocr(monkeypatch):
    calls = []

    def fake(data, numbers, **kwargs):
        calls.append(numbers)
        return ocr.OCRResult({n: "Agenda of the regular meeting" for n in numbers}, seconds=4.0)

    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "ocr_pages", fake)
    return calls


def _main(tmp_path, capsys, *extra):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    hc.good_report(corpus / "report.pdf")
    code = bench_ingest.main(["--preset", "test", "--corpus", str(corpus), "--model-cache", str(tmp_path / "m"),
                              *extra])
    return code, capsys.readouterr().out


def test_ocr_rate_is_printed(tmp_path, capsys, timed_ocr):
    code, out = _main(tmp_path, capsys, "--ocr-pages", "2")
    assert code == 0 and timed_ocr == [[1, 2]]
    line = next(ln for ln in out.splitlines() if ln.startswith("OCR "))
    assert "0.5 pages/s (2 pages of nipissing-agenda-package-2024-03-05-SCANNED.pdf in 4.0 s at 300 dpi)" in line


def test_ocr_rate_in_json_and_why_it_is_missing(tmp_path, capsys, timed_ocr, monkeypatch):
    code, out = _main(tmp_path, capsys, "--json", "--ocr-pages", "1")
    assert json.loads(out)["ocr"]["pages_per_s"] == 0.25
    monkeypatch.setattr(ocr, "available", lambda: False)
    assert "not measured (tesseract missing: apt-get install -y tesseract-ocr)" in bench_ingest.ocr_line(
        bench_ingest.ocr_rate(hc.SCANNED, 1, None, []))
