"""File loaders: bytes on disk → raw pages of text, or a clear IngestError.

Why here and nowhere else: every later stage assumes it gets real text, so the
checks that decide whether a file is usable at all (empty, not really a PDF,
encrypted, no text layer) live next to the code that opens it. The message of
each IngestError is a single line a user can act on.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import ocr
from .config import ParseOptions
from .hidden import visible_text
from .models import IngestError, Page

PDF_EXTS = {".pdf"}
DOCX_EXTS = {".docx"}
HTML_EXTS = {".html", ".htm"}
TEXT_EXTS = {".md", ".markdown", ".txt"}
SUPPORTED = PDF_EXTS | DOCX_EXTS | HTML_EXTS | TEXT_EXTS

# A page "has text" when it carries at least this many letters; scanned packs
# often have a few stray glyphs (page stamps) but never whole sentences.
_MIN_LETTERS_PER_PAGE = 40

# Symbol-font bullets come out of pypdf as DEL or private-use code points.
# C1 control characters are Windows-1252 punctuation a PDF's font mapped one-to-one: "\x96" is
# an en dash, "\x95" a bullet, "\x92" an apostrophe (the asset management slides print every
# bullet as "\x96"); the five codes Windows-1252 leaves undefined go.
_C1 = {chr(c): bytes([c]).decode("cp1252", errors="ignore") for c in range(0x80, 0xA0)}
_GLYPHS = str.maketrans({**_C1, "\x7f": "•", "\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "•", "\uf076": "•"})

logging.getLogger("pypdf").setLevel(logging.ERROR)


def load_pages(path: Path, options: ParseOptions | None = None) -> list[Page]:
    """Dispatch on the file extension; refuse what we cannot read; no control characters."""
    ext = path.suffix.lower()
    if ext not in SUPPORTED:
        raise IngestError(path.name, f"unsupported file type '{ext or '(none)'}'")
    data = _read_bytes(path)
    if ext in PDF_EXTS:
        pages = load_pdf(path, data, options or ParseOptions())
    elif ext in DOCX_EXTS:
        pages = load_docx(path)
    elif ext in HTML_EXTS:
        pages = [Page(1, html_to_text(_decode(data)))]
    else:
        pages = [Page(1, markdown_to_text(_decode(data)))]
    for page in pages:
        page.text = without_controls(page.text)
    return pages


# C0 control characters but tab and line ends: a PDF's own font encoding can put them in
# the text layer, and a Word export of a draft quoting them failed (issue 13).
_CONTROLS = {**{c: None for c in [*range(0x00, 0x09), *range(0x0E, 0x20)]}, 0x0B: "\n", 0x0C: "\n"}


def without_controls(text: str) -> str:
    return text.translate(_CONTROLS)


def _read_bytes(path: Path) -> bytes:
    """Read the whole file; empty or missing files fail here with a plain reason."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(path.name, f"cannot read file ({exc.strerror or exc})") from exc
    if not data:
        raise IngestError(path.name, "empty file (0 bytes)")
    return data


def _decode(data: bytes) -> str:
    """UTF-8 first (with BOM), then cp1252, which never fails on old council exports."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# --------------------------------------------------------------------------- PDF


def load_pdf(path: Path, data: bytes, options: ParseOptions | None = None) -> list[Page]:
    """Extract each page's visible text with pypdf; OCR the pages that are only an image."""
    options = options or ParseOptions()
    _check_pdf_magic(path, data)
    pages, errors = [], {}
    with _pypdf_warnings() as warned:
        reader = _open_pdf(path, data)
        for i, page in enumerate(reader.pages, 1):
            text, hidden, error = _page_text(path, page, reader, options.keep_hidden)
            pages.append(Page(i, text, hidden_chars=hidden))
            if error:
                errors[i] = error
    if not pages:
        raise IngestError(path.name, "PDF has no pages")
    if warned and not errors:  # pypdf read past damage quietly: if no text came of it, that is why
        errors[0] = f"pypdf: {_one_line(Exception(warned[0]))}"
    scans, missing = _read_scans(path, data, reader, pages, options)
    _check_text_layer(path, pages, errors, scans, options.ocr == "off", missing)
    return pages


class _Kept(logging.Handler):
    """The first few warnings (a broken file can raise thousands: only the first is shown)."""

    def __init__(self, into: list[str], most: int = 10):
        super().__init__(logging.WARNING)
        self.into, self.most = into, most

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.into) < self.most:
            self.into.append(record.getMessage())


@contextmanager
def _pypdf_warnings() -> Iterator[list[str]]:
    """What pypdf warned of while reading (it repairs or skips damage rather than raise: a
    page tree nested 200,000 deep came out as blank pages, reported as 'blank pages?')."""
    logger, seen = logging.getLogger("pypdf"), []
    handler, saved = _Kept(seen), (logger.level, logger.propagate)
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False  # kept here, not printed
    try:
        yield seen
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def _check_pdf_magic(path: Path, data: bytes) -> None:
    """A renamed Word file or HTML error page should say what it really starts with."""
    head = data[:1024]
    if b"%PDF-" in head:
        return
    shown = head[:12].decode("latin-1").encode("unicode_escape").decode("ascii")
    raise IngestError(path.name, f"not a PDF: file starts with {shown!r}")


_NEEDS_PASSWORD = "encrypted: needs a password"


