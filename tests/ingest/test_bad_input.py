"""Unusable files fail with one clear line naming the file and the reason."""

from __future__ import annotations

import shutil

import pypdf
import pytest

from ingest import IngestError, parse_file
from ingest.config import ParseOptions
from tests.ingest.conftest import CORPUS, PANEL, REAL


def _fails(path, needle: str) -> IngestError:
    with pytest.raises(IngestError) as info:
        parse_file(path)
    err = info.value
    assert err.file == path.name and needle in err.reason
    assert "\n" not in str(err) and str(err).startswith(path.name)
    return err


def test_empty_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    _fails(path, "empty file (0 bytes)")


def test_text_renamed_pdf(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("Minutes of the meeting\nRESOLVED 2021/001\n")
    _fails(path, "not a PDF: file starts with 'Minutes of t'")


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    _fails(path, "corrupt or unreadable PDF")


def test_truncated_pdf(tmp_path):
    data = (CORPUS / PANEL).read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(IngestError) as info:
        parse_file(path)
    assert info.value.reason.startswith(("corrupt or unreadable PDF", "PDF has no text layer"))


def _encrypted(path, user_password: str):
    """The panel report re-written with an owner password and the given user password."""
    writer = pypdf.PdfWriter(clone_from=str(CORPUS / PANEL))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def test_encrypted_pdf(tmp_path):
    _fails(_encrypted(tmp_path / "locked.pdf", "secret"), "encrypted: needs a password")


def test_owner_only_encryption_still_reads(tmp_path):
    assert parse_file(_encrypted(tmp_path / "restricted.pdf", "")).chunks


def test_scanned_pdf_without_ocr_says_so(tmp_path, monkeypatch):
    from ingest import ocr

    path = tmp_path / "nipissing-agenda-package-2024-03-05-SCANNED.pdf"
    shutil.copy(REAL / path.name, path)
    monkeypatch.setattr(ocr, "available", lambda: False)  # a machine without tesseract
    err = _fails(path, "has no text layer (scanned?)")
    assert "apt-get install -y tesseract-ocr" in err.reason
    with pytest.raises(IngestError, match="OCR is switched off"):
        parse_file(path, options=ParseOptions(ocr="off"))


def test_scanned_pdf_with_tesseract_but_no_bindings_names_what_is_missing(tmp_path, monkeypatch):
    from ingest import ocr

    path = tmp_path / "scan.pdf"
    shutil.copy(REAL / "nipissing-agenda-package-2024-03-05-SCANNED.pdf", path)
    monkeypatch.setattr(ocr, "available", lambda: True)

    def no_bindings(*args, **kwargs):
        raise ocr.OCRUnavailable("OCR needs the Python package 'pytesseract' (pip install pytesseract)")

    monkeypatch.setattr(ocr, "ocr_pages", no_bindings)
    err = _fails(path, "has no text layer (scanned?)")
    assert "pip install pytesseract" in err.reason


def test_blank_pdf_pages(tmp_path):
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "blank.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    _fails(path, "no text layer")


def test_unsupported_extension(tmp_path):
    path = tmp_path / "budget.xlsx"
    path.write_bytes(b"PK\x03\x04")
    _fails(path, "unsupported file type '.xlsx'")


def test_missing_file(tmp_path):
    _fails(tmp_path / "nowhere.pdf", "cannot read file")


def test_corrupt_docx(tmp_path):
    path = tmp_path / "paper.docx"
    path.write_bytes(b"not a zip at all")
    _fails(path, "corrupt or unreadable DOCX")
