"""Retrieval and ask over the real sample corpus (fake embedder: fast, no weights)."""

from __future__ import annotations

import pytest

from assistant.store.filters import Filters
from assistant.retrieve.hybrid import rrf, weighted

CONTRACT = {"answer", "abstained", "composer", "conversation_id", "citations"}
CITATION = {"n", "document_id", "file", "title", "item", "section", "page", "page_label", "text", "excerpt",
            "score", "chunk_id", "ocr", "heads"}


def test_rrf_rewards_agreement():
    fused = rrf([[("a", 0.9), ("b", 0.8)], [("b", 9.0), ("c", 5.0)]])
    assert fused[0][0] == "b" and {c for c, _ in fused} == {"a", "b", "c"}


def test_weighted_fusion_respects_the_weight():
    dense, keyword = [("a", 0.9), ("b", 0.1)], [("b", 10.0), ("a", 1.0)]
    assert weighted(dense, keyword, dense_weight=0.8)[0][0] == "a"
    assert weighted(dense, keyword, dense_weight=0.2)[0][0] == "b"


def test_reference_lookup_puts_the_resolution_first(corpus_services):
    hits = corpus_services.retriever.search("what was resolved under 2021/007?", k=5)
    assert hits[0].ref_match and "res:2021/007" in hits[0].chunk.refs and hits[0].chunk.page == 15


def test_reference_lookup_accepts_loose_forms(corpus_services):
    hits = corpus_services.retriever.search("resolution 2021/7", k=3)
    assert "res:2021/007" in hits[0].chunk.refs


@pytest.mark.parametrize("filters,check", [
    (Filters(doc_type="minutes"), lambda c: c.doc_type == "minutes"),
    (Filters(body="Cabinet (Kent County Council)"), lambda c: c.body == "Cabinet (Kent County Council)"),
    (Filters(date_from="2025-01-01"), lambda c: c.meeting_date >= "2025-01-01"),
    (Filters(date_to="2021-12-31", item="8"), lambda c: c.item_number == "8" and c.meeting_date <= "2021-12-31"),
])
def test_filters_apply_inside_both_indexes(corpus_services, filters, check):
    store = corpus_services.store
    vec = corpus_services.embedder.embed_query("budget report")
    dense, keyword = store.dense(vec, 20, filters), store.keyword("budget report", 20, filters)
    assert dense and keyword
    for cid_list in (dense, keyword):
        assert all(check(c) for c in store.chunks([cid for cid, _ in cid_list]))


def test_ask_by_reference_cites_the_right_page(corpus_services):
    reply = corpus_services.answerer.ask("What was resolved under 2021/007?")
    assert set(reply) == CONTRACT and not reply["abstained"]
    assert "approve the new delivery plan" in reply["answer"]
    first = reply["citations"][0]
    assert set(first) == CITATION and first["page"] == 15 and first["n"] == 1 and "[1]" in reply["answer"]


def test_ask_abstains_on_what_the_archive_never_mentions(corpus_services):
    reply = corpus_services.answerer.ask("How much did knife crime fall in Leicestershire in 2020/21?")
    assert reply["abstained"] and reply["answer"] == "Not found in the documents."
    assert reply["citations"], "closest passages are still listed"
    assert set(reply) == CONTRACT | {"reason"} and reply["reason"] == "The documents never mention Leicestershire."


def test_ask_abstains_on_a_resolution_number_that_does_not_exist(corpus_services):
    reply = corpus_services.answerer.ask("What was resolved under 2021/019?")
    assert reply["abstained"] and reply["reason"] == "No paper carries reference 2021/019."
    reply = corpus_services.answerer.ask("What was resolved under R2019-999?")
    assert reply["reason"] == "No paper carries reference R2019-999.", "as the user typed it"


def test_a_weak_abstention_says_why_in_the_stream_as_in_the_reply(corpus_services):
    """Below the threshold, the reason is the confidence feature that weighed most against
    the evidence, and the streamed reply says the same as the whole one."""
    from assistant.answer.stream import ask_events

    question = "How many burglaries were recorded in Nottinghamshire in 1987?"
    reply = corpus_services.answerer.ask(question)
    assert reply["abstained"] and reply["reason"] == "The closest papers found never mention 1987."
    done = [data for name, data in ask_events(corpus_services.answerer, question) if name == "done"][0]
    assert done["reason"] == reply["reason"]


