"""Hostile files at the parser: encryption, templated pages, hidden text, furniture rules."""

from __future__ import annotations

import pytest

from ingest import IngestError, parse_file
from ingest.config import ParseOptions
from ingest.models import Page
from ingest.layout import analyse
from tests.ingest import hostile_corpus as hc
from tests.ingest.hostile_corpus import Text


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_encrypted_with_empty_password_reads(tmp_path, algorithm):
    doc = parse_file(hc.encrypted(tmp_path / "restricted.pdf", algorithm))
    assert "Sherwood Lodge" in " ".join(c.text for c in doc.chunks)


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_user_password_is_named(tmp_path, algorithm):
    with pytest.raises(IngestError, match="encrypted: needs a password"):
        parse_file(hc.encrypted(tmp_path / "locked.pdf", algorithm, "secret"))


def test_300_templated_decisions_all_found(tmp_path):
    doc = parse_file(hc.templated(tmp_path / "notices.pdf"))
    text = "\n".join(c.text for c in doc.chunks)
    for n in range(1, 301):
        assert f"to award grant {n} towards the {hc._place(n)} roof repairs" in text, n
        assert f"Decision No: 24/{n:05d}" in text, n
    assert doc.report.pages == 300 and not doc.report.warnings
    assert doc.report.furniture_lines == 600  # the title and the footer, the same on every page


def test_furniture_never_takes_a_page_only_content():
    pages = [Page(i, "Agenda Item 5\nPage %d" % i) for i in range(1, 8)]
    layout = analyse(pages)
    assert [ln.page for ln in layout.lines if ln.text == "Agenda Item 5"] == list(range(1, 8))
    assert all(p.label == f"Page {p.number}" for p in pages)


def test_a_short_repeated_line_is_furniture_only_in_the_same_place():
    """'Approved' on every page, but second on some and third on others: content, not furniture;
    the header first on every page is furniture."""
    pages = [Page(i, "\n".join(["Header", *(["Approved", f"Decision {i}"] if i % 2 else [f"Decision {i}", "Approved"]),
                                 f"The grant {i} was paid to the trust.", "More text on the grant.",
                                 f"And the end of decision {i}.", "Closing line here", "Footer"]))
             for i in range(1, 7)]
    layout = analyse(pages)
    assert sum(ln.text == "Approved" for ln in layout.lines) == 6
    assert not any(ln.text in ("Header", "Footer") for ln in layout.lines)


def test_long_repeated_lines_are_content():
    sentence = "The Panel noted that the budget would be set in line with the medium term financial plan for the force."
    pages = [Page(i, f"Header\n{sentence}\nunique text {i}\nPage {i}") for i in range(1, 6)]
    layout = analyse(pages)
    assert sum(ln.text == sentence for ln in layout.lines) == 5
    assert not any(ln.text == "Header" for ln in layout.lines)


def test_hidden_text_is_left_out_and_counted(tmp_path):
    path = hc.hidden_text(tmp_path / "review.pdf")
    doc = parse_file(path)
    text = "\n".join(c.text for c in doc.chunks).lower()
    assert "zanzibar" not in text and "sherwood lodge" in text
    assert "the audit committee will review the contract register" in text  # visible, inside the form
    assert doc.report.hidden_pages == 1 and doc.report.hidden_chars >= 5 * len("zanzibarprocurement")
    kept = parse_file(path, options=ParseOptions(keep_hidden=True))
    assert "\n".join(c.text for c in kept.chunks).lower().count("zanzibar") == 5


def test_white_text_over_a_box_drawn_by_a_form_is_visible(tmp_path):
    """A dark box drawn by a form XObject (no text in it) is under the white text: kept."""
    form = b"0.1 0.3 0.4 rg 50 690 400 40 re f"
    page = [Text(72, 700, "Section B Evidence", size=16, fill=(1, 1, 1))] + hc.paragraph_page(
        "Estates Strategy Update", hc.REPORT_SENTENCES, top=640)
    doc = parse_file(hc.write_pdf(tmp_path / "banner.pdf", [page], forms={0: form}))
    assert "Section B Evidence" in "\n".join(c.text for c in doc.chunks) and doc.report.hidden_chars == 0


def test_white_text_on_a_dark_box_is_visible(tmp_path):
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    from ingest.hidden import visible_text

    path = hc.write_pdf(tmp_path / "banner.pdf", [hc.paragraph_page("Banner", hc.REPORT_SENTENCES)])
    reader = PdfReader(str(path))
    page = reader.pages[0]
    stream = ContentStream(page["/Contents"].get_object(), reader, "bytes")
    stream.set_data(b"0.1 0.3 0.4 rg 50 690 400 40 re f BT /F1 16 Tf 1 1 1 rg 72 700 Td (Section B Evidence) Tj ET\n"
                    + stream.get_data())
    page[__import__("pypdf").generic.NameObject("/Contents")] = stream
    text, hidden = visible_text(page, reader)
    assert "Section B Evidence" in text and hidden == 0


