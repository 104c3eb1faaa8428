"""Hand-made passages for composer and verifier tests."""

from assistant.answer.base import Passage
from assistant.retrieve.hybrid import Hit
from ingest.models import Chunk, DocType


def passage(n: int, text: str, *, kind: str = "text", refs=(), score: float = 1.0, dense: float = 0.6,
            section: str | None = None, page: int = 3) -> Passage:
    chunk = Chunk(chunk_id=f"doc:{n:04d}", document_id="doc", file="pack.pdf", text=text, page=page,
                  pages=[page], section=section, doc_type=DocType.MINUTES, kind=kind, refs=list(refs),
                  item_number="9", item_title="Minutes")
    return Passage(n=n, hit=Hit(chunk=chunk, score=score, dense=dense, ref_match=bool(refs)))


def stored(store_dir, pdfs, read=lambda store: None):
    """Ingest ``pdfs`` into a new store at ``store_dir`` (none may fail), and what ``read``
    reads of it before it closes (its meetings, its decisions)."""
    from assistant.ingest_service import ingest_paths
    from assistant.settings import get_settings
    from assistant.store import Store

    store = Store(get_settings("test", store=store_dir))
    try:
        assert not any(r.failed for r in ingest_paths(store, list(pdfs), progress=False))
        return read(store)
    finally:
        store.close()


def ask_over(store_dir, pdfs, *questions) -> tuple[list[dict], list[dict]]:
    """Ingest ``pdfs`` into a new store, then ask each question in turn: (replies, the
    store's meeting records). For tests that read a real or generated paper end to end."""
    from assistant.services import build_services
    from assistant.settings import get_settings

    meetings = stored(store_dir, pdfs, lambda store: store.meetings())
    services = build_services(get_settings("test", store=store_dir))
    try:
        return [services.answerer.ask(q) for q in questions], meetings
    finally:
        services.close()
