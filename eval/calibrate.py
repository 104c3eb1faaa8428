"""Fit the composer's two weight sets (unit score, confidence) on a gold set's dev rows.

    python -m eval.calibrate --store DIR --gold FILE ... [--split dev] [--write]

Why: answer selection is features plus weights (assistant/answer/features.py); the
weights must come from figures on questions the system is not reported on. Only
rows whose "split" is the one asked for are read (rows without a split count as
dev, which is how the original 80 questions are used). ``--write`` stores the
fitted weights in assistant/answer/weights.json; without it they are only printed.

Unit score: logistic regression over every candidate unit of every answerable
question, label 1 when the unit holds the answer (all ``must`` groups, or for a
multi-part answer one group). Confidence: logistic regression over the best unit
of every question, label 1 when the composed answer (the units it would quote) is
right; the threshold is the one with the most questions handled right (answered
right, or unanswerable and abstained) on the same rows.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from assistant.answer.base import Passage
from assistant.answer.features import CONFIDENCE_FEATURES, UNIT_FEATURES, model_from
from assistant.services import build_services
from assistant.settings import get_settings
from eval.harness import DEFAULT_GOLD
from eval.metrics import ABSTAIN_KINDS, REPORT_ONLY, answer_correct, norm

WEIGHTS = Path(__file__).resolve().parent.parent / "assistant" / "answer" / "weights.json"
L2 = 1.0  # ridge on the weights (not the bias): a few hundred questions, fifteen features


def rows_of(gold: list[Path], splits: str | list[str]) -> tuple[list[dict], dict[str, dict]]:
    """The rows of the splits asked for (rows without a split count as dev), and every row
    by id so a follow-up can be asked after the turn it follows."""
    splits = [splits] if isinstance(splits, str) else splits
    rows = [json.loads(line) for g in gold for line in Path(g).read_text().splitlines() if line.strip()]
    return [r for r in rows if r.get("split", "dev") in splits], {r["id"]: r for r in rows}


def standalone(answerer, row: dict, by_id: dict[str, dict]):
    """The row's question as a Query; a follow-up is asked after its earlier turn."""
    cid = ""
    if row.get("follows") and answerer.conversations is not None:
        cid = answerer.conversations.new_id()
        answerer.ask(by_id[row["follows"]]["q"], conversation_id=cid)
    return answerer._standalone(row["q"], cid)


def unit_label(text: str, must: list[list[str]]) -> float:
    if answer_correct(text, must):
        return 1.0
    hits = sum(any(norm(a) in norm(text) for a in group) for group in must)
    return 1.0 if len(must) > 1 and hits else 0.0


def collect(services, rows: list[dict], by_id: dict[str, dict]) -> tuple[list, list]:
    """(unit rows, question rows): features with labels, under the current weights."""
    answerer, composer = services.answerer, services.answerer.composer
    units, questions = [], []
    for row in rows:
        query = standalone(answerer, row, by_id)
        hits = answerer.retriever.search(query, None, k=services.settings.answer.passages)
        passages = [Passage(n=i + 1, hit=h) for i, h in enumerate(hits)]
        if answerer._missing(query, None) or answerer._from_records(query, None, list(passages)):
            continue  # abstains, or answers from a meeting record, before any scoring
        ranking = composer.rank(query, passages)
        if ranking is None:
            continue
        answerable = row["kind"] not in ABSTAIN_KINDS
        if answerable:
            units += [(f, unit_label(u.text, row["must"]), row["id"]) for u, f in zip(ranking.units, ranking.feats)]
        answer = " ".join(u.text for u in composer.chosen(ranking))
        right = answerable and answer_correct(answer, row["must"])
        questions.append((ranking.confidence_feats, float(right), row))
    return units, questions


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2, sample_weight: np.ndarray | None = None,
                 iters: int = 50) -> tuple[float, np.ndarray]:
    """Ridge-penalised logistic regression by Newton's method (IRLS): exact and fast here."""
    n, d = x.shape
    xb = np.hstack([np.ones((n, 1)), x])
    w = np.zeros(d + 1)
    sw = np.ones(n) if sample_weight is None else sample_weight
    reg = np.eye(d + 1) * l2
    reg[0, 0] = 0.0
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-np.clip(xb @ w, -30, 30)))
        grad = xb.T @ (sw * (p - y)) + reg @ w
        hess = (xb * (sw * p * (1 - p))[:, None]).T @ xb + reg + 1e-9 * np.eye(d + 1)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return float(w[0]), w[1:]


