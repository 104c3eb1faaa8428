"""Fit the second-stage ranker's weights (assistant/retrieve/rank_weights.json) on dev.

Why listwise: what matters is that the passage holding the evidence comes first within
its own question's pool, not a global probability, so each question is one softmax over
its pool and the loss is the evidence passages' share of it. Small L2 keeps weights
near the identity start where dev says little. Rows with no evidence in the pool teach
nothing and are skipped.

    python -m eval.fit_ranker --store data-archive            # dev fit; dev and test top-5 printed
    python -m eval.fit_ranker --store data-archive --write    # ... and write the weights
    python -m eval.fit_ranker --store data-archive --fit dev fresh --report test holdout

Only the --fit splits (dev by default; never test, holdout or blind) are fitted; the --report
splits are printed to check the fit holds there.
"""

from __future__ import annotations

import argparse
import json
from importlib import resources
from pathlib import Path

import numpy as np

from assistant.retrieve.rank import RANK_FEATURES, features
from assistant.services import build_services
from assistant.settings import get_settings
from assistant.store.filters import Filters
from eval.calibrate import standalone
from eval.harness import ARCHIVE_GOLD
from eval.metrics import REPORT_ONLY, holds_evidence, is_abstain, load_gold

GOLD = ARCHIVE_GOLD


def collect(services, rows: list[dict], by_id: dict[str, dict], k: int) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(features, labels, fused order) of each question's pool, in fused order; a
    follow-up is asked after its earlier turn, as the evaluation asks it."""
    out = []
    for row in rows:
        q = standalone(services.answerer, row, by_id)
        cands, _ = services.retriever.candidates(q, Filters(), k)
        ids = [c for c in cands.ids if c in cands.chunks]
        feats = [features(cands, c) for c in ids]  # once per candidate, read in RANK_FEATURES order
        x = np.array([[one[f] for f in RANK_FEATURES] for one in feats], dtype=float)
        y = np.array([holds_evidence(cands.chunks[c].text, row["evidence"]) for c in ids], dtype=float)
        out.append((x, y, np.arange(len(ids))))
    return out


def fit(data, l2: float = 0.05, steps: int = 4000, lr: float = 0.05) -> tuple[float, np.ndarray]:
    """Listwise softmax fit by Adam; returns (bias, weights). The bias cancels within a
    softmax, so it stays 0: a score is only compared within one question's pool."""
    usable = [(x, y) for x, y, _ in data if y.any() and len(y) > 1]
    w = np.zeros(len(RANK_FEATURES))
    w[RANK_FEATURES.index("fused")] = 1.0
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for step in range(1, steps + 1):
        grad = 2 * l2 * w
        for x, y in usable:
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            pos = y / y.sum()
            grad += x.T @ (p - pos) / len(usable)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w -= lr * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return 0.0, w


def top_share(data, w: np.ndarray | None, n: int = 5) -> float:
    """Share of questions with evidence in the pool's top ``n`` (fused order when no w)."""
    hit = 0
    for x, y, order in data:
        if len(y) == 0:
            continue
        idx = order if w is None else np.argsort(-(x @ w), kind="stable")
        hit += bool(y[idx[:n]].any())
    return round(hit / max(len(data), 1), 3)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("--l2", type=float, default=0.003)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--fit", nargs="+", default=["dev"], help="splits fitted on (never test, holdout or blind)")
    ap.add_argument("--report", nargs="+", default=["test"], help="splits only printed")
    args = ap.parse_args(argv)
    if set(REPORT_ONLY) & set(args.fit):
        raise SystemExit(f"--fit: {', '.join(REPORT_ONLY)} are for reporting only")
    services = build_services(get_settings(store=args.store))
    k = services.settings.retrieval.k
    split_data = {}
    by_id = {r["id"]: r for r in load_gold(GOLD)}
    for split in dict.fromkeys(args.fit + args.report):
        rows = [r for r in load_gold(GOLD, split) if not is_abstain(r) and r.get("evidence")]
        split_data[split] = collect(services, rows, by_id, k)
    _, w = fit([q for split in args.fit for q in split_data[split]], l2=args.l2)
    for split, data in split_data.items():
        print(f"{split}: {len(data)} questions, evidence in pool {top_share(data, None, 10**6)}, "
              f"top-5 fused {top_share(data, None)} -> learned {top_share(data, w)}")
    weights = {f: round(float(x), 4) for f, x in zip(RANK_FEATURES, w)}
    print(json.dumps(weights, indent=1))
    if args.write:
        target = Path(str(resources.files("assistant.retrieve").joinpath("rank_weights.json")))
        old = json.loads(target.read_text())
        note = (f"fitted by python -m eval.fit_ranker --store {args.store} --l2 {args.l2} --write "
                f"--fit {' '.join(args.fit)} on {sum(len(split_data[s]) for s in args.fit)} questions with "
                f"evidence (follow-ups asked after their first turn)")
        target.write_text(json.dumps({"note": note, "bias": 0.0, "depth": old.get("depth", 60),
                                      "weights": weights}, indent=2) + "\n")
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
