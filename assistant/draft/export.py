"""A drafted report as Markdown, HTML, Word or JSON: the same content in each.

Markdown and HTML come from Jinja templates beside the report templates (HTML with
autoescape, since report text is document content); Word is built with python-docx:
the cover block as a table, numbered headings and paragraphs, the numbered
references at the end, flagged sections and unsupplied cover fields highlighted.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from assistant.draft.model import Report

FORMATS = ("md", "html", "docx", "json")
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@lru_cache(maxsize=2)
def _env(autoescape: bool) -> Environment:
    return Environment(loader=PackageLoader("prompts", "templates"), undefined=StrictUndefined,
                       autoescape=autoescape, trim_blocks=True, lstrip_blocks=True)


def to_markdown(report: Report) -> str:
    return _env(False).get_template("report.md.j2").render(report=report).strip() + "\n"


def to_html(report: Report) -> str:
    return _env(True).get_template("report.html.j2").render(report=report)


def to_json(report: Report) -> str:
    return json.dumps(report.to_json(), indent=2, ensure_ascii=False)


# What XML 1.0 cannot hold: C0 controls but tab and line ends, and U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml(text: str | None) -> str:
    """Text python-docx can write: a control character from any source (a document's text
    layer, a cover field) made the whole Word export fail (issue 13)."""
    return _NOT_XML.sub("", text or "")


def to_docx(report: Report) -> bytes:
    from docx import Document
    from docx.enum.text import WD_COLOR_INDEX

    doc = Document()
    doc.add_heading(_xml(report.title), level=0)
    _table(doc, report.cover, WD_COLOR_INDEX.YELLOW)
    for s in report.sections:
        doc.add_heading(_xml(s.title), level=1)
        for num, body in s.numbered():
            para = doc.add_paragraph()
            if num:
                para.add_run(f"{_xml(num)}\t").bold = True
            run = para.add_run(_xml(body))
            if s.flagged:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        if s.flagged and s.note:  # why it was left to the author, as the HTML and Markdown say it
            doc.add_paragraph().add_run(_xml(f"Flagged: {s.note}")).italic = True
    if report.contact:
        doc.add_heading("Contact details", level=1)
        _table(doc, report.contact, WD_COLOR_INDEX.YELLOW)
    doc.add_heading("References", level=1)
    for r in report.references:
        doc.add_paragraph(_xml(f"[{r.n}] {r.label}"))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _table(doc, entries, highlight) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for c in entries:
        cells = table.add_row().cells
        cells[0].text = _xml(c.label)
        run = cells[1].paragraphs[0].add_run(_xml(c.value))
        if not c.supplied:
            run.font.highlight_color = highlight


EXPORTERS: dict[str, Callable[[Report], str | bytes]] = {
    "md": to_markdown, "html": to_html, "docx": to_docx, "json": to_json,
}


def export(report: Report, fmt: str) -> str | bytes:
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {sorted(EXPORTERS)}")
    return EXPORTERS[fmt](report)
