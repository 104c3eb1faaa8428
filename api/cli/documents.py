"""`meetingpack documents [--json]` and `meetingpack remove DOC`."""

from __future__ import annotations

import json
import sys

from api.cli.common import add_role_option, scope, shown, stored_settings


def register(sub, common) -> None:
    p = sub.add_parser("documents", parents=[common], help="list stored documents and their items")
    p.add_argument("--json", action="store_true", help="JSON array (Document.summary shape)")
    add_role_option(p)
    p.set_defaults(func=run_documents)
    r = sub.add_parser("remove", parents=[common], help="delete a document from every index")
    r.add_argument("doc", metavar="DOC", help="document id or file name")
    r.set_defaults(func=run_remove)


def _store(args):
    from assistant.store import Store

    return Store(stored_settings(args))


def format_documents(docs: list[dict]) -> str:
    from ingest.exempt import summary

    if not docs:
        return "no documents stored"
    lines = []
    for d in docs:
        meta = "  ".join(
            x for x in (d["doc_type"], d.get("body") or "", d.get("meeting_date") or "") if x
        )
        lines.append(
            f"{d['document_id']}  {d['file']}  {d['pages']} pages  {len(d['items'])} items  "
            f"{d['chunks']} chunks  {summary(d['items'])}  {meta}"
        )
        lines.append(f"    {d['title']}")
        for it in d["items"]:
            num = f"{it['number']:>4}" if it.get("number") else "    "
            span = f"p{it['first_page']}-{it['last_page']}"
            flag = "" if it.get("public", True) else f"  [exempt: {it.get('exempt_reason') or 'not public'}]"
            lines.append(f"  {num}  {span:<10} {it['doc_type']:<14} {it['title']}{flag}")
    return "\n".join(lines)


def run_documents(args) -> int:
    store = _store(args)
    docs = shown(args, store.settings, store.documents(scope(args)))
    store.close()
    if args.json:
        json.dump(docs, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(format_documents(docs))
    return 0


def run_remove(args) -> int:
    from assistant.store import StoreError, StoreLocked

    store = _store(args)
    row = store.document(args.doc)
    try:
        ok = store.remove(args.doc)
    except StoreLocked as exc:  # another writer held it past the timeout: say so, as ingest does
        print(f"remove refused: {exc}", file=sys.stderr)
        return 3
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    finally:
        store.close()
    if not ok:
        print(f"not found: {args.doc}", file=sys.stderr)
        return 1
    print(f"removed  {row['file']}  ({row['document_id']})")
    return 0
