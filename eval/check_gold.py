"""Validate gold files against the PDFs their rows cite.

Usage: python -m eval.check_gold [--gold FILE ...] [--corpus eval/corpus]
                                 [--archive ../shared/archive] [--window 600]
(--archive defaults to $MEETINGPACK_ARCHIVE, else ../shared/archive beside the repo.)

Checks
  * every line is a JSON object with the keys id, kind, q, must, evidence, doc (archive
    rows add meeting and split, a second turn adds follows) and the right types; ids
    are unique; kind is one of ``eval.metrics.KINDS``;
  * unanswerable rows (kind abstain | unanswerable) have must == [], evidence == null,
    doc == null;
  * other rows have a non-empty must (list of non-empty lists of non-empty strings),
    an evidence string and a doc found under --corpus or --archive;
  * the evidence occurs in the pypdf-extracted text of doc (NFKC, straight quotes,
    whitespace collapsed, case folded), on one page or across two adjacent pages
    joined, and every must group has a member within --window characters of it;
  * a follow-up names an earlier row of its file, in the same split;
  * the share of questions sharing at most two content words with the sentence that
    holds the answer (the issue asks for at least half: users do not quote papers).

Prints the PDF page (1-based) where each row's evidence was found and the overlap,
then counts and any problems; exits 1 if there are problems.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader

from eval.metrics import ABSTAIN_KINDS, KINDS, SPLITS, split_of

ROOT = Path(__file__).resolve().parent
ARCHIVE = Path(os.environ.get("MEETINGPACK_ARCHIVE") or ROOT.parent.parent / "shared" / "archive")
KEYS = {"id", "kind", "q", "must", "evidence", "doc"}
ARCHIVE_KEYS = KEYS | {"meeting", "split"}
MAX_SHARED = 2  # content words a question may share with its answer sentence to count as paraphrased
EVIDENCE_WORDS = (3, 20)

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_WORD = re.compile(r"[a-z0-9£$]+(?:[.,'/-][a-z0-9]+)*")
_SENTENCE_END = re.compile(r"[.!?;:](?=\s)|\s\(\d{1,2}\)\s|\s[a-z]\)\s")
# Function words and question words: what a question shares with any sentence for free.
STOP = frozenset("""a about above after all also am an and any are as at be been before being below
between both but by can could did do does doing done during each for from had has have having he her
here him his how i if in into is it its just me more most my no nor not of off on once only or other
our out over own same she should so some such than that the their them then there these they this
those through to too under until up very was we were what when where which while who whom why will
with would you your tell give show list please much many say said get got go
s mr mrs ms dr""".split())


def norm(text: str) -> str:
    """Collapse whitespace and fold case (plus NFKC and straight quotes on both sides)."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip().casefold()


def stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    return {stem(w.strip(".,")) for w in _WORD.findall(norm(text)) if w not in STOP and len(w) > 1}


def answer_sentence(text: str, start: int, end: int, reach: int = 300) -> str:
    """The sentence around ``text[start:end]``: back and forward to the nearest sentence end."""
    left = text[max(0, start - reach):start]
    cuts = [m.end() for m in _SENTENCE_END.finditer(left)]
    begin = start - len(left) + (cuts[-1] if cuts else 0)
    right = text[end:end + reach]
    stop = _SENTENCE_END.search(right)
    return text[begin:end + (stop.start() + 1 if stop else len(right))].strip()


class Doc:
    def __init__(self, path: Path):
        reader = PdfReader(str(path))
        self.pages = [norm(p.extract_text() or "") for p in reader.pages]

    def candidates(self):
        """Yield (pages, text) for each page and each adjacent pair joined."""
        for i, page in enumerate(self.pages):
            yield (i + 1,), page
        for i in range(len(self.pages) - 1):
            yield (i + 1, i + 2), self.pages[i] + " " + self.pages[i + 1]


@dataclass
class Located:
    pages: tuple | None
    missing: list = field(default_factory=list)
    sentence: str = ""


def locate(doc: Doc, evidence: str, must: list[list[str]], window: int) -> Located:
    """Where the evidence is, preferring an occurrence with every must group near it."""
    ev = norm(evidence)
    first = None
    for label, text in doc.candidates():
        start = text.find(ev)
        while start != -1:
            end = start + len(ev)
            region = text[max(0, start - window):end + window]
            missing = [g for g in must if not any(norm(s) in region for s in g)]
            found = Located(label, missing, answer_sentence(text, start, end))
            if not missing:
                return found
            first = first or found
            start = text.find(ev, start + 1)
    return first or Located(None, [list(g) for g in must])


def is_str_list(x) -> bool:
    return isinstance(x, list) and bool(x) and all(isinstance(s, str) and s.strip() for s in x)


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)
    splits: Counter = field(default_factory=Counter)
    overlaps: dict[str, int] = field(default_factory=dict)  # answerable row id -> shared words
    rows: list[dict] = field(default_factory=list)

    @property
    def paraphrased_share(self) -> float:
        values = list(self.overlaps.values())
        return sum(v <= MAX_SHARED for v in values) / len(values) if values else 0.0


