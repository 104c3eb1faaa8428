"""Show, for gold questions, what was retrieved and answered: a tool for tuning, not a test.

    python -m eval.inspect_gold --store DIR [--split dev] [--gold FILE ...] [ID ...]

Follow-up rows are asked after their first turn, in one conversation, as ``meetingpack eval`` asks them.
"""

from __future__ import annotations

import argparse
import os

from assistant.settings import get_settings
from assistant.services import build_services
from eval.harness import default_gold
from eval.metrics import answer_correct, holds_evidence, is_abstain, load_gold


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", required=True)
    ap.add_argument("--failed", action="store_true", help="only rows answered wrongly")
    ap.add_argument("--split", choices=("dev", "test", "all"), help="archive rows of this split")
    ap.add_argument("--gold", nargs="+", help="gold files (default: as for meetingpack eval)")
    ap.add_argument("ids", nargs="*")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    services = build_services(get_settings(store=args.store))
    for row in load_gold(args.gold or default_gold(args.split), args.split):
        if args.ids and row["id"] not in args.ids:
            continue
        cid = None
        if row.get("follows"):  # asked as in `meetingpack eval`: after its first turn, in one conversation
            first = next(r for r in load_gold(args.gold or default_gold(args.split)) if r["id"] == row["follows"])
            cid = services.answerer.ask(first["q"])["conversation_id"]
        reply, details = services.answerer.ask_explained(row["q"], conversation_id=cid)
        ok = (reply["abstained"] if is_abstain(row) else answer_correct(reply["answer"], row["must"]))
        if args.failed and ok:
            continue
        ranks = [i for i, h in enumerate(details["hits"]) if holds_evidence(h.chunk.text, row["evidence"])]
        print(f"\n=== {row['id']} {'OK' if ok else 'WRONG'} conf={details['confidence']:.3f} ev_rank={ranks} :: {row['q']}")
        print(f"  must={row['must']}  evidence={row['evidence']!r}")
        print(f"  ANSWER: {reply['answer'][:300]}")
        for i, h in enumerate(details["hits"][:6]):
            c = h.chunk
            print(f"  {i}{'*' if i in ranks else ' '} s={h.score:.2f} d={h.dense:.2f} kr={h.keyword_rank} dr={h.dense_rank} "
                  f"p{c.page} {c.kind} [{(c.section or '')[:40]}] {c.text[:90]!r}")
    services.close()


if __name__ == "__main__":
    main()
