"""Typed records that flow from a file to the index.

Every later stage (store, retrieval, answers, decisions register, drafting) reads
these records and nothing else, so the fields here are the contract: a chunk always
knows its document, item, section path and PDF page, and an item always knows
whether it is public, so exempt material can be filtered inside the index query.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class DocType(StrEnum):
    """What a paper is; used as a search facet and to pick parsers (minutes → decisions)."""

    AGENDA = "agenda"
    MINUTES = "minutes"
    REPORT = "report"
    PRESENTATION = "presentation"
    APPENDIX = "appendix"
    PLAN = "plan"
    ASSESSMENT = "assessment"
    WORK_PROGRAMME = "work programme"
    OTHER = "other"


class IngestError(Exception):
    """A file that cannot be ingested; the message names the file and the reason."""

    def __init__(self, file: str, reason: str):
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


@dataclass
class Page:
    """One PDF page (or one logical page of a non-PDF file), numbered from 1."""

    number: int
    text: str
    label: str | None = None  # printed label, e.g. "Page 70" or "Page 1 of 54"
    ocr: bool = False  # text read by OCR from a scanned image, not from a text layer
    hidden_chars: int = 0  # characters of invisible text left out (white on white, mode 3, ...)
    ocr_seconds: float = 0.0  # time spent reading this page by OCR


@dataclass
class Item:
    """One paper inside a pack: the agenda, the minutes, a report, a deck, an appendix."""

    item_id: str  # unique within the document, e.g. "item-5" or "item-5-appendix-1"
    title: str
    doc_type: DocType
    first_page: int
    last_page: int
    number: str | None = None  # agenda item number as printed, e.g. "5"
    body: str | None = None  # meeting body, e.g. "Strategic Resources and Performance"
    meeting_date: str | None = None  # ISO date of the meeting the paper is for
    report_of: str | None = None
    author: str | None = None
    public: bool = True  # False for Non Public / Schedule 12A exempt items
    exempt_reason: str | None = None


@dataclass
class Chunk:
    """A retrievable passage; never crosses an item boundary."""

    chunk_id: str
    document_id: str
    file: str
    text: str
    page: int  # first 1-based PDF page of the passage
    pages: list[int] = field(default_factory=list)
    page_label: str | None = None
    item_id: str | None = None
    item_number: str | None = None
    item_title: str | None = None
    section: str | None = None  # heading path joined with " > "
    doc_type: DocType = DocType.OTHER
    body: str | None = None
    meeting_date: str | None = None
    public: bool = True
    kind: str = "text"  # text | list | table | decision
    refs: list[str] = field(default_factory=list)  # normalised reference numbers found in text
    context: str | None = None  # header indexed with the text: title, body, date, item, section
    ocr: bool = False  # some of its text was read by OCR (citations say so)


@dataclass
class Decision:
    """A resolution as minuted; a first-class record, not just a passage."""

    ref: str
    text: str
    document_id: str
    file: str
    page: int
    body: str | None = None
    date: str | None = None
    item: str | None = None
    item_title: str | None = None
    outcome: str | None = None
    mover: str | None = None
    seconder: str | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    # Recorded votes (Kent "the voting was as follows: For (57) …"): what was put to the
    # vote, where it is set out, the result as printed, and the members named per side
    # (only when the printed count and the names listed agree).
    kind: str | None = None  # resolution | motion | amendment | substantive motion
    minute: str | None = None  # minute number as printed, e.g. "285"
    paragraph: str | None = None  # paragraph of the minute setting out the motion, e.g. "17"
    result: str | None = None  # printed result, e.g. "Amendment lost", "Carried"
    subject: str | None = None  # sub-heading over the motion, e.g. "Motion for Time Limited Debate 1 – …"
    changes: str | None = None  # an amendment's own clauses, e.g. "Recommend that … elections in May 2025 …"
    for_names: list[str] = field(default_factory=list)
    against_names: list[str] = field(default_factory=list)
    abstain_names: list[str] = field(default_factory=list)
    public: bool = True  # False when the minutes item it sits in is exempt


@dataclass
class ParseReport:
    """What a parse kept and left out, so no loss is silent (printed by ``ingest``)."""

    pages: int = 0
    pages_with_text: int = 0
    pages_kept: int = 0  # pages whose text reached at least one chunk
    chars_read: int = 0  # letters and digits read from the file (text layer or OCR)
    chars_kept: int = 0  # of those, how many are on pages that reached a chunk, less furniture
    furniture_lines: int = 0  # running header/footer lines and page labels lifted out
    furniture_chars: int = 0
    hidden_pages: int = 0
    hidden_chars: int = 0  # invisible text left out (kept when the keep-hidden flag is on)
    ocr_pages: int = 0
    ocr_seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    @property
    def chars_dropped(self) -> int:
        return max(0, self.chars_read - self.chars_kept)


@dataclass
class Document:
    """A parsed file with everything derived from it."""

    document_id: str  # stable per file name, so a changed file replaces its old version
    file: str  # file name as given
    sha256: str  # content hash; an unchanged file is a no-op on re-ingest
    title: str
    doc_type: DocType
    pages: list[Page]
    items: list[Item] = field(default_factory=list)
    chunks: list[Chunk] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    meetings: list["Meeting"] = field(default_factory=list)
    body: str | None = None
    meeting_date: str | None = None
    source_path: str | None = None
    report: ParseReport = field(default_factory=ParseReport)

    def summary(self) -> dict:
        """Catalogue row without page text, for listings and JSON output."""
        return {
            "document_id": self.document_id,
            "file": self.file,
            "title": self.title,
            "doc_type": str(self.doc_type),
            "body": self.body,
            "meeting_date": self.meeting_date,
            "pages": len(self.pages),
            "items": [asdict(i) for i in self.items],
            "chunks": len(self.chunks),
            "decisions": len(self.decisions),
            "sha256": self.sha256,
        }


@dataclass
class AgendaEntry:
    """One agenda item of a meeting, with the papers the pack holds for it."""

    number: str | None  # as printed, e.g. "5" or "3a"; None for unnumbered work-programme rows
    title: str
    papers: list[dict] = field(default_factory=list)  # item_id, title, doc_type, first_page, last_page
    focus: str | None = None  # work programmes: what the report should cover
    author: str | None = None  # work programmes: who writes it (e.g. "Force", "OPCC")


@dataclass
class Meeting:
    """A meeting found in a pack: held (minutes), called (agenda) or planned (work programme)."""

    meeting_id: str  # slug of body + date, so the same meeting from two packs merges
    body: str | None
    date: str | None  # ISO
    document_id: str
    file: str
    page: int  # 1-based PDF page where the meeting is first described
    status: str = "agenda"  # agenda | minuted | planned
    time: str | None = None  # 24-hour HH:MM
    time_text: str | None = None  # ... as printed ("6:30 p.m."), for an answer to quote
    finish_text: str | None = None  # when the minutes say it closed, as printed ("8:04 p.m.")
    # when council went into closed session and came out of it, as printed ("6:55 p.m.", "7:21 p.m.")
    closed_text: str | None = None
    resumed_text: str | None = None
    place: str | None = None
    attendees: list[str] = field(default_factory=list)  # as printed, names with roles
    apologies: list[str] = field(default_factory=list)  # absent / apologies, as printed
    # declarations of interest as printed, each a paragraph or sentence of the minutes
    # ("Ms Meade declared an interest that she was a carer."), or their saying none were made
    interests: list[str] = field(default_factory=list)
    agenda: list[AgendaEntry] = field(default_factory=list)  # as called (front sheet) or minuted
    planned: list[AgendaEntry] = field(default_factory=list)  # work-programme items for this date
    next_meeting: str | None = None  # ISO date when the minutes state it
    next_meeting_text: str | None = None  # ... as the minutes print it ("June 4, 2024")
    contact: str | None = None  # the officer the front sheet names for enquiries, as printed ("Ask for: Georgina Little")
