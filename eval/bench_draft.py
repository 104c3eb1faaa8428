"""Drafting benchmark: ten drafts on subjects the archive really reports on, both templates.

For each case in ``eval/drafting_cases.jsonl`` a real paper on the same subject is in the
archive, so the draft can be compared with it. Printed and written to
``eval/results/drafting.md``:

- evidence: share of the template's sections (bar the author-only Appendices) written from
  evidence rather than flagged;
- numbers verified: share of the numbers in the draft found again, by this script, in a
  passage the paragraph cites (must be 100%);
- citation precision: share of (paragraph, cited passage) pairs where the passage holds
  at least 80% of the paragraph's key terms (house-style frame words aside);
- table rows: paragraphs holding three or more figures in a row ('16,675.5 16,675.5 -47.0'),
  a table's cells quoted as if they were a sentence (``assistant.text.figure_run``);
- figure recall: share of the real paper's headline figures (money, percentages, numbers
  of 100 and more, decimals; not years or paragraph numbers) that the draft's Key Points
  section prints. With ``--held-out`` the real paper itself is kept out of the evidence,
  so the figures must come from the other papers on the subject.

Then the Rural Crime Update item of the shared pack is summarised, and its citations are
checked against the item's page range.

    nice -n 10 python eval/bench_draft.py --store /tmp/draft/store [--held-out]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.text import NUMBER, figure_run, number_forms, numbers, terms, unsupported_numbers  # noqa: E402

CASES = ROOT / "eval" / "drafting_cases.jsonl"
RESULTS = ROOT / "eval" / "results"
FRAME_TERMS = set(terms("It is recommended that"))
_YEARLIKE = re.compile(r"^(?:19|20)\d\d$")
_PARA_NUMBER = re.compile(r"^\W*\d{1,2}(?:\.\d{1,2})+\.?\s", re.M)  # "4.2 " opening a paragraph
PROSE = {"text", "list"}  # tables print figures no paragraph would repeat


def headline_figures(text: str) -> set[str]:
    """The figures a reader would quote: money, percentages, amounts with a magnitude or
    thousands commas, whole numbers 100-99,999; not years, paragraph numbers or phone numbers."""
    out = set()
    for m in NUMBER.finditer(_PARA_NUMBER.sub("", text)):
        raw = m.group(0).strip()
        key = numbers(raw)[0]
        digits = re.sub(r"[^\d.]", "", key)
        if not digits or digits.startswith("0") or _YEARLIKE.match(digits):
            continue
        unit = any(u in raw for u in "£%") or re.search(r"\d[kmb]", key) is not None
        if unit or "," in raw or (digits.isdigit() and 100 <= int(digits) <= 99_999):
            out.add(key)
    return out


def paper_chunks(store, paper: dict) -> list:
    """The comparator paper's passages: by file name, and item title when given."""
    docs = [d for d in store.documents() if paper["file"].lower() in d["file"].lower()]
    chunks = []
    for d in docs[:1]:
        items = [i["item_id"] for i in d["items"]
                 if not paper["item_title"] or paper["item_title"].lower() in (i["title"] or "").lower()]
        items = items[:1] if paper["item_title"] else items
        chunks += [c for c in store.chunks(store.catalog.chunk_ids(d["document_id"])) if c.item_id in items]
    return chunks


class HeldOut:
    """The retriever with one paper's passages removed (for --held-out)."""

    def __init__(self, retriever, hidden: set[tuple]):
        self.inner, self.hidden, self.store = retriever, hidden, retriever.store

    def search(self, query, filters=None, k=None):
        """The search as if the paper were not stored: deeper until ``k`` other passages are
        found. A query naming the paper ("Make Notts Safe") ranks all of its passages first,
        since each carries the paper's title in its header, so a fixed 3k left none."""
        k = k or 8
        for depth in (3 * k, 12 * k, 48 * k):
            kept = [h for h in self.inner.search(query, filters, k=depth)
                    if (h.chunk.document_id, h.chunk.item_id) not in self.hidden]
            if len(kept) >= k:
                break
        return kept[:k]


def cited_text(report, n: int, with_label: bool) -> str:
    """A cited passage's text; for a Background Papers line also the paper's record as the
    reference names it (title, label, meeting date), which is what that line restates."""
    from ingest.dates import human_date

    ref = report.reference(n)
    extra = f"\n{ref.citation['title']}\n{ref.label}\n{human_date(ref.meeting_date) or ''}" if with_label else ""
    return ref.citation["text"] + extra


def measure(report, paper_figures: set[str]) -> dict:
    from assistant.draft.template import evidence

    kinds = evidence().kinds
    template_sections = [s for s in report.sections]
    counted = [s for s in template_sections if kinds_of(report, s, kinds) != "author"]
    with_evidence = [s for s in counted if not s.flagged]
    n_numbers = n_verified = pairs = precise = paragraphs = rows = 0
    for s in report.sections:
        papers = kinds_of(report, s, kinds) == "papers"
        for p in s.paragraphs:
            paragraphs += 1
            rows += figure_run(p.text)
            cited = "\n".join(cited_text(report, n, papers) for n in p.cites)
            found = numbers(p.text)
            n_numbers += len(found)
            n_verified += len(found) - len(unsupported_numbers(p.text, cited))
            key = set(terms(p.text)) - FRAME_TERMS
            for n in p.cites:
                pairs += 1
                held = set(terms(cited_text(report, n, papers)))
                precise += (len(key & held) / (len(key) or 1)) >= 0.8
    kp = next((s for s in report.sections if s.key == "key_points"), None)
    kp_forms = set().union(*(number_forms(p.text) for p in kp.paragraphs)) if kp and kp.paragraphs else set()
    hit = {f for f in paper_figures if f in kp_forms}
    return {"sections": len(counted), "with_evidence": len(with_evidence),
            "numbers": n_numbers, "verified": n_verified, "pairs": pairs, "precise": precise,
            "paper_figures": len(paper_figures), "recalled": len(hit), "references": len(report.references),
            "paragraphs": paragraphs, "table_rows": rows}


