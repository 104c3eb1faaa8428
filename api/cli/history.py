"""`meetingpack decisions` (the register) and `meetingpack meetings` (history)."""

from __future__ import annotations

import json

from api.cli.common import add_role_option, scope, shown, stored_settings


def register(sub, common) -> None:
    d = sub.add_parser("decisions", parents=[common], help="the decisions register parsed from minutes")
    d.add_argument("--json", action="store_true", help="JSON array of decision records")
    d.add_argument("--body", help="meeting body")
    d.add_argument("--from", dest="date_from", metavar="D", help="meetings on or after YYYY-MM-DD")
    d.add_argument("--to", dest="date_to", metavar="D", help="meetings on or before YYYY-MM-DD")
    d.add_argument("--q", metavar="TEXT", help="reference (e.g. 2021/007) or words in the resolution")
    add_role_option(d)
    d.set_defaults(func=run_decisions)
    m = sub.add_parser("meetings", parents=[common], help="meetings found in the packs")
    m.add_argument("--json", action="store_true", help="JSON array of meeting records")
    m.add_argument("id", nargs="?", help="one meeting id, with its agenda and papers")
    add_role_option(m)
    m.set_defaults(func=run_meetings)


def _store(args):
    from assistant.store import Store

    return Store(stored_settings(args))


def run_decisions(args) -> int:
    from assistant import history

    store = _store(args)
    try:
        rows = shown(args, store.settings, history.decisions(store, args.body, args.date_from, args.date_to, args.q,
                                                             scope(args)))
    finally:
        store.close()
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for r in rows:
        print(f"{r['ref']:<10} {r['date'] or '':<10}  {r['body'] or ''}  item {r['item'] or '-'}: "
              f"{(r['item_title'] or '')[:60]}  [{r['outcome'] or '-'}]  {r['file']} p{r['page']}")
        print(f"    {r['text'][:200]}")
    print(f"{len(rows)} decisions")
    return 0


def run_meetings(args) -> int:
    from assistant import history

    store = _store(args)
    try:
        data = history.meeting(store, args.id, scope(args)) if args.id else history.meetings(store, scope(args))
        data = shown(args, store.settings, data)
    finally:
        store.close()
    if data is None:
        print(f"no meeting {args.id!r}")
        return 1
    if args.json or args.id:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    for m in data:
        print(f"{m['date'] or 'undated':<10}  {m['status']:<8} {m['body'] or ''}  ({m['meeting_id']})  "
              f"{len(m['agenda'])} items, {len(m['planned'])} planned, {m['decisions']} decisions")
    return 0
