"""`meetingpack eval [--gold FILE ...] [--store DIR] [--json]`."""

from __future__ import annotations

from pathlib import Path


def register(sub, common) -> None:
    p = sub.add_parser("eval", parents=[common], help="score our pipeline and baselines on gold questions")
    p.add_argument("--gold", nargs="+", type=Path, help="gold JSONL file(s) (default eval/gold.jsonl)")
    p.add_argument("--json", action="store_true", help='print {"systems": [...]}')
    p.add_argument("--no-baselines", action="store_true", help="only our pipeline")
    p.add_argument("--out", type=Path, help="where eval.md and eval.json go (default eval/results)")
    p.set_defaults(func=run)


def run(args) -> int:
    from assistant.cli import settings_from_args
    from assistant.services import build_services
    from eval.harness import DEFAULT_GOLD, RESULTS_DIR, evaluate, print_report

    services = build_services(settings_from_args(args))
    try:
        if services.store.count() == 0:
            print("the store is empty: run `meetingpack ingest eval/corpus` first")
            return 2
        report = evaluate(services.settings, services.store, services.embedder,
                          args.gold or [DEFAULT_GOLD], baselines=not args.no_baselines,
                          results_dir=args.out or RESULTS_DIR)
    finally:
        services.close()
    print_report(report, args.json)
    return 0