def matrix(feats: list[dict], names: tuple[str, ...]) -> np.ndarray:
    return np.array([[f.get(n, 0.0) for n in names] for f in feats], dtype=float)


def fit_units(units) -> dict:
    x = matrix([u[0] for u in units], UNIT_FEATURES)
    y = np.array([u[1] for u in units])
    pos = max(y.sum(), 1.0)
    sw = np.where(y > 0, (len(y) - pos) / pos, 1.0)  # balance the few answer units against the rest
    bias, w = fit_logistic(x, y, sample_weight=sw)
    return {"bias": round(bias, 4), "weights": {n: round(float(v), 4) for n, v in zip(UNIT_FEATURES, w)}}


def fit_confidence(questions) -> dict:
    x = matrix([q[0] for q in questions], CONFIDENCE_FEATURES)
    y = np.array([q[1] for q in questions])
    bias, w = fit_logistic(x, y)
    probs = 1.0 / (1.0 + np.exp(-(x @ w + bias)))
    answerable = np.array([q[2]["kind"] not in ABSTAIN_KINDS for q in questions])
    best_t, best = 0.5, -1
    for t in np.arange(0.2, 0.8, 0.01):
        # counted, not averaged per side: the few unanswerable rows must not outweigh the many answerable
        ok = int(((probs >= t) & (y > 0) & answerable).sum() + ((probs < t) & ~answerable).sum())
        if ok > best:
            best_t, best = float(t), ok
    return {"bias": round(bias, 4), "threshold": round(best_t, 2),
            "weights": {n: round(float(v), 4) for n, v in zip(CONFIDENCE_FEATURES, w)}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("--gold", nargs="+", type=Path, default=[DEFAULT_GOLD])
    ap.add_argument("--split", nargs="+", default=["dev"],
                    help="the splits read (default dev; never test, holdout, blind or probetest)")
    ap.add_argument("--confidence-only", action="store_true",
                    help="keep the unit-score weights of weights.json; fit only the confidence set")
    ap.add_argument("--write", action="store_true", help="store the fitted weights in assistant/answer/weights.json")
    args = ap.parse_args()
    for split in args.split:
        if split in REPORT_ONLY:
            raise SystemExit(f"refusing to fit on the {split} split: report it, do not tune on it")
    rows, by_id = rows_of(args.gold, args.split)
    services = build_services(get_settings(store=args.store))
    old = json.loads(WEIGHTS.read_text())
    units, questions = collect(services, rows, by_id)
    if args.confidence_only:
        score = old["score"]
    else:
        score = fit_units(units)
        # the confidence features include the unit score: read them again under the new unit weights
        services.answerer.composer.model = model_from({**old, "score": score})
        _, questions = collect(services, rows, by_id)
    confidence = fit_confidence(questions)
    services.close()
    fitted = {"note": f"fitted by eval/calibrate.py on {len(rows)} {'+'.join(args.split)} rows of "
                      f"{', '.join(g.name for g in args.gold)} ({len(units)} units)",
              "score": score, "confidence": confidence, "runner_up": old.get("runner_up", 0.8)}
    print(json.dumps(fitted, indent=2))
    if args.write:
        WEIGHTS.write_text(json.dumps(fitted, indent=2) + "\n")


if __name__ == "__main__":
    main()
