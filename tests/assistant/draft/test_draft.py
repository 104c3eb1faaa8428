"""Drafting over the sample corpus (fake embedder): order, citations, numbers, gaps."""

from __future__ import annotations

import io

import pytest

from assistant.answer.base import Passage
from assistant.draft.export import to_docx, to_html, to_markdown
from assistant.draft.gather import Subject
from assistant.draft.llm_writer import LLMWriter
from assistant.draft.model import NO_SOURCE
from assistant.draft.service import Drafter, DraftRequest
from assistant.draft.template import evidence, load_template
from assistant.llm import QueuedFakeChat
from assistant.text import unsupported_numbers
from tests.assistant.answer.helpers import passage
from tests.ids import corpus_id

PACK_ID = corpus_id("2021-05-19 Strategic Resources and Performance Meeting - Agenda Pack.pdf")
PANEL_ID = corpus_id("2022-02-08 Police and Crime Panel - Item 8 Make Notts Safe Plan 2021-24.pdf")


@pytest.fixture
def drafter(corpus_services):
    return Drafter(corpus_services.retriever, corpus_services.store)


@pytest.fixture
def rural(drafter):
    return drafter.draft(DraftRequest(template="opcc-notts", title="Rural crime", report_to="Strategic Resources and Performance",
                                      date="19 May 2021", cover={"author": "A. Author"}))


def _paragraph_numbers_supported(report):
    """Every number of every paragraph is in a passage the paragraph cites (for a Background
    Papers line: in the cited paper's record, i.e. its title and reference label)."""
    for s in report.sections:
        for p in s.paragraphs:
            cited = "\n".join(report.reference(n).citation["text"] + "\n" + report.reference(n).citation["title"]
                              + "\n" + report.reference(n).label for n in p.cites)
            assert not unsupported_numbers(p.text, cited), (s.key, p.text)


def test_sections_come_out_in_template_order(rural):
    assert [s.key for s in rural.sections] == [s.key for s in load_template("opcc-notts").sections]


def test_unflagged_sections_cite_and_numbers_are_in_cited_passages(rural):
    written = [s for s in rural.sections if not s.flagged]
    assert len(written) >= 6  # the pack's Rural Crime Update covers most sections
    for s in written:
        assert s.cited(), s.key
        assert all(p.cites for p in s.paragraphs), s.key
        assert all(1 <= n <= len(rural.references) for n in s.cited())
    _paragraph_numbers_supported(rural)


def test_house_style(rural):
    recs = next(s for s in rural.sections if s.key == "recommendations")
    assert recs.paragraphs and all(p.text.startswith("It is recommended that") for p in recs.paragraphs)
    key_points = next(s for s in rural.sections if s.key == "key_points")
    assert key_points.text.startswith("4.1 ") and "\n\n4.2 " in key_points.text
    dates = [rural.reference(p.cites[0]).meeting_date or "" for p in key_points.paragraphs]
    assert dates == sorted(dates, reverse=True)  # newest first


def test_flagged_sections_say_so_and_cover_placeholders_are_visible(rural):
    appendices = next(s for s in rural.sections if s.key == "appendices")
    assert appendices.flagged and appendices.text == NO_SOURCE and not appendices.cited()
    cover = {c.key: c for c in rural.cover}
    assert cover["author"].value == "A. Author" and cover["author"].supplied
    assert cover["email"].value == "[E-mail]" and not cover["email"].supplied
    assert cover["report_to"].value == "Strategic Resources and Performance"


def test_background_papers_list_the_cited_papers_with_dates(rural):
    papers = next(s for s in rural.sections if s.key == "background_papers")
    assert not papers.flagged
    assert any("Rural Crime Update" in p.text and "19 May 2021" in p.text for p in papers.paragraphs)


def test_a_subject_the_archive_lacks_is_flagged_not_written(drafter):
    report = drafter.draft(DraftRequest(template="opcc-notts", title="Lunar mining licences on Europa"))
    assert all(s.flagged for s in report.sections)
    assert all(s.text == NO_SOURCE and not s.cited() for s in report.sections)
    assert report.references == []


def test_sources_limit_the_evidence(drafter):
    report = drafter.draft(DraftRequest(template="opcc-notts", title="Rural crime",
                                        sections=["key_points", "purpose"],
                                        sources=[PANEL_ID]))
    assert [s.key for s in report.sections] == ["purpose", "key_points"]
    assert {r.citation["document_id"] for r in report.references} <= {
        PANEL_ID}


