"""DOCX, HTML and Markdown/TXT loaders on small generated files."""

from __future__ import annotations

import docx

from ingest import parse_file
from ingest.models import DocType


def test_docx_paragraphs_and_tables(tmp_path):
    d = docx.Document()
    d.add_heading("Report to: Police and Crime Panel", level=1)
    d.add_paragraph("1. PURPOSE OF THE REPORT")
    d.add_paragraph("1.1 To present the budget for 2024-25 to the Panel for review.")
    table = d.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("Service", "Budget £"), ("Victim CARE", "1,200"), ("IOM", "300")]):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    d.add_paragraph("2. RECOMMENDATIONS")
    d.add_paragraph("2.1 The Panel is invited to note the report.")
    path = tmp_path / "2024-02-06 Panel budget report.docx"
    d.save(path)
    doc = parse_file(path)
    assert len(doc.pages) == 1 and doc.meeting_date == "2024-02-06"
    (table_chunk,) = [c for c in doc.chunks if c.kind == "table"]
    assert table_chunk.text.splitlines() == ["Service | Budget £", "Victim CARE | 1,200", "IOM | 300"]
    assert table_chunk.section == "1. PURPOSE OF THE REPORT"
    assert any(c.section == "2. RECOMMENDATIONS" and "invited to note" in c.text for c in doc.chunks)


def test_html_headings_lists_tables(tmp_path):
    path = tmp_path / "minutes.html"
    path.write_text(
        "<html><head><style>p{}</style></head><body><h1>Minutes of the meeting of the Cabinet held on 30 January 2025</h1>"
        "<h2>5. Budget</h2><p>The Cabinet considered the following:</p><ul><li>revenue</li><li>capital</li></ul>"
        "<p>RESOLVED 2025/003 That the budget be approved.</p>"
        "<table><tr><th>Line</th><th>£m</th></tr><tr><td>Revenue</td><td>23.3</td></tr></table></body></html>"
    )
    doc = parse_file(path)
    assert doc.doc_type == DocType.MINUTES and doc.meeting_date == "2025-01-30"
    lst = next(c for c in doc.chunks if "revenue" in c.text)
    assert lst.kind in ("list", "decision") and "following:" in lst.text
    assert any("res:2025/003" in c.refs for c in doc.chunks)
    assert any(c.kind == "table" and c.text.startswith("Line | £m") for c in doc.chunks)
    assert "p{}" not in " ".join(c.text for c in doc.chunks)


def test_markdown_and_text(tmp_path):
    md = tmp_path / "plan.md"
    md.write_text("# Community Safety Plan\n\n## Priorities\n\n- **Knife crime**\n- Hate crime\n\n| A | B |\n|---|---|\n| x | 1 |\n")
    doc = parse_file(md)
    assert doc.doc_type == DocType.PLAN
    assert any(c.section == "Community Safety Plan > Priorities" for c in doc.chunks)
    assert "**" not in " ".join(c.text for c in doc.chunks)
    txt = tmp_path / "note.txt"
    txt.write_text("Just a short note about the meeting.\n")
    assert parse_file(txt).chunks[0].text == "Just a short note about the meeting."


def test_empty_text_file_fails(tmp_path):
    import pytest

    from ingest import IngestError

    path = tmp_path / "blank.md"
    path.write_text("\n\n   \n")
    with pytest.raises(IngestError, match="no text found"):
        parse_file(path)


def test_windows_1252_punctuation_in_a_page_is_read_as_itself(monkeypatch, tmp_path):
    """A font that maps bullets and quotes to C1 control codes: the asset management slides
    printed every bullet as U+0096. Read as the Windows-1252 characters they stand for."""
    from ingest import loaders

    monkeypatch.setattr(loaders, "visible_text", lambda page, reader, keep: (
        "\x96Total estimated current replacement value is $49.8 million \x93AMP\x94 \x85\x81", 0))
    text, hidden, error = loaders._page_text(tmp_path / "amp.pdf", None, None, False)
    assert text == "–Total estimated current replacement value is $49.8 million “AMP” …"
    assert not any("\x80" <= ch <= "\x9f" for ch in text)
