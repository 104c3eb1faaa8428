"""What the CLI tests share: sample PDFs and one call of ``main`` with its printed output."""

from __future__ import annotations

from pathlib import Path

from api.cli import main

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real-pdfs"
GOOD_PDF = REAL / "kcc-county-council-agenda-2025-03-13.pdf"
SMALL_PDF = REAL / "chelsea-qc-demolition-committee-pv-2023-06-20.pdf"
SCANNED = REAL / "nipissing-agenda-package-2024-03-05-SCANNED.pdf"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """``meetingpack --preset test ARGV...``: exit code, stdout, stderr."""
    code = main(["--preset", "test", *argv])
    out, err = capsys.readouterr()
    return code, out, err
