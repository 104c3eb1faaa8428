"""Validate eval/gold.jsonl against the corpus PDFs.

Usage: python eval/check_gold.py [--gold eval/gold.jsonl] [--corpus eval/corpus] [--window 600]

Checks
  * every line is a JSON object with exactly the keys id, kind, q, must, evidence, doc
    and the right types; ids are unique; kind is fact | table | decision | abstain;
  * abstain rows have must == [], evidence == null, doc == null;
  * other rows have a non-empty must (list of non-empty lists of non-empty strings),
    an evidence string of 5-12 words and a doc that exists in the corpus folder;
  * counts per kind reach the minimums (fact 16, table 8, decision 10, abstain 10,
    48 in all, 2 multi-part rows);
  * the evidence occurs in the pypdf-extracted text of doc (whitespace collapsed, case
    folded), on one page or across two adjacent pages joined, and every must group has a
    member within --window characters of that occurrence.

Prints the PDF page (1-based) where each row's evidence was found, then any problems;
exits 1 if there are problems.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from pypdf import PdfReader

KINDS = ("fact", "table", "decision", "abstain")
KEYS = {"id", "kind", "q", "must", "evidence", "doc"}
MINIMUMS = {"fact": 16, "table": 8, "decision": 10, "abstain": 10}
MIN_TOTAL = 48
MIN_MULTIPART = 2
EVIDENCE_WORDS = (5, 12)

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def norm(text: str) -> str:
    """Collapse whitespace and fold case (plus NFKC and straight quotes on both sides)."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip().casefold()


class Doc:
    def __init__(self, path: Path):
        reader = PdfReader(str(path))
        self.pages = [norm(p.extract_text() or "") for p in reader.pages]

    def candidates(self):
        """Yield (label, text, boundary) for each page and each adjacent pair joined.

        boundary is the offset in text where the second page starts (None for one page)."""
        for i, page in enumerate(self.pages):
            yield (i + 1,), page, None
        for i in range(len(self.pages) - 1):
            joined = self.pages[i] + " " + self.pages[i + 1]
            yield (i + 1, i + 2), joined, len(self.pages[i]) + 1


def locate(doc: Doc, evidence: str, must: list[list[str]], window: int):
    """Return (pages, occurrences, missing_groups).

    Single pages are searched first, then adjacent pages joined (which catches evidence
    split by a page break, or must strings just across it). pages is the tuple of 1-based
    page numbers of the first occurrence whose +-window region satisfies every must group,
    else of the first occurrence at all (None if the evidence is absent); missing_groups
    lists the must groups not satisfied there."""
    ev = norm(evidence)
    spanning = 0
    first = None
    for label, text, boundary in doc.candidates():
        start = text.find(ev)
        while start != -1:
            end = start + len(ev)
            if boundary is not None and start < boundary < end:
                spanning += 1
            region = text[max(0, start - window):end + window]
            missing = [g for g in must if not any(norm(s) in region for s in g)]
            if first is None:
                first = (label, missing)
            if not missing:
                return label, _count(doc, ev, spanning), []
            start = text.find(ev, start + 1)
    if first is None:
        return None, 0, [list(g) for g in must]
    return first[0], _count(doc, ev, spanning), first[1]


def _count(doc: Doc, ev: str, spanning: int) -> int:
    return sum(page.count(ev) for page in doc.pages) + spanning


def is_str_list(x) -> bool:
    return isinstance(x, list) and x and all(isinstance(s, str) and s.strip() for s in x)


def main(argv=None) -> int:
    root = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=root / "gold.jsonl")
    ap.add_argument("--corpus", type=Path, default=root / "corpus")
    ap.add_argument("--window", type=int, default=600)
    args = ap.parse_args(argv)

    problems: list[str] = []
    rows = []
    for n, line in enumerate(args.gold.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            problems.append(f"line {n}: blank line")
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"line {n}: invalid JSON ({e})")
            continue
        if not isinstance(row, dict):
            problems.append(f"line {n}: not a JSON object")
            continue
        if set(row) != KEYS:
            problems.append(f"line {n}: keys {sorted(row)} != {sorted(KEYS)}")
            continue
        rows.append((n, row))

    ids = Counter(r["id"] for _, r in rows)
    for i, c in ids.items():
        if c > 1:
            problems.append(f"id {i!r} used {c} times")

    docs: dict[str, Doc] = {}
    kinds = Counter()
    multipart = 0
    report = []
    for n, r in rows:
        rid = r["id"]
        tag = f"line {n} ({rid})"
        if not isinstance(rid, str) or not rid:
            problems.append(f"{tag}: id must be a non-empty string")
        if not isinstance(r["q"], str) or not r["q"].strip():
            problems.append(f"{tag}: q must be a non-empty string")
        kind = r["kind"]
        if kind not in KINDS:
            problems.append(f"{tag}: kind {kind!r} not in {KINDS}")
            continue
        kinds[kind] += 1
        must, ev, doc = r["must"], r["evidence"], r["doc"]
        if kind == "abstain":
            if must != [] or ev is not None or doc is not None:
                problems.append(f"{tag}: abstain rows need must=[], evidence=null, doc=null")
            report.append((rid, kind, "-", "-"))
            continue
        if not (isinstance(must, list) and must and all(is_str_list(g) for g in must)):
            problems.append(f"{tag}: must must be a non-empty list of non-empty lists of strings")
            continue
        if len(must) >= 2:
            multipart += 1
        if not isinstance(ev, str) or not ev.strip():
            problems.append(f"{tag}: evidence must be a non-empty string")
            continue
        words = len(ev.split())
        if not EVIDENCE_WORDS[0] <= words <= EVIDENCE_WORDS[1]:
            problems.append(f"{tag}: evidence has {words} words (want {EVIDENCE_WORDS[0]}-{EVIDENCE_WORDS[1]})")
        if not isinstance(doc, str) or not (args.corpus / doc).is_file():
            problems.append(f"{tag}: doc {doc!r} not found in {args.corpus}")
            continue
        if doc not in docs:
            docs[doc] = Doc(args.corpus / doc)
        pages, occ, missing = locate(docs[doc], ev, must, args.window)
        if pages is None:
            problems.append(f"{tag}: evidence not found in {doc}: {ev!r}")
            report.append((rid, kind, doc, "NOT FOUND"))
            continue
        where = "-".join(str(p) for p in pages)
        if missing:
            problems.append(f"{tag}: must group(s) {missing} not within {args.window} chars of evidence on p{where}")
        note = f"p{where}" + (f" ({occ} occurrences)" if occ > 1 else "")
        report.append((rid, kind, doc, note))

    for rid, kind, doc, note in report:
        short = doc if doc == "-" else doc[:48]
        print(f"{rid:5} {kind:9} {note:22} {short}")

    print()
    print("counts: " + ", ".join(f"{k}={kinds[k]}" for k in KINDS) + f", total={sum(kinds.values())}, multi-part={multipart}")
    for k, m in MINIMUMS.items():
        if kinds[k] < m:
            problems.append(f"only {kinds[k]} {k} rows (need >= {m})")
    if sum(kinds.values()) < MIN_TOTAL:
        problems.append(f"only {sum(kinds.values())} rows (need >= {MIN_TOTAL})")
    if multipart < MIN_MULTIPART:
        problems.append(f"only {multipart} multi-part rows (need >= {MIN_MULTIPART})")

    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  - " + p)
        return 1
    print("OK: no problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