def test_follow_up_is_rewritten_with_the_previous_turn(corpus_services):
    first = corpus_services.answerer.ask("What was resolved under 2021/007?")
    reply, details = corpus_services.answerer.ask_explained("and what about 2021/012?", None,
                                                            first["conversation_id"])
    assert details["standalone"] == "What was resolved under 2021/012?"
    assert "work programme be noted" in reply["answer"]


def test_a_citations_excerpt_is_the_part_of_the_passage_the_answer_speaks_of():
    """A long minutes passage opens on the motion quoted; the source list shows the vote's lines."""
    from assistant.answer.citations import excerpt

    passage = ("“County Council is asked to: … (4) Note that acceptance onto the Devolution Priority Programme may lead "
               "to the County Council elections scheduled for May 2025 being postponed subject to ministerial decision\n"
               "(5) Expects there to be as much transparency as possible in this process.”\n"
               "18) Following the debate, the Chairman put the amendment set out in paragraph 17 to the vote and the "
               "voting was as follows:\nFor (14)\nMr Baldock, Mr Brady, Ms Constantine\nAgainst (45)")
    said = "Minute 285, paragraph 17: Amendment proposed (moved) by Mr Hood. The voting was: For (14), Against (45)."
    shown = excerpt(passage, said)
    assert shown.startswith("… 18) Following the debate") and "For (14)" in shown and len(shown) <= 302
    assert excerpt(passage, "").startswith("“County Council is asked to")  # nothing said of it: its opening
    assert excerpt("Short passage.", "anything") == "Short passage."


def test_an_excerpt_of_a_long_line_of_names_opens_near_the_name_said():
    """A vote's sixty names print as one line: "how did Mr Hook vote?" is shown the part naming
    him, not the line's opening nor the abstainers below it ("Mr" is on every line)."""
    from assistant.answer.citations import excerpt

    names = ", ".join(f"Mr Member{i}" for i in range(40)) + ", Mr Hook, " + ", ".join(f"Mr Other{i}" for i in range(20))
    passage = f"For (61)\n{names}\nAgainst (0)\nAbstain (2)\nMr B Lewis, Mr D Ross\nMotion carried."
    shown = excerpt(passage, "Mr Hook voted for the motion on Section 25 Report.")
    assert "Mr Hook" in shown and len(shown) <= 302 and shown.startswith("… ")


def test_each_citation_of_a_reply_carries_its_excerpt(corpus_services):
    reply = corpus_services.answerer.ask("How much did Redthread receive?")
    assert reply["citations"] and all(c["excerpt"] and len(c["excerpt"]) <= 302 for c in reply["citations"])


@pytest.mark.parametrize("item_title, file, shown", [
    ("Numbers rounded for clarity including totals. As a result, small rounding differences sometimes occur",
     "February 2025 Kent County Council Budget Report.pdf", "February 2025 Kent County Council Budget Report"),
    ("Rural Crime Update", "pack.pdf", "Rural Crime Update"),
    ("Section 25 Report. Annex", "s25.pdf", "Section 25 Report. Annex"),  # a heading's full stop is no second sentence
    (None, "pack.pdf", "pack.pdf"),  # a file name that names nothing is shown as it is
])
def test_a_source_is_not_listed_by_a_running_note(item_title, file, shown):
    """Kent's budget report printed "Numbers rounded for clarity …" atop every page, and that
    note became its title: each source cited from it was listed by it."""
    from assistant.answer.citations import shown_title
    assert shown_title(item_title, file) == shown


def test_running_note_is_the_same_test_drafts_use():
    from assistant.answer.citations import running_note
    assert running_note("Numbers rounded for clarity including totals. As a result, small rounding differences occur")
    assert not running_note("Section 25 Report. Annex") and not running_note(None)
