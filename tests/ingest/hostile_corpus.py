"""A hostile corpus, generated at test time (no committed binaries): one file per fault.

Each builder writes one file into a folder and returns its path. ``CASES`` pairs
each file with the outcome a user must see, so the batch test and the README
table describe the same thing.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

import pypdf
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ROOT / "tests" / "fixtures" / "real-pdfs" / "nipissing-agenda-package-2024-03-05-SCANNED.pdf"


@dataclass
class Text:
    """One line of text drawn on a page."""

    x: float
    y: float
    text: str
    size: float = 11
    fill: tuple[float, float, float] = (0, 0, 0)
    mode: int = 0  # 3 = invisible


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _content(lines: list[Text], background: tuple[float, float, float] | None = None) -> bytes:
    ops = []
    if background:
        ops.append(f"{background[0]} {background[1]} {background[2]} rg 0 0 595 842 re f")
    for t in lines:
        r, g, b = t.fill
        ops.append(f"BT /F1 {t.size} Tf {t.mode} Tr {r} {g} {b} rg {t.x} {t.y} Td ({_escape(t.text)}) Tj ET")
    return "\n".join(ops).encode("latin-1")


def write_pdf(path: Path, pages: list[list[Text]], forms: dict[int, bytes] | None = None) -> Path:
    """A PDF whose pages draw the given lines in Helvetica; ``forms`` maps a page's index to
    content drawn on it through a form XObject (``/Fm1 Do``), as some producers draw pages."""
    writer = pypdf.PdfWriter()
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica"),
                             NameObject("/Encoding"): NameObject("/WinAnsiEncoding")})
    font_ref = writer._add_object(font)
    for i, lines in enumerate(pages):
        page = writer.add_blank_page(width=595, height=842)
        fonts = DictionaryObject({NameObject("/F1"): font_ref})
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
        data = _content(lines)
        if forms and i in forms:
            page[NameObject("/Resources")][NameObject("/XObject")] = DictionaryObject(
                {NameObject("/Fm1"): _form(writer, forms[i], fonts)})
            data = b"q /Fm1 Do Q\n" + data  # drawn first, under the page's own lines
        stream = DecodedStreamObject()
        stream.set_data(data)
        page[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def _form(writer, content: bytes, fonts):
    from pypdf.generic import ArrayObject, FloatObject

    form = DecodedStreamObject()
    form.set_data(content)
    form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                 NameObject("/BBox"): ArrayObject([FloatObject(v) for v in (0, 0, 595, 842)]),
                 NameObject("/Resources"): DictionaryObject({NameObject("/Font"): fonts})})
    return writer._add_object(form.flate_encode())


def paragraph_page(title: str, sentences: list[str], top: float = 780) -> list[Text]:
    lines = [Text(72, top, title, size=14)]
    lines += [Text(72, top - 30 - 16 * i, s) for i, s in enumerate(sentences)]
    return lines


REPORT_SENTENCES = [
    "The Panel considered the report of the Commissioner on the estates strategy for the county.",
    "Members noted that the refurbishment of the Sherwood Lodge headquarters would finish in the spring.",
    "The Chair asked for a further update on the custody suite at the next meeting of the Panel.",
    "Officers confirmed that the capital programme had been reviewed against the medium term plan.",
]


def good_report(path: Path) -> Path:
    """An ordinary two-page report: the document every batch test starts from."""
    return write_pdf(path, [paragraph_page("Estates Strategy Update", REPORT_SENTENCES),
                            paragraph_page("Custody Suite Programme", REPORT_SENTENCES[::-1])])


# ------------------------------------------------------------------ the faults


def corrupt_xref(path: Path) -> Path:
    """Every offset in the cross-reference table is wrong (pypdf rebuilds it by scanning)."""
    good_report(path)
    data = path.read_bytes()
    at = data.rfind(b"\nxref")
    table = [line[:10].replace(b"0", b"9") + line[10:] if line.rstrip().endswith(b" n") else line
             for line in data[at:].split(b"\n")]
    path.write_bytes(data[:at] + b"\n".join(table))
    return path


def truncated(path: Path) -> Path:
    good_report(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def encrypted(path: Path, algorithm: str, user_password: str = "") -> Path:
    """The good report encrypted with an owner password and the given user password."""
    good_report(path.with_suffix(".plain"))
    writer = pypdf.PdfWriter(clone_from=str(path.with_suffix(".plain")))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    with path.open("wb") as fh:
        writer.write(fh)
    path.with_suffix(".plain").unlink()
    return path


def zero_bytes(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def html_renamed(path: Path) -> Path:
    path.write_text("<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>")
    return path


def compression_bomb(path: Path, gigabytes: int = 4) -> Path:
    """A few MB on disk whose page content inflates to several GB of zeros."""
    comp = zlib.compressobj(9)
    block = b"\0" * (1 << 24)
    chunks = [comp.compress(block) for _ in range(gigabytes * 64)] + [comp.flush()]
    data = b"".join(chunks)
    head = b"%PDF-1.7\n"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
    ]
    return _raw_pdf(path, head, objs, stream=(b"<< /Length %d /Filter /FlateDecode >>" % len(data), data))


def deeply_nested(path: Path, depth: int = 200_000) -> Path:
    """An object nested 200,000 arrays deep (recursive parsers overflow the stack)."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Deep " + b"[" * depth
        + b"]" * depth + b" /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
        b" /Contents 4 0 R >>",
    ]
    content = _content([Text(72, 700 - 16 * i, s) for i, s in enumerate(REPORT_SENTENCES)])
    return _raw_pdf(path, b"%PDF-1.7\n", objs, stream=(b"<< /Length %d >>" % len(content), content))


