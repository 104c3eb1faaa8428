"""Draft a report on a template, or summarise a stored item into its sections.

The steps meet only here: per-section retrieval (``gather``), a section writer
(extractive by default), the answer verifier (every ``[n]`` given to that section,
every number in a cited passage), then one reference list for the whole report.
A section with nothing verified is flagged and says so; it is never filled in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.answer.base import Draft, Passage
from assistant.answer.verify import verify
from assistant.draft.extractive import ExtractiveWriter
from assistant.draft.gather import Gatherer, Subject, item_passages, make_subject
from assistant.draft.model import CoverEntry, Paragraph, Report, SectionDraft
from assistant.draft.references import ReferenceBook, paper_passages
from assistant.draft.template import (Section, Template, TemplateError, cover_value, evidence,
                                      load_template)
from assistant.store.filters import Filters
from ingest.dates import human_date


@dataclass
class DraftRequest:
    template: str
    title: str
    report_to: str | None = None
    date: str | None = None
    about: str | None = None
    sections: list[str] | None = None  # keys in any order, or ["all"]
    sources: list[str] = field(default_factory=list)  # document ids to draw on (default: all)
    cover: dict[str, str] = field(default_factory=dict)  # other cover/contact fields by key
    filters: Filters | None = None

    @property
    def subject(self) -> str:
        return " ".join(filter(None, [self.title, self.about]))


def make_writer(name: str, template: Template, chat_model=None):
    """Section writer named like the answer composer; the error lists valid names."""
    shared = evidence()
    writers = {
        "extractive": lambda: ExtractiveWriter(shared.scoring, shared.rewrites, _all_labels()),
        "openai": lambda: _llm_writer(chat_model, template),
    }
    if name not in writers:
        raise ValueError(f"unknown section writer {name!r}; choose one of {sorted(writers)}")
    return writers[name]()


def _all_labels() -> list[str]:
    """Every template's cover labels and headings: a Kent cover block inside an OPCC
    draft's evidence is still layout."""
    from assistant.draft.template import template_names

    return sorted({lb for name in template_names() for lb in load_template(name).labels()})


def _llm_writer(chat_model, template: Template):
    from assistant.draft.llm_writer import LLMWriter

    if chat_model is None:
        raise ValueError("the openai section writer needs a chat model (settings.llm)")
    return LLMWriter(chat_model, template)


def drafter_for(services) -> "Drafter":
    """A Drafter over the CLI's or the API's services, writing with the configured composer."""
    return Drafter(services.retriever, services.store, services.settings.answer.composer,
                   chat_model=services.answerer.rewriter)


