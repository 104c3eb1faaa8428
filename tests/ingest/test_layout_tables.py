"""Layout-mode table rows keep each row's cells together (read on demand for answers)."""

from ingest.layout_tables import page_rows, rows_from_layout
from tests.conftest import CORPUS, PACK


def test_rows_from_real_pages():
    assert "Gedling | 148 | 35 | 110 | 44 | 310 | 47 | 84 | £258k | 47 | 177" in page_rows(PACK, 64)
    assert "New HQ Joint Build | 11,959 | 4,969 | (639) | (6,351)" in page_rows(PACK, 84)
    plan = CORPUS / "2021 Nottingham Crime and Drugs Partnership Plan 2021-24.pdf"
    row = next(r for r in page_rows(plan, 5) if "successful" in r)
    assert row.endswith("21.9% | 22.7% | 19.5%") and "Page 5" not in row


def test_wrapped_labels_join_their_row():
    text = ("   1B.5      Police      116     133     156     +34.5%\n"
            "             recorded\n"
            "             Modern Slavery\n")
    assert rows_from_layout(text) == ["1B.5 recorded Modern Slavery | Police | 116 | 133 | 156 | +34.5%"]


def test_non_pdf_or_missing_file_gives_no_rows(tmp_path):
    assert page_rows(tmp_path / "missing.pdf", 1) == [] and page_rows(tmp_path / "x.txt", 1) == []


def test_label_and_value_rows():
    assert "Total OPCC Funding 2020/21 Performance Reporting | 747,660" in page_rows(PACK, 6) or any(
        r.startswith("Total OPCC Funding 2020/21") and r.endswith("| 747,660") for r in page_rows(PACK, 6))
    assert "Redthread | 35,000" in page_rows(PACK, 3)
