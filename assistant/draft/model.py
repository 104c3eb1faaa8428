"""The drafted report: what every exporter (JSON, Markdown, HTML, Word) renders.

Paragraph citations are numbers into the report's one reference list, so the
same ``[3]`` means the same page in every section and every format.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NO_SOURCE = "[Author to complete — no source found]"


@dataclass
class Paragraph:
    text: str  # without its number or citation markers
    cites: list[int]  # reference numbers

    def render(self) -> str:
        marks = "".join(f"[{n}]" for n in self.cites)
        return f"{self.text} {marks}".strip()


@dataclass
class SectionDraft:
    key: str
    number: str | None
    heading: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    flagged: bool = False
    note: str | None = None  # why it is flagged, or what was dropped

    @property
    def title(self) -> str:
        return f"{self.number}. {self.heading}" if self.number else self.heading

    def numbered(self) -> list[tuple[str, str]]:
        """(paragraph number, text with citations): "4.1", "4.2" … or "" without a section number."""
        if self.flagged and not self.paragraphs:
            return [("", NO_SOURCE)]
        return [(f"{self.number}.{i}" if self.number else "", p.render())
                for i, p in enumerate(self.paragraphs, 1)]

    @property
    def text(self) -> str:
        return "\n\n".join(f"{num} {body}".strip() for num, body in self.numbered())

    def cited(self) -> list[int]:
        return list(dict.fromkeys(n for p in self.paragraphs for n in p.cites))


@dataclass
class CoverEntry:
    key: str
    label: str
    value: str  # the supplied value, or a visible placeholder
    supplied: bool


@dataclass
class Reference:
    n: int
    label: str  # "2021-05-19 Strategic Resources and Performance agenda pack, item 9, p. 37"
    citation: dict  # the same keys as an ask citation
    meeting_date: str | None = None  # of the cited passage, for ordering and background papers


@dataclass
class Report:
    template: str
    title: str
    cover: list[CoverEntry]
    sections: list[SectionDraft]
    references: list[Reference]
    contact: list[CoverEntry] = field(default_factory=list)
    composer: str = "extractive"

    def reference(self, n: int) -> Reference:
        return self.references[n - 1]

    def to_json(self) -> dict:
        """The fixed contract of ``POST /api/draft`` (and ``--format json``)."""
        cover = {c.key: {"label": c.label, "value": c.value, "supplied": c.supplied}
                 for c in self.cover + self.contact}
        return {
            "template": self.template,
            "title": self.title,
            "composer": self.composer,
            "cover": cover,
            "sections": [
                {"key": s.key, "number": s.number, "heading": s.heading, "text": s.text,
                 "flagged": s.flagged, "note": s.note,
                 "citations": [self.reference(n).citation for n in s.cited()]}
                for s in self.sections
            ],
            "references": [{"n": r.n, "label": r.label} for r in self.references],
        }
