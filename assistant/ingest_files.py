"""What one file's ingest reports, and which files a path names.

Why apart from the batch loop (``assistant.ingest_service``): the CLI, the upload jobs and
the benchmarks read a ``FileResult`` and list files without running an ingest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ingest.models import ParseReport

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
    report: ParseReport | None = None  # what the parse kept and left out
    document_id: str | None = None  # the stored document: the one written, or the one it matched
    replaced_id: str | None = None  # for "replaced": the version it took the place of

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    @property
    def remarked(self) -> bool:
        """A replace of the stored bytes by themselves: re-read with new exempt/public marks."""
        return self.status == "replaced" and self.replaced_id == self.document_id

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
            f"{self.chunks} chunks  {self.seconds:.1f} s" + ("  (same file, marks updated)" if self.remarked else "")
        )

    def details(self) -> list[str]:
        """Indented lines under ``line()``: pages and characters kept and dropped, hidden text,
        OCR, warnings, so no loss is silent (issue 13: a templated file lost its text unsaid)."""
        r = self.report
        if r is None or self.failed:
            return []
        blank = r.pages - r.pages_with_text
        parts = [f"kept {r.pages_kept} of {r.pages} pages" + (f" ({blank} without text)" if blank else "")
                 + f", {r.chars_kept:,} of {r.chars_read:,} characters"]
        if r.chars_dropped:
            lost = r.chars_dropped - r.furniture_chars
            parts.append(f"dropped {r.chars_dropped:,}: {r.furniture_chars:,} in {r.furniture_lines} header/footer "
                         "lines" + (f", {lost:,} on pages that gave no chunk" if lost > 0 else ""))
        if r.hidden_chars:
            parts.append(f"hidden text {r.hidden_chars:,} characters on {r.hidden_pages} page(s)")
        if r.ocr_pages:
            parts.append(f"OCR {r.ocr_pages} page(s) in {r.ocr_seconds:.1f} s")
        return ["    " + "; ".join(parts)] + [f"    warning: {w}" for w in r.warnings]


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
