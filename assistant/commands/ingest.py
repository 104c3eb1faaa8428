"""`meetingpack ingest PATH...`: files or folders (recursive), one summary line per file."""

from __future__ import annotations

import sys
import time


def register(sub, common) -> None:
    p = sub.add_parser("ingest", parents=[common], help="add or update files in the store")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.add_argument("--keep-hidden", action="store_true",
                   help="also index invisible text (white on white, render mode 3, under 1 pt, off the page)")
    p.add_argument("--no-ocr", action="store_true", help="do not OCR pages that have no text layer")
    p.set_defaults(func=run)


def run(args) -> int:
    from tqdm import tqdm

    from assistant.cli import settings_from_args
    from assistant.ingest_service import ingest_paths
    from assistant.store import Store

    settings = settings_from_args(args)
    settings.parse.keep_hidden = settings.parse.keep_hidden or args.keep_hidden
    settings.parse.ocr = "off" if args.no_ocr else settings.parse.ocr
    settings.parse.progress = settings.parse.progress and not args.no_progress
    store = Store(settings)
    t0 = time.perf_counter()

    def report(res) -> None:
        for line in [res.line(), *res.details()]:
            tqdm.write(line, file=sys.stdout)
        sys.stdout.flush()

    results = ingest_paths(store, args.paths, progress=not args.no_progress, on_result=report)
    store.close()
    seconds = time.perf_counter() - t0
    if not results:
        print("no supported files found (.pdf .docx .html .htm .md .txt)", file=sys.stderr)
        return 2
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    pages = sum(r.pages for r in results)
    summary = ", ".join(f"{n} {s}" for s, n in counts.items())
    rate = f" ({pages / seconds:.1f} pages/s)" if pages and seconds else ""
    print(f"{len(results)} files: {summary}; {pages} pages in {seconds:.1f} s{rate}", file=sys.stderr)
    return 1 if counts.get("failed") else 0
