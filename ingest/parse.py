"""``parse_file``: one file → a fully populated ``Document`` (pages, items, chunks).

Why one entry point: the store, the CLI and the tests all need the same records
from the same file, and re-ingest decisions rest on ``document_id`` (stable per
file name) and ``sha256`` (per content), so both are computed here only.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

from . import exempt
from .titles import file_title, plain_body, weak_title
from .blocks import build_blocks
from .config import ChunkSettings, ParseOptions
from .chunker import Draft, add_context, chunk_kind, chunk_refs, pack
from .layout import Layout, analyse, content_chars
from .loaders import load_pages
from .meta import (
    HeaderInfo,
    classify,
    clean_body,
    date_from_filename,
    meeting_date_from_filename,
    meeting_date_in,
    nice_case,
    read_running_header,
)
from .models import Chunk, Decision, DocType, Document, IngestError, Item, Page, ParseReport
from .pack import Span, first_heading, split_items
from .register import meetings_of, register_chunks, with_register

_MEETING_TYPES = {DocType.AGENDA, DocType.MINUTES, DocType.REPORT}
_RESOLVED = re.compile(r"^RESOLVED\s+((?:R\s?)?\d{2,4}\s*[/-]\s*\d{1,5})\b[\s.:–-]*(.*)", re.S)


def document_id_for(name: str, sha256: str = "") -> str:
    """Slug of the file name plus the first 10 hex digits of its content hash: two files
    whose names slug alike (``Minutes of Previous Meeting.pdf`` of two meetings) never share
    an id, and a changed file gets a new id (so its new chunks never overwrite the old)."""
    slug = re.sub(r"[^a-z0-9]+", "-", Path(name).stem.lower()).strip("-") or "document"
    if len(slug) > 80:
        slug = slug[:70].rstrip("-") + "-" + hashlib.sha1(name.encode()).hexdigest()[:8]
    return f"{slug}-{sha256[:10]}" if sha256 else slug


def parse_file(path: Path | str, chunking: ChunkSettings | None = None,
               options: ParseOptions | None = None) -> Document:
    """Load, split into items, chunk; raises ``IngestError`` for unusable files."""
    path = Path(path)
    settings = chunking or ChunkSettings()
    options = options or ParseOptions()
    pages = load_pages(path, options)
    read = {p.number: content_chars(p.text) for p in pages}
    layout = analyse(pages)
    if path.suffix.lower() != ".pdf":
        layout.width = 10_000  # one paragraph per line: nothing is wrapped
    if not any(ln.text.strip() for ln in layout.lines):
        raise IngestError(path.name, "no text found in file")
    header = read_running_header(layout.running)
    head = " ".join(ln.text.strip() for ln in layout.lines[:80])
    body = header.body or _body_from_text(head) or options.body
    date = header.date or meeting_date_from_filename(path.name) or meeting_date_in(head) or options.meeting_date
    spans = split_items(layout.lines, body, date, header.title)
    sha256 = _sha256(path)
    doc = Document(
        document_id=document_id_for(path.name, sha256), file=path.name, sha256=sha256, title="",
        doc_type=DocType.OTHER, pages=pages, source_path=str(path.resolve()),
    )
    doc.items = [_finish_item(sp, layout) for sp in spans]
    for sp in spans:
        exempt.mark_paper(sp.item, [ln.text for ln in layout.lines[sp.start : sp.end]], layout.running)
    exempt.inherit(doc.items)
    _document_meta(doc, header, body, date, options.meeting_date)
    doc.chunks = _chunks(doc, spans, layout, pages, settings)
    doc.decisions = _register(doc)
    doc.chunks = with_register(doc.chunks, register_chunks(doc))
    doc.meetings = meetings_of(doc)
    exempt.propagate(doc)
    doc.report = _report(doc, layout, read)
    add_context(doc)
    return doc


_MIN_PAGE_CHARS = 40  # a page with fewer letters and digits than this is blank or a scan stamp


def _report(doc: Document, layout: Layout, read: dict[int, int]) -> ParseReport:
    """What was read, kept and left out, and a warning for each page whose text reached no chunk."""
    covered = {pg for ch in doc.chunks for pg in ch.pages}
    body = {ln.page for ln in layout.lines if ln.text.strip()}
    lost = sum(content_chars(ln.text) for ln in layout.lines if ln.page not in covered)
    total = sum(read.values())
    report = ParseReport(
        pages=len(doc.pages), pages_with_text=sum(1 for n in read.values() if n >= _MIN_PAGE_CHARS),
        pages_kept=sum(1 for p in doc.pages if p.number in covered),
        chars_read=total, chars_kept=max(0, total - layout.furniture_chars - lost),
        furniture_lines=layout.furniture_lines, furniture_chars=layout.furniture_chars,
        hidden_pages=sum(1 for p in doc.pages if p.hidden_chars), hidden_chars=sum(p.hidden_chars for p in doc.pages),
        ocr_pages=sum(1 for p in doc.pages if p.ocr), ocr_seconds=sum(p.ocr_seconds for p in doc.pages),
    )
    for p in doc.pages:
        if read[p.number] >= _MIN_PAGE_CHARS and p.number not in covered:
            why = "all its lines looked like page furniture" if p.number not in body else "no chunk kept its text"
            report.warnings.append(f"page {p.number} has a text layer but yielded no chunk ({why})")
    return report


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _finish_item(span: Span, layout: Layout) -> Item:
    """Page range from the first and last lines that carry text (not stray blanks)."""
    lines = layout.lines[span.start : span.end]
    texty = [ln.page for ln in lines if ln.text.strip()] or [ln.page for ln in lines]
    span.item.first_page, span.item.last_page = texty[0], texty[-1]
    return span.item


_BODY_PATTERNS = [
    re.compile(r"MINUTES of (?:a|the) meeting of the (.{3,80}?) held\b", re.I),
    re.compile(r"meeting of the (.{3,60}?) (?:will be|to be) held\b", re.I),
    re.compile(r"\b(?:regular|special|ordinary|extraordinary) meeting of the (.{3,60}?) was held\b", re.I),
    re.compile(r"\bTo:\s+(.{3,60}?)\s*[,–-]\s*\d", re.I),
]
_AUTHORITY = re.compile(r"^([A-Z][A-Z ]+ (?:COUNTY|CITY|DISTRICT|BOROUGH|TOWN|PARISH) COUNCIL)\s*$")


# An Ontario municipality's letterhead: "The Corporation of the Township of Nipissing".
_CORPORATION = re.compile(r"\bThe Corporation of the ((?:Township|Town|City|Municipality|County|Village|"
                          r"United Counties|Region) of (?:[A-Z][\w'-]+)(?: [A-Z][\w'-]+)?)")


def _body_from_text(head: str) -> str | None:
    """Committee name from the opening text, with its authority when printed above it.

    Failing that, a municipal letterhead names the council whose papers these are
    ("The Corporation of the Township of Nipissing" → "Township of Nipissing Council",
    as its minutes say "a regular meeting of the Township of Nipissing Council"), so
    its agendas and reports file under the same body as its minutes."""
    for pattern in _BODY_PATTERNS:
        m = pattern.search(head)
        if m:
            body = clean_body(m[1])
            authority = next((a for a in _authorities(head) if a.lower() not in body.lower()), None)
            return f"{body} ({authority})" if authority and "council" not in body.lower() else body
    m = _CORPORATION.search(head)
    return f"{m[1]} Council" if m else None


def _authorities(head: str) -> list[str]:
    words = re.findall(r"\b([A-Z]{3,}(?: [A-Z]{2,})* (?:COUNTY|CITY|DISTRICT|BOROUGH) COUNCIL)\b", head)
    return [nice_case(w) for w in words]


def _document_meta(doc: Document, header: HeaderInfo, body: str | None, date: str | None,
                   given_date: str | None = None) -> None:
    """Document type, body, date and title from items, header, text and file name (a weak
    title gives way to the file name: ``ingest.titles``); ``given_date``: the meeting the
    user filed the paper under, when nothing in it names one."""
    main = [it for it in doc.items if it.doc_type != DocType.APPENDIX]
    if any(it.item_id == "agenda" for it in doc.items) or len(main) > 2:
        doc.doc_type = DocType.AGENDA
    else:
        # a letterhead read as a paper of its own ("KENT COUNTY COUNCIL" over printed minutes)
        # has no type: the first paper that has one types the document
        typed = [it for it in main if it.doc_type != DocType.OTHER]
        doc.doc_type = (typed or main or doc.items)[0].doc_type
    first = main[0] if main else doc.items[0]
    doc.body = plain_body(body) or plain_body(first.body)
    if doc.doc_type in _MEETING_TYPES:
        doc.meeting_date = date or first.meeting_date or date_from_filename(doc.file)
    else:
        doc.meeting_date = header.date or date_from_filename(doc.file) or given_date
    doc.title = _title(doc, header, first)
    if weak_title(doc.title, doc.body):
        doc.title = file_title(doc.file) or doc.title
    if len(main) == 1 and weak_title(first.title, doc.body):
        first.title = doc.title  # a lone paper's junk first line is no better as its item title
    for it in doc.items:
        # an item's body comes from its own header, dates and all ('County Council 13th March 2025')
        it.body = plain_body(it.body) or doc.body
        it.meeting_date = it.meeting_date or doc.meeting_date


def _title(doc: Document, header: HeaderInfo, first: Item) -> str:
    """Cover title for a lone report; running header; 'Body – Type – date'; file name."""
    if doc.doc_type == DocType.REPORT and len(doc.items) <= 3 and first.title:
        return first.title
    if header.title:
        return header.title
    if doc.body and doc.doc_type in _MEETING_TYPES:
        return " – ".join(x for x in (doc.body, str(doc.doc_type).title(), doc.meeting_date) if x)
    return first.title or Path(doc.file).stem


# ------------------------------------------------------------------------ chunks


def _chunks(doc: Document, spans: list[Span], layout: Layout, pages: list[Page], settings) -> list[Chunk]:
    labels = {p.number: p.label for p in pages}
    out: list[Chunk] = []
    for span in spans:
        blocks = build_blocks(layout.lines[span.start : span.end], layout.width)
        for draft in pack(blocks, settings.max_chars, settings.min_chars):
            out.append(_chunk(doc, span.item, draft, len(out), labels))
    return out


def _chunk(doc: Document, item: Item, draft: Draft, n: int, labels: dict) -> Chunk:
    text = "\n".join(p.text for p in draft.pieces)
    ocr_pages = {p.number for p in doc.pages if p.ocr}
    pages = sorted({pg for p in draft.pieces for pg in p.pages}) or [item.first_page]
    return Chunk(
        chunk_id=f"{doc.document_id}:{n:04d}", document_id=doc.document_id, file=doc.file, text=text,
        page=pages[0], pages=pages, page_label=labels.get(pages[0]), item_id=item.item_id,
        item_number=item.number, item_title=item.title, section=" > ".join(draft.section) or None,
        doc_type=item.doc_type, body=item.body, meeting_date=item.meeting_date, public=item.public,
        kind=chunk_kind(draft), refs=chunk_refs(text), ocr=any(pg in ocr_pages for pg in pages),
    )


def _register(doc: Document) -> list[Decision]:
    """Decisions of any minutes in the file, from the decisions-register parser.

    That parser (ingest/decisions.py) is developed alongside this one; if it
    fails on a file, the simple RESOLVED reader below keeps ingest working.
    """
    if not any(it.doc_type == DocType.MINUTES for it in doc.items):
        return []
    try:
        from .decisions import parse_decisions

        return parse_decisions(
            doc.pages, document_id=doc.document_id, file=doc.file, body=doc.body,
            date=doc.meeting_date, items=doc.items,
        )
    except Exception as exc:  # noqa: BLE001 - never lose a document over its register
        logging.getLogger(__name__).warning("%s: decisions parser failed (%s)", doc.file, exc)
        return _decisions(doc)


def _decisions(doc: Document) -> list[Decision]:
    """'RESOLVED 2021/007 ...' lines in minutes, as decision records (fallback)."""
    out = []
    for ch in doc.chunks:
        if ch.kind != "decision" or ch.doc_type != DocType.MINUTES:
            continue
        for part in re.split(r"\n(?=RESOLVED\b)", ch.text[ch.text.find("RESOLVED") :]):
            m = _RESOLVED.match(part)
            if m:
                text = " ".join(m[2].split())[:800]
                out.append(Decision(
                    ref=re.sub(r"\s+", "", m[1]), text=text, document_id=doc.document_id, file=doc.file,
                    page=ch.page, body=ch.body, date=_minuted_date(doc, ch), item=ch.item_number,
                    item_title=ch.section or ch.item_title,
                ))
    return out


def _minuted_date(doc: Document, ch: Chunk) -> str | None:
    """Minutes in a pack record an earlier meeting; its date is in the minutes' heading."""
    item = next((it for it in doc.items if it.item_id == ch.item_id), None)
    if item is None:
        return ch.meeting_date
    page = next((p for p in doc.pages if p.number == item.first_page), None)
    text = page.text if page else ""
    at = text.upper().find("MINUTES")
    found = meeting_date_in(text[at:]) if at >= 0 else None
    return found or ch.meeting_date


__all__ = ["parse_file", "document_id_for", "classify", "first_heading"]