def _open_pdf(path: Path, data: bytes):
    """Open with pypdf; a PDF encrypted without a user password (RC4 or AES, the usual
    "restrict printing" export) opens with the empty password and reads normally."""
    import io

    import pypdf
    from pypdf.errors import DependencyError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(path.name, _NEEDS_PASSWORD)
        _ = len(reader.pages)
        return reader
    except IngestError:
        raise
    except DependencyError as exc:  # AES without the 'cryptography' package
        raise IngestError(path.name, f"encrypted with AES: {_one_line(exc)} (pip install cryptography)") from exc
    except MemoryError:
        raise
    except Exception as exc:  # pypdf raises many types for broken files
        if "password" in str(exc).lower() or "decrypt" in str(exc).lower():
            raise IngestError(path.name, _NEEDS_PASSWORD) from exc
        raise IngestError(path.name, f"corrupt or unreadable PDF ({_one_line(exc)})") from exc


def _page_text(path: Path, page, reader, keep_hidden: bool) -> tuple[str, int, str | None]:
    """One page's visible text, the count of hidden characters and why it failed; a
    single broken page becomes empty rather than failing the file."""
    try:
        text, hidden = visible_text(page, reader, keep_hidden)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf internals vary (and its limits raise here)
        logging.getLogger(__name__).warning("%s: page text failed: %s", path.name, exc)
        return "", 0, _one_line(exc)
    return text.translate(_GLYPHS), hidden, None


def _read_scans(path: Path, data: bytes, reader, pages: list[Page], options: ParseOptions) -> tuple[list[int], str | None]:
    """OCR the pages that carry an image but (almost) no text, when OCR is on and installed;
    returns the numbers of those pages, and what is missing when OCR could not run."""
    scans = [p.number for p in pages
             if _letters(p.text) < _MIN_LETTERS_PER_PAGE and ocr.has_image(reader.pages[p.number - 1])]
    if not scans or options.ocr == "off":
        return scans, None
    if not ocr.available():
        return scans, f"to OCR it, install tesseract: {ocr.INSTALL_HINT}"
    try:
        result = ocr.ocr_pages(data, scans, dpi=options.ocr_dpi, lang=options.ocr_lang,
                               name=path.name, progress=options.progress)
    except ocr.OCRUnavailable as exc:  # tesseract is there but a Python part is not: say which
        return scans, str(exc)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - a renderer or tesseract failure names itself
        raise IngestError(path.name, f"OCR failed ({_one_line(exc)})") from exc
    for number, text in result.texts.items():
        page = pages[number - 1]
        page.ocr_seconds = result.seconds / len(scans)
        if _letters(text) > _letters(page.text):
            page.text, page.ocr = text, True
    return scans, None


def _check_text_layer(path: Path, pages: list[Page], errors: dict[int, str], scans: list[int], off: bool,
                      missing: str | None = None) -> None:
    """A file that yields (nearly) no text says why: its pages failed, it is a scan and
    OCR is missing (``missing`` says what to install) or off, or OCR read nothing."""
    with_text = sum(1 for p in pages if _letters(p.text) >= _MIN_LETTERS_PER_PAGE)
    if with_text and not (len(pages) >= 4 and with_text / len(pages) < 0.1):
        return
    if errors:
        first = min(errors)
        where = f"page {first}: " if first else ""  # 0: the file as a whole
        raise IngestError(path.name, f"corrupt or unreadable PDF ({where}{errors[first]})")
    if not scans:
        raise IngestError(path.name, "PDF has no text layer and no scanned images (blank pages?)")
    if off:
        raise IngestError(path.name, "PDF has no text layer (scanned?) and OCR is switched off")
    if missing:
        raise IngestError(path.name, f"PDF has no text layer (scanned?); {missing}")
    raise IngestError(path.name, "PDF has no text layer and OCR found no text in its images")


def _letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:160] or type(exc).__name__


# ---------------------------------------------------------------- DOCX / HTML / MD


def load_docx(path: Path) -> list[Page]:
    """Paragraphs and tables in body order, as one logical page (Word has no fixed pages)."""
    try:
        import docx

        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - zipfile/lxml errors
        raise IngestError(path.name, f"corrupt or unreadable DOCX ({_one_line(exc)})") from exc
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            lines.extend(_docx_table_lines(block))
    return [Page(1, "\n".join(lines))]


def _docx_table_lines(tbl) -> list[str]:
    """Each table row as tab-separated cells, so the chunker sees real columns."""
    rows = []
    for tr in tbl.iter():
        if not tr.tag.endswith("}tr"):
            continue
        cells = []
        for tc in tr:
            if tc.tag.endswith("}tc"):
                cells.append(" ".join("".join(t.text or "" for t in tc.iter() if t.tag.endswith("}t")).split()))
        rows.append("\t".join(cells))
    return rows


def html_to_text(html: str) -> str:
    """Visible text with block elements on their own lines and table cells tab-separated."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    for row in soup.find_all("tr"):
        cells = [" ".join(c.get_text(" ").split()) for c in row.find_all(["td", "th"])]
        row.replace_with(soup.new_string("\n" + "\t".join(cells) + "\n"))
    for level in range(1, 7):
        for h in soup.find_all(f"h{level}"):
            h.replace_with(soup.new_string("\n" + "#" * level + " " + " ".join(h.get_text(" ").split()) + "\n"))
    for li in soup.find_all("li"):
        li.insert(0, soup.new_string("\n- "))
    text = soup.get_text("\n")
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


_MD_EMPH = re.compile(r"(\*\*|__|`)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def markdown_to_text(text: str) -> str:
    """Plain text; ``#`` heading marks stay (the chunker reads them), table pipes become tabs."""
    out = []
    for line in text.splitlines():
        if re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", line) and "-" in line:
            continue  # table separator row
        line = _MD_LINK.sub(r"\1", _MD_EMPH.sub("", line))
        if line.strip().startswith("|"):
            line = "\t".join(c.strip() for c in line.strip().strip("|").split("|"))
        out.append(line.rstrip())
    return "\n".join(out)
