"""`meetingpack serve`: the web app on uvicorn."""

from __future__ import annotations

import argparse
import sys

from api.cli.common import settings_from_args


def register(sub, common) -> None:
    p = sub.add_parser("serve", parents=[common], help="run the web app")
    p.add_argument("--host", default=argparse.SUPPRESS, help="default 127.0.0.1 (settings.server.host)")
    p.add_argument("--port", type=int, default=argparse.SUPPRESS, help="default 8000 (settings.server.port)")
    p.set_defaults(func=run)


def run(args) -> int:
    from assistant.access import AccessError, check_bind, parse_keys

    settings = settings_from_args(args)
    host = getattr(args, "host", None) or settings.server.host
    port = getattr(args, "port", None) or settings.server.port
    try:  # before anything is loaded: a server that would leak exempt papers never starts
        check_bind(parse_keys(settings.api_keys), host)
    except AccessError as exc:
        print(f"meetingpack serve: {exc}", file=sys.stderr)
        return 2
    import uvicorn

    from api.app import create_app

    uvicorn.run(create_app(settings), host=host, port=port)
    return 0
