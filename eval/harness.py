"""`meetingpack eval`: every system on the same gold questions, one table.

Rows are systems (ours first), columns the metrics of ``eval.metrics``; below that, one
table per system with a row per question kind, so a weakness in votes or follow-ups
is not hidden by an average. The same report is written as Markdown and JSON under
``eval/results/`` (``eval-<split>.*`` when a split was asked for) so runs can be
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
from eval.metrics import KIND_COLUMNS, Outcome, Scores, load_gold, score, score_by_kind
from eval.systems import NaiveLangChainSystem, PipelineSystem

GOLD_DIR = Path(__file__).resolve().parent / "gold"
DEFAULT_GOLD = GOLD_DIR / "original.jsonl"
ARCHIVE_GOLD = [GOLD_DIR / "archive-dev.jsonl", GOLD_DIR / "archive-test.jsonl", GOLD_DIR / "archive-fresh.jsonl",
                GOLD_DIR / "archive-holdout.jsonl", GOLD_DIR / "archive-blind.jsonl",
                GOLD_DIR / "archive-probedev.jsonl", GOLD_DIR / "archive-probetest.jsonl"]
RESULTS_DIR = Path(__file__).resolve().parent / "results"
SYSTEMS = ("meetingpack", "bm25-only", "dense-only", "naive-langchain")
COLUMNS = ["system", "answer_acc", "evidence_at_5", "citation_support", "abstain_acc",
           "false_abstain", "p50_s", "p95_s", "words_p95"]


def default_gold(split: str | None) -> list[Path]:
    """The archive set when a split is asked for (the original 80 have none), else the original set."""
    return list(ARCHIVE_GOLD) if split else [DEFAULT_GOLD]


def source_files(store) -> list[Path]:
    """The files the store was built from, so baselines see exactly the same documents."""
    paths = [store.source(d["document_id"]) for d in store.documents()]
    return [p for p in paths if p is not None]


def build_systems(settings: Settings, store, embedder: Embedder, workdir: Path,
                  baselines: bool = True, only: list[str] | None = None) -> list:
    """Ours and the baselines, or just the ``only`` ones (names from ``SYSTEMS``)."""
    wanted = set(only or (SYSTEMS if baselines else SYSTEMS[:1]))
    modes = {"meetingpack": "hybrid", "bm25-only": "keyword", "dense-only": "dense"}
    systems = [PipelineSystem(name, settings, store, embedder, modes[name], workdir)
               for name in SYSTEMS[:3] if name in wanted]
    sources = source_files(store) if "naive-langchain" in wanted else []
    if sources:
        systems.append(NaiveLangChainSystem(sources, embedder))
    return systems


def run_system(system, rows: list[dict]) -> tuple[Scores, list[Outcome]]:
    """Every row in file order; a follow-up continues its first turn's conversation."""
    conversations: dict[str, str | None] = {}
    outcomes = []
    for row in rows:
        outcome = system.run(row, conversations.get(row["follows"])) if "follows" in row \
            else system.run(row)
        conversations[row["id"]] = outcome.conversation
        outcomes.append(outcome)
    return score(system.name, outcomes), outcomes


def _cell(value) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _table(columns, rows: list[dict]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(r[c]) for c in columns) + " |" for r in rows]
    return "\n".join(lines)


def markdown(scores: list[Scores]) -> str:
    return _table(COLUMNS, [s.as_row() for s in scores])


def kinds_markdown(by_kind: dict[str, list[dict]]) -> str:
    """One per-kind table per system, each under the system's name."""
    return "\n\n".join(f"**{system}** by kind\n\n{_table(KIND_COLUMNS, rows)}"
                       for system, rows in by_kind.items())


def evaluate(settings: Settings, store, embedder: Embedder, gold: list[Path],
             baselines: bool = True, results_dir: Path | None = RESULTS_DIR,
             split: str | None = None, only: list[str] | None = None) -> dict:
    """Run every system on the gold rows of ``split``; return the report and write it if asked."""
    rows = load_gold(gold, split)
    if not rows:
        raise ValueError(f"no gold rows for split {split!r} in {', '.join(map(str, gold))}")
    with tempfile.TemporaryDirectory(prefix="meetingpack-eval-") as tmp:
        systems = build_systems(settings, store, embedder, Path(tmp), baselines, only)
        warm(store, embedder)
        results = [run_system(s, rows) for s in systems]
    report = {"systems": [s.as_row() for s, _ in results],
              "by_kind": {s.system: score_by_kind(o) for s, o in results},
              "failures": {s.system: s.failures for s, _ in results},
              "questions": len(rows), "split": split or "all", "results_name": results_name(split),
              "gold": [str(g) for g in gold]}
    if results_dir is not None:
        write_results(report, results_dir)
    return report


def warm(store, embedder: Embedder) -> None:
    """Pay the one-off costs (model weights, the vector cache) before any system is timed,
    as a served app does at start-up: otherwise the first system's p95 carries them."""
    embedder.embed_query("warm up")
    if hasattr(store, "warm"):
        store.warm()


def results_name(split: str | None) -> str:
    return f"eval-{split}" if split else "eval"


def write_results(report: dict, results_dir: Path) -> None:
    results_dir.mkdir(parents=True, exist_ok=True)
    name = report["results_name"]
    stamp = time.strftime("%Y-%m-%d %H:%M")
    (results_dir / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n")
    (results_dir / f"{name}.md").write_text(
        f"# Evaluation, {stamp}\n\n{report['questions']} questions (split: {report['split']}) from "
        f"{', '.join(Path(g).name for g in report['gold'])}\n\n"
        f"{_table(COLUMNS, report['systems'])}\n\n{kinds_markdown(report['by_kind'])}\n")


def print_report(report: dict, as_json: bool, out=None) -> None:
    out = out or sys.stdout
    if as_json:
        print(json.dumps({"systems": report["systems"], "by_kind": report["by_kind"]}, indent=2), file=out)
        return
    print(f"{report['questions']} questions, split {report['split']}\n", file=out)
    print(_table(COLUMNS, report["systems"]), file=out)
    print("\n" + kinds_markdown(report["by_kind"]), file=out)
    for system, failed in report["failures"].items():
        if failed and system == report["systems"][0]["system"]:
            print(f"\n{system} missed: {', '.join(failed)}", file=out)