def read_rows(path: Path, report: Report) -> list[tuple[int, dict]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        tag = f"{path.name}:{n}"
        if not line.strip():
            report.problems.append(f"{tag}: blank line")
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            report.problems.append(f"{tag}: invalid JSON ({e})")
            continue
        if not isinstance(row, dict):
            report.problems.append(f"{tag}: not a JSON object")
            continue
        allowed = ARCHIVE_KEYS | {"follows"} if "split" in row else KEYS
        if not KEYS <= set(row) <= allowed or ("split" in row and not ARCHIVE_KEYS <= set(row)):
            report.problems.append(f"{tag}: keys {sorted(row)} (want {sorted(KEYS)}, archive rows "
                                   f"also meeting, split and optionally follows)")
            continue
        rows.append((n, row))
    return rows


def check_split(tag: str, row: dict, by_id: dict, problems: list[str]) -> None:
    if row["split"] not in SPLITS or not isinstance(row["meeting"], str) or not row["meeting"]:
        problems.append(f"{tag}: split must be one of {SPLITS} with a meeting")
    elif row["split"] != split_of(row["meeting"], row["split"]):
        problems.append(f"{tag}: meeting {row['meeting']} belongs to {split_of(row['meeting'])}, not {row['split']}")
    first = by_id.get(row.get("follows")) if "follows" in row else None
    if "follows" in row and (first is None or first.get("split") != row["split"]):
        problems.append(f"{tag}: follows {row['follows']!r}, not an earlier row of the same split")


def check_row(tag: str, row: dict, roots: list[Path], docs: dict, window: int, report: Report) -> None:
    kind, must, ev, doc = row["kind"], row["must"], row["evidence"], row["doc"]
    if not isinstance(row["id"], str) or not row["id"] or not isinstance(row["q"], str) or not row["q"].strip():
        report.problems.append(f"{tag}: id and q must be non-empty strings")
    if kind not in KINDS:
        report.problems.append(f"{tag}: kind {kind!r} not in {sorted(KINDS)}")
        return
    report.kinds[kind] += 1
    if kind in ABSTAIN_KINDS:
        if must != [] or ev is not None or doc is not None:
            report.problems.append(f"{tag}: unanswerable rows need must=[], evidence=null, doc=null")
        report.lines.append(f"{row['id']:16} {kind:12} -")
        return
    if not (isinstance(must, list) and must and all(is_str_list(g) for g in must)):
        report.problems.append(f"{tag}: must must be a non-empty list of non-empty lists of strings")
        return
    if not isinstance(ev, str) or not EVIDENCE_WORDS[0] <= len(ev.split()) <= EVIDENCE_WORDS[1]:
        report.problems.append(f"{tag}: evidence must be a string of {EVIDENCE_WORDS[0]}-{EVIDENCE_WORDS[1]} words")
        return
    path = next((r / doc for r in roots if isinstance(doc, str) and (r / doc).is_file()), None)
    if path is None:
        report.problems.append(f"{tag}: doc {doc!r} not found under {', '.join(map(str, roots))}")
        return
    if doc not in docs:
        docs[doc] = Doc(path)
    found = locate(docs[doc], ev, must, window)
    if found.pages is None:
        report.problems.append(f"{tag}: evidence not found in {doc}: {ev!r}")
        return
    where = "-".join(map(str, found.pages))
    if found.missing:
        report.problems.append(f"{tag}: must group(s) {found.missing} not within {window} chars of evidence on p{where}")
    if norm(row["q"]) in found.sentence or (len(found.sentence) > 40 and found.sentence in norm(row["q"])):
        report.problems.append(f"{tag}: the question copies its answer sentence")
    shared = len(content_words(row["q"]) & content_words(found.sentence))
    report.overlaps[row["id"]] = shared
    report.lines.append(f"{row['id']:16} {kind:12} p{where:6} shared={shared}  {doc[:60]}")


def check(gold: list[Path], roots: list[Path], window: int = 600) -> Report:
    """Every check over the rows of ``gold``; ids are unique across all the files."""
    report = Report()
    docs: dict[str, Doc] = {}
    ids: Counter = Counter()
    for path in gold:
        by_id: dict[str, dict] = {}
        for n, row in read_rows(path, report):
            tag = f"{path.name}:{n} ({row.get('id')})"
            ids[row["id"]] += 1
            if "split" in row:
                check_split(tag, row, by_id, report.problems)
                report.splits[row["split"]] += 1
            check_row(tag, row, roots, docs, window, report)
            by_id[row["id"]] = row
            report.rows.append(row)
    report.problems += [f"id {i!r} used {c} times" for i, c in ids.items() if c > 1]
    return report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, nargs="+",
                    default=sorted((ROOT / "gold").glob("*.jsonl")) + [ROOT / "gold_smoke.jsonl"])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--archive", type=Path, default=ARCHIVE)
    ap.add_argument("--window", type=int, default=600)
    args = ap.parse_args(argv)
    report = check(args.gold, [args.corpus, args.archive], args.window)
    print("\n".join(report.lines))
    print("\ncounts: " + ", ".join(f"{k}={v}" for k, v in sorted(report.kinds.items()))
          + f", total={sum(report.kinds.values())}; splits: "
          + (", ".join(f"{k}={v}" for k, v in sorted(report.splits.items())) or "none"))
    print(f"paraphrased (<= {MAX_SHARED} content words shared with the answer sentence): "
          f"{report.paraphrased_share:.1%} of {len(report.overlaps)} answerable rows")
    if report.problems:
        print(f"\n{len(report.problems)} problem(s):")
        print("\n".join("  - " + p for p in report.problems))
        return 1
    print("OK: no problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
