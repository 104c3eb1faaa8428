"""Which papers the exempt rules mark in a folder of real packs (a check for false positives).

    python -m eval.exempt_scan ../shared/archive eval/corpus

On the 274 archive PDFs plus the corpus (all published, so all public) it should print
0 items marked exempt; anything it lists is a rule in ingest/exempt.py to look at.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ingest import parse_file
from ingest.models import IngestError


def scan(roots: list[str]) -> tuple[int, list[tuple[str, str, str | None]]]:
    files, marked = 0, []
    for root in roots:
        for path in sorted(Path(root).rglob("*.pdf")):
            try:
                doc = parse_file(path)
            except IngestError:
                continue  # scanned or broken: nothing to mark
            files += 1
            marked += [(str(path), it.item_id, it.exempt_reason) for it in doc.items if not it.public]
    return files, marked


def main(argv: list[str]) -> int:
    t0 = time.perf_counter()
    files, marked = scan(argv or ["eval/corpus"])
    print(f"{files} files parsed; {len(marked)} items marked exempt ({time.perf_counter() - t0:.0f} s)")
    for row in marked:
        print("  ", *row)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
