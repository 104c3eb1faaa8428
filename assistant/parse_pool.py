"""Parse files in worker processes with a time limit and a memory limit per file.

Why a process: pypdf has a long record of inputs that loop for minutes or eat
memory until the machine swaps (issue 13: a 234 KB PDF held the parser for over
ten minutes and the whole batch waited behind it). A thread cannot be stopped;
a process can be killed. Each worker caps its own address space with
``resource.setrlimit`` and the parent kills a worker that runs past the time
limit, so one bad file becomes one ``FAILED name: took longer than 60 s`` line
and the batch goes on.

Why a small pool: on 2 cores the embedder uses both, so one worker parsing the
next file while the parent embeds this one is all the overlap there is to gain.
Workers come from a ``forkserver``: the parent holds torch and Chroma threads,
which a plain ``fork`` would copy in whatever state they were in.
"""

from __future__ import annotations

import gc

import multiprocessing as mp
import resource
import time
from dataclasses import dataclass
from pathlib import Path

from ingest.config import ChunkSettings, ParseOptions
from ingest.models import Document, IngestError

_CTX = mp.get_context("forkserver")
# Imported once in the fork server, so each worker forked from it starts with the parser
# loaded (~0.4 CPU-s of imports a worker otherwise pays); '__main__' is the default preload.
_PRELOAD = ["__main__", "assistant.parse_pool", "ingest", "ingest.decisions", "pypdf", "tqdm"]
_CTX.set_forkserver_preload(_PRELOAD)  # takes effect when the server starts (the first worker, or start_server)
_MEMORY_SHARE = 0.9  # a failure after using this much of the cap is reported as the cap
_REAP_S = 5.0  # how long a worker whose pipe closed is given to finish dying


def describe_mb(mb: int) -> str:
    return f"{mb / 1024:g} GB" if mb >= 1024 else f"{mb} MB"


def start_server() -> None:
    """Start the fork server now, importing the parser, while the caller goes on.

    An ingest calls this before it opens the store and loads the embedder: the server's
    interpreter start and imports then run beside those (on another core, when one is
    free) instead of before the first file's parse. Without it, the first ``submit``
    starts the server as before. Returns at once: the imports run in the server."""
    from multiprocessing import forkserver

    forkserver.ensure_running()


def _worker(conn, memory_mb: int, chunking: dict, options: dict) -> None:
    """Loop: receive (path, facts), send back ("ok", doc, seconds) or ("error", reason); the
    facts (a body or meeting date given for that file) override the pool's parse options."""
    import threading

    from tqdm import tqdm

    from ingest import parse_file

    tqdm.set_lock(threading.RLock())  # not a semaphore: a killed worker would leak it
    if memory_mb:
        cap = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    chunk_settings, parse_options = ChunkSettings(**chunking), ParseOptions(**options)
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        path, facts = job
        t0 = time.perf_counter()
        out_of_memory = False
        try:
            doc = parse_file(path, chunk_settings, parse_options.model_copy(update=facts) if facts else parse_options)
            conn.send(("ok", doc, time.perf_counter() - t0))
        except IngestError as exc:
            conn.send(("error", _memory_reason(memory_mb) or exc.reason))
        except MemoryError:
            out_of_memory = True
        except RecursionError:
            conn.send(("error", "corrupt or unreadable file (objects nested too deeply)"))
        except Exception as exc:  # noqa: BLE001 - one file's parser bug must not end the batch
            conn.send(("error", _memory_reason(memory_mb) or f"unexpected parser error ({type(exc).__name__}: {exc})"))
        if out_of_memory:
            # Sent once the except block has let go of the traceback, whose frames hold the
            # buffers that filled the cap: sending from inside it could fail again, and the
            # worker then died as "exit code 1" instead of naming the limit.
            doc = None
            gc.collect()
            conn.send(("error", f"used more than {describe_mb(memory_mb)}"))
            return  # the heap may be in any state: start a fresh worker


def _memory_reason(memory_mb: int) -> str | None:
    """A failure that came with the address space nearly full was the memory cap."""
    if not memory_mb:
        return None
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return f"used more than {describe_mb(memory_mb)}" if peak_mb >= _MEMORY_SHARE * memory_mb else None