def slow(path: Path, operations: int = 1_000_000, pages: int = 6) -> Path:
    """28 KB whose pages each hold a million drawing operators: minutes of parsing in all."""
    content = b"0 0 m 1 1 l S\n" * operations
    data = zlib.compress(content, 9)
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
             b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
             % (3 + pages)] * pages
    return _raw_pdf(path, b"%PDF-1.7\n", objs, stream=(b"<< /Length %d /Filter /FlateDecode >>" % len(data), data))


def _raw_pdf(path: Path, head: bytes, objs: list[bytes], stream: tuple[bytes, bytes]) -> Path:
    """Objects 1..n, then object n+1 as a stream, with a correct xref table."""
    out = bytearray(head)
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    offsets.append(len(out))
    out += b"%d 0 obj\n" % (len(objs) + 1) + stream[0] + b"\nstream\n" + stream[1] + b"\nendstream\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def decision_notice(n: int) -> list[Text]:
    """One templated decision notice: the same labels on every page, a unique decision."""
    return [
        Text(72, 800, "Record of Decision", size=14),
        Text(72, 770, f"Decision No: 24/{n:05d}"),
        Text(72, 750, f"Date: {1 + n % 28} March 2024"),
        Text(72, 730, "Decision maker: Cabinet Member for Community Services"),
        Text(72, 700, f"Subject: Community grant number {n} to the {_place(n)} village hall trust"),
        Text(72, 680, f"Decision: to award grant {n} towards the {_place(n)} roof repairs."),
        Text(72, 100, "Published under the Local Authorities (Executive Arrangements) Regulations 2012"),
    ]


_SYLLABLES = ["ash", "brook", "cot", "den", "elm", "ford", "gate", "holm", "ing", "ley", "mere", "ton"]