class Drafter:
    def __init__(self, retriever, store, composer: str = "extractive", chat_model=None):
        self.retriever = retriever
        self.store = store
        self.composer = composer
        self.chat_model = chat_model
        self.evidence = evidence()

    def draft(self, req: DraftRequest) -> Report:
        template = load_template(req.template)
        if not req.title.strip():
            raise ValueError("a draft needs a title (its subject)")
        # one gatherer per draft: it keeps which papers are on this subject and of this authority
        gatherer = Gatherer(self.retriever, self.evidence.scoring,
                            template.authority.pattern() if template.authority else None)
        subject = make_subject(req.title, self.store, self.evidence.scoring, about=req.about)
        cover, contact = self._cover(template, req)
        chosen = template.pick(req.sections)
        gatherer.seed(subject, req.filters, req.sources)

        def passages_for(section: Section) -> list[Passage]:
            return gatherer.passages(section, subject, req.filters, req.sources)

        return self._write(template, req.title, chosen, subject, passages_for, cover, contact, in_order=False,
                           not_found=lambda: _not_theirs(gatherer, template))

    def summarise(self, document_id: str, item_id: str, template_name: str = "opcc-notts") -> Report:
        """Purpose / Key Points / Recommendations of one stored item, citing only its pages."""
        template = load_template(template_name)
        item, passages = item_passages(self.store, document_id, item_id)
        if not passages:
            raise ValueError(f"item {item_id!r} of {document_id!r} has no stored passages")
        subject = make_subject(item["title"] or item_id, self.store, self.evidence.scoring)
        chosen = [template.section(k) for k in template.summary_sections]
        chosen = [s for s in template.sections if s in chosen]  # template order
        args = {"title": item["title"], "report_to": item.get("body"), "date": human_date(item.get("meeting_date")) or "",
                "report_of": item.get("report_of"), "author": item.get("author"), "agenda_item": item.get("number")}
        cover = [_entry(f, args) for f in template.cover]
        return self._write(template, item["title"] or item_id, chosen, subject, lambda s: passages,
                           cover, [], in_order=True)

    # --- steps -----------------------------------------------------------------------

    def _write(self, template, title, chosen, subject: Subject, passages_for, cover, contact,
               in_order: bool, not_found=lambda: "") -> Report:
        """``not_found``: what to add when a section finds no passage (papers left out, and why)."""
        writer = make_writer(self.composer, template, self.chat_model)
        book = ReferenceBook(template, self.store, self.evidence.doc_kinds)
        used: set = set()
        drafts: dict[str, SectionDraft] = {}
        for section in chosen:
            kind = self.evidence.kinds[section.evidence]
            if kind.source == "retrieve":
                passages = passages_for(section)
                claims = writer.write(section, kind, subject, passages, used, in_order=in_order)
                drafts[section.key] = self._verified(section, claims, passages, book, not_found)
        for section in chosen:  # papers last: they list what the other sections cite
            kind = self.evidence.kinds[section.evidence]
            if kind.source == "papers":
                drafts[section.key] = self._papers(section, template, book)
            elif kind.source == "author":
                drafts[section.key] = _flagged(section, "only the author can supply this section")
        return Report(template=template.name, title=title, cover=cover,
                      sections=[drafts[s.key] for s in chosen], references=book.references,
                      contact=contact, composer=writer.name)

    def _verified(self, section: Section, claims, passages: list[Passage], book: ReferenceBook,
                  not_found=lambda: "") -> SectionDraft:
        if not passages:
            return _flagged(section, "no passage on the subject was found for this section" + not_found())
        verdict = verify(Draft(claims=claims), passages)
        by_n = {p.n: p for p in passages}
        paragraphs = [Paragraph(c.text, [book.number(by_n[n]) for n in dict.fromkeys(c.cites)])
                      for c in verdict.kept]
        dropped = "; ".join(f"dropped {c.text[:60]!r}: {why}" for c, why in verdict.dropped) or None
        if not paragraphs:
            return _flagged(section, dropped or "no sentence in the passages was this section's kind of evidence")
        return SectionDraft(section.key, section.number, section.heading, paragraphs, note=dropped)

    def _papers(self, section: Section, template: Template, book: ReferenceBook) -> SectionDraft:
        """One line per cited paper, checked against that paper's catalogue record."""
        passages, lines = paper_passages(book, template)
        claims = lines[: section.max_paragraphs or None]
        verdict = verify(Draft(claims=claims), passages)
        by_n = {p.n: p for p in passages}
        paragraphs = [Paragraph(c.text, [book.number(by_n[n]) for n in c.cites]) for c in verdict.kept]
        if not paragraphs:
            return _flagged(section, "no other section cites a paper")
        return SectionDraft(section.key, section.number, section.heading, paragraphs)

    def _cover(self, template: Template, req: DraftRequest) -> tuple[list[CoverEntry], list[CoverEntry]]:
        fields = {f.key: f for f in template.cover + template.contact}
        unknown = sorted(set(req.cover) - set(fields))
        if unknown:
            raise TemplateError(f"template {template.name!r} has no cover field(s) {unknown}; "
                                f"valid: {sorted(fields)}")
        args = {"title": req.title, "report_to": req.report_to, "date": req.date, **req.cover}
        return [_entry(f, args) for f in template.cover], [_entry(f, args) for f in template.contact]


def _entry(f, args: dict) -> CoverEntry:
    value = cover_value(f, args)
    if value and f.choices:
        match = next((c for c in f.choices if c.lower() == value.lower()), None)
        if match is None:
            raise TemplateError(f"cover field {f.key!r} must be one of {f.choices}, got {value!r}")
        value = match
    return CoverEntry(f.key, f.label, value or f.placeholder, supplied=bool(value))


def _not_theirs(gatherer: Gatherer, template: Template) -> str:
    """Why a section may have nothing: the papers on the subject are another authority's."""
    if not gatherer.left_out or gatherer.authority is None or template.authority is None:
        return ""
    n, name = len(gatherer.left_out), template.authority.name
    return (f" in papers naming {name}; {n} paper{'s' if n > 1 else ''} on it never name{'s' if n == 1 else ''}"
            f" {name} (choose papers or a body to draw on them)")


def _flagged(section: Section, note: str) -> SectionDraft:
    return SectionDraft(section.key, section.number, section.heading, [], flagged=True, note=note)
