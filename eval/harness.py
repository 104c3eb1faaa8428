"""`meetingpack eval`: every system on the same gold questions, one table.

Rows are systems (ours first), columns the metrics of ``eval.metrics``; the same
table is written as Markdown and JSON under ``eval/results/`` so runs can be
compared over time.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from assistant.embeddings import Embedder
from assistant.settings import Settings
from eval.metrics import Outcome, Scores, load_gold, score
from eval.systems import NaiveLangChainSystem, PipelineSystem

DEFAULT_GOLD = Path(__file__).resolve().parent / "gold.jsonl"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
COLUMNS = ["system", "answer_acc", "evidence_at_5", "citation_support", "abstain_acc",
           "false_abstain", "p50_s", "p95_s"]


def source_files(store) -> list[Path]:
    """The files the store was built from, so baselines see exactly the same documents."""
    paths = [Path(d["source_path"]) for d in store.documents() if d.get("source_path")]
    return [p for p in paths if p.exists()]


def build_systems(settings: Settings, store, embedder: Embedder, workdir: Path,
                  baselines: bool = True) -> list:
    systems = [PipelineSystem("meetingpack", settings, store, embedder, "hybrid")]
    if baselines:
        systems += [PipelineSystem("bm25-only", settings, store, embedder, "keyword"),
                    PipelineSystem("dense-only", settings, store, embedder, "dense")]
        sources = source_files(store)
        if sources:
            systems.append(NaiveLangChainSystem(sources, embedder, workdir))
    return systems


def run_system(system, rows: list[dict]) -> tuple[Scores, list[Outcome]]:
    outcomes = [system.run(row) for row in rows]
    return score(system.name, outcomes), outcomes


def markdown(scores: list[Scores]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for s in scores:
        row = s.as_row()
        lines.append("| " + " | ".join(f"{row[c]:.3f}" if isinstance(row[c], float) else str(row[c])
                                        for c in COLUMNS) + " |")
    return "\n".join(lines)


def evaluate(settings: Settings, store, embedder: Embedder, gold: list[Path],
             baselines: bool = True, results_dir: Path | None = RESULTS_DIR) -> dict:
    """Run every system; return ``{"systems": [...]}`` and write results if asked."""
    rows = load_gold(gold)
    with tempfile.TemporaryDirectory(prefix="meetingpack-naive-") as tmp:
        systems = build_systems(settings, store, embedder, Path(tmp), baselines)
        results = [run_system(s, rows) for s in systems]
    report = {"systems": [s.as_row() for s, _ in results],
              "failures": {s.system: s.failures for s, _ in results},
              "questions": len(rows), "gold": [str(g) for g in gold]}
    if results_dir is not None:
        write_results(report, [s for s, _ in results], results_dir)
    return report


def write_results(report: dict, scores: list[Scores], results_dir: Path) -> None:
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y-%m-%d %H:%M")
    (results_dir / "eval.json").write_text(json.dumps(report, indent=2) + "\n")
    (results_dir / "eval.md").write_text(
        f"# Evaluation, {stamp}\n\n{report['questions']} questions from "
        f"{', '.join(Path(g).name for g in report['gold'])}\n\n{markdown(scores)}\n")


def print_report(report: dict, as_json: bool, out=sys.stdout) -> None:
    if as_json:
        print(json.dumps({"systems": report["systems"]}, indent=2), file=out)
        return
    scores = [Scores(**{k: v for k, v in row.items()}) for row in report["systems"]]
    print(markdown(scores), file=out)
    for system, failed in report["failures"].items():
        if failed and system == report["systems"][0]["system"]:
            print(f"\n{system} missed: {', '.join(failed)}", file=out)
