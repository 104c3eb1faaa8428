"""One numbered reference list per report, and the Background Papers it implies.

A reference is a cited passage, named the way the template says
("2021-05-19 Strategic Resources and Performance agenda pack, item 9, p. 37");
the same passage cited by two sections keeps one number.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer.base import Claim, Passage
from assistant.answer.citations import citation, running_note
from assistant.draft.model import Reference
from assistant.draft.template import Template, render_text
from ingest.dates import human_date



class ReferenceBook:
    def __init__(self, template: Template, store, doc_kinds: dict[str, str]):
        self.template = template
        self.store = store
        self.doc_kinds = doc_kinds
        self.references: list[Reference] = []
        self.passages: list[Passage] = []  # the cited passage behind each reference, in order
        self._by_chunk: dict[str, int] = {}
        self._docs: dict[str, dict] = {}

    def number(self, passage: Passage) -> int:
        cid = passage.hit.chunk.chunk_id
        if cid not in self._by_chunk:
            n = len(self.references) + 1
            self._by_chunk[cid] = n
            self.references.append(Reference(n, self.label(passage), citation(n, passage.hit),
                                             passage.hit.chunk.meeting_date))
            self.passages.append(passage)
        return self._by_chunk[cid]

    def document(self, document_id: str) -> dict:
        if document_id not in self._docs:
            found = self.store.document(document_id) if self.store is not None else None
            self._docs[document_id] = found or {}
        return self._docs[document_id]

    def fields(self, passage: Passage) -> dict:
        c = passage.hit.chunk
        doc = self.document(c.document_id)
        kind = str(doc.get("doc_type") or c.doc_type or "other")
        return {"date": c.meeting_date or doc.get("meeting_date") or "", "when": human_date(c.meeting_date) or "",
                "name": c.body or doc.get("body") or doc.get("title") or c.file,
                "body": c.body or doc.get("body") or "",
                "kind": self.doc_kinds.get(kind, kind), "item": c.item_number,
                "title": (None if running_note(c.item_title) else c.item_title) or doc.get("title") or c.file,
                "page": c.page, "file": c.file}

    def label(self, passage: Passage) -> str:
        return render_text(self.template.reference, **self.fields(passage))


@dataclass
class PaperPassage(Passage):
    """A cited paper as evidence for its own Background Papers line: the catalogue record
    (title, body, date) the line is made from, then the first passage cited from it."""

    record: str = ""

    @property
    def text(self) -> str:
        return f"{self.record}\n{self.hit.chunk.text}"


def paper_passages(book: ReferenceBook, template: Template) -> tuple[list[PaperPassage], list[Claim]]:
    """One passage and one line per cited paper (document and item), in order of first citation."""
    passages: list[PaperPassage] = []
    claims: list[Claim] = []
    seen: set[tuple] = set()
    for p in list(book.passages):
        c = p.hit.chunk
        key = (c.document_id, c.item_id)
        if key in seen:
            continue
        seen.add(key)
        fields = book.fields(p)
        record = render_text(template.paper, **fields)
        n = len(passages) + 1
        passages.append(PaperPassage(n=n, hit=p.hit, record=record))
        claims.append(Claim(text=record, cites=[n]))
    return passages, claims
