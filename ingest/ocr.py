"""OCR for pages without a text layer: render with PDFium, read with Tesseract.

Why: some bodies publish only scans (a photocopied agenda package). Refusing
them left whole meetings out of the archive. Pages are rendered by pypdfium2
(a wheel, no system library) and read by the ``tesseract`` program through
pytesseract; Tesseract itself is a Debian package, so when it is missing the
error says exactly how to install it.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from dataclasses import dataclass

INSTALL_HINT = "apt-get install -y tesseract-ocr"


class OCRUnavailable(RuntimeError):
    """Tesseract (or its Python bindings) is not installed."""


def available() -> bool:
    return shutil.which("tesseract") is not None


def require() -> None:
    if not available():
        raise OCRUnavailable(f"tesseract is not installed; install it with: {INSTALL_HINT}")
    try:
        import pypdfium2  # noqa: F401
        import pytesseract  # noqa: F401
    except ImportError as exc:  # pragma: no cover - both are dependencies
        raise OCRUnavailable(f"OCR needs the Python package {exc.name!r} (pip install {exc.name})") from exc


@dataclass
class OCRResult:
    texts: dict[int, str]  # 1-based page number → text
    seconds: float


def ocr_pages(data: bytes, numbers: list[int], *, dpi: int = 300, lang: str = "eng",
              name: str = "", progress: bool = True) -> OCRResult:
    """Text of the given 1-based pages, read from their rendered images."""
    require()
    import pypdfium2 as pdfium
    import pytesseract
    from tqdm import tqdm

    # One thread: Tesseract's OpenMP threads spin-wait, and on a busy 2-core machine
    # two of them were 10x slower than one (5 s vs 50-90 s a page).
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    t0 = time.perf_counter()
    pdf = pdfium.PdfDocument(data)
    texts: dict[int, str] = {}
    bar = tqdm(numbers, desc=f"OCR {name[:30]}", unit="page", file=sys.stderr, leave=False,
               disable=not progress or not numbers, dynamic_ncols=True)
    try:
        for n in bar:
            image = pdf[n - 1].render(scale=dpi / 72, grayscale=True).to_pil()
            texts[n] = pytesseract.image_to_string(image, lang=lang, config="--psm 3")
    finally:
        bar.close()
        pdf.close()
    return OCRResult(texts, time.perf_counter() - t0)


def has_image(page) -> bool:
    """True when the page draws at least one image (what a scan is made of)."""
    try:
        return len(page.images) > 0
    except Exception:  # noqa: BLE001 - malformed resources: treat as no image
        return False