def _place(n: int) -> str:
    """A unique made-up place name per notice, so each page has words no other page has."""
    a, b, c = n % 12, (n // 12) % 12, (n // 144) % 12
    return (_SYLLABLES[a] + _SYLLABLES[b] + _SYLLABLES[c]).title()


def templated(path: Path, pages: int = 300) -> Path:
    return write_pdf(path, [decision_notice(n) for n in range(1, pages + 1)])


HIDDEN_PHRASE = "the zanzibar procurement kickback was approved"


def hidden_text(path: Path) -> Path:
    """A normal report page with the same phrase hidden five ways: white on white,
    render mode 3, a 0.5 pt font, off the page, and white on white inside a form XObject
    (next to a visible line there, which stays)."""
    page = paragraph_page("Procurement Review", REPORT_SENTENCES)
    page += [Text(72, 500, f"Note one: {HIDDEN_PHRASE}.", fill=(1, 1, 1)),
             Text(72, 480, f"Note two: {HIDDEN_PHRASE}.", mode=3),
             Text(72, 460, f"Note three: {HIDDEN_PHRASE}.", size=0.5),
             Text(900, 440, f"Note four: {HIDDEN_PHRASE}.")]
    form = _content([Text(72, 420, "Form note: the audit committee will review the contract register."),
                     Text(72, 400, f"Note five: {HIDDEN_PHRASE}.", fill=(1, 1, 1))])
    return write_pdf(path, [page, paragraph_page("Procurement Review Annex", REPORT_SENTENCES[::-1])], forms={0: form})


def scan(path: Path, pages: int = 2) -> Path:
    """The first pages of the real scanned Nipissing agenda package (image only, no text layer)."""
    writer = pypdf.PdfWriter(clone_from=str(SCANNED))
    while len(writer.pages) > pages:
        writer.remove_page(len(writer.pages) - 1)
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def searchable_scan(path: Path) -> Path:
    """A scanned page as scanners and ocrmypdf publish it: the page image, and over it the
    OCR'd words in invisible text (render mode 3), so it can be searched and copied."""
    from pypdf.generic import NumberObject

    writer = pypdf.PdfWriter()
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica")}))
    image = DecodedStreamObject()
    image.set_data(bytes([235]) * 64)  # an 8 x 8 grey picture stretched over the page
    image.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
                  NameObject("/Width"): NumberObject(8), NameObject("/Height"): NumberObject(8),
                  NameObject("/ColorSpace"): NameObject("/DeviceGray"), NameObject("/BitsPerComponent"): NumberObject(8)})
    page = writer.add_blank_page(width=595, height=842)
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/Font"): DictionaryObject({NameObject("/F1"): font}),
        NameObject("/XObject"): DictionaryObject({NameObject("/Im1"): writer._add_object(image)})})
    lines = [Text(72, 780 - 16 * i, t, mode=3) for i, t in enumerate(["Estates Strategy Update", *REPORT_SENTENCES])]
    stream = DecodedStreamObject()
    stream.set_data(b"q 595 0 0 842 0 0 cm /Im1 Do Q\n" + _content(lines))
    page[NameObject("/Contents")] = writer._add_object(stream)
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def memory_hog(path: Path, copies: int = 40, megabytes: int = 60) -> Path:
    """A page whose content array repeats one 60 MB stream (70 KB on disk) 40 times:
    each stream passes pypdf's per-stream limit, the page as a whole needs GBs."""
    data = zlib.compress(b" " * (megabytes << 20), 9)
    refs = b" ".join(b"4 0 R" for _ in range(copies))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [" + refs + b"] /Resources << >> >>",
    ]
    return _raw_pdf(path, b"%PDF-1.7\n", objs, stream=(b"<< /Length %d /Filter /FlateDecode >>" % len(data), data))


# Each fault, the file it is written to, and what the user sees ("added" or a FAILED reason).
CASES: list[tuple[str, str, object, str]] = [
    ("corrupt xref", "corrupt-xref.pdf", corrupt_xref, "added"),
    ("truncated", "truncated.pdf", truncated, "corrupt or unreadable PDF"),
    ("RC4, empty user password", "rc4.pdf", lambda p: encrypted(p, "RC4-128"), "added"),
    ("AES-128, empty user password", "aes128.pdf", lambda p: encrypted(p, "AES-128"), "added"),
    ("AES-256, empty user password", "aes256.pdf", lambda p: encrypted(p, "AES-256"), "added"),
    ("user password", "user-password.pdf", lambda p: encrypted(p, "AES-256", "secret"), "encrypted: needs a password"),
    ("zero bytes", "zero.pdf", zero_bytes, "empty file (0 bytes)"),
    ("HTML renamed .pdf", "html.pdf", html_renamed, "not a PDF: file starts with '<!DOCTYPE ht'"),
    ("compression bomb", "bomb.pdf", compression_bomb, "Limit reached while decompressing"),
    ("deeply nested objects", "nested.pdf", deeply_nested, "corrupt or unreadable PDF (pypdf: "),
    ("slow file", "slow.pdf", slow, "took longer than"),
    ("300 templated pages", "templated.pdf", templated, "added"),
    ("hidden text", "hidden.pdf", hidden_text, "added"),
    ("scan", "scan.pdf", lambda p: scan(p, pages=1), "added"),
    ("searchable scan (invisible OCR text over the image)", "searchable-scan.pdf", searchable_scan, "added"),
]
