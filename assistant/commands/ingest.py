"""`meetingpack ingest PATH...`: files or folders (recursive), one summary line per file."""

from __future__ import annotations

import sys
import time


def register(sub, common) -> None:
    p = sub.add_parser("ingest", parents=[common], help="add or update files in the store")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.set_defaults(func=run)


def run(args) -> int:
    from tqdm import tqdm

    from assistant.cli import settings_from_args
    from assistant.ingest_service import ingest_paths
    from assistant.store import Store, StoreLocked

    settings = settings_from_args(args)
    store = Store(settings)
    t0 = time.perf_counter()

    def report(res) -> None:
        tqdm.write(res.line(), file=sys.stdout)
        sys.stdout.flush()

    try:
        results = ingest_paths(store, args.paths, progress=not args.no_progress, on_result=report)
    except StoreLocked as exc:
        print(f"ingest refused: {exc}", file=sys.stderr)
        return 3
    finally:
        store.close()
    if store.repaired:
        print(f"repaired the store on open: {store.repaired}", file=sys.stderr)
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
