"""`meetingpack ask QUESTION` and `meetingpack search QUERY`, with the index filters."""

from __future__ import annotations

import json
import sys

from api.cli.common import add_role_option, scope, shown, stored_settings


def filter_options(p) -> None:
    """The index filters that ask, search and chat share, with --json and --role."""
    p.add_argument("--json", action="store_true", help="print the JSON reply")
    p.add_argument("--body", help="meeting body, as stored (see `documents`)")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="meetings on or after YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="meetings on or before YYYY-MM-DD")
    p.add_argument("--type", dest="doc_type", metavar="T", help="document type, e.g. minutes, report")
    p.add_argument("--document", dest="document_id", metavar="DOC", help="one document id")
    p.add_argument("--item", metavar="N", help="agenda item number")
    add_role_option(p)


def register(sub, common) -> None:
    a = sub.add_parser("ask", parents=[common], help="answer a question with page citations")
    a.add_argument("question")
    a.add_argument("--conversation", metavar="ID", help="continue a conversation (follow-ups)")
    a.add_argument("--server", metavar="URL", help="ask a running server (no model loaded here; fast)")
    filter_options(a)
    a.set_defaults(func=run_ask)
    s = sub.add_parser("search", parents=[common], help="ranked passages for a query")
    s.add_argument("query")
    s.add_argument("-k", type=int, default=10, help="how many passages (default 10)")
    filter_options(s)
    s.set_defaults(func=run_search)


def filters_from_args(args):
    from assistant.store.filters import Filters

    return scope(args, Filters(body=args.body, date_from=args.date_from, date_to=args.date_to,
                               doc_type=args.doc_type, document_id=args.document_id, item=args.item))


def _services(args):
    from assistant.services import build_services

    return build_services(stored_settings(args))


def format_reply(reply: dict) -> str:
    lines = [reply["answer"], *([reply["reason"], "Closest passages:"] if reply.get("reason") else []), ""]
    for c in reply["citations"]:
        where = f"p{c['page']}" + (f" ({c['page_label']})" if c.get("page_label") else "")
        where += ", text read by OCR" if c.get("ocr") else ""
        section = f" — {c['section']}" if c.get("section") else ""
        lines.append(f"[{c['n']}] {c['file']}, {where}{section}")
    lines.append(f"(composer: {reply['composer']}; conversation: {reply['conversation_id']})")
    return "\n".join(lines)


def _server_asker(url: str, args):
    """Ask over HTTP: ``POST {url}/api/ask``; a refusal or an unreachable server is one clear error."""
    import httpx

    filters = {k: v for k, v in {"body": args.body, "from": args.date_from, "to": args.date_to,
                                 "type": args.doc_type, "document": args.document_id,
                                 "item": args.item}.items() if v}
    client = httpx.Client(base_url=url.rstrip("/"), timeout=120)

    def ask(question: str, cid: str | None) -> dict:
        try:
            resp = client.post("/api/ask", json={"question": question, "filters": filters or None,
                                                 "conversation_id": cid})
        except httpx.HTTPError as exc:
            raise RuntimeError(f"server {url} unreachable: {exc}") from exc
        if resp.status_code != 200:
            raise RuntimeError(f"server {url} refused the question: HTTP {resp.status_code}: {resp.text[:300]}")
        return resp.json()

    return ask, client.close


def asker(args):
    """(ask(question, conversation_id) -> reply, close): over HTTP with --server, else in-process."""
    if getattr(args, "server", None):
        return _server_asker(args.server, args)
    services = _services(args)
    filters = filters_from_args(args)
    return (lambda question, cid: shown(args, services.settings, services.answerer.ask(question, filters, cid))), \
        services.close


def run_ask(args) -> int:
    ask, close = asker(args)
    try:
        reply = ask(args.question, args.conversation)
    finally:
        close()
    print(json.dumps(reply, indent=2, ensure_ascii=False) if args.json else format_reply(reply))
    return 0


def search_results(services, query: str, filters, k: int) -> list[dict]:
    from assistant.answer.citations import citation

    hits = services.retriever.search(query, filters, k=k)
    return [citation(i + 1, h) for i, h in enumerate(hits)]


def run_search(args) -> int:
    services = _services(args)
    try:
        results = shown(args, services.settings, search_results(services, args.query, filters_from_args(args), args.k))
    finally:
        services.close()
    if args.json:
        print(json.dumps({"query": args.query, "results": results}, indent=2, ensure_ascii=False))
        return 0
    for r in results:
        print(f"[{r['n']}] {r['score']:.3f}  {r['file']} p{r['page']}  {r['section'] or ''}")
        print("    " + r["text"][:200].replace("\n", " "))
    if not results:
        print("no passages found", file=sys.stderr)
    return 0
