"""The batch ingest loop shared by the CLI, the bench and (later) the API.

Per file: hash the bytes → skip if unchanged, or a duplicate of a stored file (no parse,
no embedding) → parse + chunk (in a worker process, under a time and a memory limit:
assistant/parse_pool.py) → embed → write every index (``Store.add``: all or nothing).
Any failure becomes one ``FileResult`` with a reason; the rest of the batch carries on
and nothing already stored is changed. While one file embeds, the worker already parses
the next. A batch holds the store's one-writer lock throughout.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from assistant.ingest_files import SUPPORTED, FileResult, discover, sha256_file
from assistant.overrides import Teller
from assistant.parse_pool import ParsePool, Ticket
from assistant.store import Store, StoreError
from assistant.store.faults import checkpoint
from ingest.models import Document, IngestError

def _default_parser() -> Callable[..., Document]:
    from ingest import parse_file  # imported late: the parser lives in another package

    return parse_file


@dataclass
class _Prepared:
    """A file checked, hashed and parsed (or a finished result: unchanged / failed)."""

    result: FileResult
    doc: Document | None = None
    ticket: Ticket | None = None
    started: float = 0.0
    remark: str | None = None  # the stored document these same bytes re-read with new marks replace


def _key(path: Path, source: str | None) -> str:
    """Where the store says the file came from: its path, unless the caller names the source
    (an upload's spool path is new each time; its source is its name: ``assistant.jobs``)."""
    return source or str(path.resolve())


def _check(store: Store, path: Path, source: str | None = None, remark: bool = False) -> _Prepared:
    """The checks before parsing: the file exists, has a supported type, and changed - or,
    with ``remark`` (new exempt/public marks were given), is stored with these bytes under
    this name, so it is re-read with the marks and replaces that document (by its id)."""
    result = FileResult(file=path.name, path=str(path), status="pending")
    prep = _Prepared(result, started=time.perf_counter())
    try:
        if not path.exists():
            raise IngestError(path.name, "file not found")
        if not path.is_file():
            raise IngestError(path.name, "not a file")
        if path.suffix.lower() not in SUPPORTED:
            raise IngestError(path.name, f"unsupported file type {path.suffix or '(none)'}")
        verdict = store.check(_key(path, source), sha256_file(path), path.name)
        if remark and _same_file(verdict, path):
            prep.remark = result.replaced_id = verdict.document["document_id"]
        elif verdict.status in ("unchanged", "duplicate"):  # skip parse and embedding entirely
            result.status, result.document_id = verdict.status, verdict.document["document_id"]
            if verdict.status == "duplicate":
                result.reason = _duplicate_reason(verdict)
        elif verdict.status == "replace":
            result.replaced_id = verdict.document["document_id"]
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        _fail(result, path, exc)
    return prep


def _same_file(verdict, path: Path) -> bool:
    """Whether the stored document these bytes match is this file (its name), not another's."""
    return verdict.status in ("unchanged", "duplicate") and verdict.document["file"] == path.name


def _duplicate_reason(verdict) -> str:
    doc = verdict.document or {}
    return f"same bytes as {doc.get('file')} (stored as {doc.get('document_id')})"


def _needs_parse(prep: _Prepared) -> bool:
    return prep.result.status == "pending"


Marker = Callable[[Document], None]  # applied to each parsed document (saved exempt/public marks)


def _parsed(prep: _Prepared, path: Path, doc: Document, seconds: float, mark: Marker | None = None) -> None:
    result = prep.result
    result.timings["parse"] = seconds
    checkpoint("parse")
    if mark is not None:
        mark(doc)
    if not doc.chunks:
        raise IngestError(path.name, "no text to index")
    result.pages, result.items, result.chunks = len(doc.pages), len(doc.items), len(doc.chunks)
    result.report = doc.report
    prep.doc = doc


def _prepare(store: Store, path: Path, parse: Callable[..., Document] | None, pool: ParsePool | None = None,
             mark: Marker | None = None, source: str | None = None, remark: bool = False,
             facts: Teller | None = None) -> _Prepared:
    """Everything before embedding: checks, hash, parse (no index writes)."""
    prep = _check(store, path, source, remark)
    if not _needs_parse(prep):
        return _done(prep)
    try:
        if parse is None and pool is not None:
            return _collect(pool, _submit(pool, prep, path, facts), path, mark)
        t = time.perf_counter()
        if parse is None:  # the parser in this process, with the store's parse options and the file's facts
            options = store.settings.parse.model_copy(update=facts(path.name) if facts else {})
            doc = _default_parser()(path, store.settings.chunking, options)
        else:
            doc = parse(path, store.settings.chunking)
        _parsed(prep, path, doc, time.perf_counter() - t, mark)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        _fail(prep.result, path, exc)
    return _done(prep)


def _submit(pool: ParsePool, prep: _Prepared, path: Path, facts: Teller | None = None) -> _Prepared:
    prep.ticket = pool.submit(path, facts(path.name) if facts else None)
    return prep


def _collect(pool: ParsePool, prep: _Prepared, path: Path, mark: Marker | None = None) -> _Prepared:
    """Wait for a submitted parse; a limit or crash becomes the file's reason."""
    if prep.ticket is not None:
        try:
            doc, seconds = pool.result(prep.ticket)
            _parsed(prep, path, doc, seconds, mark)
        except Exception as exc:  # noqa: BLE001
            _fail(prep.result, path, exc)
        prep.ticket = None
    return _done(prep)


def _done(prep: _Prepared) -> _Prepared:
    """``seconds`` so far: the file's own parse time (a worker's parse overlaps other work)."""
    prep.result.seconds = prep.result.timings.get("parse", time.perf_counter() - prep.started)
    return prep


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
    chunks = doc.chunks
    step = max(1, store.settings.embedding.batch_size) * 2
    vectors: list[list[float]] = []
    for start in range(0, len(chunks), step):
        on_stage("embedding", start, len(chunks))
        vectors += list(store.embed_chunks(chunks[start:start + step]))
    on_stage("embedding", len(chunks), len(chunks))
    return vectors


def _timed_embed(store: Store, doc: Document, on_stage: Stage | None = None) -> tuple[list[list[float]], float]:
    """A document's vectors and the seconds they took."""
    t = time.perf_counter()
    return _embed(store, doc, on_stage), time.perf_counter() - t


def _finish(store: Store, prep: _Prepared, path: Path, on_stage: Stage | None = None,
            source: str | None = None, embedded: Future | None = None) -> FileResult:
    """Embed (or wait for ``embedded``: a batch's embedding thread) and write one prepared
    file; ``seconds`` = its own work (check + parse + embed + write)."""
    result, doc = prep.result, prep.doc
    t0 = time.perf_counter()
    if doc is not None:
        try:
            vectors, result.timings["embed"] = embedded.result() if embedded else _timed_embed(store, doc, on_stage)
            t0 = time.perf_counter() - result.timings["embed"]  # not the wait for the thread
            if on_stage:
                on_stage("indexing", 0, 0)
            t = time.perf_counter()
            result.status = store.add(doc, vectors, source=path, key=source, remark=prep.remark)  # keeps a copy
            result.document_id = doc.document_id
            if result.status != "replaced":
                result.replaced_id = None
            if result.status == "duplicate":  # the same bytes were stored earlier in this batch
                verdict = store.check(_key(path, source), doc.sha256, path.name)
                result.reason, result.document_id = _duplicate_reason(verdict), verdict.document["document_id"]
            result.timings["index"] = time.perf_counter() - t
        except Exception as exc:  # noqa: BLE001
            _fail(result, path, exc)
    result.seconds += time.perf_counter() - t0
    return result


def _pool(store: Store) -> ParsePool | None:
    settings = store.settings
    parse = getattr(settings, "parse", None)
    return ParsePool.from_settings(settings) if parse is not None and parse.isolate else None


def ingest_one(store: Store, path: Path, parse: Callable[..., Document] | None = None,
               on_stage: Stage | None = None, mark: Marker | None = None, source: str | None = None,
               remark: bool = False, facts: Teller | None = None) -> FileResult:
    """Ingest one file; never raises for a bad file (the result carries the reason).

    ``on_stage`` hears each step as it starts (parsing, embedding n/N, indexing), for
    the upload page's progress line. ``source`` names where the file came from when
    ``path`` is a temporary copy (see ``_key``). ``remark``: new marks were given, so the
    stored bytes of this file are re-read with them (``_check``). ``facts`` tells the body
    and meeting date to parse a file with (``overrides.teller``). The caller holds the
    writer lock (``store.writing()``)."""
    if on_stage:
        on_stage("parsing", 0, 0)
    pool = _pool(store) if parse is None else None
    path = Path(path)
    try:
        return _finish(store, _prepare(store, path, parse, pool, mark, source, remark, facts), path, on_stage,
                       source)
    finally:
        if pool is not None:
            pool.close()


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    parse: Callable[..., Document] | None = None,
    progress: bool = True,
    on_result: Callable[[FileResult], None] | None = None,
    mark: Marker | None = None,
    remark: bool = False,
    facts: Teller | None = None,
) -> list[FileResult]:
    """Ingest every file under ``paths``; ``on_result`` sees each result as it lands.

    With the default parser, files are parsed in worker processes (``settings.parse``)
    up to ``workers`` files ahead of the one being embedded; a custom ``parse`` runs
    in this process, one file at a time. ``mark`` runs on each parsed document in this
    process (the saved exempt/public marks), so it needs no pickling into a worker. With
    ``remark`` (marks were given now), stored files are re-read with them (``_check``).
    ``facts`` tells the body and meeting date to parse each file with (``overrides.teller``)."""
    from tqdm import tqdm

    files = list(discover(paths))
    results: list[FileResult] = []
    bar = tqdm(total=len(files), unit="file", disable=not progress or not files, leave=False, dynamic_ncols=True)
    pool = _pool(store) if parse is None else None
    ahead: deque[tuple[Path, _Prepared]] = deque()
    todo = iter(files)

    def fill() -> None:
        """Keep the workers busy: check and submit files up to the pool's size ahead."""
        while pool is not None and len(ahead) < pool.size and (nxt := next(todo, None)) is not None:
            prep = _check(store, nxt, remark=remark)
            ahead.append((nxt, _submit(pool, prep, nxt, facts) if _needs_parse(prep) else _done(prep)))

    def step() -> tuple[Path, _Prepared] | None:
        if pool is None:
            path = next(todo, None)
            return None if path is None else (path, _prepare(store, path, parse, None, mark, remark=remark,
                                                                  facts=facts))
        fill()
        if not ahead:
            return None
        path, prep = ahead.popleft()
        prep = _collect(pool, prep, path, mark)
        fill()  # the next parse runs while this file embeds
        return path, prep

    parsed: queue.Queue = queue.Queue(maxsize=_AHEAD)
    stop = threading.Event()

    def feed() -> None:
        """``step`` on a thread of its own, so the worker is handed the next file as soon as it
        is free, not when this thread next asks: parses wait here, in order, up to _AHEAD."""
        item: object = None
        try:
            while not stop.is_set() and (item := step()) is not None:
                _put(parsed, item, stop)
        except BaseException as exc:  # noqa: BLE001 - raised again on the batch's thread
            item = exc
        _put(parsed, item, stop)

    def take() -> tuple[Path, _Prepared] | None:
        if pool is None:
            return step()
        item = parsed.get()
        if isinstance(item, BaseException):
            raise item
        return item

    def land(path: Path, prep: _Prepared, embedded: Future | None) -> None:
        bar.set_postfix_str(path.name[:40], refresh=True)
        results.append(res := _finish(store, prep, path, embedded=embedded))
        bar.update(1)
        if on_result:
            on_result(res)

    # File k is written while k+1 embeds (and k+2 parses in the worker); two embed threads,
    # so k+1's batches queue behind k's last ones on the embedder's threads (assistant.batching).
    try:
        with store.writing(), ThreadPoolExecutor(max_workers=2, thread_name_prefix="embed-doc") as embedder:
            fill()
            model_needed = any(_needs_parse(prep) for _, prep in ahead)
            if pool is not None:
                threading.Thread(target=feed, name="parse-ahead", daemon=True).start()
            if model_needed:
                store.embedder.warm()  # overlaps the worker's start-up; never for an unchanged batch
            landing = None
            while (item := take()) is not None:
                path, prep = item
                nxt = (path, prep, embedder.submit(_timed_embed, store, prep.doc) if prep.doc is not None else None)
                if landing is not None:
                    land(*landing)
                landing = nxt
            if landing is not None:
                land(*landing)
    finally:
        stop.set()
        bar.close()
        if pool is not None:
            pool.close()
    return results


_AHEAD = 4  # parsed files waiting for the embedder, at most (each holds its pages and chunks)


def _put(q: queue.Queue, item: object, stop: threading.Event) -> None:
    """``q.put(item)``, giving up once ``stop`` is set (the batch ended early: nobody will take it)."""
    while not stop.is_set():
        try:
            q.put(item, timeout=0.1)
            return
        except queue.Full:
            continue
