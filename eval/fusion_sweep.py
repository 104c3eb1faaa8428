"""Sweep the retrieval fusion settings over a gold set's dev rows; print evidence@k.

    python -m eval.fusion_sweep --store DIR --gold FILE ... [--split dev]

Why: the fusion weights, the scoped-lookup boost and the candidate counts are
chosen from these figures (dev only); the chosen row is then checked once on test,
and kept only if it holds there too (a gap over 5 points means overfitted).
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

from assistant.services import build_services
from assistant.settings import get_settings
from eval.harness import DEFAULT_GOLD
from eval.metrics import holds_evidence, load_gold

GRID = {
    "fusion": ["weighted", "rrf"],
    "dense_weight": [0.3, 0.5],
    "scope_boost": [0.0, 0.5, 1.0],
    "candidates": [40],
}


def evidence_ranks(services, rows: list[dict], k: int = 10) -> list[int]:
    ranks = []
    for row in rows:
        query = services.answerer._standalone(row["q"], "")
        hits = services.retriever.search(query, None, k=k)
        ranks.append(next((i for i, h in enumerate(hits) if holds_evidence(h.chunk.text, row["evidence"])), 99))
    return ranks


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("--gold", nargs="+", type=Path, default=[DEFAULT_GOLD])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--set", nargs="*", default=[], help="one setting only, e.g. fusion=rrf dense_weight=0.4")
    args = ap.parse_args()
    rows = [r for r in load_gold(args.gold) if r.get("split", "dev") == args.split and r["kind"] != "abstain"
            and r.get("evidence")]
    services = build_services(get_settings(store=args.store))
    settings = services.retriever.settings
    grid = {name: [type(getattr(settings, name))(v)] for name, v in (s.split("=", 1) for s in args.set)} or GRID
    for combo in itertools.product(*grid.values()):
        for name, value in zip(grid, combo):
            setattr(settings, name, value)
        ranks = evidence_ranks(services, rows)
        shares = [sum(r < k for r in ranks) / max(1, len(ranks)) for k in (1, 3, 5, 10)]
        label = " ".join(f"{n}={v}" for n, v in zip(grid, combo))
        print(f"{label:<60} n={len(ranks)} @1 {shares[0]:.3f} @3 {shares[1]:.3f} @5 {shares[2]:.3f} "
              f"@10 {shares[3]:.3f}", flush=True)
    services.close()


if __name__ == "__main__":
    main()
