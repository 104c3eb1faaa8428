"""The batch ingest loop shared by the CLI, the bench and (later) the API.

Per file: hash the bytes → skip if unchanged, or a duplicate of a stored file (no parse,
no embedding) → parse + chunk → embed → write every index (``Store.add``: all or nothing).
Any failure becomes one ``FileResult`` with a reason; the rest of the batch carries on and
nothing already stored is changed. A batch holds the store's one-writer lock throughout.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.store import Store, StoreError
from assistant.store.faults import checkpoint
from ingest.models import Document, IngestError

SUPPORTED = (".pdf", ".docx", ".html", ".htm", ".md", ".txt")


@dataclass
class FileResult:
    file: str
    path: str
    status: str  # added | replaced | unchanged | duplicate | failed
    pages: int = 0
    items: int = 0
    chunks: int = 0
    seconds: float = 0.0
    reason: str | None = None
    timings: dict[str, float] = field(default_factory=dict)  # parse, embed, index

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    def line(self) -> str:
        """The per-file summary line the CLI prints."""
        if self.failed:
            return f"FAILED {self.file}: {self.reason}"
        if self.status == "unchanged":
            return f"unchanged  {self.file}"
        if self.status == "duplicate":
            return f"duplicate  {self.file}: {self.reason}"
        return (
            f"{self.status}  {self.file}  {self.pages} pages  {self.items} items  "
            f"{self.chunks} chunks  {self.seconds:.1f} s"
        )


def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly (any suffix; unsupported ones fail with a reason) and, for
    folders, every supported file below them, sorted, skipping hidden files."""
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUPPORTED
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found = [path]
        for p in found:
            key = p.resolve() if p.exists() else p
            if key not in seen:
                seen.add(key)
                yield p


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _default_parser() -> Callable[..., Document]:
    from ingest import parse_file  # imported late: the parser lives in another package

    return parse_file


@dataclass
class _Prepared:
    """A file checked, hashed and parsed (or a finished result: unchanged / failed)."""

    result: FileResult
    doc: Document | None = None


def _prepare(store: Store, path: Path, parse: Callable[..., Document] | None) -> _Prepared:
    """Everything before embedding: checks, hash, parse (no index writes)."""
    t0 = time.perf_counter()
    result = FileResult(file=path.name, path=str(path), status="failed")
    try:
        if not path.exists():
            raise IngestError(path.name, "file not found")
        if not path.is_file():
            raise IngestError(path.name, "not a file")
        if path.suffix.lower() not in SUPPORTED:
            raise IngestError(path.name, f"unsupported file type {path.suffix or '(none)'}")
        verdict = store.check(str(path.resolve()), sha256_file(path), path.name)
        if verdict.status in ("unchanged", "duplicate"):  # skip parse and embedding entirely
            result.status = verdict.status
            if verdict.status == "duplicate":
                result.reason = f"same bytes as {verdict.document['file']} (stored as {verdict.document['document_id']})"
            return _Prepared(result, None)
        parse = parse or _default_parser()
        t = time.perf_counter()
        doc = parse(path, store.settings.chunking)
        result.timings["parse"] = time.perf_counter() - t
        checkpoint("parse")
        if not doc.chunks:
            raise IngestError(path.name, "no text to index")
        result.pages, result.items, result.chunks = len(doc.pages), len(doc.items), len(doc.chunks)
        return _Prepared(result, doc)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        _fail(result, path, exc)
        return _Prepared(result, None)
    finally:
        result.seconds = time.perf_counter() - t0


def _fail(result: FileResult, path: Path, exc: Exception) -> None:
    result.status = "failed"
    if isinstance(exc, IngestError):
        result.reason = exc.reason
    elif isinstance(exc, StoreError):
        result.reason = str(exc).removeprefix(f"{path.name}: ")
    else:
        result.reason = f"unexpected error ({type(exc).__name__}: {exc})"


Stage = Callable[[str, int, int], None]  # (stage, done, total): "embedding", 3, 9


def _embed(store: Store, doc: Document, on_stage: Stage | None) -> list[list[float]]:
    """All chunk vectors; with ``on_stage``, in slices so a watcher sees n/N move."""
    if on_stage is None:
        return store.embed(doc)
    texts = [c.text for c in doc.chunks]
    step = max(1, store.settings.embedding.batch_size) * 2
    vectors: list[list[float]] = []
    for start in range(0, len(texts), step):
        on_stage("embedding", start, len(texts))
        vectors += list(store.embedder.embed_documents(texts[start:start + step]))
    on_stage("embedding", len(texts), len(texts))
    return vectors


def _finish(store: Store, prep: _Prepared, path: Path, on_stage: Stage | None = None) -> FileResult:
    """Embed and write one prepared file; ``seconds`` = its own work (check + parse + embed + write)."""
    result, doc = prep.result, prep.doc
    t0 = time.perf_counter()
    if doc is not None:
        try:
            t = time.perf_counter()
            vectors = _embed(store, doc, on_stage)
            if on_stage:
                on_stage("indexing", 0, 0)
            result.timings["embed"] = time.perf_counter() - t
            t = time.perf_counter()
            result.status = store.add(doc, vectors, source=path)  # keeps a copy of the file
            result.timings["index"] = time.perf_counter() - t
        except Exception as exc:  # noqa: BLE001
            _fail(result, path, exc)
    result.seconds += time.perf_counter() - t0
    return result


def ingest_one(store: Store, path: Path, parse: Callable[..., Document] | None = None,
               on_stage: Stage | None = None) -> FileResult:
    """Ingest one file; never raises for a bad file (the result carries the reason).

    ``on_stage`` hears each step as it starts (parsing, embedding n/N, indexing), for
    the upload page's progress line."""
    if on_stage:
        on_stage("parsing", 0, 0)
    return _finish(store, _prepare(store, Path(path), parse), Path(path), on_stage)


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    parse: Callable[..., Document] | None = None,
    progress: bool = True,
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Ingest every file under ``paths``; ``on_result`` sees each result as it lands.

    Files go one at a time: parsing ahead in a thread was measured and gained nothing
    on 2 cores, where the parser only takes CPU (and the GIL) from the embedder."""
    from tqdm import tqdm

    files = list(discover(paths))
    results: list[FileResult] = []
    bar = tqdm(total=len(files), unit="file", disable=not progress or not files, leave=False, dynamic_ncols=True)
    try:
        with store.writing():
            for path in files:
                bar.set_postfix_str(path.name[:40], refresh=True)
                res = ingest_one(store, path, parse)
                results.append(res)
                bar.update(1)
                if on_result:
                    on_result(res)
    finally:
        bar.close()
    return results
