"""`meetingpack ingest PATH...`: files or folders (recursive), one summary line per file."""

from __future__ import annotations

import sys
import time

from api.cli.common import settings_from_args

_MARK_HELP = ("mark every item of these files {0} (no ITEMS, or 'all'), or only ITEMS (comma-separated item "
              "ids or agenda numbers, e.g. 5,item-5-appendix-1); kept for later re-ingests. Put it after the paths.")


def register(sub, common) -> None:
    p = sub.add_parser("ingest", parents=[common], help="add or update files in the store")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.add_argument("--keep-hidden", action="store_true",
                   help="also index invisible text (white on white, render mode 3, under 1 pt, off the page)")
    p.add_argument("--no-ocr", action="store_true", help="do not OCR pages that have no text layer")
    p.add_argument("--exempt", nargs="?", const="*", metavar="ITEMS", help=_MARK_HELP.format("exempt (Non Public)"))
    p.add_argument("--public", nargs="?", const="*", metavar="ITEMS", help=_MARK_HELP.format("public"))
    p.add_argument("--body", metavar="NAME",
                   help="the body these papers are of when a paper does not print one (an appendix filed under its "
                        "meeting); a paper that prints its own keeps it. Kept for later re-ingests of the files")
    p.add_argument("--meeting-date", metavar="YYYY-MM-DD",
                   help="the meeting these papers are of when a paper names no date; as --body")
    p.set_defaults(func=run)


def _marks(args):
    """The flags' selectors, checked as uploads check their fields (``ingest.exempt.parse_marks``)."""
    from ingest.exempt import parse_marks

    return parse_marks(args.exempt, args.public)


def run(args) -> int:
    from tqdm import tqdm

    from assistant import overrides
    from assistant.ingest_service import ingest_paths
    from assistant.parse_pool import start_server
    from assistant.store import Store, StoreLocked
    from ingest.config import FactError, given_facts
    from ingest.exempt import MarkError

    try:
        marks = _marks(args)
    except MarkError as exc:
        print(f"ingest refused: --{exc}", file=sys.stderr)
        return 2
    settings = settings_from_args(args)
    try:  # checked as the parser's own options are: a bad date or name stops the run before any write
        facts = given_facts(args.body, args.meeting_date)
    except FactError as exc:
        print(f"ingest refused: --{exc.field.replace('_', '-')} {exc.value!r}: {exc.rule}", file=sys.stderr)
        return 2
    settings.parse.keep_hidden = settings.parse.keep_hidden or args.keep_hidden
    settings.parse.ocr = "off" if args.no_ocr else settings.parse.ocr
    settings.parse.progress = settings.parse.progress and not args.no_progress
    if settings.parse.isolate:
        start_server()  # the parse workers' interpreter starts while the store opens and the model loads
    store = Store(settings)
    t0 = time.perf_counter()

    def report(res) -> None:
        for line in [res.line(), *res.details()]:
            tqdm.write(line, file=sys.stdout)
        sys.stdout.flush()

    try:  # marks or facts given now re-read the stored files they are given for (``remark``)
        results = ingest_paths(store, args.paths, progress=not args.no_progress, on_result=report,
                               mark=overrides.marker(store.root, marks), facts=overrides.teller(store.root, facts),
                               remark=overrides.given(marks, facts))
        written = [r.file for r in results if r.status in ("added", "replaced")]
        if overrides.given(marks, facts) and written:  # kept for the files' later versions
            overrides.record(store.root, written, *marks, facts=facts)
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
