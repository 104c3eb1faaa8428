"""Reply models for the JSON API, so every route's reply is described in OpenAPI (/docs).

They mirror the records ``assistant`` returns (one source of truth for the keys is the
library; these only declare them). ``extra="allow"`` keeps a key the library adds later
in the reply instead of silently dropping it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Citation(_Open):
    n: int
    document_id: str
    file: str
    title: str | None = None
    item: str | None = None
    section: str | None = None
    page: int
    page_label: str | None = None
    text: str
    # the part of the passage (at most 300 characters) sharing most words with what the answer says of it
    excerpt: str | None = None
    score: float | None = None
    chunk_id: str | None = None
    ocr: bool = False  # the passage was read by OCR from a scanned page (shown as such)
    # the column heads of a table the passage opens with, printed in the passage before ("Dec-24 … Dec-27")
    heads: list[str] = []


class AskReply(_Open):
    answer: str
    abstained: bool
    composer: str
    conversation_id: str
    citations: list[Citation]
    reason: str | None = None  # when abstained: why, in a line a user can act on


class FacetCount(BaseModel):
    value: str
    count: int


class SearchReply(BaseModel):
    query: str
    results: list[Citation]
    facets: dict[str, list[FacetCount]] = {}


class Item(_Open):
    item_id: str
    title: str | None = None
    doc_type: str | None = None
    first_page: int | None = None
    last_page: int | None = None
    number: str | None = None
    public: bool = True
    exempt_reason: str | None = None


class DocumentRecord(_Open):
    document_id: str
    file: str
    title: str | None = None
    doc_type: str | None = None
    body: str | None = None
    meeting_date: str | None = None
    pages: int = 0
    chunks: int = 0
    items: list[Item] = []
    access: str | None = None  # "public", "exempt" or "partly exempt (n of m items)", of the items shown


class PageRecord(_Open):
    document_id: str
    number: int
    label: str | None = None
    text: str


class Removed(BaseModel):
    document_id: str
    removed: bool


class JobRecord(_Open):
    job_id: str
    file: str
    status: str
    progress: str
    finished: bool
    done: int = 0
    total: int = 0
    reason: str | None = None
    document_id: str | None = None  # the stored document (for a duplicate: the one with the same bytes)
    outcome: str | None = None  # once done: added, replaced, unchanged or duplicate
    replaced_id: str | None = None  # for replaced: the id of the earlier version, now gone (the same id: re-marked)
    exempt: list[str] | None = None  # the marks sent with the upload ("*": every item)
    public: list[str] | None = None
    body: str | None = None  # the body and meeting date sent with the upload (for a paper that prints neither)
    meeting_date: str | None = None
    notes: list[str] = []  # once done: pages and characters kept, hidden text, OCR, warnings


class UploadReply(BaseModel):
    jobs: list[JobRecord]


class DecisionRecord(_Open):
    ref: str | None = None
    body: str | None = None
    date: str | None = None
    item: str | None = None
    item_title: str | None = None
    kind: str | None = None  # resolution | motion | amendment | substantive motion | recommendations
    text: str | None = None
    outcome: str | None = None
    result: str | None = None  # as the minutes print it: "Amendment lost"
    mover: str | None = None
    seconder: str | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    # the members named per side of a recorded vote (empty when the minutes' names did not tally)
    for_names: list[str] = []
    against_names: list[str] = []
    abstain_names: list[str] = []
    document_id: str | None = None
    file: str | None = None
    page: int | None = None


class MeetingRecord(_Open):
    meeting_id: str
    body: str | None = None
    date: str | None = None
    status: str | None = None
    decisions: int = 0
