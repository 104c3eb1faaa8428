"""`meetingpack draft` (a new report on a template) and `meetingpack summarise ITEM`."""

from __future__ import annotations

import sys
from pathlib import Path

from api.cli.common import stored_settings


def register(sub, common) -> None:
    d = sub.add_parser("draft", parents=[common], help="draft report sections on a template, every claim cited")
    d.add_argument("--template", required=True, help="report template, e.g. opcc-notts or kent-cabinet")
    d.add_argument("--title", required=True, help="the report's title (its subject)")
    d.add_argument("--report-to", help="the meeting or body the report goes to")
    d.add_argument("--date", help="date of the meeting, as it should be printed")
    d.add_argument("--about", help="free text that says more about the subject")
    d.add_argument("--sections", default="all", help="comma-separated section keys, or all (default)")
    d.add_argument("--source", action="extend", nargs="+", default=[], metavar="DOC",
                   help="draw only on these document ids")
    d.add_argument("--cover", action="append", default=[], metavar="KEY=VALUE",
                   help="another cover field, e.g. author='Jo Bloggs' (repeatable)")
    _output_options(d)
    d.set_defaults(func=run_draft)
    s = sub.add_parser("summarise", parents=[common], help="summarise one stored item into template sections")
    s.add_argument("item", metavar="ITEM_ID", help="DOCUMENT_ID:ITEM_ID, as `documents --json` lists them")
    s.add_argument("--template", default="opcc-notts", help="template whose sections to use (default opcc-notts)")
    _output_options(s)
    s.set_defaults(func=run_summarise)


def _output_options(p) -> None:
    p.add_argument("--format", choices=FORMATS, help="output format (default: the --out file's extension, else md)")
    p.add_argument("--out", metavar="FILE", help="write to FILE (needed for docx)")


FORMATS = ("md", "html", "docx", "json")


def output_format(asked: str | None, out: str | None) -> str:
    """The format asked, else the one the --out file's extension names: "--out report.docx"
    wrote Markdown into a file Word could not open."""
    if asked:
        return asked
    ext = Path(out).suffix.lower().lstrip(".") if out else ""
    return {"markdown": "md", "htm": "html"}.get(ext, ext) if ext in (*FORMATS, "markdown", "htm") else "md"


def parse_cover(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--cover takes KEY=VALUE, got {pair!r}")
        out[key.strip()] = value.strip()
    return out


def split_item(item: str) -> tuple[str, str]:
    document_id, sep, item_id = item.partition(":")
    if not sep or not document_id or not item_id:
        raise ValueError(f"ITEM_ID is DOCUMENT_ID:ITEM_ID (e.g. my-pack:item-6), got {item!r}")
    return document_id, item_id


def _services(args):
    from assistant.services import build_services

    return build_services(stored_settings(args))


def run_draft(args) -> int:
    from assistant.draft.service import DraftRequest, drafter_for

    request = DraftRequest(template=args.template, title=args.title, report_to=args.report_to, date=args.date,
                           about=args.about, sections=[s.strip() for s in args.sections.split(",") if s.strip()],
                           sources=args.source, cover=parse_cover(args.cover))
    services = _services(args)
    try:
        report = drafter_for(services).draft(request)
    finally:
        services.close()
    return _emit(report, args)


def run_summarise(args) -> int:
    from assistant.draft.service import drafter_for

    document_id, item_id = split_item(args.item)
    services = _services(args)
    try:
        report = drafter_for(services).summarise(document_id, item_id, args.template)
    finally:
        services.close()
    return _emit(report, args)


def _emit(report, args) -> int:
    from assistant.draft.export import export

    fmt = output_format(args.format, args.out)
    if fmt == "docx" and not args.out:
        raise ValueError("--format docx writes a binary file: give --out FILE.docx")
    data = export(report, fmt)
    if args.out:
        path = Path(args.out)
        path.write_bytes(data) if isinstance(data, bytes) else path.write_text(data, encoding="utf-8")
        flagged = [s.title for s in report.sections if s.flagged]
        print(f"wrote {path} ({len(report.sections)} sections, {len(report.references)} references, "
              f"{len(flagged)} flagged)", file=sys.stderr)
    else:
        sys.stdout.write(data if data.endswith("\n") else data + "\n")
    return 0