def test_a_page_whose_text_reaches_no_chunk_is_warned_and_counted(tmp_path, monkeypatch):
    """The chunker keeps every piece today; if a later rule loses a page, the report says so."""
    import ingest.parse as parse_mod

    real_pack = parse_mod.pack

    def losing_page_2(blocks, max_chars, min_chars):
        drafts = real_pack(blocks, max_chars, min_chars)
        for d in drafts:
            d.pieces = [p for p in d.pieces if 2 not in p.pages]
        return [d for d in drafts if d.pieces]

    monkeypatch.setattr(parse_mod, "pack", losing_page_2)
    path = hc.write_pdf(tmp_path / "three.pdf", [hc.paragraph_page(t, s) for t, s in [
        ("Estates Strategy Update", hc.REPORT_SENTENCES), ("Custody Suite Programme", hc.REPORT_SENTENCES[::-1]),
        ("Capital Programme", hc.REPORT_SENTENCES[1:])]])
    report = parse_file(path).report
    assert report.warnings == ["page 2 has a text layer but yielded no chunk (no chunk kept its text)"]
    assert (report.pages, report.pages_with_text, report.pages_kept) == (3, 3, 2)
    assert report.chars_read - report.chars_kept == report.chars_dropped > 300  # page 2's sentences


def test_report_counts_pages_without_text(tmp_path):
    path = hc.write_pdf(tmp_path / "gap.pdf", [hc.paragraph_page("Estates Strategy Update", hc.REPORT_SENTENCES), [],
                                               hc.paragraph_page("Custody Suite Programme", hc.REPORT_SENTENCES)])
    report = parse_file(path).report
    assert (report.pages, report.pages_with_text, report.pages_kept) == (3, 2, 2) and not report.warnings


def test_control_characters_in_a_text_layer_are_left_out(tmp_path):
    """A font encoding can put C0 controls in the text layer; no chunk carries them."""
    page = hc.paragraph_page("Estates\x03 Strategy", [s.replace("Sherwood", "Sher\x01wood\x0c") for s in hc.REPORT_SENTENCES])
    doc = parse_file(hc.write_pdf(tmp_path / "controls.pdf", [page]))
    text = "\n".join(c.text for c in doc.chunks)
    assert "Sherwood" in text and not any(ch < " " and ch not in "\t\n" for ch in text)


def test_a_searchable_scan_keeps_its_ocr_layer(tmp_path, monkeypatch):
    """Invisible text over the page image is the scan's own OCR layer: read, not hidden, not OCRed again."""
    from ingest import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)  # no second OCR to fall back on
    doc = parse_file(hc.searchable_scan(tmp_path / "searchable.pdf"))
    assert "Sherwood Lodge headquarters" in "\n".join(c.text for c in doc.chunks)
    assert doc.report.hidden_chars == 0 and doc.report.ocr_pages == 0


@pytest.mark.parametrize("form", [b"BT /F1 11 Tf 72 500 Td (unterminated Tj ET", b"BT /F1 11 Tf 72 500 Td <zz> Tj ET",
                                  b"BT " + b"[" * 5000 + b" Tj ET"])
def test_a_broken_form_costs_the_page_nothing_else(tmp_path, form):
    """pypdf skips a form it cannot parse; so does the hidden-text walk, keeping the page's text."""
    path = hc.write_pdf(tmp_path / "form.pdf", [hc.paragraph_page("Estates Strategy Update", hc.REPORT_SENTENCES)],
                        forms={0: form})
    assert "Sherwood Lodge" in " ".join(c.text for c in parse_file(path).chunks)


def test_a_long_legal_footer_on_every_slide_is_furniture():
    """A deck prints its firm's legal line as each slide's first line, its slide number glued
    on ("5Document Classification: … © 2024 KPMG LLP, …"): furniture, kept aside, not a
    passage that answers "which firm audited the township?"."""
    legal = ("Document Classification: KPMG Public© 2024 KPMG LLP, an Ontario limited liability partnership "
             "and a member firm of the KPMG global organization of independent member firms.")
    pages = [Page(i, f"{i}{legal}\nTownship of Nipissing | Year-End Audit Report\nSlide {i} body text.\n"
                     f"• point {i} about the statements\n• another point") for i in range(1, 7)]
    layout = analyse(pages)
    assert not any("KPMG LLP" in ln.text for ln in layout.lines)
    assert any("KPMG LLP" in r for r in layout.running)
    # the same line on only half the slides is content
    half = [Page(i, (f"{i}{legal}\n" if i % 2 else "") + f"Slide {i} body text.\n• one\n• two\n• three")
            for i in range(1, 7)]
    assert sum("KPMG LLP" in ln.text for ln in analyse(half).lines) == 3
