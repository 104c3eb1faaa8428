"""The one place an uploaded file is checked: size, type by content, a safe file name.

Why here and not in a handler: every route that takes a file (the documents upload
today, others later) must refuse the same things for the same reasons, and each refusal
names the file and says why, with the HTTP status that fits (413 too large, 415 not a
PDF, 422 empty). The file name is only ever used as a leaf name inside a folder the
server chose, so it can carry no path.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from fastapi import HTTPException, UploadFile

PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024  # the PDF header may follow up to 1 KB of junk (ISO 32000-1, 7.5.2)
NAME_MAX = 150
_UNSAFE = re.compile(r"[^\w .,()&'+-]+")
READ_STEP = 1 << 20


class UploadRejected(HTTPException):
    """An upload refused before anything was stored; ``detail`` names file and reason."""


@dataclass
class CheckedUpload:
    name: str  # sanitised leaf name, ends in .pdf
    data: bytes


def safe_name(raw: str | None) -> str:
    """A leaf name with no folders, no control or shell characters, no leading dots."""
    name = unicodedata.normalize("NFKC", raw or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" ._")
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    stem = stem[: NAME_MAX - 4].strip(" ._") or "upload"
    return f"{stem}.pdf"


def sniff_pdf(data: bytes) -> bool:
    return PDF_MAGIC in data[:MAGIC_WINDOW]


def check_bytes(raw_name: str | None, data: bytes, limit: int) -> CheckedUpload:
    shown = safe_name(raw_name)
    if not data:
        raise UploadRejected(422, f"{shown}: the file is empty")
    if len(data) > limit:
        raise UploadRejected(413, f"{shown}: larger than the upload limit of {limit // (1 << 20)} MB")
    if not sniff_pdf(data):
        start = data[:8].decode("latin-1").encode("unicode_escape").decode()
        raise UploadRejected(415, f"{shown}: not a PDF (its bytes start {start!r}, not %PDF-)")
    return CheckedUpload(shown, data)


UPLOAD_PATHS = frozenset({"/api/documents", "/documents/upload"})  # the routes that take files
_SLACK = 1 << 20  # multipart boundaries, headers and form fields around the files


def body_limit(settings) -> tuple[int, str]:
    """The most bytes one upload request may send, and how a refusal names that limit."""
    s = settings.server
    return (s.upload_max_files * s.upload_max_mb << 20) + _SLACK, \
        f"the request is larger than the upload limit ({s.upload_max_files} files of {s.upload_max_mb} MB)"


class UploadBodyLimit:
    """ASGI middleware: the body of a POST to an upload route may not pass the limit.

    Why not only ``read_upload``: the multipart parser spools every file to disk before
    a handler runs, so a 20 GB upload was written out in full before its 413. Here it is
    refused by its declared length at once, or, sent in chunks without one, as soon as the
    count passes (Starlette's body limit, which FastAPI turns into a 413 mid-parse)."""

    def __init__(self, app, settings):
        self.app = app
        self.limit, self.detail = body_limit(settings)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "POST" or scope.get("path") not in UPLOAD_PATHS:
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or []).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.limit:
            from fastapi.responses import JSONResponse

            return await JSONResponse({"detail": self.detail}, status_code=413)(scope, receive, send)
        from starlette.middleware.body_limit import RequestBodyLimitResponder

        await RequestBodyLimitResponder(self.app, self.limit)(scope, receive, send)


async def read_upload(upload: UploadFile, limit: int) -> CheckedUpload:
    """Read at most ``limit`` + 1 bytes (a huge upload is refused, not buffered), then check."""
    chunks, size = [], 0
    while size <= limit:
        block = await upload.read(READ_STEP)
        if not block:
            break
        chunks.append(block)
        size += len(block)
    return check_bytes(upload.filename, b"".join(chunks), limit)
