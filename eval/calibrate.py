"""Sweep the extractive composer's abstention threshold over a gold set.

    python eval/calibrate.py --store DIR [--gold FILE ...]

Prints, for each threshold, answer accuracy, abstention accuracy and false
abstention, so ``answer.abstain_threshold`` is chosen from figures, not taste.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.settings import get_settings
from assistant.services import build_services
from eval.harness import DEFAULT_GOLD
from eval.metrics import answer_correct, is_abstain, load_gold


def collect(store: str, gold: list[Path]) -> list[tuple[dict, float, bool]]:
    """(row, confidence, correct-if-answered) with abstention switched off."""
    services = build_services(get_settings(store=store, answer={"abstain_threshold": 0.0}))
    out = []
    for row in load_gold(gold):
        reply, details = services.answerer.ask_explained(row["q"])
        conf = 0.0 if reply["abstained"] else float(details["confidence"])
        out.append((row, conf, answer_correct(reply["answer"], row["must"])))
    services.close()
    return out


def sweep(results, thresholds) -> list[dict]:
    answerable = [r for r in results if not is_abstain(r[0])]
    unanswerable = [r for r in results if is_abstain(r[0])]
    rows = []
    for t in thresholds:
        acc = sum(c >= t and ok for _, c, ok in answerable) / max(1, len(answerable))
        abst = sum(c < t for _, c, _ in unanswerable) / max(1, len(unanswerable))
        false_abst = sum(c < t for _, c, _ in answerable) / max(1, len(answerable))
        rows.append({"threshold": t, "answer_acc": acc, "abstain_acc": abst, "false_abstain": false_abst})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", required=True)
    ap.add_argument("--gold", nargs="+", type=Path, default=[DEFAULT_GOLD])
    args = ap.parse_args()
    results = collect(args.store, args.gold)
    for r in sorted(results, key=lambda r: r[1]):
        print(f"{r[1]:.3f} {r[0]['kind']:<8} {r[0]['id']:<5} {'ok' if r[2] else '--'} {r[0]['q'][:70]}")
    for row in sweep(results, [x / 100 for x in range(30, 75, 2)]):
        print("threshold {threshold:.2f}  answer {answer_acc:.3f}  abstain {abstain_acc:.3f}  "
              "false-abstain {false_abstain:.3f}".format(**row))


if __name__ == "__main__":
    main()
