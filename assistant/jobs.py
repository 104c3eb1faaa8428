"""Background ingest for uploaded files: one worker thread, a queue, a progress record per job.

Why one worker: the store has one writer at a time, and on two cores a second embedder
would only slow the first. A request saves the upload, queues it and returns a job id at
once; the page then polls ``GET /api/jobs/{id}``, which reads the job's record: queued,
parsing, embedding n/N, indexing, then done (with the document id) or failed (with the
reason the ingest gave). Records live in memory: a job is about one upload, not history.

An upload may carry exempt/public marks (``overrides.Marks``, the selectors of
``ingest --exempt/--public``) and the body and meeting date of a paper that prints neither
(``overrides.FACTS``, as ``ingest --body/--meeting-date``): they are applied and saved exactly
as the CLI does, so a later re-ingest of the file keeps them.

An upload is stored as coming from its name (``assistant.upload_source``), not from its spool
folder: a changed file under a stored name replaces that document, as ``ingest`` replaces a
changed file at the same path, and the record says so (outcome ``replaced``, ``replaced_id``).
The same bytes sent again with new marks are re-read with them: also ``replaced``, under the
same document id ("marks updated"), parsed once and written all or nothing.
Records name files, never a folder of the server's.
"""

from __future__ import annotations

import queue
import shutil
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from assistant import overrides, upload_source
from assistant.ingest_service import ingest_one
from assistant.store.lock import StoreLocked

KEEP_JOBS = 500  # finished job records kept for polling


@dataclass
class Job:
    job_id: str
    file: str
    status: str = "queued"  # queued | waiting (for another writer) | parsing | embedding | indexing | done | failed
    done: int = 0
    total: int = 0
    reason: str | None = None
    document_id: str | None = None
    outcome: str | None = None  # added | replaced | unchanged | duplicate
    replaced_id: str | None = None  # for "replaced": the id of the version this one took the place of
    # (the same id when the same bytes were re-read with new marks)
    pages: int = 0
    items: int = 0
    chunks: int = 0
    created: float = field(default_factory=time.time)
    exempt: list[str] | None = None  # the marks given with the upload (selectors; "*" = every item)
    public: list[str] | None = None
    body: str | None = None  # the body and meeting date given with the upload, if any
    meeting_date: str | None = None
    notes: list[str] = field(default_factory=list)  # what the parse kept and left out, as ``ingest`` prints it

    @property
    def marks(self) -> overrides.Marks:
        return (None if self.exempt is None else set(self.exempt), None if self.public is None else set(self.public))

    @property
    def facts(self) -> overrides.Facts:
        return {k: getattr(self, k) for k in overrides.FACTS if getattr(self, k)}

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    @property
    def remarked(self) -> bool:
        """Done as a replace of the stored bytes by themselves: re-read with the new marks."""
        return self.outcome == "replaced" and self.replaced_id == self.document_id

    def progress(self) -> str:
        """One line for people: "embedding 128/587", "failed: not a PDF"."""
        if self.status == "embedding" and self.total:
            return f"embedding {self.done}/{self.total}"
        if self.status == "failed":
            return f"failed: {self.reason}"
        if self.status == "waiting":
            return "waiting: another ingest is writing to the store"
        if self.status == "done" and self.outcome in ("unchanged", "duplicate"):
            return f"done ({self.outcome}: {self.reason})" if self.reason else f"done ({self.outcome})"
        if self.status == "done":
            what = "marks updated" if self.remarked else (
                f"replaced {self.replaced_id}" if self.outcome == "replaced" else self.outcome)
            return f"done ({what}: {self.pages} pages, {self.items} items, {self.chunks} passages)"
        return self.status

    def record(self) -> dict:
        return {**asdict(self), "finished": self.finished, "progress": self.progress()}