def kinds_of(report, section, kinds) -> str:
    from assistant.draft.template import load_template

    return kinds[load_template(report.template).section(section.key).evidence].source


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.0f}%" if b else "–"


def run(store_dir: str, held_out: bool) -> tuple[list[dict], dict]:
    from assistant.draft.service import Drafter, DraftRequest
    from assistant.services import build_services
    from assistant.settings import get_settings

    services = build_services(get_settings("default", store=store_dir))
    rows = []
    try:
        services.warm()
        for case in (json.loads(line) for line in CASES.read_text().splitlines() if line.strip()):
            chunks = paper_chunks(services.store, case["paper"])
            figures = set().union(*(headline_figures(c.text) for c in chunks if c.kind in PROSE)) if chunks else set()
            retriever = services.retriever
            if held_out:
                retriever = HeldOut(retriever, {(c.document_id, c.item_id) for c in chunks})
            drafter = Drafter(retriever, services.store)
            t0 = time.perf_counter()
            report = drafter.draft(DraftRequest(template=case["template"], title=case["title"], about=case["about"],
                                                report_to=case["report_to"], date=case["date"]))
            row = {"id": case["id"], "template": case["template"], "paper": chunks[0].file if chunks else None,
                   "seconds": round(time.perf_counter() - t0, 1), **measure(report, figures)}
            rows.append(row)
            print(json.dumps(row), flush=True)
        summary = summarise_rural(services)
    finally:
        services.close()
    return rows, summary


def summarise_rural(services) -> dict:
    from assistant.draft.service import Drafter

    store = services.store
    doc = next(d for d in store.documents() if d["file"].startswith("2021-05-19 Strategic Resources"))
    item = next(i for i in doc["items"] if (i["title"] or "").startswith("Rural Crime Update"))
    report = Drafter(services.retriever, store).summarise(doc["document_id"], item["item_id"])
    pages = sorted({r.citation["page"] for r in report.references})
    inside = all(item["first_page"] <= p <= item["last_page"] for p in pages)
    return {"item": f"{doc['document_id']}:{item['item_id']}", "range": [item["first_page"], item["last_page"]],
            "pages": pages, "inside": inside,
            "sections": {s.heading: s.text for s in report.sections}}


def table(rows: list[dict]) -> list[str]:
    out = ["| case | template | sections with evidence | numbers verified | citation precision | table rows | "
           "Key Points figure recall | refs | s |", "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {r['id']} | {r['template']} | {r['with_evidence']}/{r['sections']} "
                   f"({pct(r['with_evidence'], r['sections'])}) | {r['verified']}/{r['numbers']} "
                   f"({pct(r['verified'], r['numbers'])}) | {pct(r['precise'], r['pairs'])} | "
                   f"{r['table_rows']}/{r['paragraphs']} | {r['recalled']}/{r['paper_figures']} ({pct(r['recalled'], r['paper_figures'])}) | "
                   f"{r['references']} | {r['seconds']} |")
    tot = {k: sum(r[k] for r in rows) for k in ("with_evidence", "sections", "verified", "numbers", "precise",
                                                 "pairs", "recalled", "paper_figures", "table_rows", "paragraphs")}
    med = statistics.median(r["seconds"] for r in rows) if rows else 0
    out.append(f"| **all** | | {pct(tot['with_evidence'], tot['sections'])} | "
               f"{pct(tot['verified'], tot['numbers'])} | {pct(tot['precise'], tot['pairs'])} | "
               f"{tot['table_rows']}/{tot['paragraphs']} | {pct(tot['recalled'], tot['paper_figures'])} | | median {med} |")
    return out


def write(rows_with, rows_held, summary, store_dir: str, path: Path) -> None:
    lines = ["# Drafting benchmark", "",
             f"`nice -n 10 python eval/bench_draft.py --store {store_dir}{' --held-out' if rows_held else ''}` "
             "(archive store: ../shared/archive + eval/corpus, MiniLM embedder, extractive writer).", "",
             "Definitions are in the docstring of `eval/bench_draft.py`.", "",
             "## Drafts, real paper in the archive", "", *table(rows_with), ""]
    if rows_held:
        lines += ["## Drafts, real paper held out of the evidence", "", *table(rows_held), ""]
    lines += ["## Summary of the Rural Crime Update (shared pack)", "",
              f"Item `{summary['item']}`, pages {summary['range'][0]}–{summary['range'][1]}; cited pages "
              f"{summary['pages']}: {'all inside the item' if summary['inside'] else 'SOME OUTSIDE THE ITEM'}.", ""]
    for heading, text in summary["sections"].items():
        lines += [f"**{heading}**", "", text, ""]
    path.write_text("\n".join(lines))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", required=True, help="a store holding the archive (a copy, not a shared one)")
    ap.add_argument("--held-out", action="store_true", help="also draft with the real paper held out")
    ap.add_argument("--out", default=str(RESULTS / "drafting.md"))
    args = ap.parse_args()
    rows, summary = run(args.store, held_out=False)
    held = run(args.store, held_out=True)[0] if args.held_out else []
    write(rows, held, summary, args.store, Path(args.out))
    print("\n".join(table(rows)))
    if held:
        print("\n".join(table(held)))
    print(json.dumps({k: v for k, v in summary.items() if k != "sections"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
