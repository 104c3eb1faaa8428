"""Which papers lend their subject to their other passages (``Gatherer.seed``): a short report
on the subject does; a budget book that mentions it twice in 40 service statements does not."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.draft.gather import Gatherer, Subject
from assistant.draft.template import evidence
from assistant.retrieve.hybrid import Hit
from ingest.models import Chunk

ON = "Winter gritting and highways maintenance: the gritting fleet treats 2,000 miles of road."
OFF = "Governance, Law and Democracy provides democratic services to elected Members."


def _paper(doc: str, texts: list[str], title: str = "Key service statements") -> list[Chunk]:
    return [Chunk(chunk_id=f"{doc}:{i:04d}", document_id=doc, file=f"{doc}.pdf", text=t, page=i + 1,
                  item_id="paper-0", item_title=title) for i, t in enumerate(texts)]


class _Store:
    def __init__(self, papers: list[list[Chunk]]):
        self.by_id = {c.chunk_id: c for p in papers for c in p}
        self.catalog = SimpleNamespace(chunk_ids=lambda doc: [c for c in self.by_id if c.startswith(f"{doc}:")])

    def chunks(self, ids):
        return [self.by_id[i] for i in ids]


class _Retriever:
    """Returns the on-subject passages first, whatever the query."""

    def __init__(self, store: _Store):
        self.store = store

    def search(self, text, filters, k):
        found = [c for c in self.store.by_id.values() if "gritting" in c.text]
        return [Hit(chunk=c, score=1.0) for c in found[:k]]


def _subject() -> Subject:
    weights = {"winter": 5.0, "gritt": 8.0, "highway": 3.0, "maintenanc": 4.0}
    return Subject(text="Winter gritting and highways maintenance", weights=weights, core={"gritt", "winter"})


def test_a_paper_mostly_on_the_subject_lends_it_a_budget_book_does_not():
    report = _paper("report", [ON, ON.replace("2,000", "1,900"), OFF])
    book = _paper("book", [ON.replace("2,000", "2,100"), ON.replace("2,000", "2,200")] + [OFF] * 38)
    gatherer = Gatherer(_Retriever(_Store([report, book])), evidence().scoring)
    gatherer.seed(_subject(), None)
    assert gatherer.papers == [("report", "paper-0")]


def test_a_paper_titled_on_the_subject_lends_it_however_long():
    book = _paper("plan", [ON, ON.replace("2,000", "2,200")] + [OFF] * 38, title="Winter gritting plan 2025")
    gatherer = Gatherer(_Retriever(_Store([book])), evidence().scoring)
    gatherer.seed(_subject(), None)
    assert gatherer.papers == [("plan", "paper-0")]


def test_a_paper_that_never_names_the_templates_authority_is_left_out():
    """A Kent Cabinet report on bridges was written from a township's asset plan, on the
    subject but another authority's: the template names its authority ("Kent", "KCC") and
    a paper that never does is left out, and said to be; papers the user picks are not."""
    import re

    kent = _paper("kent", [ON.replace("2,000", "1,900"), ON.replace("2,000", "1,800") + " KCC reviews the routes."])
    township = _paper("township", [ON, ON.replace("2,000", "2,100"), OFF])
    authority = re.compile(r"\b(?:Kent|KCC)\b")
    gatherer = Gatherer(_Retriever(_Store([kent, township])), evidence().scoring, authority)
    gatherer.seed(_subject(), None)
    assert gatherer.papers == [("kent", "paper-0")] and gatherer.left_out == {"township"}
    chosen = Gatherer(_Retriever(_Store([kent, township])), evidence().scoring, authority)
    chosen.seed(_subject(), None, sources=["township"])
    assert chosen.authority is None and ("township", "paper-0") in chosen.papers


def test_templates_name_their_authority():
    from assistant.draft.template import load_template

    kent = load_template("kent-cabinet").authority
    assert kent.name == "Kent County Council" and kent.pattern().search("KCC's budget")
    assert load_template("opcc-notts").authority.pattern().search("Make Notts Safe Plan")


def test_a_flagged_section_says_the_papers_on_it_are_another_authoritys():
    from types import SimpleNamespace

    from assistant.draft.service import _not_theirs
    from assistant.draft.template import load_template

    kent = load_template("kent-cabinet")
    left = SimpleNamespace(left_out={"a", "b"}, authority=kent.authority.pattern())
    assert _not_theirs(left, kent) == (" in papers naming Kent County Council; 2 papers on it never name Kent County"
                                       " Council (choose papers or a body to draw on them)")
    assert _not_theirs(SimpleNamespace(left_out=set(), authority=kent.authority.pattern()), kent) == ""
