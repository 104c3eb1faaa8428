"""The one upload check: safe names, type by content, size limit, clear refusals."""

from __future__ import annotations

import pytest

from api.uploads import UploadRejected, check_bytes, safe_name

PDF = b"%PDF-1.7\n..."


@pytest.mark.parametrize("raw, safe", [
    ("report.pdf", "report.pdf"),
    ("../../etc/passwd", "passwd.pdf"),
    ("C:\\Users\\me\\Budget 2024.PDF", "Budget 2024.pdf"),
    (".hidden.pdf", "hidden.pdf"),
    ("a\x00b\nc.pdf", "abc.pdf"),
    ("<script>x</script>.pdf", "script.pdf"),
    ("", "upload.pdf"),
    (None, "upload.pdf"),
    ("x" * 400 + ".pdf", "x" * 146 + ".pdf"),
])
def test_safe_name(raw, safe):
    assert safe_name(raw) == safe and "/" not in safe_name(raw)


def test_type_is_read_from_the_bytes_not_the_name():
    assert check_bytes("scan.pdf", PDF, 1000).name == "scan.pdf"
    assert check_bytes("renamed.txt", b"junk\n" + PDF, 1000).name == "renamed.txt.pdf"
    with pytest.raises(UploadRejected) as err:
        check_bytes("photo.pdf", b"\x89PNG\r\n\x1a\n....", 1000)
    assert err.value.status_code == 415 and "photo.pdf: not a PDF" in err.value.detail


def test_size_limit_and_empty():
    with pytest.raises(UploadRejected) as err:
        check_bytes("big.pdf", PDF + b"0" * (3 << 20), 2 << 20)
    assert err.value.status_code == 413 and "big.pdf" in err.value.detail and "2 MB" in err.value.detail
    with pytest.raises(UploadRejected) as err:
        check_bytes("e.pdf", b"", 100)
    assert err.value.status_code == 422
