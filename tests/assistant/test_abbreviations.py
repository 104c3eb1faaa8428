"""Abbreviations the papers define themselves, read from the stored text."""

from __future__ import annotations

import pytest

from assistant.abbreviations import Abbreviations, expansions, harvest, relevant
from assistant.text import terms, with_abbreviations


@pytest.mark.parametrize("text, abbr, full", [
    ("an annual Minimum Revenue Provision (MRP) charge", "mrp", "minimum revenue provision"),
    ("the Capital Financing Requirement (CFR) shows", "cfr", "capital financing requirement"),
    ("pupils with Special Educational Needs and Disabilities (SEND)", "send", "special educational needs and disabilities"),
    ("invested in Money Market Funds (MMFs) daily", "mmf", "money market funds"),
    ("Rural Ontario Municipal Association (ROMA) conference", "roma", "rural ontario municipal association"),
])
def test_a_definition_the_paper_prints(text, abbr, full):
    assert harvest([text]) == {abbr: full}


@pytest.mark.parametrize("text", [
    "the council (KCC) agreed",  # the words before do not spell it
    "see the table (A) below",  # one letter
    "as reported (Appendix) earlier",  # a word, not an abbreviation
    "Kent County Council (Kcc) agreed",  # one capital
])
def test_no_definition(text):
    assert harvest([text]) == {}


def test_the_definition_printed_most_often_wins():
    texts = ["Dedicated Schools Grant (DSG)"] * 2 + ["Direct Services Group (DSG)"]
    assert harvest(texts) == {"dsg": "dedicated schools grant"}


def test_either_form_finds_the_other():
    table = Abbreviations.of({"mrp": "minimum revenue provision", "cfr": "capital financing requirement"})
    assert expansions("What minimum revenue provision is budgeted for 2027-28?", table) == ["mrp"]
    assert expansions("What loans CFR is forecast?", table) == ["capital financing requirement"]
    assert expansions("What is the revenue budget?", table) == []  # part of a spelled-out form is not it
    learned = relevant(set(terms("What minimum revenue provision is budgeted?")), table)
    assert learned == (("mrp", frozenset(terms("minimum revenue provision"))),)
    # a table row printing the abbreviation covers the question's spelled-out words
    assert set(terms("minimum provision")) <= with_abbreviations(set(terms("MRP 59.4 67.9")), learned)
    assert "mrp" in with_abbreviations(set(terms("the minimum revenue provision charge")), learned)


def test_the_store_reads_only_public_definitions(tmp_path):
    from assistant.settings import get_settings
    from assistant.store import Store
    from tests.assistant.store.test_store import make_doc

    store = Store(get_settings("test", store=tmp_path / "store"))
    try:
        store.add(make_doc("plan.pdf", ["The Capital Financing Requirement (CFR) rises.",
                                        "The Secret Project Name (SPN) is exempt."], public=[True, False]))
        store.add(make_doc("closed.pdf", ["Exempt text only."], public=[False]))
        assert set(store.abbreviations().full) == {"cfr"}
        assert sorted(t[2] for t in store.titles()) == ["closed.pdf", "plan.pdf"]
        # the public's view never matches a question to a paper it cannot read
        from assistant.scoped import ScopedStore

        assert [t[2] for t in ScopedStore(store, "public").titles()] == ["plan.pdf"]
    finally:
        store.close()


def test_a_question_in_one_form_finds_the_table_row_in_the_other(tmp_path):
    from assistant.retrieve.hybrid import Retriever
    from assistant.settings import get_settings
    from assistant.store import Store
    from tests.assistant.store.test_store import make_doc

    store = Store(get_settings("test", store=tmp_path / "store"))
    try:
        others = [f"Paragraph {i} on roads, parks and libraries." for i in range(10)]  # so no word is in most
        store.add(make_doc("strategy.pdf", ["The annual Minimum Revenue Provision (MRP) repays debt over asset lives.",
                                            "MRP 59.4 59.7 60.1 60.9 67.9", *others]))
        keyword = Retriever(store, store.embedder, store.settings.retrieval, mode="keyword")
        # the row shares no word with the question: only the archive's definition joins them
        hits = keyword.search("What minimum revenue provision is there?", k=5)
        assert any("67.9" in h.chunk.text for h in hits)
    finally:
        store.close()


def test_a_paper_that_only_abbreviates_a_name_still_names_it():
    from assistant.abbreviations import spelled_out

    table = Abbreviations.of({"kcc": "kent county council", "mrp": "minimum revenue provision"})
    assert spelled_out("KCC will use receipts to fund the Oracle project.", table) == ["kent county council"]
    assert spelled_out("Kcc and kcc are not the abbreviation; nor is MRPs.", table) == []


def test_a_name_the_paper_only_abbreviates_is_no_near_miss(tmp_path):
    """"Kent" asked of a KCC paper that never spells it out: the archive's own definition,
    printed in another paper, tells the check the name is there."""
    from assistant.answer.service import extractive_composer
    from assistant.retrieve.query import parse_query
    from assistant.settings import get_settings
    from assistant.store import Store
    from tests.assistant.store.test_store import make_doc

    store = Store(get_settings("test", store=tmp_path / "store"))
    try:
        store.add(make_doc("strategy.pdf", ["KCC will use £8m of capital receipts to fund the Oracle Cloud project."]))
        composer = extractive_composer(get_settings("test", store=tmp_path / "store"), store)
        chunk = store.chunks(store.chunk_ids("strategy"))[0]
        query = parse_query("What will Kent spend its capital receipts on?")
        assert composer._name_absent(query, chunk)  # no paper defines KCC yet
        store.add(make_doc("glossary.pdf", ["Kent County Council (KCC) is the upper-tier authority."]))
        fresh = extractive_composer(get_settings("test", store=tmp_path / "store"), store)
        assert not fresh._name_absent(query, chunk)
    finally:
        store.close()
