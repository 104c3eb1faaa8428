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