def test_kent_template_drafts_from_kent_minutes(drafter):
    report = drafter.draft(DraftRequest(template="kent-cabinet", title="Commissioning Plan for Education Provision",
                                        report_to="Cabinet", date="30 January 2025"))
    assert [s.key for s in report.sections] == [s.key for s in load_template("kent-cabinet").sections]
    assert any(not s.flagged for s in report.sections)
    _paragraph_numbers_supported(report)
    assert next(c for c in report.cover if c.key == "to").value == "Cabinet – 30 January 2025"


def test_summarise_cites_only_pages_of_its_item(drafter, corpus_services):
    report = drafter.summarise(PACK_ID, "item-6")
    item = next(i for i in corpus_services.store.document(PACK_ID)["items"] if i["item_id"] == "item-6")
    assert [s.key for s in report.sections] == ["purpose", "recommendations", "key_points"]
    purpose = report.sections[0]
    assert not purpose.flagged and "rural crime" in purpose.text.lower()
    assert not report.sections[2].flagged
    for r in report.references:
        assert item["first_page"] <= r.citation["page"] <= item["last_page"]
    _paragraph_numbers_supported(report)


def test_summarise_unknown_item_names_the_valid_ones(drafter):
    with pytest.raises(ValueError, match="item-6"):
        drafter.summarise(PACK_ID, "item-99")


def test_docx_opens_with_cover_table_and_headings(rural):
    from docx import Document

    doc = Document(io.BytesIO(to_docx(rural)))
    labels = [row.cells[0].text for row in doc.tables[0].rows]
    assert labels == [c.label for c in rural.cover]
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "1. Purpose of the Report" in headings and "References" in headings
    flagged = [p for p in doc.paragraphs if p.text == NO_SOURCE]
    assert flagged and all(r.font.highlight_color is not None for p in flagged for r in p.runs)
    # each flagged section says why, as the HTML and Markdown do
    notes = [s.note for s in rural.sections if s.flagged and s.note]
    assert notes and all(any(p.text == f"Flagged: {n}" for p in doc.paragraphs) for n in notes)
    assert all(f"Flagged: {n}" in to_html(rural) for n in notes)
    assert any(p.text.startswith("[1] 2021-05-19 Strategic Resources and Performance agenda pack, item 6, p.")
               for p in doc.paragraphs)


def test_html_and_markdown_hold_the_same_content(rural):
    from markupsafe import escape

    html, md = to_html(rural), to_markdown(rural)
    for s in rural.sections:
        assert s.title in md and str(escape(s.title)) in html
        for num, body in s.numbered():
            assert body in md and str(escape(body)) in html
    assert html.count('class="flagged"') == sum(s.flagged for s in rural.sections)
    assert all(f"[{r.n}] {r.label}" in md for r in rural.references)


def test_html_escapes_document_text(drafter):
    report = drafter.draft(DraftRequest(template="opcc-notts", title="Rural crime <script>x</script>",
                                        sections=["purpose"]))
    assert "<script>x" not in to_html(report) and "&lt;script&gt;" in to_html(report)


def test_docx_leaves_out_what_a_word_file_cannot_hold(drafter):
    """A control character, from a cover field or a document's own text layer, is dropped."""
    from docx import Document

    report = drafter.draft(DraftRequest(template="opcc-notts", title="Rural\x00 crime\x03", date="19\x02 May",
                                        sections=["purpose"]))
    doc = Document(io.BytesIO(to_docx(report)))
    assert doc.paragraphs[0].text == "Rural crime"


def test_llm_writer_output_goes_through_the_verifier(drafter):
    passages = [passage(1, "The capital budget for 2020/21 is £42,431k."), passage(2, "Rural crime fell.")]
    chat = QueuedFakeChat(["The capital budget for 2020/21 is £42,431k [1].\n\nIt rose by 12% [2]. "
                           "Arrests doubled [7]."])
    template = load_template("opcc-notts")
    section = template.section("financial")
    writer = LLMWriter(chat, template)
    claims = writer.write(section, evidence().kinds["money"], Subject("capital budget", {}, set()), passages, set())
    draft_section = drafter._verified(section, claims, passages, _Book())
    assert [p.text for p in draft_section.paragraphs] == ["The capital budget for 2020/21 is £42,431k."]
    assert "12%" in draft_section.note and "not given" in draft_section.note
    system = chat.calls[0][0]["content"]
    assert "Give each sum with what it is for" in system and "It is recommended that" in system


class _Book:
    def number(self, passage: Passage) -> int:
        return passage.n
