"""`meetingpack eval [--split dev|test|all] [--gold FILE ...] [--store DIR] [--json]`."""

from __future__ import annotations

from pathlib import Path

from api.cli.common import settings_from_args

# eval.metrics.SPLITS and "all"; written out so `--help` never imports eval (a test keeps them equal)
SPLITS = ("dev", "test", "fresh", "holdout", "blind", "probedev", "probetest", "all")


def register(sub, common) -> None:
    p = sub.add_parser("eval", parents=[common], help="score our pipeline and baselines on gold questions")
    p.add_argument("--gold", nargs="+", type=Path,
                   help="gold JSONL file(s) (default eval/gold/original.jsonl, or the archive set with --split)")
    p.add_argument("--split", choices=SPLITS,
                   help="only rows of this split (dev to tune on, test to report); writes eval-<split>.md/json")
    p.add_argument("--json", action="store_true", help='print {"systems": [...], "by_kind": {...}}')
    p.add_argument("--no-baselines", action="store_true", help="only our pipeline")
    p.add_argument("--systems", nargs="+", metavar="NAME",
                   choices=("meetingpack", "bm25-only", "dense-only", "naive-langchain"),
                   help="run only these systems (default: ours and every baseline)")
    p.add_argument("--out", type=Path, help="where the result files go (default eval/results)")
    p.set_defaults(func=run)


def run(args) -> int:
    from assistant.services import build_services
    from eval.harness import RESULTS_DIR, default_gold, evaluate, print_report

    gold = args.gold or default_gold(args.split)
    missing = [str(g) for g in gold if not Path(g).is_file()]
    if missing:
        print(f"gold file not found: {', '.join(missing)}")
        return 2
    services = build_services(settings_from_args(args))
    try:
        if services.store.count() == 0:
            print("the store is empty: run `meetingpack ingest eval/corpus` first")
            return 2
        report = evaluate(services.settings, services.store, services.embedder, gold,
                          baselines=not args.no_baselines, results_dir=args.out or RESULTS_DIR,
                          split=args.split, only=args.systems)
    except ValueError as e:
        print(f"cannot evaluate: {e}")
        return 2
    finally:
        services.close()
    print_report(report, args.json)
    return 0