class _Worker:
    def __init__(self, pool: "ParsePool"):
        self.conn, child = _CTX.Pipe()
        self.process = _CTX.Process(target=_worker, args=(child, pool.memory_mb, pool.chunking, pool.options),
                                    daemon=True, name="meetingpack-parse")
        self.process.start()
        child.close()
        self.busy = False

    def stop(self, kill: bool = False) -> None:
        try:
            if kill:
                self.process.kill()
            else:
                self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


@dataclass
class Ticket:
    """A parse in flight: which worker has it and when it started."""

    path: Path
    worker: _Worker
    started: float


class ParsePool:
    """``submit(path)`` → ``Ticket``; ``result(ticket)`` → ``(Document, seconds)`` or ``IngestError``."""

    def __init__(self, chunking: ChunkSettings, options: ParseOptions, *, workers: int = 1,
                 time_limit_s: float = 60.0, memory_limit_mb: int = 2048):
        self.chunking = chunking.model_dump()
        self.options = ParseOptions.model_validate(options.model_dump(include=set(ParseOptions.model_fields))).model_dump()
        self.size = max(1, workers)
        self.time_limit_s = time_limit_s
        self.memory_mb = memory_limit_mb
        self.workers: list[_Worker] = []

    @classmethod
    def from_settings(cls, settings) -> "ParsePool":
        p = settings.parse
        return cls(settings.chunking, p, workers=p.workers, time_limit_s=p.time_limit_s,
                   memory_limit_mb=p.memory_limit_mb)

    def submit(self, path: Path, facts: dict | None = None) -> Ticket:
        """Hand ``path`` to a free worker; ``facts`` (``overrides.FACTS``) override the parse options."""
        worker = next((w for w in self.workers if not w.busy), None)
        if worker is None:
            if len(self.workers) >= self.size:
                raise RuntimeError("all parse workers are busy; collect a result first")
            worker = _Worker(self)
            self.workers.append(worker)
        worker.busy = True
        worker.conn.send((str(path), dict(facts or {})))
        return Ticket(Path(path), worker, time.monotonic())

    def result(self, ticket: Ticket) -> tuple[Document, float]:
        """Wait for the ticket's parse; past the time limit the worker is killed."""
        worker, name = ticket.worker, ticket.path.name
        left = ticket.started + self.time_limit_s - time.monotonic()
        try:
            ready = worker.conn.poll(max(0.0, left))
            if not ready:
                self._retire(worker, kill=True)
                raise IngestError(name, f"took longer than {self.time_limit_s:g} s")
            msg = worker.conn.recv()
        except (EOFError, OSError):
            # The pipe closes before the dead worker is reaped: without the wait its exit code
            # was often still None, and a crash read "exited unexpectedly (exit code None)".
            worker.process.join(timeout=_REAP_S)
            code = worker.process.exitcode
            self._retire(worker, kill=True)
            raise IngestError(name, _crash_reason(code, self.memory_mb)) from None
        worker.busy = False
        if msg[0] == "ok":
            return msg[1], msg[2]
        if not worker.process.is_alive() or msg[1].startswith("used more than"):
            self._retire(worker, kill=True)
        raise IngestError(name, msg[1])

    def _retire(self, worker: _Worker, kill: bool) -> None:
        worker.stop(kill=kill)
        if worker in self.workers:
            self.workers.remove(worker)

    def close(self) -> None:
        for worker in list(self.workers):
            self._retire(worker, kill=worker.busy)

    def __enter__(self) -> "ParsePool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _crash_reason(code: int | None, memory_mb: int) -> str:
    """The worker died without a word: a signal from the C parts (stack, allocator)."""
    import signal

    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        if name in ("SIGKILL", "SIGABRT") and memory_mb:
            return f"parser process was killed ({name}); it may have used more than {describe_mb(memory_mb)}"
        return f"parser process crashed ({name})"
    return f"parser process exited unexpectedly (exit code {code})"


__all__ = ["ParsePool", "Ticket", "describe_mb", "start_server"]