class IngestJobs:
    """Queue of uploaded files for one store; ``submit`` returns at once."""

    def __init__(self, store, spool: Path | None = None, lock_wait_s: float | None = None):
        self.store = store
        self.lock_wait_s = lock_wait_s  # how long a job waits for another writer (None: the store's own timeout)
        self.spool = Path(spool or Path(store.root) / "uploads")
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self._queue: queue.Queue[tuple[Job, Path] | None] = queue.Queue()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="ingest-jobs", daemon=True)
        self._thread.start()

    def submit(self, name: str, data: bytes, marks: overrides.Marks = (None, None),
               facts: overrides.Facts | None = None) -> Job:
        """Save ``data`` as ``name`` (already checked and sanitised) and queue it, with the
        exempt/public ``marks`` given for it (already checked: ``ingest.exempt.parse_marks``)
        and its body and meeting date ``facts`` (checked as ``ParseOptions`` checks them)."""
        exempt, public = (None if m is None else sorted(m) for m in marks)
        job = Job(job_id=uuid.uuid4().hex[:12], file=name, exempt=exempt, public=public,
                  **{k: (facts or {}).get(k) for k in overrides.FACTS})
        folder = self.spool / job.job_id
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_bytes(data)
        with self._lock:
            self.jobs[job.job_id] = job
            while len(self.jobs) > KEEP_JOBS:
                self.jobs.popitem(last=False)
        self._queue.put((job, path))
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self.jobs.get(job_id)

    def recent(self, n: int = 20) -> list[Job]:
        with self._lock:
            return list(self.jobs.values())[-n:][::-1]

    def wait(self, job_id: str, timeout: float = 60.0) -> Job | None:
        """Block until the job finishes (tests and the CLI); returns its record."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            job = self.get(job_id)
            if job is None or job.finished:
                return job
            time.sleep(0.05)
        return self.get(job_id)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            job, path = item
            try:
                self._ingest(job, path)
            except StoreLocked as exc:  # waited its time for another writer: nothing was stored
                job.status = "failed"
                waited = self.store.writer.timeout_s if self.lock_wait_s is None else self.lock_wait_s
                job.reason = (f"{exc.plain()}; waited {waited:g} s. Nothing was stored: "
                              "upload the file again when it has finished")
            except Exception as exc:  # noqa: BLE001 - a job must end, whatever happened
                job.status = "failed"
                job.reason = self._shown(f"unexpected error ({type(exc).__name__}: {exc})", path)
            finally:
                shutil.rmtree(path.parent, ignore_errors=True)

    def _ingest(self, job: Job, path: Path) -> None:
        """Ingest one spooled upload as coming from ``upload:NAME``, under the writer lock
        throughout (the stored version it may replace cannot change meanwhile)."""
        def on_stage(stage: str, done: int, total: int) -> None:
            job.status, job.done, job.total = stage, done, total

        # the file's saved marks and facts hold for uploads too; those given now go over them (as with
        # the CLI), and re-read the stored copy of these very bytes (a replace, all or nothing)
        root, marks, facts = self.store.root, job.marks, job.facts
        with self.store.writing(self.lock_wait_s, on_wait=lambda: setattr(job, "status", "waiting")):
            job.status = "parsing"
            upload_source.adopt_spooled(self.store, self.spool, job.file)
            result = ingest_one(self.store, path, on_stage=on_stage, mark=overrides.marker(root, marks),
                                source=upload_source.source_key(job.file), facts=overrides.teller(root, facts),
                                remark=overrides.given(marks, facts))
            if overrides.given(marks, facts) and result.status in ("added", "replaced"):
                overrides.record(root, [result.file], *marks, facts=facts)
        job.pages, job.items, job.chunks = result.pages, result.items, result.chunks
        job.notes = [line.strip() for line in result.details()]  # an upload's losses are no more silent
        job.reason = self._shown(result.reason, path)  # failed: why; duplicate: which stored file
        job.document_id, job.replaced_id = result.document_id, result.replaced_id
        job.outcome, job.status = (None, "failed") if result.failed else (result.status, "done")

    def _shown(self, text: str | None, path: Path) -> str | None:
        """``text`` as a reply may show it: every server path in it by its last name only
        (a reason can quote an exception that names the spooled file or the store)."""
        places = {path, path.parent, self.spool, Path(self.store.root)}
        places = {p for p in places | {p.resolve() for p in places} if len(p.parts) > 1}  # not "." or "data"
        for place in sorted(places, key=lambda p: len(str(p)), reverse=True):  # the longest first
            text = text.replace(str(place), place.name) if text else text
        return text
