"""Scoring one system's replies against a gold set.

A gold row (``eval/gold.jsonl``) is ``{"id", "kind", "q", "must", "evidence", "doc"}``:
the answer must hold one string of every ``must`` group; ``evidence`` is a short
verbatim string of the passage that supports it; ``kind: abstain`` rows have no
answer in the documents. Matching ignores case and white space, because PDF text
wraps lines where the source did not.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

KINDS = {"fact", "table", "decision", "abstain"}


def norm(text: str | None) -> str:
    """Case-folded, with white space, table cell bars and bullet marks collapsed to one space."""
    text = re.sub(r"[|•▪●◦\u00a0]", " ", text or "")
    return re.sub(r"\s+", " ", text).strip().casefold()


def load_gold(paths: list[Path]) -> list[dict]:
    """Rows of every gold file, checked for the fixed format; ids are made unique per file."""
    rows: list[dict] = []
    for path in paths:
        for lineno, line in enumerate(Path(path).read_text().splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            missing = {"id", "kind", "q", "must", "evidence", "doc"} - set(row)
            if missing or row["kind"] not in KINDS:
                raise ValueError(f"{path}:{lineno}: bad gold row (missing {sorted(missing)} or kind)")
            rows.append(row)
    return rows


def answer_correct(answer: str, must: list[list[str]]) -> bool:
    text = norm(answer)
    return bool(must) and all(any(norm(alt) in text for alt in group) for group in must)


def holds_evidence(passage: str, evidence: str | None) -> bool:
    return bool(evidence) and norm(evidence) in norm(passage)


@dataclass
class Outcome:
    """What a system did on one gold row."""

    row: dict
    answer: str
    abstained: bool
    cited: list[str]  # texts of the cited passages
    top5: list[str]  # texts of the top retrieved passages
    seconds: float


@dataclass
class Scores:
    system: str
    answer_acc: float = 0.0
    evidence_at_5: float = 0.0
    citation_support: float = 0.0
    abstain_acc: float = 0.0
    false_abstain: float = 0.0
    p50_s: float = 0.0
    p95_s: float = 0.0
    n: int = 0
    failures: list[str] = field(default_factory=list)

    def as_row(self) -> dict:
        keys = ("system", "answer_acc", "evidence_at_5", "citation_support", "abstain_acc",
                "false_abstain", "p50_s", "p95_s")
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in
                ((k, getattr(self, k)) for k in keys)}


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    idx = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[idx]


def _share(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def score(system: str, outcomes: list[Outcome]) -> Scores:
    answerable = [o for o in outcomes if o.row["kind"] != "abstain"]
    unanswerable = [o for o in outcomes if o.row["kind"] == "abstain"]
    correct = [o for o in answerable if not o.abstained and answer_correct(o.answer, o.row["must"])]
    ev5 = [o for o in answerable if any(holds_evidence(t, o.row["evidence"]) for t in o.top5[:5])]
    cites = [(o, t) for o in answerable if not o.abstained for t in o.cited]
    supported = [1 for o, t in cites if holds_evidence(t, o.row["evidence"])]
    times = [o.seconds for o in outcomes]
    s = Scores(system=system, n=len(outcomes))
    s.answer_acc = _share(len(correct), len(answerable))
    s.evidence_at_5 = _share(len(ev5), len(answerable))
    s.citation_support = _share(len(supported), len(cites))
    s.abstain_acc = _share(sum(o.abstained for o in unanswerable), len(unanswerable))
    s.false_abstain = _share(sum(o.abstained for o in answerable), len(answerable))
    s.p50_s, s.p95_s = percentile(times, 50), percentile(times, 95)
    s.failures = [o.row["id"] for o in answerable if o not in correct] + \
                 [o.row["id"] for o in unanswerable if not o.abstained]
    return s
